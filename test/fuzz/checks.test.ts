/**
 * The fuzzer's checks catch what they are meant to: each is handed a
 * deliberately broken reply, delivery or run and must report it (and must
 * pass the genuine article), so a fuzz run cannot pass by checking nothing.
 */
import { describe, expect, it } from 'vitest';
import { createSession, type TranscriptEntry } from '../../src/machines/session.ts';
import type { Delivery } from '../../src/machines/types.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { makeWorld, type World } from '../../src/protocol/world.ts';
import { now } from '../property/arbitraries.ts';
import {
  chunkingProblems,
  envelopeProblems,
  normalPath,
  replyPerCommandProblems,
  replyProblems,
  type Outcome,
} from './checks.ts';
import { emptySummary, memoryProblems, type Summary } from './fuzz.ts';

const kinds = (ps: readonly { kind: string }[]) => ps.map((p) => p.kind);

describe('replyProblems: RFC 5321 §4.2, §4.5.3.1.5, RFC 2034 §4', () => {
  it('passes well-formed replies', () => {
    for (const wire of [
      '250 OK\r\n',
      '250-mail.example.test greets client.test\r\n250-SIZE 1000\r\n250 HELP\r\n',
      '250 2.1.5 OK\r\n',
      '550-5.1.1 no\r\n550 5.1.1 such user\r\n',
      '354 Start mail input; end with <CRLF>.<CRLF>\r\n',
      '334 \r\n',
      '220\r\n',
      '250-\r\n250 last\r\n',
      `250 ${'x'.repeat(506)}\r\n`,
    ])
      expect(replyProblems(wire), wire).toEqual([]);
    expect(replyProblems('151 User not local; will forward\r\n', { mtp: true })).toEqual([]);
  });

  it.each([
    ['250 OK', 'reply-syntax'],
    ['250 OK\n', 'reply-syntax'],
    ['25 OK\r\n', 'reply-syntax'],
    ['650 OK\r\n', 'reply-syntax'],
    ['151 forward\r\n', 'reply-syntax'],
    ['260 OK\r\n', 'reply-syntax'],
    ['250-a\r\n251 b\r\n', 'reply-syntax'],
    ['250 a\r\n250 b\r\n', 'reply-syntax'],
    ['250-a\r\n250-b\r\n', 'reply-syntax'],
    ['250 a\nb\r\n', 'reply-syntax'],
    ['250 a\rb\r\n', 'reply-syntax'],
    ['250_OK\r\n', 'reply-syntax'],
    ['250 \r\n', 'reply-syntax'],
    [`250 ${'x'.repeat(507)}\r\n`, 'reply-length'],
    [`250-ok\r\n250 ${'\u00e9'.repeat(254)}\r\n`, 'reply-length'],
    ['214 MAIL (RFC 5321 \u00a74.1.1.2)\r\n', 'reply-text'],
    ['250 caf\u00e9\r\n', 'reply-text'],
    ['250 a\u0000b\r\n', 'reply-text'],
    ['550 2.1.1 No such user\r\n', 'enhanced-code'],
    ['550 3.1.1 No such user\r\n', 'enhanced-code'],
    ['354 2.0.0 Go ahead\r\n', 'enhanced-code'],
    ['250 2.0.1000 OK\r\n', 'enhanced-code'],
    ['250-2.0.0 a\r\n250 b\r\n', 'enhanced-code'],
    ['250-2.0.0 a\r\n250 2.1.0 b\r\n', 'enhanced-code'],
  ])('reports %j as %s', (wire, kind) => {
    expect(kinds(replyProblems(wire))).toContain(kind);
  });
});

// ---------------------------------------------------------------- envelopes

const WORLD: Partial<World> = { relayDomains: ['relay.test'] };

/** A genuine session's transcript: two messages, the second to two recipients, then QUIT. */
function genuine() {
  const session = createSession({ world: WORLD, now });
  session.feed(
    'EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nHi\r\n.\r\n' +
      'MAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nRCPT TO:<x@relay.test>\r\nRCPT TO:<y@far.test>\r\n' +
      'DATA\r\nHello\r\n.\r\nQUIT\r\n',
  );
  expect(session.mailbox).toHaveLength(2);
  return { transcript: [...session.transcript], mailbox: session.mailbox };
}

const ctx = { world: makeWorld(WORLD), dialect: DIALECTS.rfc5321 };
const deliveryAt = (t: readonly TranscriptEntry[], n: number) =>
  t.findIndex((e) => e.kind === 'delivery' && e.delivery.id.endsWith(String(n)));
const withDelivery = (d: Delivery, step = 0): TranscriptEntry => ({
  kind: 'delivery',
  step,
  delivery: d,
});
const problemsOf = (t: readonly TranscriptEntry[]) => envelopeProblems(t, ctx);

