/**
 * The journey view's scenarios: each a variant of the default world made by
 * a pure helper, parsed like a world file, and each giving the journey it is
 * named for (RFC 5321 §5.1 backup MX, §4.5.4.1 retry and give-up, RFC 3464
 * bounce, RFC 7505 null MX). The default world's data is left unchanged.
 */
import { describe, expect, it } from 'vitest';
import { runJourney } from '../../../src/machines/journey.ts';
import { DEFAULT_NETWORK, DEFAULT_NETWORK_DATA } from '../../../src/protocol/network/index.ts';
import {
  SCENARIOS,
  scenarioNetwork,
  worldMailboxes,
  type ScenarioId,
} from '../../../src/protocol/network/scenarios.ts';

const MINUTE = 60_000;
const TEXT = 'Subject: Hi\r\n\r\nHi.\r\n';

const run = (id: ScenarioId) => {
  const s = SCENARIOS.find((x) => x.id === id)!;
  return runJourney(scenarioNetwork(id), { from: 'carol@elsewhere.test', to: s.to, text: TEXT });
};
const route = (id: ScenarioId) =>
  run(id).hops.map((h) => `${h.from} -> ${h.to}:${h.port} ${h.decided?.code ?? '-'}`);

describe('scenarios', () => {
  it('direct is the default world itself, and no scenario changes the default data', () => {
    const before = JSON.stringify(DEFAULT_NETWORK_DATA);
    for (const s of SCENARIOS) scenarioNetwork(s.id);
    expect(JSON.stringify(DEFAULT_NETWORK_DATA)).toBe(before);
    expect(scenarioNetwork('direct')).toEqual(DEFAULT_NETWORK);
  });

  it('backup-mx: mx1 answers 421, mx2 takes the message and hands it to mx1 at minute 60', () => {
    const j = run('backup-mx');
    expect(j.hops[3]).toMatchObject({ to: 'mx2.example.test', decided: { code: 250 } });
    expect(j.hops.at(-1)).toMatchObject({ from: 'mx2.example.test', to: 'mx1.example.test' });
    expect(Math.floor(j.hops.at(-1)!.time / MINUTE)).toBe(60);
    expect(j.mailboxes.map((m) => m.host)).toEqual(['mx1.example.test']);
  });

  it('retry: mx1 is the only MX; 421 at minutes 0 and 30, delivered at 60', () => {
    const j = run('retry');
    expect(j.hops.filter((h) => h.port === 25).map((h) => Math.floor(h.time / MINUTE))).toEqual([
      0, 0, 30, 30, 60,
    ]);
    expect(j.hops.every((h) => h.to !== 'mx2.example.test')).toBe(true);
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
  });

  it('give-up: retried until the two hours are up, then a bounce with 4.0.0 (the 421 at connection has no enhanced code)', () => {
    const j = run('give-up');
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({ status: '4.0.0' });
    expect(Math.floor(j.time / MINUTE)).toBe(120);
  });

  it('unknown-user: 550 from mx1, a bounce to the sender', () => {
    expect(route('unknown-user').slice(0, 2)).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      'submit.elsewhere.test -> mx1.example.test:25 550',
    ]);
    expect(run('unknown-user').mailboxes.map((m) => m.mailbox)).toEqual(['carol@elsewhere.test']);
  });

  it('no-mail-host: mx1 greets with 521, mx2 takes it and bounces it back over SMTP', () => {
    expect(route('no-mail-host')).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      'submit.elsewhere.test -> mx1.example.test:25 521',
      'submit.elsewhere.test -> mx1.example.test:25 521',
      'submit.elsewhere.test -> mx2.example.test:25 250',
      // The backup may only hand it to mx1 (RFC 5321 §5.1): 521 again, so it bounces at once.
      'mx2.example.test -> mx1.example.test:25 521',
      'mx2.example.test -> mx1.example.test:25 521',
      'mx2.example.test -> submit.elsewhere.test:25 250',
    ]);
    const j = run('no-mail-host');
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({ host: 'mx2.example.test' });
    expect(j.mailboxes.map((m) => `${m.host} ${m.mailbox}`)).toEqual([
      'submit.elsewhere.test carol@elsewhere.test',
    ]);
  });

  it('null-mx: refused at submission, 556', () => {
    expect(route('null-mx')).toEqual(['client.test -> submit.elsewhere.test:587 556']);
  });

  it("the world's mailboxes, with the POP3 account that reads each", () => {
    expect(
      worldMailboxes(DEFAULT_NETWORK).map(
        (m) => `${m.address} ${m.host} ${m.account?.user ?? '-'}`,
      ),
    ).toEqual([
      'carol@elsewhere.test submit.elsewhere.test carol',
      'postmaster@elsewhere.test submit.elsewhere.test -',
      'alice@example.test mx1.example.test alice',
      'bob@example.test mx1.example.test bob',
      'postmaster@example.test mx1.example.test -',
    ]);
  });

  it('a world that does not parse is an error naming the scenario', () => {
    expect(() => scenarioNetwork('retry', { format: 'nope' })).toThrow(/^scenario retry: /);
  });
});
