/**
 * Table tests, one row per case: from a starting point, send one line, check
 * the exact reply code (and text or state where it matters). Codes follow
 * RFC 5321 §4.3.2 (which codes each command may return) and §4.1.4 / §3.3
 * (sequence rules).
 */
import { describe, expect, it } from 'vitest';
import { formatReply, reply } from '../../src/protocol/replies.ts';
import type { World } from '../../src/protocol/world.ts';
import { open } from '../helpers.ts';

type Start = 'greeting' | 'ready' | 'mail' | 'rcpt';

const SETUP: Record<Start, string[]> = {
  greeting: [],
  ready: ['EHLO client.test'],
  mail: ['EHLO client.test', 'MAIL FROM:<alice@example.test>'],
  rcpt: ['EHLO client.test', 'MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>'],
};

interface Case {
  readonly from: Start;
  readonly send: string;
  readonly code: number;
  /** Wire text of the whole reply, or a pattern it must match. */
  readonly wire?: string | RegExp;
  /** State after the reply. */
  readonly state?: string;
  readonly world?: Partial<World>;
  readonly before?: readonly string[];
}

function check(c: Case) {
  const { session, codes } = open(c.world);
  for (const line of [...SETUP[c.from], ...(c.before ?? [])]) codes(line);
  const replies = session.send(c.send);
  expect(replies.map((r) => r.code)).toEqual([c.code]);
  const wire = session.wire(replies[0]!);
  if (typeof c.wire === 'string') expect(wire).toBe(c.wire);
  else if (c.wire) expect(wire).toMatch(c.wire);
  if (c.state) expect(session.state).toBe(c.state);
}

function table(title: string, cases: readonly Case[]) {
  describe(title, () => {
    for (const c of cases) {
      const label = `${c.from}: ${JSON.stringify(c.send)}${c.before?.length ? ` after ${c.before.join(', ')}` : ''} -> ${c.code}`;
      it(label, () => check(c));
    }
  });
}

table('HELO and EHLO (§4.1.1.1, §4.1.4)', [
  {
    from: 'greeting',
    send: 'HELO client.test',
    code: 250,
    wire: '250 mail.example.test greets client.test\r\n',
    state: 'ready',
  },
  { from: 'greeting', send: 'helo client.test', code: 250, state: 'ready' },
  {
    from: 'greeting',
    send: 'HELO',
    code: 501,
    wire: '501 5.5.4 Syntax: HELO <domain>\r\n',
    state: 'greeting',
  },
  { from: 'greeting', send: 'HELO bad_name.test', code: 501, state: 'greeting' },
  { from: 'greeting', send: 'HELO -dash.test', code: 501 },
  { from: 'greeting', send: 'HELO a..b', code: 501 },
  { from: 'greeting', send: 'HELO two words', code: 501 },
  { from: 'greeting', send: 'HELO [192.0.2.1]', code: 250 },
  { from: 'greeting', send: 'EHLO [192.0.2.1]', code: 250 },
  { from: 'greeting', send: 'EHLO [IPv6:2001:db8::1]', code: 250 },
  { from: 'greeting', send: 'EHLO [IPv6:::ffff:192.0.2.1]', code: 250 },
  { from: 'greeting', send: 'EHLO [300.1.1.1]', code: 501, state: 'greeting' },
  { from: 'greeting', send: 'EHLO [IPv6:1:2:3:4:5:6:7:8:9]', code: 501 },
  {
    from: 'greeting',
    send: 'EHLO client.test',
    code: 250,
    wire: '250-mail.example.test greets client.test\r\n250-PIPELINING\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 EXPN\r\n',
    state: 'ready',
  },
  // HELO never gets the extended reply (§3.2).
  { from: 'greeting', send: 'HELO client.test', code: 250, wire: /^250 [^\r\n]+\r\n$/ },
  // A later EHLO resets the session as RSET does (§4.1.4).
  { from: 'rcpt', send: 'EHLO again.test', code: 250, state: 'ready' },
  { from: 'mail', send: 'HELO again.test', code: 250, state: 'ready' },
  // A refused EHLO leaves the state as it was (§4.1.4).
  { from: 'rcpt', send: 'EHLO bad_name', code: 501, state: 'transaction.rcpt' },
]);

