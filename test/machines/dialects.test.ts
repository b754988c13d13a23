/**
 * The eras: every example session their RFCs print, replayed against the
 * era's own dialect; commands of other eras refused as that era's server
 * would; and the rules that changed from one era to the next.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/machines/replay.ts';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import type { World } from '../../src/protocol/world.ts';
import { FIXED_NOW, fixture } from '../helpers.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('every example session of RFC 772, 780, 788, 821 and 5321, replayed in its own dialect', () => {
  for (const dialect of ['rfc772', 'rfc780', 'rfc788', 'rfc821', 'rfc5321']) {
    const dir = fileURLToPath(new URL(`../../library/${dialect}/`, import.meta.url));
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.smtp'))) {
      it(`${dialect}/${name}`, () => {
        const file = parseTranscript(fixture(`${dialect}/${name}`));
        expect(file.meta.dialect).toBe(dialect);
        const result = replay(file, { now: FIXED_NOW });
        expect(result.mismatches).toEqual([]);
        expect(result.replies).toBeGreaterThan(0);
      });
    }
  }
});

/** A session in a dialect, greeted; `codes(...lines)` sends lines and returns the reply codes. */
function era(dialect: DialectId, world: Partial<World> = {}) {
  const session = createSession({ dialect, world: { extensions: [], ...world }, now: FIXED_NOW });
  const greeting = session.feed('');
  const codes = (...lines: string[]) => lines.flatMap((l) => session.send(l)).map((r) => r.code);
  return { session, greeting, codes };
}

describe('each era knows only its own commands', () => {
  const ALL = [...new Set(Object.values(DIALECTS).flatMap((d) => d.commands.map((c) => c.verb)))];
  for (const [id, dialect] of Object.entries(DIALECTS) as [
    DialectId,
    (typeof DIALECTS)[DialectId],
  ][]) {
    const own = new Set(dialect.commands.map((c) => c.verb));
    it(`${id}: commands of other eras get 500, its own do not`, () => {
      for (const verb of ALL) {
        const { codes } = era(id);
        const [code] = codes(verb);
        if (own.has(verb)) expect(code, `${verb} in ${id}`).not.toBe(500);
        else expect(code, `${verb} in ${id}`).toBe(500);
      }
    });
  }

  it('the greeting and NOOP words and codes of each era', () => {
    expect(era('rfc772').session.wire(era('rfc772').greeting[0]!)).toBe(
      '220 mail.example.test Service ready for new user\r\n',
    );
    expect(era('rfc780').codes('NOOP')).toEqual([200]); // RFC 780 §5.3
    expect(era('rfc788').codes('NOOP')).toEqual([250]); // RFC 788 §4.3
    expect(era('rfc821').codes('QUIT')).toEqual([221]);
    const { session } = era('rfc772');
    expect(session.feedWire('QUIT\r\n')).toBe(
      '221 mail.example.test Service closing control connection\r\n',
    );
  });
});

