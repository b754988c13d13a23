/**
 * The journey of a message through a network world (src/machines/journey.ts):
 * submission on 587, MX hosts on 25 in preference order with the fall back to
 * the next one (RFC 5321 §5.1), the implicit MX, null MX (RFC 7505), 521 (RFC
 * 7504), the trace fields of every hop (§4.4), the queue and its retries
 * (§4.5.4.1), bounces (RFC 3464) and the seed.
 */
import { describe, expect, it } from 'vitest';
import { Journey, runJourney, type Hop } from '../../src/machines/journey.ts';
import {
  DEFAULT_NETWORK,
  DEFAULT_NETWORK_DATA,
  parseNetwork,
  type Network,
} from '../../src/protocol/network/index.ts';

const MINUTE = 60_000;

const TEXT =
  'From: Carol <carol@elsewhere.test>\r\nTo: Alice <alice@example.test>\r\nSubject: Hello\r\n\r\nHi Alice.\r\n';

const toAlice = { from: 'carol@elsewhere.test', to: ['alice@example.test'], text: TEXT };

/** The default world with changes made to its data (a lesson's own world, in small). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function world(change: (d: any) => void): Network {
  const data = structuredClone(DEFAULT_NETWORK_DATA);
  change(data);
  const r = parseNetwork(data);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.network;
}

/** A host of the file's data, to change (any field of docs/world-format.md). */
const host =
  (name: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (d: { hosts: { name: string }[] }): Record<string, any> =>
    d.hosts.find((h) => h.name === name)!;

const route = (hops: readonly Hop[]) =>
  hops.map((h) => `${h.from} -> ${h.to}:${h.port} ${h.decided?.code ?? 'no answer'}`);

const traceLines = (text: string) =>
  text
    .split('\r\n\r\n')[0]!
    .replace(/\r\n\t/g, ' ')
    .split('\r\n')
    .filter((l) => /^(Received|Return-Path):/.test(l));

describe('a message from the MUA to the mailbox', () => {
  const j = runJourney(DEFAULT_NETWORK, toAlice);

  it('is submitted on 587, then relayed on 25 to the best MX', () => {
    expect(route(j.hops)).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      'submit.elsewhere.test -> mx1.example.test:25 250',
    ]);
    expect(j.hops.map((h) => h.via)).toEqual(['submission (RFC 6409)', 'MX 10 mx1.example.test']);
  });

  it('each hop keeps the server transcript: AUTH on 587, EHLO with the relay name on 25', () => {
    const said = (h: Hop) => h.dialogue.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said(j.hops[0]!)).toContain('EHLO client.test');
    expect(said(j.hops[0]!).some((l) => l.startsWith('AUTH '))).toBe(true);
    expect(said(j.hops[1]!)).toContain('EHLO submit.elsewhere.test');
    expect(said(j.hops[1]!)).toContain('RCPT TO:<alice@example.test>');
  });

  it('arrives with Return-Path first and a Received line for every hop, newest first', () => {
    expect(j.mailboxes).toHaveLength(1);
    const stored = j.mailboxes[0]!;
    expect(stored).toMatchObject({ host: 'mx1.example.test', mailbox: 'alice@example.test' });
    expect(traceLines(stored.text)).toEqual([
      'Return-Path: <carol@elsewhere.test>',
      'Received: from submit.elsewhere.test ([198.51.100.25]) by mx1.example.test with ESMTPS id 2.00000001 for <alice@example.test>; Mon, 5 Jan 2026 09:00:02 +0000',
      'Received: from client.test ([203.0.113.7]) by submit.elsewhere.test with ESMTPSA id 1.00000001 for <alice@example.test>; Mon, 5 Jan 2026 09:00:01 +0000',
    ]);
    expect(stored.text.endsWith('Subject: Hello\r\n\r\nHi Alice.\r\n')).toBe(true);
    expect(j.queue).toEqual([]);
  });

  it('the same seed gives the same journey', () => {
    const again = runJourney(DEFAULT_NETWORK, toAlice);
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(j.events));
  });
});