table('MAIL (§4.1.1.2, §3.3)', [
  { from: 'greeting', send: 'MAIL FROM:<alice@example.test>', code: 503, state: 'greeting' },
  {
    from: 'ready',
    send: 'MAIL FROM:<alice@example.test>',
    code: 250,
    wire: '250 2.1.0 OK\r\n',
    state: 'transaction.mail',
  },
  { from: 'ready', send: 'mail from:<alice@example.test>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<>', code: 250, state: 'transaction.mail' },
  { from: 'ready', send: 'MAIL FROM:<"joe,smith"@example.test>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<"a\\"b"@example.test>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<user@[192.0.2.7]>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<@relay.test,@hop.test:alice@example.test>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<first.last+tag@example.test>', code: 250 },
  { from: 'ready', send: 'MAIL FROM:alice@example.test', code: 501, state: 'ready' },
  {
    from: 'ready',
    send: 'MAIL FROM: <alice@example.test>',
    code: 501,
    wire: /^501 5\.1\.7 /,
    state: 'ready',
  },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice>', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<postmaster>', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<.alice@example.test>', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice.@example.test>', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<al ice@example.test>', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice@exa_mple.test>', code: 501 },
  { from: 'ready', send: `MAIL FROM:<${'a'.repeat(65)}@example.test>`, code: 501 },
  { from: 'ready', send: 'MAIL FROM:<jörg@example.test>', code: 501 },
  {
    from: 'ready',
    send: 'MAIL TO:<alice@example.test>',
    code: 501,
    wire: '501 5.5.4 Syntax: MAIL FROM:<reverse-path> [SP <mail-parameters>]\r\n',
  },
  { from: 'ready', send: 'MAIL', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> SIZE=1000', code: 250 },
  {
    from: 'ready',
    send: 'MAIL FROM:<alice@example.test> SIZE=99999999',
    code: 552,
    wire: /^552 5\.3\.4 /,
    state: 'ready',
  },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> SIZE=big', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> BODY=8BITMIME', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> body=7bit', code: 250 },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> BODY=BINARYMIME', code: 501 },
  { from: 'ready', send: 'MAIL FROM:<alice@example.test> SIZE=1 SIZE=2', code: 501 },
  {
    from: 'ready',
    send: 'MAIL FROM:<alice@example.test> FOO=BAR',
    code: 555,
    wire: /^555 5\.5\.4 /,
  },
  {
    from: 'ready',
    send: 'MAIL FROM:<alice@example.test> SIZE=1000',
    code: 555,
    world: { extensions: ['8BITMIME'] },
  },
  // Parameters belong to sessions opened with EHLO (RFC 1869 §6).
  {
    from: 'greeting',
    before: ['HELO client.test'],
    send: 'MAIL FROM:<alice@example.test> SIZE=1000',
    code: 555,
  },
  {
    from: 'mail',
    send: 'MAIL FROM:<bob@example.test>',
    code: 503,
    wire: formatReply(reply('badSequence', { reason: 'nested MAIL command' }), true),
    state: 'transaction.mail',
  },
  { from: 'rcpt', send: 'MAIL FROM:<bob@example.test>', code: 503, state: 'transaction.rcpt' },
]);

