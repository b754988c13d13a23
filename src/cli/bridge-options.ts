/**
 * The bridge's options: what can be configured, their defaults and checks,
 * and the world each port's sessions run in (profile over the default world,
 * options over that). bridge-server.ts serves them; bridge.ts parses them.
 */
import type { Socket } from 'node:net';
import type { Session } from '../machines/session.ts';
import { LIMITS } from '../protocol/limits.ts';
import { PROFILES, withProfile, type Profile } from '../protocol/profiles.ts';
import { DEFAULT_WORLD, makeWorld, type World } from '../protocol/world.ts';
import type { SpoolIo } from './spool.ts';

export type ProfileId = Profile['id'];

export const PROFILE_IDS: readonly ProfileId[] = PROFILES.map((p) => p.id);

/** One port to listen on, with the server profile it serves (none: the default world). */
export interface ListenSpec {
  readonly port: number;
  readonly profile?: ProfileId;
}

/** Key and certificate (PEM) for TLS; without them the bridge makes a self-signed pair. */
export interface TlsCredentials {
  readonly key: string;
  readonly cert: string;
}

export interface BridgeOptions {
  /** TCP port; 0 picks a free one (read it back from the result). Ignored when `listen` is given. */
  readonly port?: number;
  /** The server profile for `port`; none: the default world. Ignored when `listen` is given. */
  readonly profile?: ProfileId;
  /** Several ports, one profile each, served by this one bridge. */
  readonly listen?: readonly ListenSpec[];
  /** Address to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** Directory for accepted messages (created if missing); none: nothing is written. */
  readonly spool?: string;
  /** Connections served at once, over all ports; one more gets 421 and is closed. */
  readonly maxConnections?: number;
  /** Largest message accepted, in octets (RFC 1870; at least 64 KiB, RFC 5321 §4.5.3.1.7). */
  readonly maxSize?: number;
  /**
   * Seconds without input before the server says 421 and closes (RFC 5321
   * §4.5.3.2.7: 5 minutes); also the most a command line may take from its
   * first byte to its end, however slowly its bytes trickle in.
   */
  readonly idleSeconds?: number;
  /** The most the message text may take, from 354 (or a BDAT line) to its end (default 10 minutes). */
  readonly dataSeconds?: number;
  /**
   * Serve the vulnerable data ending (World.dataEnding 'lenient': <LF>.<LF>
   * ends a message, so SMTP smuggling works), for a lesson on the attack. A
   * warning is printed at start. Never the default.
   */
  readonly lenientDataEnding?: boolean;
  /** Replaces the spool's file operations (tests simulate a full disk). */
  readonly spoolIo?: SpoolIo;
  /**
   * What each session keeps in memory. By default a bounded transcript and no
   * message once it is spooled, so a long session stays small; tests that
   * inspect sessions keep everything.
   */
  readonly retain?: { readonly transcript?: number; readonly mailbox?: boolean };
  /**
   * Commands run through throw-away sessions while waiting for clients, so the
   * first ones are served by compiled code (bridge-warm.ts). 0, the default:
   * none; the CLI runs WARM_UP_COMMANDS.
   */
  readonly warmUp?: number;
  /** Other world settings (hostname, users...), over the profile's. */
  readonly world?: Partial<World>;
  /** TLS key and certificate; by default a self-signed certificate for the hostname is made. */
  readonly tls?: TlsCredentials;
  /** Where JSON event lines go; stdout by default. */
  readonly log?: (line: string) => void;
  /** Where problems are reported (socket errors, spool failures); stderr by default. */
  readonly warn?: (line: string) => void;
  /** Called for each connection served, with its session (tests, tracing). */
  readonly onSession?: (session: Session, socket: Socket) => void;
  /** Lab mode (src/cli/lab): the greeting waits, and each connection is watched for the client's mistakes. */
  readonly lab?: BridgeLab;
  /** Serve POP3 (RFC 1939) on this port (0: a free one), reading the mailboxes SMTP delivers into. */
  readonly pop3?: number;
  /** Serve IMAP4rev2's teaching subset (RFC 9051) on this port (0: a free one), on the same mailboxes. */
  readonly imap?: number;
}

/** A connection as lab mode reports it. */
export interface LabConnection {
  /** Counted from 1 since the bridge started. */
  readonly number: number;
  readonly port: number;
  readonly profile: ProfileId | null;
  readonly client: string;
  readonly started: Date;
}

/** What a lab hears from the socket about one connection (the session's transcript says the rest). */
export interface LabWatch {
  /** Octets arrived, about to be fed to the session; `greeted`: the greeting had been sent. */
  input(octets: number, greeted: boolean): void;
  /** The connection has closed, from either side. */
  closed(): void;
}

export interface BridgeLab {
  /**
   * How long the greeting waits: what a client sends before it came shows it
   * did not wait (RFC 5321 §4.3.1). Sent at once, the greeting would always be
   * out before a client's first bytes arrive.
   */
  readonly greetingDelayMs: number;
  /** A served connection's session has begun, before its greeting. */
  open(session: Session, connection: LabConnection): LabWatch;
}

/** How a port does TLS: not at all, STARTTLS (RFC 3207), or from the first byte (RFC 8314). */
export type TlsMode = 'none' | 'starttls' | 'implicit';

export interface BridgeListener {
  readonly port: number;
  readonly profile: ProfileId | null;
  readonly tls: TlsMode;
  /** The world its sessions run in. */
  readonly world: World;
}