describe('MTP (RFC 772, RFC 780): MAIL carries one recipient and the text', () => {
  it('MAIL FROM/TO, 354, text, 250 with no HELO (RFC 780 §3)', () => {
    const { session, codes } = era('rfc780');
    expect(session.state).toBe('ready');
    expect(codes('MAIL FROM:<waldo@client.test> TO:<alice@example.test>')).toEqual([354]);
    expect(session.feed('Hi\r\n..dot\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe('Hi\r\n.dot\r\n');
    expect(session.mailbox[0]!.trace).toBe(''); // MTP defines no trace line
  });

  it('RFC 772 has no transparency: a leading dot stays', () => {
    const { session, codes } = era('rfc772');
    codes('MAIL FROM:<waldo@client.test> TO:<alice@example.test>');
    session.feed('..dot\r\n.\r\n');
    expect(text(session.mailbox[0]!.content)).toBe('..dot\r\n');
  });

  const moved = {
    forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'forward' as const }],
  };

  it('RFC 772: a forwarded user gets 151 and then 354 at once (p. 23)', () => {
    const { session, codes } = era('rfc772', moved);
    expect(codes('MAIL FROM:<waldo@client.test> TO:<carol@example.test>')).toEqual([151, 354]);
    expect(session.state).toBe('data');
  });

  it('RFC 780: 151 holds the MAIL until CONT (354) or ABRT (201) (§3.1)', () => {
    const a = era('rfc780', moved);
    expect(a.codes('MAIL FROM:<waldo@client.test> TO:<carol@example.test>')).toEqual([151]);
    expect(a.session.state).toBe('pending');
    expect(a.codes('NOOP')).toEqual([503]);
    expect(a.codes('CONT')).toEqual([354]);
    expect(a.session.feed('x\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    expect(a.session.mailbox[0]!.recipients[0]!.mailbox).toBe('carol@elsewhere.test');

    const b = era('rfc780', moved);
    b.codes('MAIL FROM:<waldo@client.test> TO:<carol@example.test>');
    expect(b.codes('ABRT')).toEqual([201]);
    expect(b.session.state).toBe('ready');
    expect(b.codes('CONT', 'ABRT')).toEqual([503, 503]);
  });

  it('152: an unknown user taken for the operator to forward (RFC 772 p. 16)', () => {
    expect(
      era('rfc780', { unknownRecipients: 'operator' }).codes(
        'MAIL FROM:<w@client.test> TO:<nobody@example.test>',
      ),
    ).toEqual([152]);
    expect(era('rfc780').codes('MAIL FROM:<w@client.test> TO:<nobody@example.test>')).toEqual([
      550,
    ]);
    expect(era('rfc772').codes('MAIL FROM:<w@client.test> TO:<nobody@example.test>')).toEqual([
      553,
    ]);
  });

  it('MRSQ R: names stored by MRCP, one MAIL sends the text to all (RFC 780 §4.4)', () => {
    const { session, codes } = era('rfc780');
    expect(codes('MRCP TO:<alice@example.test>')).toEqual([503]); // no scheme yet
    expect(
      codes(
        'MRSQ R',
        'MRCP TO:<alice@example.test>',
        'MRCP TO:<nobody@example.test>',
        'MRCP TO:<bob@example.test>',
      ),
    ).toEqual([200, 200, 550, 200]);
    expect(codes('MAIL FROM:<waldo@client.test>')).toEqual([354]);
    session.feed('to both\r\n.\r\n');
    expect(session.mailbox[0]!.recipients.map((r) => r.text)).toEqual([
      '<alice@example.test>',
      '<bob@example.test>',
    ]);
  });

  it('MRSQ T: MAIL stores the text, each MRCP sends it (RFC 780 §4.5)', () => {
    const { session, codes } = era('rfc780');
    expect(codes('MRSQ ?')).toEqual([215]);
    expect(codes('MRSQ T', 'MAIL FROM:<waldo@client.test>')).toEqual([200, 354]);
    expect(session.feedWire('stored\r\n.\r\n')).toBe('250 Mail stored\r\n');
    expect(session.mailbox).toHaveLength(0);
    expect(codes('MRCP TO:<alice@example.test>', 'MRCP TO:<bob@example.test>')).toEqual([250, 250]);
    expect(session.mailbox.map((m) => text(m.content))).toEqual(['stored\r\n', 'stored\r\n']);
    // MRSQ resets: the stored text is gone.
    expect(codes('MRSQ T', 'MRCP TO:<alice@example.test>')).toEqual([200, 503]);
  });

  it('an unsupported scheme: 501 in RFC 772, 504 in RFC 780', () => {
    expect(era('rfc772', { mrsqSchemes: ['T'] }).codes('MRSQ R')).toEqual([501]);
    expect(era('rfc780', { mrsqSchemes: ['T'] }).codes('MRSQ R')).toEqual([504]);
  });

  it('RFC 780 lines are limited to 200 octets (§5.5.3)', () => {
    const { codes } = era('rfc780');
    expect(codes(`HELP ${'x'.repeat(193)}`)).toEqual([504]); // 200 octets with CRLF: read, topic unknown
    expect(codes(`HELP ${'x'.repeat(194)}`)).toEqual([500]); // 201 octets: too long
  });
});

describe('SMTP of 1981-1982 (RFC 788, RFC 821)', () => {
  it('HELO first: MAIL before it gets 503, which asks for HELO only (EHLO came in 1993)', () => {
    for (const id of ['rfc788', 'rfc821', 'rfc1123'] as const) {
      const [r] = era(id).session.send('MAIL FROM:<a@client.test>');
      expect(r!.code).toBe(503);
      expect(r!.lines[0]).toMatch(/send HELO first$/);
    }
    const [today] = era('rfc5321').session.send('MAIL FROM:<a@client.test>');
    expect(today!.lines[0]).toMatch(/send HELO or EHLO first$/);
  });

  it('RFC 788 paths have no colon in routes; RFC 821 paths do (§4.1.2)', () => {
    const old = era('rfc788', { relayDomains: ['hop.test'] });
    expect(
      old.codes(
        'HELO client.test',
        'MAIL FROM:<a@client.test>',
        'RCPT TO:<@hop.test,bob@far.test>',
      ),
    ).toEqual([250, 250, 250]);
    const newer = era('rfc821', { relayDomains: ['hop.test'] });
    expect(
      newer.codes(
        'HELO client.test',
        'MAIL FROM:<a@client.test>',
        'RCPT TO:<@hop.test:bob@far.test>',
      ),
    ).toEqual([250, 250, 250]);
    expect(newer.codes('RCPT TO:<@hop.test,bob@far.test>')).toEqual([501]);
  });

  it('a source route is followed: the first hop that is not this host decides (RFC 821 §3.6)', () => {
    const { codes } = era('rfc821', { relayDomains: [] });
    codes('HELO client.test', 'MAIL FROM:<a@client.test>');
    expect(codes('RCPT TO:<@mail.example.test:bob@example.test>')).toEqual([250]);
    expect(codes('RCPT TO:<@other.test:bob@example.test>')).toEqual([550]);
    // RFC 5321 ignores the route and delivers by the mailbox's domain (§4.1.2).
    const today = era('rfc5321');
    today.codes('EHLO client.test', 'MAIL FROM:<a@client.test>');
    expect(today.codes('RCPT TO:<@other.test:bob@example.test>')).toEqual([250]);
  });

  it('relaying a source route moves this host from the forward-path to the reverse-path (RFC 821 §3.6, §4.1.1)', () => {
    const onward = (dialect: DialectId, ...rcpts: string[]) => {
      const { session, codes } = era(dialect, { relayDomains: ['hostb.test', 'far.test'] });
      codes('HELO client.test', 'MAIL FROM:<userx@hosty.test>', ...rcpts, 'DATA', 'hi', '.');
      return session.mailbox[0]!.recipients.map((r) => r.onward ?? null);
    };
    // The RFC's example (§4.1.1, RCPT) with this host as HOSTA.
    expect(
      onward(
        'rfc821',
        'RCPT TO:<@mail.example.test,@hostb.test:userc@far.test>',
        'RCPT TO:<@hostb.test:bob@example.test>',
        'RCPT TO:<alice@example.test>',
      ),
    ).toEqual([
      {
        reversePath: '<@mail.example.test:userx@hosty.test>',
        forwardPath: '<@hostb.test:userc@far.test>',
      },
      // Not named first: the hop stays in the forward-path; this host is added to the reverse-path all the same.
      {
        reversePath: '<@mail.example.test:userx@hosty.test>',
        forwardPath: '<@hostb.test:bob@example.test>',
      },
      null,
    ]);
    // RFC 788's route syntax has a comma where RFC 821 has a colon (§4.1.2).
    expect(onward('rfc788', 'RCPT TO:<@mail.example.test,@hostb.test,userc@far.test>')).toEqual([
      {
        reversePath: '<@mail.example.test,userx@hosty.test>',
        forwardPath: '<@hostb.test,userc@far.test>',
      },
    ]);
    // RFC 5321 ignores routes: nothing is relayed by them.
    expect(onward('rfc5321', 'RCPT TO:<@hostb.test:bob@example.test>')).toEqual([null]);
  });

  it('a nested MAIL: RFC 788 starts afresh, RFC 821 answers 503', () => {
    const old = era('rfc788');
    expect(
      old.codes(
        'HELO c.test',
        'MAIL FROM:<a@c.test>',
        'RCPT TO:<bob@example.test>',
        'MAIL FROM:<b@c.test>',
        'DATA',
      ),
    ).toEqual([250, 250, 250, 250, 503]);
    const newer = era('rfc821');
    expect(newer.codes('HELO c.test', 'MAIL FROM:<a@c.test>', 'MAIL FROM:<b@c.test>')).toEqual([
      250, 250, 503,
    ]);
  });

  it('SEND to a user not at a terminal gets 450; SOML falls back to the mailbox; SAML does both (RFC 821 §3.4)', () => {
    const w = { terminals: ['alice'] };
    const send = era('rfc821', w);
    expect(
      send.codes(
        'HELO c.test',
        'SEND FROM:<x@c.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<alice@example.test>',
        'DATA',
      ),
    ).toEqual([250, 250, 450, 250, 354]);
    send.session.feed('hi\r\n.\r\n');
    expect(send.session.mailbox[0]!.recipients.map((r) => r.channel)).toEqual(['terminal']);
    const soml = era('rfc821', w);
    soml.codes(
      'HELO c.test',
      'SOML FROM:<x@c.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    );
    soml.session.feed('hi\r\n.\r\n');
    expect(soml.session.mailbox[0]!.recipients.map((r) => r.channel)).toEqual([
      'mailbox',
      'terminal',
    ]);
    const saml = era('rfc821', w);
    saml.codes(
      'HELO c.test',
      'SAML FROM:<x@c.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<alice@example.test>',
      'DATA',
    );
    saml.session.feed('hi\r\n.\r\n');
    expect(saml.session.mailbox[0]!.recipients.map((r) => r.channel)).toEqual(['mailbox', 'both']);
  });

  it('TURN: refused with 502 (RFC 821 §3.8), 503 inside a transaction, unknown before RFC 821', () => {
    expect(era('rfc821').codes('HELO c.test', 'TURN')).toEqual([250, 502]);
    expect(era('rfc821').codes('HELO c.test', 'MAIL FROM:<a@c.test>', 'TURN')).toEqual([
      250, 250, 503,
    ]);
    expect(era('rfc788').codes('HELO c.test', 'TURN')).toEqual([250, 500]);
  });

  it('TURN accepted where the world allows it: 250, and the receiving session is over (RFC 821 §4.1.1)', () => {
    const e = era('rfc821', { turn: 'accept' });
    expect(e.codes('HELO c.test', 'TURN')).toEqual([250, 250]);
    expect(e.session.closed).toBe(true);
    // Still 503 inside a transaction, and unknown where the era has no TURN.
    const t = era('rfc821', { turn: 'accept' });
    expect(t.codes('HELO c.test', 'MAIL FROM:<a@c.test>', 'TURN')).toEqual([250, 250, 503]);
    expect(t.session.closed).toBe(false);
    expect(era('rfc5321', { turn: 'accept' }).codes('EHLO c.test', 'TURN')).toEqual([250, 500]);
  });

  it('too many recipients is 552 before RFC 5321 fixed it to 452 (RFC 821 §4.5.3, RFC 5321 §4.5.3.1.10)', () => {
    const old = era('rfc821', { maxRecipients: 1 });
    expect(
      old.codes(
        'HELO c.test',
        'MAIL FROM:<a@c.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<alice@example.test>',
      ),
    ).toEqual([250, 250, 250, 552]);
    const today = era('rfc5321', { maxRecipients: 1 });
    expect(
      today.codes(
        'HELO c.test',
        'MAIL FROM:<a@c.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<alice@example.test>',
      ),
    ).toEqual([250, 250, 250, 452]);
  });

  it('VRFY of a list: 550 in RFC 821 (no 252 before RFC 1123); VRFY of a moved user: 251/551', () => {
    expect(era('rfc788').codes('VRFY staff')).toEqual([550]);
    expect(era('rfc821').codes('VRFY staff')).toEqual([550]);
    // RFC 1123 §5.2.3 (1989) added 252, so the ESMTP era of RFC 1869 (1995) has it.
    expect(era('rfc1869').codes('VRFY staff')).toEqual([252]);
    expect(era('rfc5321').codes('VRFY staff')).toEqual([252]);
    // A server that will not verify: 252 once it exists, 502 before.
    expect(era('rfc821', { vrfy: 'cannot-verify' }).codes('VRFY bob')).toEqual([502]);
    expect(era('rfc1869', { vrfy: 'cannot-verify' }).codes('VRFY bob')).toEqual([252]);
    const moved = era('rfc821', {
      forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'refuse' }],
    });
    expect(moved.codes('VRFY carol')).toEqual([551]);
  });

  it('trace lines of each era: Mail-From (RFC 788), Received (RFC 821)', () => {
    for (const [dialect, expected] of [
      [
        'rfc788',
        'Return-Path: <a@c.test>\r\nMail-From: c.test received by mail.example.test at 29-NOV-26 12:00:00-UT\r\n',
      ],
      [
        'rfc821',
        'Return-Path: <a@c.test>\r\nReceived: FROM c.test BY mail.example.test ; 29 NOV 26 12:00:00 UT\r\n',
      ],
    ] as const) {
      const { session, codes } = era(dialect);
      codes('HELO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>', 'DATA');
      session.feed('x\r\n.\r\n');
      expect(session.mailbox[0]!.trace).toBe(expected);
    }
  });
});

describe('ESMTP (RFC 1869)', () => {
  it('EHLO lists the extensions of 1995 and the optional RFC 821 commands (§5)', () => {
    const { session } = era('rfc1869', {
      extensions: ['PIPELINING', 'SIZE', '8BITMIME', 'ENHANCEDSTATUSCODES'],
    });
    expect(session.feedWire('EHLO client.test\r\n')).toBe(
      '250-mail.example.test greets client.test\r\n250-SIZE 10485760\r\n250-8BITMIME\r\n250-EXPN\r\n250-HELP\r\n250-SEND\r\n250-SOML\r\n250 SAML\r\n',
    );
  });

  it('a second EHLO or HELO after a successful one gets 503 (§4.2); RFC 5321 resets instead', () => {
    expect(era('rfc1869').codes('EHLO c.test', 'EHLO c.test', 'HELO c.test')).toEqual([
      250, 503, 503,
    ]);
    expect(era('rfc5321').codes('EHLO c.test', 'EHLO c.test')).toEqual([250, 250]);
  });

  it('MAIL parameters after EHLO; 555 for one not offered', () => {
    const { codes } = era('rfc1869', { extensions: ['SIZE'] });
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<a@c.test> SIZE=100',
        'RSET',
        'MAIL FROM:<a@c.test> BODY=8BITMIME',
      ),
    ).toEqual([250, 250, 250, 555]);
  });

  it('RFC 1869 §8 example (3): an RFC 821 server answers EHLO with 500 and the client falls back to HELO', () => {
    expect(era('rfc821').codes('EHLO c.test', 'HELO c.test')).toEqual([500, 250]);
  });
});

describe('path limits by era', () => {
  it('RFC 780 §5.5.3: 100 octets; RFC 821 §4.5.3 and later: 256', () => {
    const long = `<${'u'.repeat(40)}@${'h'.repeat(60)}>`; // 103 octets
    expect(era('rfc780').codes(`MAIL FROM:<w@client.test> TO:${long}`)).toEqual([501]);
    const ok = `<${'u'.repeat(30)}@${'h'.repeat(60)}>`; // 93 octets: within the limit
    expect(
      era('rfc780', { relayDomains: ['*'] }).codes(`MAIL FROM:<w@client.test> TO:${ok}`),
    ).toEqual([354]);
    const smtp = era('rfc821', { relayDomains: ['*'] });
    expect(smtp.codes('HELO c.test', 'MAIL FROM:<a@c.test>', `RCPT TO:${long}`)).toEqual([
      250, 250, 250,
    ]);
  });
});