table('RCPT (§4.1.1.3, §3.3, §4.5.3.1.10)', [
  { from: 'greeting', send: 'RCPT TO:<bob@example.test>', code: 503 },
  { from: 'ready', send: 'RCPT TO:<bob@example.test>', code: 503, wire: /need MAIL before RCPT/ },
  {
    from: 'mail',
    send: 'RCPT TO:<bob@example.test>',
    code: 250,
    wire: '250 2.1.5 OK\r\n',
    state: 'transaction.rcpt',
  },
  { from: 'mail', send: 'RCPT TO:<BOB@EXAMPLE.TEST>', code: 250 },
  { from: 'mail', send: 'RCPT TO:<postmaster>', code: 250, state: 'transaction.rcpt' },
  { from: 'mail', send: 'RCPT TO:<Postmaster>', code: 250 },
  { from: 'mail', send: 'RCPT TO:<postmaster@example.test>', code: 250 },
  { from: 'mail', send: 'RCPT TO:<staff@example.test>', code: 250 },
  {
    from: 'mail',
    send: 'RCPT TO:<nobody@example.test>',
    code: 550,
    wire: '550 5.1.1 No such user here\r\n',
    state: 'transaction.mail',
  },
  {
    from: 'mail',
    send: 'RCPT TO:<bob@elsewhere.test>',
    code: 550,
    wire: /^550 5\.7\.1 Relaying denied/,
  },
  {
    from: 'mail',
    send: 'RCPT TO:<bob@elsewhere.test>',
    code: 250,
    world: { relayDomains: ['elsewhere.test'] },
  },
  { from: 'mail', send: 'RCPT TO:<bob@anywhere.test>', code: 250, world: { relayDomains: ['*'] } },
  { from: 'mail', send: 'RCPT TO:<>', code: 501 },
  { from: 'mail', send: 'RCPT TO:bob@example.test', code: 501, wire: /^501 5\.1\.3 / },
  { from: 'mail', send: 'RCPT TO: <bob@example.test>', code: 501 },
  { from: 'mail', send: 'RCPT FROM:<bob@example.test>', code: 501 },
  { from: 'mail', send: 'RCPT TO:<bob@example.test> NOTIFY=NEVER', code: 555 },
  // A source route is accepted and ignored (§4.1.2, Appendix C; RFC 1123 §5.2.6).
  { from: 'mail', send: 'RCPT TO:<@hop.test:bob@example.test>', code: 250 },
  {
    from: 'mail',
    send: 'RCPT TO:<carol@example.test>',
    code: 251,
    wire: '251 2.1.5 User not local; will forward to <carol@elsewhere.test>\r\n',
    world: { forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'forward' }] },
    state: 'transaction.rcpt',
  },
  {
    from: 'mail',
    send: 'RCPT TO:<carol@example.test>',
    code: 551,
    wire: '551 5.1.6 User not local; please try <carol@elsewhere.test>\r\n',
    world: { forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'refuse' }] },
  },
  { from: 'rcpt', send: 'RCPT TO:<alice@example.test>', code: 250, state: 'transaction.rcpt' },
]);

table('DATA (§4.1.1.4, §3.3)', [
  { from: 'greeting', send: 'DATA', code: 503 },
  { from: 'ready', send: 'DATA', code: 503, wire: /need MAIL before DATA/ },
  {
    from: 'mail',
    send: 'DATA',
    code: 503,
    wire: /need RCPT before DATA/,
    state: 'transaction.mail',
  },
  // Every RCPT refused: 554 "no valid recipients" (our default) or 503; §3.3 allows both.
  {
    from: 'mail',
    before: ['RCPT TO:<nobody@example.test>'],
    send: 'DATA',
    code: 554,
    wire: '554 5.5.1 No valid recipients\r\n',
    state: 'transaction.mail',
  },
  {
    from: 'mail',
    before: ['RCPT TO:<nobody@example.test>'],
    send: 'DATA',
    code: 503,
    world: { noValidRecipients: 503 },
  },
  {
    from: 'rcpt',
    send: 'DATA',
    code: 354,
    wire: formatReply(reply('startData'), true),
    state: 'data',
  },
  { from: 'rcpt', send: 'DATA now', code: 501, state: 'transaction.rcpt' },
  { from: 'rcpt', before: ['RCPT TO:<nobody@example.test>'], send: 'DATA', code: 354 },
]);

table('RSET, NOOP, QUIT in every state (§4.1.1.5, §4.1.1.9, §4.1.1.10)', [
  { from: 'greeting', send: 'RSET', code: 250, state: 'greeting' },
  { from: 'ready', send: 'RSET', code: 250, state: 'ready' },
  { from: 'mail', send: 'RSET', code: 250, state: 'ready' },
  { from: 'rcpt', send: 'RSET', code: 250, wire: '250 2.0.0 OK\r\n', state: 'ready' },
  { from: 'rcpt', send: 'RSET now', code: 501, state: 'transaction.rcpt' },
  { from: 'greeting', send: 'NOOP', code: 250, state: 'greeting' },
  { from: 'ready', send: 'NOOP', code: 250 },
  { from: 'mail', send: 'NOOP', code: 250, state: 'transaction.mail' },
  { from: 'rcpt', send: 'NOOP anything at all', code: 250, state: 'transaction.rcpt' },
  {
    from: 'greeting',
    send: 'QUIT',
    code: 221,
    wire: '221 2.0.0 mail.example.test Service closing transmission channel\r\n',
    state: 'closed',
  },
  { from: 'ready', send: 'QUIT', code: 221, state: 'closed' },
  { from: 'mail', send: 'QUIT', code: 221, state: 'closed' },
  { from: 'rcpt', send: 'QUIT', code: 221, state: 'closed' },
  { from: 'ready', send: 'QUIT now', code: 501, state: 'ready' },
]);

