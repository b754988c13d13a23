/**
 * The checks that need the whole file: names and addresses used once, and a
 * MUA's submission host present. An MX or A record may name a host or an
 * address that no host has: that models a machine that is down (the journey
 * shows the failed connection), so it is not an error.
 */
import type { Problems } from './check.ts';
import type { DnsRecords, HostSpec } from './types.ts';

export function checkLinks(
  p: Problems,
  hosts: readonly HostSpec[],
  dns: Readonly<Record<string, DnsRecords>>,
): void {
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  hosts.forEach((h, i) => {
    const twin = names.get(h.name);
    if (twin !== undefined)
      p.add(`.hosts[${i}].name`, `expected a name used once; hosts[${twin}] is also "${h.name}"`);
    names.set(h.name, i);
    h.addresses.forEach((a, j) => {
      const other = addresses.get(a);
      if (other !== undefined && other !== i)
        p.add(
          `.hosts[${i}].addresses[${j}]`,
          `expected an address used once; hosts[${other}] has ${a} too`,
        );
      addresses.set(a, i);
    });
    if (h.roles.includes('mua')) {
      const target =
        h.submitTo === undefined ? undefined : hosts.find((x) => x.name === h.submitTo);
      if (h.submitTo === undefined)
        p.add(
          `.hosts[${i}].submitTo`,
          'expected the name of the submission host this MUA sends to',
        );
      else if (!target?.roles.includes('submission'))
        p.add(
          `.hosts[${i}].submitTo`,
          `expected a host with the role submission; "${h.submitTo}" is not one`,
        );
    } else if (h.addresses.length === 0) {
      p.add(
        `.hosts[${i}].addresses`,
        'expected at least one address (a server is reached by its address)',
      );
    }
  });
  for (const [domain, records] of Object.entries(dns))
    for (const [k, list] of [
      ['a', records.a],
      ['aaaa', records.aaaa],
    ] as const)
      if (list && list.length === 0)
        p.add(`.dns["${domain}"].${k}`, 'expected at least one address, or no field at all');
}
