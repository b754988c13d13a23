/**
 * The learner takes over a hop of a journey (machines/journey.ts with
 * hop-client.ts and hop-server.ts): the run stops at that connection, the
 * learner types one side, and the journey goes on from what the session came
 * to. Client side: a 250 after the text hands the message on (RFC 5321 §6.1),
 * leaving before the final dot keeps it queued and retried (§4.5.4.1).
 * Server side: the learner's 451 to RCPT queues it for the retry interval,
 * 550 bounces it with a DSN from <> to the sender (RFC 3464, §6.1), 250
 * delivers it.
 */
import { describe, expect, it } from 'vitest';
import { HopClient } from '../../src/machines/hop-client.ts';
import { HopServer } from '../../src/machines/hop-server.ts';
import { Journey, type Hop } from '../../src/machines/journey.ts';
import {
  DEFAULT_NETWORK,
  DEFAULT_NETWORK_DATA,
  parseNetwork,
  type Network,
} from '../../src/protocol/network/index.ts';

const MINUTE = 60_000;
const TEXT =
  'From: Carol <carol@elsewhere.test>\r\nTo: Alice <alice@example.test>\r\nSubject: Hello\r\n\r\nHi Alice.\r\n.hidden dot\r\n';
const toAlice = { from: 'carol@elsewhere.test', to: ['alice@example.test'], text: TEXT };

/** example.test with one MX of one address: a 4yz there can only be retried later. */
function oneMx(): Network {
  const data = structuredClone(DEFAULT_NETWORK_DATA) as {
    dns: Record<string, { mx?: unknown[]; aaaa?: unknown[] }>;
  };
  data.dns['example.test']!.mx = [{ preference: 10, exchange: 'mx1.example.test' }];
  delete data.dns['mx1.example.test']!.aaaa;
  const r = parseNetwork(data);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.network;
}

const route = (hops: readonly Hop[]) =>
  hops.map((h) => `${h.index} ${h.from} -> ${h.to}:${h.port} ${h.decided?.code ?? '-'}`);

/** Replies the client machine hears, line by line, from the server's transcript. */
const replies = (c: HopClient) =>
  c.transcript.flatMap((e) => (e.kind === 'server' ? [e.reply.code] : []));

