/**
 * A network world: several hosts, each a server with its own world (era,
 * port profile, users, policies), joined by a simulated DNS. It is data (a
 * JSON file, docs/world-format.md); `parseNetwork` checks it and fills in
 * the defaults.
 */
import type { DialectId } from '../dialects/index.ts';
import type { ProfileId } from '../profiles.ts';
import type { World } from '../world.ts';

/**
 * What a host does in the journey of a message: the sender's mail user agent,
 * the submission server (port 587, RFC 6409), a relay (port 25), an MX of a
 * domain (named by the DNS, RFC 5321 §5.1), the host holding the mailboxes.
 */
export type HostRole = 'mua' | 'submission' | 'relay' | 'mx' | 'mailbox';

export const HOST_ROLES: readonly HostRole[] = ['mua', 'submission', 'relay', 'mx', 'mailbox'];

/**
 * A time when a host cannot take mail, on the simulated clock (minutes from
 * the start): it answers 421 at connection (RFC 5321 §3.8, §4.2.2), or does
 * not answer at all (the connection fails). Without `until` it lasts for ever.
 */
export interface Outage {
  readonly kind: 'busy' | 'unreachable';
  readonly until?: number;
}

export interface HostSpec {
  /** The host's domain name (its A/AAAA records carry its addresses). */
  readonly name: string;
  readonly roles: readonly HostRole[];
  /** The addresses it listens on: a connection to one of them reaches this host. */
  readonly addresses: readonly string[];
  /** The era it speaks (default rfc5321). */
  readonly dialect: DialectId;
  /** The profile of its port 25 server (default relay); a submission host also serves 587 with the submission profile. */
  readonly profile: ProfileId;
  /** Its server world, over the profile (`hostname` defaults to `name`). */
  readonly world: Partial<World>;
  /** False: a host that never accepts mail, answering 521 at connection (RFC 7504 §3). */
  readonly acceptsMail: boolean;
  readonly outage?: Outage;
  /** For a MUA: the submission host it sends to, and the account it logs in with (RFC 6409 §4.3). */
  readonly submitTo?: string;
  readonly account?: { readonly user: string; readonly password: string };
}

/** One MX record (RFC 1035 §3.3.9): lower preference is tried first (RFC 5321 §5.1). */
export interface MxRecord {
  readonly preference: number;
  /** A host name, or "." alone for a null MX (RFC 7505 §3). */
  readonly exchange: string;
}

/** The records of one name. */
export interface DnsRecords {
  readonly mx?: readonly MxRecord[];
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
}

export interface Network {
  readonly format: 'smtp-simulator-world';
  readonly version: 1;
  readonly title?: string;
  /** Seeds the order of equal-preference MX records (RFC 5321 §5.1), so a lesson replays. */
  readonly seed: number;
  /** The simulated clock's start (ISO 8601), for the dates of Received lines. */
  readonly start: string;
  /** Queue retry interval and give-up time, minutes (RFC 5321 §4.5.4.1). */
  readonly retry: { readonly interval: number; readonly giveUp: number };
  readonly hosts: readonly HostSpec[];
  /** Records by domain name (lower case, no final dot). */
  readonly dns: Readonly<Record<string, DnsRecords>>;
}
