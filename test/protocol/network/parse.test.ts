/**
 * Reading a world file (docs/world-format.md): the default world is valid,
 * defaults are filled in, and each mistake is reported with the path of its
 * field and what was expected.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NETWORK,
  DEFAULT_NETWORK_DATA,
  parseNetwork,
} from '../../../src/protocol/network/index.ts';

const base = () => structuredClone(DEFAULT_NETWORK_DATA) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function errorsOf(data: unknown) {
  const r = parseNetwork(data);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.errors;
}

describe('the default world', () => {
  it('is valid and uses reserved names and documentation addresses only', () => {
    expect(parseNetwork(DEFAULT_NETWORK_DATA).ok).toBe(true);
    for (const h of DEFAULT_NETWORK.hosts) {
      expect(h.name).toMatch(/\.test$/); // RFC 2606
      for (const a of h.addresses)
        expect(a).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.|^2001:db8:/); // RFC 5737, RFC 3849
    }
    for (const name of Object.keys(DEFAULT_NETWORK.dns)) expect(name).toMatch(/\.test$/);
  });

  it('fills in the defaults: era, relay profile on port 25, retry of RFC 5321 §4.5.4.1', () => {
    const r = parseNetwork({
      format: 'smtp-simulator-world',
      version: 1,
      hosts: [
        { name: 'Submit.Example.Test.', roles: ['submission'], addresses: ['192.0.2.5'] },
        { name: 'mx.example.test', roles: ['mx'], addresses: ['192.0.2.6'] },
      ],
      dns: { 'Example.Test': { mx: [{ preference: 5, exchange: 'MX.example.test' }] } },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const [submit, mx] = r.network.hosts;
    expect(submit).toMatchObject({ name: 'submit.example.test', dialect: 'rfc5321' });
    expect(submit!.profile).toBe('relay');
    expect(mx!.profile).toBe('relay');
    expect(mx!.acceptsMail).toBe(true);
    expect(r.network.retry).toEqual({ interval: 30, giveUp: 7200 });
    expect(r.network.seed).toBe(1);
    expect(r.network.dns['example.test']!.mx).toEqual([
      { preference: 5, exchange: 'mx.example.test' },
    ]);
  });
});

describe('mistakes, each with its path and what was expected', () => {
  it('not an object at all', () => {
    expect(errorsOf([])).toEqual([
      { path: '(the file)', message: 'expected an object (a world file); found a list' },
    ]);
  });

  it('wrong format and version', () => {
    const d = base();
    d.format = 'world';
    d.version = 2;
    expect(errorsOf(d)).toEqual([
      { path: '.format', message: 'expected "smtp-simulator-world"; found "world"' },
      { path: '.version', message: 'expected 1 (the only version of the format); found 2' },
    ]);
  });

  it('an unknown role, a bad address, an unknown era', () => {
    const d = base();
    d.hosts[2].roles = ['mx', 'mta'];
    d.hosts[2].addresses = ['192.0.2.300'];
    d.hosts[2].dialect = 'rfc9999';
    const errors = errorsOf(d);
    expect(errors).toContainEqual({
      path: '.hosts[2].roles[1]',
      message: 'expected one of mua, submission, relay, mx, mailbox; found "mta"',
    });
    expect(errors).toContainEqual({
      path: '.hosts[2].addresses[0]',
      message:
        'expected an IPv4 or IPv6 address such as "192.0.2.10" or "2001:db8::10"; found "192.0.2.300"',
    });
    expect(errors.find((e) => e.path === '.hosts[2].dialect')?.message).toMatch(
      /^expected one of rfc772, .*rfc5321; found "rfc9999"$/,
    );
  });

  it('a server setting that World does not have, or of the wrong kind', () => {
    const d = base();
    d.hosts[2].world = { localDomains: 'example.test', greeting: 'hi' };
    expect(errorsOf(d)).toEqual([
      { path: '.hosts[2].world.localDomains', message: 'expected a list; found "example.test"' },
      {
        path: '.hosts[2].world.greeting',
        message: 'unknown server setting (see World in src/protocol/world.ts)',
      },
    ]);
  });

  it('DNS: a bad preference, a null MX beside another MX (RFC 7505 §3), an IPv6 address in an A record', () => {
    const d = base();
    d.dns['example.test'].mx[0].preference = 70000;
    d.dns['nomail.test'].mx.push({ preference: 10, exchange: 'mx1.example.test' });
    d.dns['client.test'].a = ['2001:db8::7'];
    expect(errorsOf(d)).toEqual([
      {
        path: '.dns["example.test"].mx[0].preference',
        message: 'expected a whole number from 0 to 65535; found 70000',
      },
      {
        path: '.dns["nomail.test"].mx',
        message: 'expected a null MX (exchange ".") alone, with preference 0 (RFC 7505 §3)',
      },
      {
        path: '.dns["client.test"].a[0]',
        message: 'expected an IPv4 address; found "2001:db8::7"',
      },
    ]);
  });

  it('links: a name used twice, an address on two hosts, a MUA without a submission host', () => {
    const d = base();
    d.hosts[3].name = 'mx1.example.test';
    d.hosts[3].addresses = ['192.0.2.10'];
    d.hosts[0].submitTo = 'mx2.example.test';
    expect(errorsOf(d)).toEqual([
      {
        path: '.hosts[0].submitTo',
        message: 'expected a host with the role submission; "mx2.example.test" is not one',
      },
      {
        path: '.hosts[3].name',
        message: 'expected a name used once; hosts[2] is also "mx1.example.test"',
      },
      {
        path: '.hosts[3].addresses[0]',
        message: 'expected an address used once; hosts[2] has 192.0.2.10 too',
      },
    ]);
  });

  it('an unknown field and a bad outage', () => {
    const d = base();
    d.hosts[2].outage = { kind: 'asleep' };
    d.colour = 'blue';
    expect(errorsOf(d)).toEqual([
      {
        path: '.colour',
        message:
          'unknown field; expected one of format, version, title, seed, start, retry, hosts, dns',
      },
      {
        path: '.hosts[2].outage.kind',
        message: 'expected "busy" (421 at connection) or "unreachable"; found "asleep"',
      },
    ]);
  });
});

describe('docs/world-format.md', () => {
  it('its example is a valid world file', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/world-format.md', import.meta.url), 'utf8');
    const json = doc.match(/```json\n([\s\S]*?)```/)![1]!;
    const r = parseNetwork(JSON.parse(json));
    expect(r.ok && r.network.hosts.map((h) => h.name)).toEqual([
      'client.test',
      'submit.elsewhere.test',
      'mx1.example.test',
      'mx2.example.test',
    ]);
  });
});