describe('the learner as the client of a hop', () => {
  it('stops the journey at that hop, with the host’s server greeting on its port', () => {
    const j = new Journey(DEFAULT_NETWORK, { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const p = j.pending!;
    expect(p).toMatchObject({
      index: 2,
      from: 'submit.elsewhere.test',
      to: 'mx1.example.test',
      port: 25,
      side: 'client',
    });
    expect(route(j.hops)).toEqual(['1 client.test -> submit.elsewhere.test:587 250']);
    expect(j.step()).toBe(false); // nothing else happens while the learner has the keyboard
    expect(new HopClient(p).transcript[0]).toMatchObject({ kind: 'server', reply: { code: 220 } });
  });

  it('a correct submission hands the message on: the next hop runs and delivers', () => {
    const j = new Journey(DEFAULT_NETWORK, { takeover: { index: 1, side: 'client' } }).submit(
      toAlice,
    );
    const c = new HopClient(j.pending!);
    expect(c.suggested.slice(0, 3)).toEqual(['EHLO client.test', 'STARTTLS', 'EHLO client.test']);
    expect(c.suggested[3]).toMatch(/^AUTH PLAIN /); // RFC 6409 §4.3: the MUA logs in
    for (const line of c.suggested) c.type(line);
    expect(c.inData).toBe(true);
    c.sendText();
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 220, 250, 235, 250, 250, 354, 250, 221]);
    expect(c.done).toBe(true);
    j.finish(c.outcome()).run();
    expect(j.pending).toBeNull();
    expect(route(j.hops)).toEqual([
      '1 client.test -> submit.elsewhere.test:587 250',
      '2 submit.elsewhere.test -> mx1.example.test:25 250',
    ]);
    expect(j.hops[0]!.learner).toBe('client');
    expect(j.hops[1]!.learner).toBeUndefined();
    const stored = j.mailboxes.map((m) => [m.mailbox, m.host]);
    expect(stored).toEqual([['alice@example.test', 'mx1.example.test']]);
    // The text went through dot stuffing and back (RFC 5321 §4.5.2).
    expect(j.mailboxes[0]!.text.endsWith('Hi Alice.\r\n.hidden dot\r\n')).toBe(true);
  });

  it('relaying by hand to the MX delivers, and the dialogue shows the learner’s lines', () => {
    const j = new Journey(DEFAULT_NETWORK, { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    c.type('EHLO submit.elsewhere.test');
    c.type('MAIL FROM:<carol@elsewhere.test>\r\nRCPT TO:<alice@example.test>\r\nDATA');
    c.sendText();
    c.type('QUIT');
    j.finish(c.outcome()).run();
    expect(j.hops[1]).toMatchObject({ learner: 'client', accepted: ['alice@example.test'] });
    expect(j.hops[1]!.decided?.code).toBe(250);
    expect(j.hops[1]!.client.map((e) => e.text)).toContain('RCPT TO:<alice@example.test>');
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
    expect(j.queue).toEqual([]);
  });

  it('a message sent as one BDAT LAST chunk is taken as well (RFC 3030 §2)', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    c.type('EHLO submit.elsewhere.test\r\nMAIL FROM:<carol@elsewhere.test>');
    c.type('RCPT TO:<alice@example.test>');
    c.type('BDAT 18 LAST\r\nSubject: x\r\n\r\nhi');
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 250, 250, 250, 221]);
    const o = c.outcome();
    expect(o.result).toMatchObject({ accepted: ['alice@example.test'], final: { code: 250 } });
    // The chunk is shown as sent: no final dot after it.
    expect(o.client.map((e) => e.text).slice(-7)).toEqual([
      'Subject: x',
      '',
      'hi',
      '250 2.0.0 OK: queued as 2.00000001',
      'QUIT',
      '221 2.0.0 mx1.example.test Service closing transmission channel',
      'the server closed the connection',
    ]);
    j.finish(o).run();
    expect(j.mailboxes.map((m) => m.text.endsWith('Subject: x\r\n\r\nhi\r\n'))).toEqual([true]);
    expect(j.queue).toEqual([]);
  });

  it('a BDAT chunk that is not the last hands nothing on: quitting then keeps the message queued', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    c.type('EHLO submit.elsewhere.test\r\nMAIL FROM:<carol@elsewhere.test>');
    c.type('RCPT TO:<alice@example.test>');
    c.type('BDAT 12\r\nSubject: x');
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 250, 250, 250, 221]);
    expect(c.outcome().result).toMatchObject({ accepted: [], final: null });
    j.finish(c.outcome());
    expect(j.queue[0]).toMatchObject({ to: ['alice@example.test'], attempts: 1 });
  });

  it('quitting before the final dot delivers nothing: the message stays queued and is retried', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    const at = j.pending!.time;
    c.type('EHLO submit.elsewhere.test');
    c.type('MAIL FROM:<carol@elsewhere.test>');
    c.type('RCPT TO:<alice@example.test>');
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 250, 250, 221]);
    j.finish(c.outcome());
    expect(j.hops[1]).toMatchObject({ accepted: [], pending: ['alice@example.test'] });
    expect(j.mailboxes).toEqual([]);
    expect(j.queue).toHaveLength(1);
    // §4.5.4.1: retried after the world's interval (30 minutes), not at once.
    expect(j.queue[0]).toMatchObject({ host: 'submit.elsewhere.test', attempts: 1 });
    expect(j.queue[0]!.due).toBe(at + 30 * MINUTE);
    j.run();
    expect(route(j.hops).at(-1)).toBe('3 submit.elsewhere.test -> mx1.example.test:25 250');
    expect(j.hops[2]!.time).toBe(at + 30 * MINUTE + 1000);
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
  });

  it('hanging up in the middle of the text leaves it queued too (no 250 after the data)', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    c.type('HELO submit.elsewhere.test\r\nMAIL FROM:<carol@elsewhere.test>');
    c.type('RCPT TO:<alice@example.test>\r\nDATA\r\nSubject: half');
    c.hangUp();
    expect(c.done).toBe(true);
    j.finish(c.outcome());
    expect(j.mailboxes).toEqual([]);
    expect(j.queue[0]).toMatchObject({ to: ['alice@example.test'], attempts: 1 });
    expect(j.hops[1]!.client.at(-1)).toEqual({ kind: 'closed', text: 'you closed the connection' });
  });

  it('a typo answered 501 is the learner’s slip, not a refusal: nothing bounces', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } })
      .submit(toAlice)
      .run();
    const c = new HopClient(j.pending!);
    c.type('EHLO submit.elsewhere.test');
    c.type('MAIL FORM:<carol@elsewhere.test>');
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 501, 221]);
    j.finish(c.outcome());
    expect(j.events.some((e) => e.kind === 'bounced')).toBe(false);
    expect(j.queue[0]).toMatchObject({ to: ['alice@example.test'] });
  });

  it('a 550 to the learner’s RCPT bounces that recipient to the sender', () => {
    const j = new Journey(oneMx(), { takeover: { index: 2, side: 'client' } }).submit({
      ...toAlice,
      to: ['nobody@example.test'],
    });
    j.run();
    const c = new HopClient(j.pending!);
    c.type('EHLO submit.elsewhere.test');
    c.type('MAIL FROM:<carol@elsewhere.test>');
    c.type('RCPT TO:<nobody@example.test>');
    c.type('QUIT');
    expect(replies(c)).toEqual([220, 250, 250, 550, 221]);
    j.finish(c.outcome()).run();
    expect(j.hops[1]!.refused).toMatchObject([{ to: 'nobody@example.test', code: 550 }]);
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({
      host: 'submit.elsewhere.test',
      to: 'carol@elsewhere.test',
    });
  });
});