describe('the backup MX (RFC 5321 §5.1)', () => {
  const busy = world((d) => (host('mx1.example.test')(d).outage = { kind: 'busy', until: 45 }));

  it('the primary answers 421: the message goes to the backup MX, which queues it for the primary', () => {
    const j = new Journey(busy).submit(toAlice).run(MINUTE);
    expect(route(j.hops)).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      // mx1 is multihomed: both its addresses are tried before the next MX.
      'submit.elsewhere.test -> mx1.example.test:25 421',
      'submit.elsewhere.test -> mx1.example.test:25 421',
      'submit.elsewhere.test -> mx2.example.test:25 250',
      // The backup is an MX of the domain itself: only the better preference is left (§5.1).
      'mx2.example.test -> mx1.example.test:25 421',
      'mx2.example.test -> mx1.example.test:25 421',
    ]);
    expect(j.hops[1]!.decided).toEqual({
      code: 421,
      // The reply instead of 220 is the initial greeting: no enhanced code (RFC 2034 §3 (4)).
      text: 'mx1.example.test Too many connections, closing transmission channel',
    });
    expect(j.hops.map((h) => h.address).slice(1, 4)).toEqual([
      '192.0.2.10',
      '2001:db8::10',
      '192.0.2.20',
    ]);
    expect(j.queue).toHaveLength(1);
    expect(j.queue[0]).toMatchObject({ host: 'mx2.example.test', to: ['alice@example.test'] });
  });

  it('the trace lines show the detour through the backup, in order', () => {
    const j = runJourney(busy, toAlice);
    const lines = traceLines(j.mailboxes[0]!.text);
    expect(lines[0]).toBe('Return-Path: <carol@elsewhere.test>');
    expect(
      lines.slice(1).map((l) => l.match(/^Received: from (\S+) .* by (\S+) /)!.slice(1)),
    ).toEqual([
      ['mx2.example.test', 'mx1.example.test'],
      ['submit.elsewhere.test', 'mx2.example.test'],
      ['client.test', 'submit.elsewhere.test'],
    ]);
  });
});

