/** A network world: hosts, DNS and routing (docs/world-format.md). */
export type * from './types.ts';
export type { WorldError } from './check.ts';
export { parseNetwork, DEFAULT_RETRY } from './parse.ts';
export { addressesOf, hostAt, hostNamed, isNullMx, lookup, nullMxDomains } from './dns.ts';
export { orderMx, route, type Candidate, type Route } from './routing.ts';
export { connectionFate, greetingRefusal, hostWorld, portFor, type Port } from './host.ts';
export { DEFAULT_NETWORK, DEFAULT_NETWORK_DATA } from './default-network.ts';
