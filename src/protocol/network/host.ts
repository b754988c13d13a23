/**
 * A host's server, as a connection to one of its ports meets it: port 587 is
 * the submission server (RFC 6409 §3.1), port 25 the host's own profile
 * (relay by default); the host's world goes over the profile, and a modern
 * server's resolver knows the network's null-MX domains (RFC 7505).
 */
import { withProfile } from '../profiles.ts';
import type { World } from '../world.ts';
import { nullMxDomains } from './dns.ts';
import type { HostSpec, Network } from './types.ts';

export type Port = 25 | 587;

/** RFC 6409 §3.1: submission on 587; RFC 5321 §4.5.4.2 relay (MTA to MTA) on 25. */
export function portFor(target: HostSpec, fromMua: boolean): Port {
  return fromMua && target.roles.includes('submission') ? 587 : 25;
}

export function hostWorld(network: Network, host: HostSpec, port: Port): Partial<World> {
  const profile = port === 587 ? 'submission' : host.profile;
  // Null MX is of 2015 (RFC 7505): only a server of today's era looks for it.
  const dns = host.dialect === 'rfc5321' ? { nullMxDomains: nullMxDomains(network) } : {};
  return withProfile(profile, { hostname: host.name, ...dns, ...host.world });
}

/** What stops a connection before any dialogue, at this minute of the simulated clock. */
export function connectionFate(
  host: HostSpec | undefined,
  minute: number,
): 'unreachable' | 'busy' | 'no-mail' | 'open' {
  if (!host) return 'unreachable';
  const o = host.outage;
  if (o && (o.until === undefined || minute < o.until)) return o.kind;
  // RFC 7504 §3: a host that never takes mail says 521 instead of 220.
  return host.acceptsMail ? 'open' : 'no-mail';
}

/**
 * The reply that replaces 220 for a host that cannot take this connection:
 * 421 when busy (RFC 5321 §3.8); 521 for a host that never takes mail (RFC
 * 7504 §3), but 554 on the submission port, where RFC 6409 §7 (Table 1)
 * says 521 MUST NOT be used.
 */
export function greetingRefusal(
  fate: ReturnType<typeof connectionFate>,
  port: Port,
): 'closingBusy' | 'noMailHost' | 'noService' | undefined {
  if (fate === 'busy') return 'closingBusy';
  if (fate === 'no-mail') return port === 587 ? 'noService' : 'noMailHost';
  return undefined;
}
