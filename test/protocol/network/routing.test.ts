/**
 * Routing as RFC 5321 §5.1 says: MX by preference, equal preferences in a
 * seeded random order, the implicit MX when there is none, a null MX (RFC
 * 7505), a domain that does not exist, a relay that is itself an MX.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NETWORK,
  orderMx,
  parseNetwork,
  route,
  type Network,
} from '../../../src/protocol/network/index.ts';

/** A world whose domain has three MX records, two of them of equal preference. */
function twins(seed: number): Network {
  const r = parseNetwork({
    format: 'smtp-simulator-world',
    version: 1,
    seed,
    hosts: [{ name: 'a.twin.test', roles: ['mx'], addresses: ['192.0.2.1'] }],
    dns: {
      'twin.test': {
        mx: [
          { preference: 20, exchange: 'c.twin.test' },
          { preference: 10, exchange: 'a.twin.test' },
          { preference: 10, exchange: 'b.twin.test' },
        ],
      },
      'a.twin.test': { a: ['192.0.2.1'] },
      'b.twin.test': { a: ['192.0.2.2'] },
      'c.twin.test': { a: ['192.0.2.3'] },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.network;
}

const exchanges = (n: Network, domain: string) => {
  const r = route(n, domain);
  return r.kind === 'hosts' ? r.candidates.map((c) => c.exchange) : r.kind;
};

describe('MX records in preference order (RFC 5321 §5.1)', () => {
  it('lower preference first, each with the addresses of its A and AAAA records', () => {
    const r = route(DEFAULT_NETWORK, 'Example.Test.');
    expect(r).toEqual({
      kind: 'hosts',
      implicit: false,
      candidates: [
        { exchange: 'mx1.example.test', preference: 10, addresses: ['192.0.2.10', '2001:db8::10'] },
        { exchange: 'mx2.example.test', preference: 20, addresses: ['192.0.2.20'] },
      ],
    });
  });

  it('equal preferences: the same seed gives the same order, every time', () => {
    const first = exchanges(twins(7), 'twin.test');
    for (let i = 0; i < 5; i++) expect(exchanges(twins(7), 'twin.test')).toEqual(first);
  });

  it('equal preferences: across seeds both orders come, and the higher preference stays last', () => {
    const orders = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const order = exchanges(twins(seed), 'twin.test') as string[];
      expect(order[2]).toBe('c.twin.test');
      orders.add(order.join(' '));
    }
    expect(orders).toEqual(
      new Set(['a.twin.test b.twin.test c.twin.test', 'b.twin.test a.twin.test c.twin.test']),
    );
  });

  it('orderMx leaves the records given untouched', () => {
    const mx = [
      { preference: 5, exchange: 'b' },
      { preference: 1, exchange: 'a' },
    ];
    expect(orderMx(mx, 1, 'x.test').map((m) => m.exchange)).toEqual(['a', 'b']);
    expect(mx[0]!.exchange).toBe('b');
  });
});

describe('no MX, null MX, no such domain', () => {
  it('no MX: the domain itself is an implicit MX of preference 0 (its A and AAAA records)', () => {
    expect(route(DEFAULT_NETWORK, 'elsewhere.test')).toEqual({
      kind: 'hosts',
      implicit: true,
      candidates: [
        {
          exchange: 'elsewhere.test',
          preference: 0,
          addresses: ['198.51.100.25', '2001:db8:51::25'],
        },
      ],
    });
  });

  it('a null MX (RFC 7505 §3): no mail at all', () => {
    expect(route(DEFAULT_NETWORK, 'nomail.test')).toEqual({ kind: 'null-mx' });
  });

  it('a name with no records at all does not exist: a permanent error (§5.1)', () => {
    expect(route(DEFAULT_NETWORK, 'nowhere.test')).toEqual({ kind: 'no-domain' });
  });

  it('MX records whose hosts have no address: none usable, an error (§5.1)', () => {
    const n = twins(1);
    const broken: Network = {
      ...n,
      dns: { 'lost.test': { mx: [{ preference: 1, exchange: 'gone.lost.test' }] } },
    };
    expect(route(broken, 'lost.test')).toEqual({ kind: 'unusable', why: 'no-address' });
  });
});

describe('a relay that is itself an MX of the domain (§5.1)', () => {
  it('the backup MX drops its own preference and the higher ones, and sends to the primary', () => {
    const r = route(DEFAULT_NETWORK, 'example.test', {
      self: { names: ['mx2.example.test'], addresses: ['192.0.2.20'] },
    });
    expect(r.kind === 'hosts' && r.candidates.map((c) => c.exchange)).toEqual(['mx1.example.test']);
  });

  it('the best MX itself has nowhere left to send: an error, never a loop', () => {
    const r = route(DEFAULT_NETWORK, 'example.test', {
      self: { names: [], addresses: ['2001:db8::10'] },
    });
    expect(r).toEqual({ kind: 'unusable', why: 'self' });
  });
});