table('VRFY and EXPN (§3.5, §4.1.1.6-7; RFC 1123 §5.2.3)', [
  // No EHLO needed (§4.1.4).
  {
    from: 'greeting',
    send: 'VRFY bob',
    code: 250,
    wire: '250 2.1.5 Bob Example <bob@example.test>\r\n',
    state: 'greeting',
  },
  { from: 'ready', send: 'VRFY bob@example.test', code: 250 },
  { from: 'ready', send: 'VRFY <bob@example.test>', code: 250 },
  {
    from: 'ready',
    send: 'VRFY Example',
    code: 553,
    wire: /^553-5\.1\.4 Ambiguous; Possibilities are\r\n553-5\.1\.4 Alice Example <alice@example.test>\r\n553 5\.1\.4 Bob Example <bob@example.test>\r\n$/,
  },
  {
    from: 'ready',
    send: 'VRFY nobody',
    code: 550,
    wire: '550 5.1.1 String does not match anything.\r\n',
  },
  { from: 'ready', send: 'VRFY staff', code: 252 },
  { from: 'ready', send: 'VRFY', code: 501 },
  { from: 'ready', send: 'VRFY bob', code: 252, world: { vrfy: 'cannot-verify' } },
  { from: 'ready', send: 'VRFY bob', code: 550, world: { vrfy: 'deny' } },
  { from: 'ready', send: 'VRFY bob', code: 502, world: { vrfy: 'disabled' } },
  { from: 'mail', send: 'VRFY bob', code: 250, state: 'transaction.mail' },
  {
    from: 'ready',
    send: 'EXPN staff',
    code: 250,
    wire: '250-2.1.5 Alice Example <alice@example.test>\r\n250 2.1.5 Bob Example <bob@example.test>\r\n',
  },
  { from: 'greeting', send: 'EXPN staff', code: 250 },
  { from: 'ready', send: 'EXPN bob', code: 550, wire: /That is a user name, not a mailing list/ },
  { from: 'ready', send: 'EXPN nothing', code: 550 },
  { from: 'ready', send: 'EXPN staff', code: 502, world: { expn: 'disabled' } },
  { from: 'ready', send: 'EXPN staff', code: 550, world: { expn: 'deny' } },
  { from: 'ready', send: 'EXPN staff', code: 252, world: { expn: 'cannot-verify' } },
]);

table('HELP (§4.1.1.8)', [
  {
    from: 'greeting',
    send: 'HELP',
    code: 214,
    wire: /^214-2\.0\.0 [^\r]*\r\n(214-[^\r]*\r\n)*214 2\.0\.0 [^\r]*\r\n$/,
  },
  { from: 'ready', send: 'HELP mail', code: 214, wire: /MAIL FROM:<reverse-path>/ },
  { from: 'ready', send: 'HELP FOO', code: 504 },
]);

table('Unknown commands and bad lines (§4.2.4, §4.5.3.1.4)', [
  {
    from: 'greeting',
    send: 'FOO',
    code: 500,
    wire: formatReply(reply('unrecognized'), true),
  },
  { from: 'rcpt', send: 'XFOO bar', code: 500, state: 'transaction.rcpt' },
  { from: 'ready', send: '', code: 500 },
  { from: 'ready', send: 'MAILFROM:<alice@example.test>', code: 500 },
  // RFC 821-only commands do not exist in RFC 5321.
  { from: 'ready', send: 'SEND FROM:<alice@example.test>', code: 500 },
  { from: 'ready', send: 'TURN', code: 500 },
  {
    from: 'ready',
    send: `NOOP ${'x'.repeat(600)}`,
    code: 500,
    wire: '500 5.5.2 Line too long\r\n',
    state: 'ready',
  },
]);