describe('the queue (RFC 5321 §4.5.4.1)', () => {
  const only = (d: { dns: Record<string, unknown> }) =>
    ((d.dns['example.test'] as { mx: unknown[] }).mx = [
      { preference: 10, exchange: 'mx1.example.test' },
    ]);

  it('a 4xx leaves the message queued; it is retried every 30 minutes and delivered', () => {
    const busy = world((d) => {
      only(d);
      host('mx1.example.test')(d).outage = { kind: 'busy', until: 45 };
    });
    const j = new Journey(busy).submit(toAlice);
    j.run(MINUTE);
    expect(j.queue).toHaveLength(1);
    const first = j.queue[0]!;
    expect(first).toMatchObject({ host: 'submit.elsewhere.test', attempts: 1 });
    expect(first.due - first.arrived).toBe(30 * MINUTE + 2000);
    expect(first.lastReply?.code).toBe(421);
    j.run(40 * MINUTE);
    expect(j.queue[0]?.attempts).toBe(2); // still busy at minute 30
    j.run();
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
    const tries = j.hops.filter((h) => h.from === 'submit.elsewhere.test').map((h) => h.time);
    expect(tries.map((t) => Math.floor(t / MINUTE))).toEqual([0, 0, 30, 30, 60]);
    const queued = j.events.filter((e) => e.kind === 'queued');
    expect(queued.map((e) => e.entry.attempts)).toEqual([1, 2]);
    expect(queued[0]!.entry).toBe(first);
  });

  it('past the give-up time the sender gets a bounce: failed, with the last reply and its status', () => {
    const down = world((d) => {
      only(d);
      d.retry = { interval: 30, giveUp: 120 };
      host('mx1.example.test')(d).outage = { kind: 'busy' };
    });
    const j = runJourney(down, toAlice);
    const tries = j.hops.filter((h) => h.to === 'mx1.example.test' && h.address === '192.0.2.10');
    expect(tries).toHaveLength(5); // minutes 0, 30, 60, 90, 120
    const bounce = j.events.find((e) => e.kind === 'bounced');
    // RFC 3463 §3.5: the code of the problem met rather than X.4.7; the 421 that replaced the
    // greeting carried none (RFC 2034 §3 (4)), so its class's generic 4.0.0 (RFC 3463 §3.1).
    expect(bounce).toMatchObject({ status: '4.0.0', to: 'carol@elsewhere.test' });
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.text).toContain('Return-Path: <>\r\n');
    expect(dsn.text).toContain('Action: failed\r\nStatus: 4.0.0\r\n');
    expect(dsn.text).toContain(
      'Diagnostic-Code: smtp; 421 mx1.example.test Too many connections, closing transmission channel',
    );
  });

  it('a host that never answers: retried until the give-up time, then 4.4.1 (no answer from host)', () => {
    const gone = world((d) => {
      only(d);
      d.retry = { interval: 60, giveUp: 180 };
      d.dns['mx1.example.test'] = { a: ['192.0.2.99'] }; // no host listens there
    });
    const j = runJourney(gone, toAlice);
    expect(j.hops.filter((h) => h.address === '192.0.2.99').map((h) => h.fate)).toEqual([
      'unreachable',
      'unreachable',
      'unreachable',
      'unreachable',
    ]);
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({ status: '4.4.1' });
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.text).toContain('Status: 4.4.1\r\n');
    expect(dsn.text).not.toContain('Diagnostic-Code');
  });

  it('a 5xx to a recipient: a bounce (RFC 3464) from <> back to the sender, at once', () => {
    const j = runJourney(DEFAULT_NETWORK, { ...toAlice, to: ['nobody@example.test'] });
    expect(j.hops[1]!.decided?.code).toBe(550);
    const bounce = j.events.find((e) => e.kind === 'bounced')!;
    expect(bounce).toMatchObject({
      host: 'submit.elsewhere.test',
      recipients: ['nobody@example.test'],
      status: '5.1.1',
    });
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.from).toBe('');
    expect(dsn.text.startsWith('Return-Path: <>\r\n')).toBe(true);
    expect(dsn.text).toContain('Content-Type: multipart/report; report-type=delivery-status;');
    expect(dsn.text).toContain('Reporting-MTA: dns; submit.elsewhere.test');
    expect(dsn.text).toContain(
      'Final-Recipient: rfc822; nobody@example.test\r\nAction: failed\r\nStatus: 5.1.1',
    );
    expect(dsn.text).toMatch(/Diagnostic-Code: smtp; 550 5\.1\.1 /);
    // RET=HDRS: the returned header carries the trace of the hop that took the message.
    expect(dsn.text).toContain('Content-Type: text/rfc822-headers');
    expect(dsn.text).toContain('by submit.elsewhere.test with ESMTPSA');
  });

  it('a bounce that cannot be delivered is dropped, never bounced again (RFC 5321 §4.5.4)', () => {
    const j = runJourney(DEFAULT_NETWORK, {
      from: 'dave@nowhere.test',
      to: ['nobody@example.test'],
      text: TEXT,
    });
    expect(j.events.filter((e) => e.kind === 'bounced')).toHaveLength(1);
    expect(j.events.find((e) => e.kind === 'dropped')).toMatchObject({
      recipients: ['dave@nowhere.test'],
      status: '5.1.2',
    });
    expect(j.mailboxes).toEqual([]);
  });
});

