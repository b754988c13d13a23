/** Every error explained, from the catalog and the dialect, never from lesson text. */
import { describe, expect, it } from 'vitest';
import { replyCodeInfo } from '../../src/kit/reply-codes.ts';
import { explainErrors, explainReply, formatExplanation } from '../../src/lessons/explain.ts';
import { citeReply, withinEra } from '../../src/protocol/citations.ts';
import { LessonSession } from '../../src/lessons/run.ts';
import { CATALOG } from '../../src/protocol/replies.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';

function errors(lines: string[], settings = {}) {
  const s = new LessonSession(settings);
  for (const l of lines) s.type(l);
  return explainErrors(s.transcript, s.dialect, s.injected);
}

describe('error explanations', () => {
  it('pair each reply with the command of its own step, however the entries are ordered', () => {
    // A pipelined group logged with its commands first, then its replies (RFC 2920 §3.1).
    const s = new LessonSession({});
    s.type('EHLO client.test');
    s.type('MAIL FROM:<alice@example.test');
    s.type('NOOP');
    const entries = s.transcript.filter((e) => e.step >= 2);
    const reordered = [
      ...s.transcript.filter((e) => e.step < 2),
      ...entries.filter((e) => e.kind === 'client'),
      ...entries.filter((e) => e.kind !== 'client'),
    ];
    const [x] = explainErrors(reordered, s.dialect);
    expect(x).toMatchObject({ code: 501, command: 'MAIL FROM:<alice@example.test' });
  });

  it('explain a 503 with the catalog entry, the reason the server gave and the era table', () => {
    const [x] = errors(['HELO client.test', 'MAIL FROM:<a@client.test>', 'DATA'], {
      dialect: 'rfc821',
    });
    expect(x).toMatchObject({
      code: 503,
      command: 'DATA',
      id: 'badSequence',
      reason: 'need RCPT before DATA',
      // RFC 821 §4.1.1: commands out of order get 503 (not RFC 5321, which came 26 years later).
      rfc: 'RFC 821 §4.1.1',
      classRfc: 'RFC 821 Appendix E',
      severity: 'permanent',
      scripted: false,
    });
    expect(x!.dialectNote).toBe('RFC 821 (August 1982) lists 503 among the error replies to DATA');
    expect(formatExplanation(x!)).toContain('need RCPT before DATA');
    expect(formatExplanation(x!)).not.toContain('5321');
    expect(formatExplanation(x!)).toContain('(RFC 821 Appendix E)');
  });

  it('explain a 500 to EHLO on an RFC 821 server: the verb is not in the era', () => {
    const [x] = errors(['EHLO client.test'], { dialect: 'rfc821' });
    expect(x).toMatchObject({ code: 500, id: 'unrecognized', rfc: 'RFC 821 §4.2.2' });
    expect(x!.dialectNote).toMatch(/^EHLO is not a command of RFC 821 \(August 1982\)/);
  });

  it('explain 530 with its catalog RFC section, and 551 in an RFC 821 session by RFC 821', () => {
    const sub = errors(['EHLO client.test', 'MAIL FROM:<alice@example.test>'], {
      profile: 'submission',
    });
    expect(sub.map((x) => [x.code, x.rfc])).toEqual([[530, CATALOG.authRequired.rfc]]);
    const moved = errors(
      ['HELO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<dave@example.test>'],
      {
        dialect: 'rfc821',
        world: { forwards: [{ local: 'dave', to: 'dave@elsewhere.test', mode: 'refuse' }] },
      },
    );
    expect(moved.map((x) => [x.code, x.meaning, x.rfc])).toEqual([
      [551, 'User not local; please try <dave@elsewhere.test>', 'RFC 821 §3.2'],
    ]);
  });

  it('know the verbs extensions add (AUTH before STARTTLS on submission)', () => {
    const s = new LessonSession({ profile: 'submission' });
    for (const l of ['EHLO client.test', 'AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=']) s.type(l);
    const [x] = s.explain();
    expect(x).toMatchObject({ code: 530, id: 'tlsRequired', rfc: CATALOG.tlsRequired.rfc });
    expect(x!.dialectNote).toMatch(/^AUTH comes from a service extension \(AUTH, RFC 4954/);
  });

  it('leave positive replies alone', () => {
    expect(errors(['EHLO client.test', 'NOOP'])).toEqual([]);
  });
});

/** Lines that draw errors of every kind from a server of any era. */
const PROVOKE = [
  'BOGUS',
  'NOOP extra',
  'QUIT now',
  'MAIL',
  'MAIL FROM:nobody',
  'RCPT TO:<bob@example.test>',
  'DATA',
  'MRCP TO:<bob@example.test>',
  'MRSQ X',
  'CONT',
  'ABRT',
  'HELO',
  'VRFY',
  `NOOP ${'x'.repeat(1200)}`,
  'EHLO client.test',
  'HELO client.test',
  'MAIL FROM:<alice@client.test> TO:<nobody@example.test>',
  'MAIL FROM:<alice@client.test> TO:<@relay.test,@other.test,dave@far.test>',
  'MAIL FROM:<alice@client.test>',
  'MAIL FROM:<alice@client.test> SIZE=999999999999',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<dave@far.test>',
  'RCPT TO:<bob@example.test> NOTIFY=NEVER',
  'VRFY nobody',
  'EXPN bob',
  'TURN',
  'BDAT 10 LAST',
  'STARTTLS',
  'AUTH PLAIN',
  'HELP FOO',
];

/** Every citation in the explanations of a session, hovers of its reply codes included. */
function citations(dialect: keyof typeof DIALECTS, lines: readonly string[]) {
  const s = new LessonSession({ dialect });
  for (const l of lines) if (!s.closed) s.type(l);
  const out: { code: number; rfc: string }[] = [];
  let last: string | null = null;
  for (const e of s.transcript) {
    if (e.kind === 'client') last = e.text;
    if (e.kind !== 'server') continue;
    out.push({ code: e.reply.code, rfc: citeReply(s.dialect, e.reply) });
    const x = explainReply(e, last, s.dialect);
    if (x) out.push({ code: x.code, rfc: formatExplanation(x) });
    for (const line of replyCodeInfo(e.reply.code, s.dialect))
      out.push({ code: e.reply.code, rfc: line });
  }
  return out;
}

describe('explanations in the era of the session', () => {
  for (const id of Object.keys(DIALECTS) as (keyof typeof DIALECTS)[]) {
    const d = DIALECTS[id];
    it(`${id}: every reply the server sends is explained from RFC ${d.rfc} or an earlier RFC`, () => {
      const found = [
        ...citations(id, PROVOKE),
        ...citations(id, [...PROVOKE].reverse()),
        ...citations(id, PROVOKE.slice(14)),
      ];
      expect(found.length).toBeGreaterThan(20);
      const codes = new Set(found.map((f) => f.code));
      expect(codes.size).toBeGreaterThan(3);
      for (const f of found) expect(withinEra(d, f.rfc), `${id} ${f.code}: ${f.rfc}`).toBe(true);
    });
  }

  it('a 500 from an RFC 780 server cites RFC 780, and 5321 nowhere', () => {
    const [x] = errors(['BOGUS'], { dialect: 'rfc780' });
    expect(x).toMatchObject({ code: 500, rfc: 'RFC 780 §5.2.2', classRfc: 'RFC 780 Appendix E' });
    expect(formatExplanation(x!)).not.toMatch(/5321/);
  });

  it('today the catalog sections stay', () => {
    const [x] = errors(['EHLO client.test', 'DATA']);
    expect(x).toMatchObject({
      code: 503,
      rfc: CATALOG.badSequence.rfc,
      classRfc: 'RFC 5321 §4.2.1',
    });
  });
});