table('Enhanced status codes only when the extension is on (RFC 2034 §3)', [
  {
    from: 'ready',
    send: 'MAIL FROM:<alice@example.test>',
    code: 250,
    wire: '250 OK\r\n',
    world: { extensions: [] },
  },
  {
    from: 'mail',
    send: 'RCPT TO:<nobody@example.test>',
    code: 550,
    wire: '550 No such user here\r\n',
    world: { extensions: [] },
  },
  { from: 'rcpt', send: 'DATA', code: 354, wire: /^354 Start/ },
  {
    from: 'greeting',
    send: 'EHLO client.test',
    code: 250,
    wire: '250-mail.example.test greets client.test\r\n250 EXPN\r\n',
    world: { extensions: [] },
  },
]);

describe('limits', () => {
  it('a 512-octet command line is accepted, 513 is "500 Line too long" (§4.5.3.1.4)', () => {
    const { session } = open({ extensions: [] });
    const base = 'NOOP ';
    expect(
      session.feed(`${base}${'x'.repeat(512 - base.length - 2)}\r\n`).map((r) => r.code),
    ).toEqual([250]);
    expect(
      session.feed(`${base}${'x'.repeat(513 - base.length - 2)}\r\n`).map((r) => r.code),
    ).toEqual([500]);
  });

  it('SIZE raises the limit for the line by 26 octets (RFC 1870 §3)', () => {
    const { session } = open({ extensions: ['SIZE'] });
    expect(session.feed(`NOOP ${'x'.repeat(512 + 26 - 7)}\r\n`).map((r) => r.code)).toEqual([250]);
  });

  it('a line too long arriving in pieces is refused once, and the session goes on', () => {
    const { session, codes } = open();
    const replies = [
      ...session.feed('NOOP '),
      ...session.feed('y'.repeat(4000)),
      ...session.feed('y'.repeat(4000)),
      ...session.feed('\r\nNOOP\r\n'),
    ];
    expect(replies.map((r) => r.code)).toEqual([500, 250]);
    expect(session.buffered).toBe(0);
    expect(codes('EHLO client.test')).toEqual([250]);
  });

  it('recipients past the limit get 452 and the accepted ones are kept (§4.5.3.1.10)', () => {
    const { session, codes } = open({ maxRecipients: 100 });
    codes('EHLO client.test', 'MAIL FROM:<alice@example.test>');
    const rcpts = Array.from({ length: 101 }, () => 'RCPT TO:<bob@example.test>');
    const got = codes(...rcpts);
    expect(got.slice(0, 100).every((c) => c === 250)).toBe(true);
    expect(got[100]).toBe(452);
    expect(codes('DATA')).toEqual([354]);
    expect(session.feed('hi\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    expect(session.mailbox[0]!.recipients).toHaveLength(100);
  });

  it('after maxErrors error replies, the next failing command gets 421 and the session closes', () => {
    const { session, codes } = open({ maxErrors: 3 });
    expect(codes('FOO', 'BAR', 'BAZ')).toEqual([500, 500, 500]);
    expect(session.closed).toBe(false);
    // A command that succeeds is still answered: only a failing one ends the session.
    expect(codes('NOOP', 'EHLO client.test')).toEqual([250, 250]);
    expect(codes('QUX')).toEqual([421]);
    expect(session.closed).toBe(true);
    expect(codes('NOOP')).toEqual([]);
  });

  it('the default boundary: 20 errors are answered, the 21st failing command gets 421', () => {
    const { session, codes } = open();
    const replies = codes(...Array.from({ length: 20 }, () => 'FOO'));
    expect(replies).toEqual(Array(20).fill(500));
    expect(session.closed).toBe(false);
    expect(codes('FOO')).toEqual([421]);
    expect(session.closed).toBe(true);
  });

  it('after QUIT, input is ignored', () => {
    const { session } = open();
    expect(session.feed('QUIT\r\nNOOP\r\nNOOP\r\n').map((r) => r.code)).toEqual([221]);
    expect(session.closed).toBe(true);
  });
});