describe('no MX, null MX, 521', () => {
  it('a domain without MX: its A record is an implicit MX (RFC 5321 §5.1)', () => {
    const noMx = world((d) => (d.dns['example.test'] = { a: ['192.0.2.10'] }));
    const j = runJourney(noMx, toAlice);
    expect(j.hops[1]).toMatchObject({
      to: 'mx1.example.test',
      address: '192.0.2.10',
      via: 'implicit MX (address record of example.test)',
    });
    expect(j.mailboxes.map((m) => m.host)).toEqual(['mx1.example.test']);
  });

  it('a null-MX domain: the submission server refuses the recipient at once, 556 5.1.10', () => {
    const j = runJourney(DEFAULT_NETWORK, { ...toAlice, to: ['alice@nomail.test'] });
    expect(route(j.hops)).toEqual(['client.test -> submit.elsewhere.test:587 556']);
    expect(j.hops[0]!.decided).toEqual({
      code: 556,
      text: '5.1.10 Recipient domain nomail.test does not accept mail (null MX)',
    });
    expect(j.events.find((e) => e.kind === 'refused')).toMatchObject({
      recipients: ['alice@nomail.test'],
      reply: { code: 556 },
    });
    expect(j.events.some((e) => e.kind === 'bounced')).toBe(false);
  });

  it('a relay that learns of the null MX only when routing bounces at once, 5.1.10, no retry', () => {
    const unaware = world((d) => (host('submit.elsewhere.test')(d).world.nullMxDomains = []));
    const j = runJourney(unaware, { ...toAlice, to: ['alice@nomail.test'] });
    expect(route(j.hops)).toEqual(['client.test -> submit.elsewhere.test:587 250']);
    expect(j.events.find((e) => e.kind === 'lookup')).toMatchObject({
      domain: 'nomail.test',
      route: { kind: 'null-mx' },
    });
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({ status: '5.1.10' });
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['carol@elsewhere.test']);
    expect(j.mailboxes[0]!.text).toContain('Status: 5.1.10');
    expect(j.time).toBeLessThan(MINUTE);
  });

  it('a sender at a null-MX domain: refused with 550 5.7.27 by the MX that chooses to (RFC 7505 §4.1)', () => {
    const j = runJourney(DEFAULT_NETWORK, { ...toAlice, from: 'dave@nomail.test' });
    expect(j.hops[1]!.decided).toEqual({
      code: 550,
      text: '5.7.27 Sender domain nomail.test does not accept mail (null MX)',
    });
    // The bounce to a null-MX sender has nowhere to go.
    expect(j.events.find((e) => e.kind === 'dropped')).toMatchObject({
      recipients: ['dave@nomail.test'],
      status: '5.1.10',
    });
  });

  it('a host that never accepts mail greets with 521 (RFC 7504 §3); the next MX is tried', () => {
    const never = world((d) => (host('mx1.example.test')(d).acceptsMail = false));
    const j = runJourney(never, toAlice);
    expect(j.hops[1]).toMatchObject({
      fate: 'no-mail',
      decided: { code: 521, text: 'mx1.example.test does not accept mail' },
    });
    expect(j.hops[3]).toMatchObject({ to: 'mx2.example.test', decided: { code: 250 } });
    // The backup may only hand it to mx1 (§5.1), which never takes mail: a bounce at once, no retry.
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({
      host: 'mx2.example.test',
      recipients: ['alice@example.test'],
      to: 'carol@elsewhere.test',
    });
    expect(j.events.some((e) => e.kind === 'queued')).toBe(false);
    // The bounce travels back: elsewhere.test has no MX, its A record is the implicit MX.
    const back = j.hops.at(-1)!;
    expect(back).toMatchObject({
      from: 'mx2.example.test',
      to: 'submit.elsewhere.test',
      port: 25,
      via: 'implicit MX (address record of elsewhere.test)',
    });
    expect(
      back.dialogue.some((e) => e.kind === 'client' && e.text.startsWith('MAIL FROM:<> ')),
    ).toBe(true);
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.text).toContain('Diagnostic-Code: smtp; 521 mx1.example.test does not accept mail');
  });

  it('when every MX greets with 521 the mail bounces at once, without a retry', () => {
    const never = world((d) => {
      (d.dns['example.test'] as { mx: unknown[] }).mx = [
        { preference: 10, exchange: 'mx1.example.test' },
      ];
      host('mx1.example.test')(d).acceptsMail = false;
    });
    const j = runJourney(never, toAlice);
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({
      recipients: ['alice@example.test'],
    });
    expect(j.events.some((e) => e.kind === 'queued')).toBe(false);
  });
});

describe('the seed (RFC 5321 §5.1: equal preferences in random order)', () => {
  const twins = (seed: number) =>
    world((d) => {
      d.seed = seed;
      (d.dns['example.test'] as { mx: unknown[] }).mx = [
        { preference: 10, exchange: 'mx1.example.test' },
        { preference: 10, exchange: 'mx2.example.test' },
      ];
      host('mx2.example.test')(d).world = { localDomains: ['example.test'] };
    });

  it('the same seed gives the same hops; across seeds both MX hosts come first', () => {
    const firsts = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const a = runJourney(twins(seed), toAlice);
      const b = runJourney(twins(seed), toAlice);
      expect(route(b.hops)).toEqual(route(a.hops));
      expect(b.mailboxes).toEqual(a.mailboxes);
      firsts.add(a.hops[1]!.to);
    }
    expect(firsts).toEqual(new Set(['mx1.example.test', 'mx2.example.test']));
  });
});