describe('envelopeProblems: RFC 5321 §3.3, §4.1.4, §3.6.2, §7.9', () => {
  it('passes a genuine session', () => {
    expect(problemsOf(genuine().transcript)).toEqual([]);
  });

  it('reports an accepted end of data with no delivery', () => {
    const { transcript } = genuine();
    transcript.splice(deliveryAt(transcript, 1), 1);
    expect(kinds(problemsOf(transcript))).toContain('envelope');
  });

  it('reports two deliveries for one end of data', () => {
    const { transcript, mailbox } = genuine();
    transcript.splice(deliveryAt(transcript, 1), 0, withDelivery(mailbox[0]!));
    expect(kinds(problemsOf(transcript))).toContain('envelope');
  });

  it('reports a recipient that was refused, or one left out', () => {
    const { transcript, mailbox } = genuine();
    const d = mailbox[1]!;
    const at = deliveryAt(transcript, 2);
    const refused = { ...d.recipients[1]!, text: '<y@far.test>' };
    transcript[at] = withDelivery({ ...d, recipients: [d.recipients[0]!, refused] });
    expect(
      problemsOf(transcript)
        .map((p) => p.detail)
        .join(),
    ).toContain('<y@far.test>');
    transcript[at] = withDelivery({ ...d, recipients: [d.recipients[0]!] });
    expect(kinds(problemsOf(transcript))).toContain('envelope');
  });

  it('reports a reverse path other than the MAIL command gave', () => {
    const { transcript, mailbox } = genuine();
    transcript[deliveryAt(transcript, 1)] = withDelivery({
      ...mailbox[0]!,
      reversePath: '<mallory@example.test>',
    });
    expect(kinds(problemsOf(transcript))).toContain('envelope');
  });

  it('reports a delivery after a command, with no end of data', () => {
    const { transcript, mailbox } = genuine();
    const rcpt = transcript.findIndex((e) => e.kind === 'client' && e.text.startsWith('RCPT'));
    transcript.splice(rcpt + 2, 0, withDelivery(mailbox[0]!));
    expect(kinds(problemsOf(transcript))).toContain('envelope');
  });

  it('reports a delivery after 221', () => {
    const { transcript, mailbox } = genuine();
    transcript.push(withDelivery(mailbox[0]!));
    expect(kinds(problemsOf(transcript))).toContain('after-close');
  });

  it('reports mail for a domain the world does not relay to', () => {
    const { transcript, mailbox } = genuine();
    const at = deliveryAt(transcript, 2);
    const d = mailbox[1]!;
    const far = {
      ...d.recipients[1]!,
      path: {
        kind: 'mailbox' as const,
        mailbox: { local: 'x', localValue: 'x', domain: 'far.test', literal: false },
        route: [],
      },
    };
    transcript[at] = withDelivery({ ...d, recipients: [d.recipients[0]!, far] });
    expect(kinds(problemsOf(transcript))).toContain('relay');
    // The same delivery is fine where the world relays anywhere.
    const open = { ...ctx, world: makeWorld({ relayDomains: ['*'] }) };
    expect(kinds(envelopeProblems(transcript, open))).not.toContain('relay');
  });

  it('reads paths the way the server writes them', () => {
    expect(normalPath('<@hop.test:Bob@Example.test>')).toBe('<bob@example.test>');
    expect(normalPath('<@a,@b,bob@example.test>')).toBe('<bob@example.test>');
    expect(normalPath('<>')).toBe('<>');
  });
});

describe('replyPerCommandProblems: RFC 5321 §4.2', () => {
  it('reports a command line left without a reply', () => {
    const { transcript } = genuine();
    expect(replyPerCommandProblems(transcript)).toEqual([]);
    const at = transcript.findIndex((e) => e.kind === 'server' && e.reply.code === 221);
    transcript.splice(at, 1);
    transcript.push({ kind: 'client', step: 99, text: 'NOOP', ending: 'CRLF' });
    expect(kinds(replyPerCommandProblems(transcript))).toEqual(['no-reply']);
  });
});

describe('chunkingProblems', () => {
  const base: Outcome = {
    wires: ['220 a\r\n', '250 OK\r\n'],
    mailbox: [],
    state: 'ready',
    closed: false,
  };
  it('passes equal runs and reports any difference', () => {
    expect(chunkingProblems(base, { ...base }, 'cut')).toEqual([]);
    expect(kinds(chunkingProblems(base, { ...base, wires: ['220 a\r\n'] }, 'cut'))).toEqual([
      'chunking',
    ]);
    const { mailbox } = genuine();
    expect(kinds(chunkingProblems(base, { ...base, mailbox }, 'cut'))).toEqual(['chunking']);
    expect(kinds(chunkingProblems(base, { ...base, closed: true }, 'cut'))).toEqual(['chunking']);
  });
});

describe('memoryProblems', () => {
  const summary = (step: number): Summary => ({
    ...emptySummary(1),
    sessions: 40_000,
    heap: Array.from({ length: 40 }, (_, i) => ({ at: (i + 1) * 1000, used: 9e6 + i * step })),
  });
  it('reports a heap that grows with the sessions run, not a flat one', () => {
    expect(memoryProblems(summary(0))).toEqual([]);
    expect(memoryProblems(summary(50_000))).toEqual([]);
    // 1 MB more every 1,000 sessions: a leak of about 1 KB per session.
    expect(kinds(memoryProblems(summary(1024 * 1024)))).toEqual(['memory']);
  });
});
