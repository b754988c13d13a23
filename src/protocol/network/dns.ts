/**
 * The simulated DNS: the records of a name, the addresses of a host, and the
 * host that listens on an address. Names compare without case or final dot.
 */
import { canonical } from './check.ts';
import type { DnsRecords, HostSpec, MxRecord, Network } from './types.ts';

/** The records of a name, or null when the name does not exist (NXDOMAIN). */
export function lookup(network: Network, name: string): DnsRecords | null {
  return network.dns[canonical(name)] ?? null;
}

/** A and AAAA records of a name, IPv4 first (RFC 5321 §5.2 leaves the order to the site). */
export function addressesOf(network: Network, name: string): string[] {
  const r = lookup(network, name);
  return r ? [...(r.a ?? []), ...(r.aaaa ?? [])] : [];
}

/** RFC 7505 §3: a single MX record, preference 0, exchange "." (the root). */
export function isNullMx(mx: readonly MxRecord[] | undefined): boolean {
  return mx?.length === 1 && mx[0]!.exchange === '.' && mx[0]!.preference === 0;
}

/** Every domain that publishes a null MX: what a server's resolver would find (World.nullMxDomains). */
export function nullMxDomains(network: Network): string[] {
  return Object.entries(network.dns)
    .filter(([, r]) => isNullMx(r.mx))
    .map(([name]) => name);
}

/** The host listening on an address, if any: an address with no host is a machine that is down. */
export function hostAt(network: Network, address: string): HostSpec | undefined {
  const a = address.toLowerCase();
  return network.hosts.find((h) => h.addresses.includes(a));
}

export function hostNamed(network: Network, name: string): HostSpec | undefined {
  const n = canonical(name);
  return network.hosts.find((h) => h.name === n);
}