export interface Bridge {
  /** The first listener's port. */
  readonly port: number;
  readonly host: string;
  /** The simulated server's name (greeting, Received lines, certificate). */
  readonly hostname: string;
  /** Every port served, in the order asked for. */
  readonly listeners: readonly BridgeListener[];
  /** The TLS certificate in use (null when no port offers TLS). */
  readonly certificate: {
    readonly pem: string;
    readonly subject: string;
    readonly fingerprint256: string;
  } | null;
  /** The POP3 and IMAP ports served, if any (`--pop3`, `--imap`). */
  readonly retrieval: readonly { readonly protocol: 'pop3' | 'imap'; readonly port: number }[];
  /** Stops listening, says 421 to open connections and waits until they are closed. */
  close(): Promise<void>;
  /** Connections being served now (TLS handshakes under way included). */
  connections(): number;
}

export const DEFAULTS = {
  port: 2525,
  host: '127.0.0.1',
  maxConnections: 20,
  maxSize: DEFAULT_WORLD.maxMessageSize,
  idleSeconds: 300,
  dataSeconds: 600,
} as const;

/** The spooled-message log line (one JSON object per line on stdout). */
export interface DeliveredEvent {
  readonly event: 'delivered';
  readonly id: string;
  readonly file: string;
  readonly from: string;
  readonly to: string[];
  readonly size: number;
  readonly client: string;
}

const validPort = (p: number | undefined) =>
  p === undefined || (Number.isSafeInteger(p) && p >= 0 && p <= 65535);

/** Checks option values; returns a message for the first bad one, or null. */
export function checkOptions(o: BridgeOptions): string | null {
  const int = (v: number | undefined) => v === undefined || Number.isSafeInteger(v);
  if (!validPort(o.port)) return `--port must be an integer from 0 to 65535 (got ${o.port})`;
  const known = (p: string | undefined) => p === undefined || PROFILE_IDS.includes(p as ProfileId);
  if (!known(o.profile))
    return `--profile must be one of ${PROFILE_IDS.join(', ')} (got "${o.profile}")`;
  if (o.listen !== undefined) {
    if (o.listen.length === 0) return '--listen needs at least one PORT[:PROFILE]';
    const seen = new Set<number>();
    for (const l of o.listen) {
      if (!validPort(l.port))
        return `--listen port must be an integer from 0 to 65535 (got ${l.port})`;
      if (!known(l.profile))
        return `--listen profile must be one of ${PROFILE_IDS.join(', ')} (got "${l.profile}")`;
      if (l.port !== 0 && seen.has(l.port)) return `--listen names port ${l.port} twice`;
      seen.add(l.port);
    }
  }
  for (const name of ['pop3', 'imap'] as const)
    if (o[name] !== undefined && !validPort(o[name]))
      return `--${name} must be an integer from 0 to 65535 (got ${o[name]})`;
  const smtpPorts = o.listen?.map((l) => l.port) ?? [o.port];
  for (const name of ['pop3', 'imap'] as const)
    if (o[name] && smtpPorts.includes(o[name]))
      return `--${name} ${o[name]} is an SMTP port too: give it a port of its own`;
  if (o.pop3 && o.pop3 === o.imap) return `--pop3 and --imap name the same port (${o.pop3})`;
  if (o.maxConnections !== undefined && (!int(o.maxConnections) || o.maxConnections < 1))
    return `--max-connections must be a whole number of at least 1 (got ${o.maxConnections})`;
  if (o.maxSize !== undefined && (!int(o.maxSize) || o.maxSize < LIMITS.minMessageSize))
    return `--max-size must be a whole number of octets, at least ${LIMITS.minMessageSize} (RFC 5321 §4.5.3.1.7) (got ${o.maxSize})`;
  const seconds = (v: number | undefined) =>
    v === undefined || (Number.isFinite(v) && v > 0 && v <= 2_147_483);
  if (!seconds(o.idleSeconds))
    return `--idle must be a positive number of seconds (got ${o.idleSeconds})`;
  if (!seconds(o.dataSeconds))
    return `--data-time must be a positive number of seconds (got ${o.dataSeconds})`;
  if (o.host !== undefined && o.host.trim() === '') return '--host must not be empty';
  if (o.spool !== undefined && o.spool.trim() === '') return '--spool must not be empty';
  const wait = o.lab?.greetingDelayMs;
  if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0 && wait <= 60_000))
    return `--lab-wait must be from 0 to 60 seconds (got ${wait / 1000})`;
  // The idle timer runs from the connection: a wait as long would close it before the greeting.
  if (wait !== undefined && wait >= (o.idleSeconds ?? DEFAULTS.idleSeconds) * 1000)
    return `--lab-wait must be shorter than --idle (got ${wait / 1000} and ${o.idleSeconds ?? DEFAULTS.idleSeconds})`;
  return null;
}

/** The world a port's sessions run in: the profile over the default world, then the options over that. */
export function worldFor(profile: ProfileId | undefined, options: BridgeOptions): World {
  const world = withProfile(profile, options.world);
  return makeWorld({
    ...world,
    ...(options.lenientDataEnding ? { dataEnding: 'lenient' as const } : {}),
    // --max-size wins; otherwise the world's or the profile's, then the bridge's default.
    maxMessageSize: options.maxSize ?? world.maxMessageSize ?? DEFAULTS.maxSize,
  });
}

export function tlsModeOf(world: World): TlsMode {
  return world.tls.implicit ? 'implicit' : world.tls.offered ? 'starttls' : 'none';
}