describe('the submission hop', () => {
  it('a submission host that is down: the MUA is told at once, nothing is queued', () => {
    const down = world((d) => (host('submit.elsewhere.test')(d).outage = { kind: 'busy' }));
    const j = runJourney(down, toAlice);
    expect(route(j.hops)).toEqual(['client.test -> submit.elsewhere.test:587 421']);
    expect(j.events.find((e) => e.kind === 'unsent')).toMatchObject({
      recipients: ['alice@example.test'],
      reply: { code: 421 },
    });
    expect(j.queue).toEqual([]);
  });

  it('a wrong password: AUTH fails (535) and nothing is sent', () => {
    const wrong = world((d) => (host('client.test')(d).account = { user: 'carol', password: 'x' }));
    const j = runJourney(wrong, toAlice);
    expect(j.hops).toHaveLength(1);
    expect(j.hops[0]!.decided?.code).toBe(535);
    expect(j.mailboxes).toEqual([]);
  });
});

describe('hosts of other eras', () => {
  it('an RFC 821 MX: HELO, and its own Received line (RFC 821 §4.1.2) in the trace', () => {
    const old = world((d) => (host('mx1.example.test')(d).dialect = 'rfc821'));
    const j = runJourney(old, toAlice);
    const said = j.hops[1]!.dialogue.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said[0]).toBe('HELO submit.elsewhere.test');
    const lines = traceLines(j.mailboxes[0]!.text);
    expect(lines[0]).toBe('Return-Path: <carol@elsewhere.test>');
    expect(lines[1]).toBe(
      'Received: FROM submit.elsewhere.test BY mx1.example.test ; 5 JAN 26 09:00:02 UT',
    );
    expect(lines[2]).toMatch(/^Received: from client\.test /);
  });
});

describe("docs/world-format.md's example", () => {
  it('mx1 is busy for 45 minutes: the backup queues the message and hands it over at minute 60', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/world-format.md', import.meta.url), 'utf8');
    const r = parseNetwork(JSON.parse(doc.match(/```json\n([\s\S]*?)```/)![1]!));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const j = runJourney(r.network, toAlice);
    const last = j.hops.at(-1)!;
    expect(last).toMatchObject({ from: 'mx2.example.test', to: 'mx1.example.test' });
    expect(Math.floor(last.time / MINUTE)).toBe(60);
    expect(j.mailboxes.map((m) => `${m.host} ${m.mailbox}`)).toEqual([
      'mx1.example.test alice@example.test',
    ]);
  });
});

describe('a submission host that takes no mail', () => {
  it('greets the MUA on 587 with 554, not 521 (RFC 6409 §7 Table 1)', () => {
    const never = world((d) => (host('submit.elsewhere.test')(d).acceptsMail = false));
    const j = runJourney(never, toAlice);
    expect(j.hops[0]).toMatchObject({ port: 587, fate: 'no-mail', decided: { code: 554 } });
    expect(j.events.find((e) => e.kind === 'unsent')).toMatchObject({ reply: { code: 554 } });
  });
});

describe('a 4yz to one recipient', () => {
  it('moves that recipient on to the next address; the others are delivered at once', () => {
    const small = world((d) => (host('mx1.example.test')(d).world.maxRecipients = 1));
    const j = runJourney(small, { ...toAlice, to: ['alice@example.test', 'bob@example.test'] });
    expect(j.hops[1]).toMatchObject({
      address: '192.0.2.10',
      accepted: ['alice@example.test'],
      deferred: [{ to: 'bob@example.test', code: 452 }],
      pending: ['bob@example.test'],
    });
    expect(j.hops[2]).toMatchObject({
      address: '2001:db8::10',
      recipients: ['bob@example.test'],
      accepted: ['bob@example.test'],
    });
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test', 'bob@example.test']);
    expect(j.events.some((e) => e.kind === 'queued')).toBe(false);
  });
});
