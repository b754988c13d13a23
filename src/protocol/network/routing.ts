/**
 * Where mail for a domain goes, as RFC 5321 §5.1 says: the MX records sorted
 * by preference (lower first), equal preferences in a seeded random order;
 * no MX at all: the domain's own addresses, as an implicit MX of preference 0;
 * a null MX (RFC 7505): no mail at all; a name that does not exist: an error.
 */
import { addressesOf, isNullMx, lookup } from './dns.ts';
import { canonical } from './check.ts';
import { seeded, seedFor, shuffle } from './prng.ts';
import type { MxRecord, Network } from './types.ts';

/** A mail exchanger to try, with the addresses its A/AAAA records give, in order. */
export interface Candidate {
  readonly exchange: string;
  readonly preference: number;
  readonly addresses: readonly string[];
}

export type Route =
  /** Try these in order; `implicit`: there was no MX, the domain's own addresses stand in (§5.1). */
  | {
      readonly kind: 'hosts';
      readonly candidates: readonly Candidate[];
      readonly implicit: boolean;
    }
  /** RFC 7505 §4.1, RFC 7504 §4: refuse at once, 556 5.1.10. */
  | { readonly kind: 'null-mx' }
  /** §5.1: a non-existent domain MUST be reported as an error (no records at all). */
  | { readonly kind: 'no-domain' }
  /** §5.1: MX records (or the implicit MX) exist but none can be used. */
  | { readonly kind: 'unusable'; readonly why: 'no-address' | 'self' };

export interface RouteOptions {
  /**
   * Names and addresses the routing host is known by: a relay that is itself
   * an MX of the domain drops its own preference and every higher one (§5.1).
   */
  readonly self?: { readonly names: readonly string[]; readonly addresses: readonly string[] };
}

export function route(network: Network, domain: string, options: RouteOptions = {}): Route {
  const records = lookup(network, domain);
  if (records === null) return { kind: 'no-domain' };
  if (isNullMx(records.mx)) return { kind: 'null-mx' };
  const mx = records.mx ?? [];
  if (mx.length === 0) {
    const addresses = addressesOf(network, domain);
    if (addresses.length === 0) return { kind: 'unusable', why: 'no-address' };
    const exchange = canonical(domain);
    return { kind: 'hosts', candidates: [{ exchange, preference: 0, addresses }], implicit: true };
  }
  let sorted = orderMx(mx, network.seed, domain);
  const self = options.self;
  if (self) {
    const mine = sorted.find(
      (m) =>
        self.names.some((n) => canonical(n) === m.exchange) ||
        addressesOf(network, m.exchange).some((a) => self.addresses.includes(a)),
    );
    if (mine) sorted = sorted.filter((m) => m.preference < mine.preference);
    if (sorted.length === 0) return { kind: 'unusable', why: 'self' };
  }
  const candidates = sorted
    .map((m) => ({ ...m, addresses: addressesOf(network, m.exchange) }))
    .filter((c) => c.addresses.length > 0);
  if (candidates.length === 0) return { kind: 'unusable', why: 'no-address' };
  return { kind: 'hosts', candidates, implicit: false };
}

/**
 * MX records by preference, lowest first; records of equal preference are
 * shuffled (§5.1: the sender MUST randomize them to spread the load) with a
 * generator seeded by the world's seed and the domain, so a replay is the same.
 */
export function orderMx(mx: readonly MxRecord[], seed: number, domain: string): MxRecord[] {
  const random = seeded(seedFor(seed, canonical(domain)));
  const prefs = [...new Set(mx.map((m) => m.preference))].sort((a, b) => a - b);
  return prefs.flatMap((p) =>
    shuffle(
      mx.filter((m) => m.preference === p),
      random,
    ),
  );
}