/** Plays the server with what the host would answer, or the reply `change` gives for an awaited label. */
async function playServer(s: HopServer, change: (label: string) => string | null = () => null) {
  for (let i = 0; i < 100 && !s.done; i++) {
    const awaited = s.reversal.waitingFor[0];
    if (!awaited) {
      await Promise.resolve(); // the simulated TLS handshake after a 220 to STARTTLS
      if (s.reversal.waitingFor.length === 0) break;
      continue;
    }
    s.answer(change(awaited.label) ?? s.request.server.wire(awaited.expected!));
  }
}

describe('the learner as the server of a hop', () => {
  const start = (network: Network, to = ['alice@example.test']) => {
    const j = new Journey(network, { takeover: { index: 2, side: 'server' } })
      .submit({ ...toAlice, to })
      .run();
    return { j, s: new HopServer(j.pending!) };
  };

  it('250 to everything: the host takes the message and delivers it to the mailbox', async () => {
    const { j, s } = start(DEFAULT_NETWORK);
    await playServer(s);
    expect(s.done).toBe(true);
    expect(s.verdicts.every((v) => v.matches)).toBe(true);
    j.finish(s.outcome()).run();
    expect(j.hops[1]).toMatchObject({ learner: 'server', accepted: ['alice@example.test'] });
    expect(j.hops[1]!.decided?.code).toBe(250);
    const stored = j.mailboxes[0]!;
    expect(stored).toMatchObject({ host: 'mx1.example.test', mailbox: 'alice@example.test' });
    const head = stored.text.split('\r\n\r\n')[0]!.replace(/\r\n\t/g, ' ');
    expect(head).toMatch(/^Return-Path: <carol@elsewhere\.test>\r\n/);
    expect(head).toContain(
      'Received: from submit.elsewhere.test ([198.51.100.25]) by mx1.example.test with ESMTPS id 2.00000001 for <alice@example.test>; Mon, 5 Jan 2026 09:00:02 +0000',
    );
  });

  it('451 to RCPT: the sender keeps the message and retries it on the schedule', async () => {
    const { j, s } = start(oneMx());
    await playServer(s, (label) => (label.startsWith('RCPT') ? '451 4.3.0 Try again later' : null));
    const verdict = s.verdicts.find((v) => v.verb === 'RCPT')!;
    expect(verdict).toMatchObject({ code: 451, listed: true, matches: false, expected: 250 });
    const at = j.pending!.time;
    j.finish(s.outcome());
    expect(j.hops[1]!.deferred).toMatchObject([{ to: 'alice@example.test', code: 451 }]);
    expect(j.queue).toHaveLength(1);
    expect(j.queue[0]).toMatchObject({ host: 'submit.elsewhere.test', attempts: 1 });
    expect(j.queue[0]!.lastReply?.code).toBe(451);
    expect(j.queue[0]!.due).toBe(at + 30 * MINUTE);
    expect(j.mailboxes).toEqual([]);
    j.run();
    expect(route(j.hops).at(-1)).toBe('3 submit.elsewhere.test -> mx1.example.test:25 250');
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
  });

  it('550 to RCPT: the sender bounces it, a DSN from <> back to the sender', async () => {
    const { j, s } = start(DEFAULT_NETWORK);
    await playServer(s, (label) =>
      label.startsWith('RCPT') ? '550 5.1.1 No such user here' : null,
    );
    j.finish(s.outcome()).run();
    expect(j.hops[1]!.refused).toMatchObject([{ to: 'alice@example.test', code: 550 }]);
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({
      host: 'submit.elsewhere.test',
      recipients: ['alice@example.test'],
      status: '5.1.1',
      to: 'carol@elsewhere.test',
    });
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.from).toBe('');
    expect(dsn.text).toContain('Return-Path: <>\r\n');
    expect(dsn.text).toContain('Action: failed');
    expect(j.mailboxes.some((m) => m.mailbox === 'alice@example.test')).toBe(false);
  });

  it('the hops before the one taken are the automatic journey’s, to the millisecond', () => {
    const auto = new Journey(oneMx()).submit(toAlice).run();
    const { j } = start(oneMx());
    expect(JSON.stringify(j.hops)).toBe(JSON.stringify(auto.hops.slice(0, 1)));
    expect(j.pending!.time).toBe(auto.hops[1]!.time);
  });

  it('as the submission server: a 451 to RCPT is told to the user at once, nothing queued', async () => {
    const j = new Journey(DEFAULT_NETWORK, { takeover: { index: 1, side: 'server' } }).submit(
      toAlice,
    );
    const s = new HopServer(j.pending!);
    expect(j.pending).toMatchObject({ port: 587, from: 'client.test' });
    await playServer(s, (label) => (label.startsWith('RCPT') ? '451 4.3.0 Try again later' : null));
    // The MUA logged in first (RFC 6409 §4.3): the learner's 235 was judged right.
    expect(s.verdicts.find((v) => v.verb === 'AUTH')).toMatchObject({ code: 235, matches: true });
    j.finish(s.outcome()).run();
    expect(j.events.find((e) => e.kind === 'unsent')).toMatchObject({
      host: 'submit.elsewhere.test',
      recipients: ['alice@example.test'],
      reply: { code: 451 },
    });
    expect(j.queue).toEqual([]);
    expect(j.hops).toHaveLength(1);
  });

  it('421 at the greeting closes: the client tries the next address of the MX', async () => {
    const { j, s } = start(DEFAULT_NETWORK);
    await playServer(s, (label) =>
      label === 'the connection' ? '421 mx1.example.test busy, closing' : null,
    );
    expect(s.done).toBe(true);
    j.finish(s.outcome()).run();
    expect(route(j.hops).slice(1, 3)).toEqual([
      '2 submit.elsewhere.test -> mx1.example.test:25 421',
      '3 submit.elsewhere.test -> mx1.example.test:25 250',
    ]);
    expect(j.hops[2]!.address).toBe('2001:db8::10');
    expect(j.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
  });

  it('a 250 for a mailbox the host does not have: having taken it, the host bounces it itself', async () => {
    const { j, s } = start(DEFAULT_NETWORK, ['nobody@example.test']);
    const yes: Record<string, string> = { DATA: '354 Go ahead', 'the message text': '250 OK' };
    await playServer(s, (label) =>
      label.startsWith('RCPT') ? '250 2.1.5 OK' : (yes[label] ?? null),
    );
    expect(s.verdicts.find((v) => v.verb === 'RCPT')).toMatchObject({
      matches: false,
      expected: 550,
    });
    j.finish(s.outcome()).run();
    expect(j.events.find((e) => e.kind === 'bounced')).toMatchObject({
      host: 'mx1.example.test',
      status: '5.1.1',
      to: 'carol@elsewhere.test',
    });
  });
});
