/** The world's tables as rows: each host and its state, each DNS record (MX by preference). */
import { connectionFate, type Network } from '../../protocol/network/index.ts';

export interface HostRow {
  readonly name: string;
  readonly roles: readonly string[];
  readonly addresses: readonly string[];
  /** Its state when the journey starts (minute 0); `until`: the minute a busy time ends. */
  readonly state: ReturnType<typeof connectionFate>;
  readonly until?: number;
}

export function hostRows(network: Network): HostRow[] {
  return network.hosts.map((h) => ({
    name: h.name,
    roles: h.roles,
    addresses: h.addresses,
    state: connectionFate(h, 0),
    ...(h.outage?.until !== undefined ? { until: h.outage.until } : {}),
  }));
}

export interface DnsRow {
  readonly name: string;
  readonly type: 'MX' | 'A' | 'AAAA';
  readonly value: string;
  /** RFC 7505 §3: one MX record, preference 0, exchange ".". */
  readonly nullMx: boolean;
}

export function dnsRows(network: Network): DnsRow[] {
  const rows: DnsRow[] = [];
  for (const [name, r] of Object.entries(network.dns)) {
    for (const mx of [...(r.mx ?? [])].sort((a, b) => a.preference - b.preference))
      rows.push({
        name,
        type: 'MX',
        value: `${mx.preference} ${mx.exchange}`,
        nullMx: mx.exchange === '.',
      });
    for (const a of r.a ?? []) rows.push({ name, type: 'A', value: a, nullMx: false });
    for (const a of r.aaaa ?? []) rows.push({ name, type: 'AAAA', value: a, nullMx: false });
  }
  return rows;
}
