/**
 * What makes the server trustworthy: nothing acknowledged before it is stored
 * (RFC 5321 §6.1), bounded sessions (junk commands, error limit, retention),
 * addresses never rewritten (RFC 6531, RFC 3629), STARTTLS before EHLO
 * (RFC 3207 §4), and an MSA's fully qualified domains (RFC 6409 §4.2).
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import type { Delivery } from '../../src/machines/types.ts';
import { PROFILES } from '../../src/protocol/profiles.ts';
import { FIXED_NOW, open, ready } from '../helpers.ts';

const MESSAGE =
  'EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nHi\r\n.\r\n';

describe('a message is acknowledged only once it is stored (RFC 5321 §6.1)', () => {
  it('the store runs before the 250 is given, and sees the whole message', () => {
    const events: string[] = [];
    const session = createSession({
      now: FIXED_NOW,
      store: (ds) => events.push(`store ${ds.length} ${new TextDecoder().decode(ds[0]!.content)}`),
    });
    session.subscribe((e) => {
      if (e.kind === 'server') events.push(`reply ${e.reply.code}`);
    });
    session.feed('');
    session.feed(MESSAGE);
    expect(events.slice(-2)).toEqual(['store 1 Hi\r\n', 'reply 250']);
    expect(session.mailbox).toHaveLength(1);
  });

  it('a store that fails gives 451 4.3.0, delivers nothing, and the session goes on', () => {
    let fail = true;
    const session = createSession({
      now: FIXED_NOW,
      store: () => {
        if (fail) throw new Error('ENOSPC: no space left on device');
      },
    });
    session.feed('');
    const wire = session.feedWire(MESSAGE);
    expect(wire.trimEnd().split('\r\n').at(-1)).toMatch(/^451 4\.3\.0 /);
    expect(session.mailbox).toHaveLength(0);
    expect(session.transcript.some((e) => e.kind === 'delivery')).toBe(false);
    expect(session.transcript.some((e) => e.kind === 'note' && /ENOSPC/.test(e.text))).toBe(true);
    expect(session.state).toBe('ready');
    // The client may try again in the same session, and then it is stored.
    fail = false;
    const again = session.feed(
      'MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nHi\r\n.\r\n',
    );
    expect(again.map((r) => r.code)).toEqual([250, 250, 354, 250]);
    expect(session.mailbox).toHaveLength(1);
  });

  it('BDAT LAST waits for the store too', () => {
    const session = createSession({
      now: FIXED_NOW,
      world: { extensions: ['CHUNKING', 'ENHANCEDSTATUSCODES'] },
      store: () => {
        throw new Error('disk full');
      },
    });
    session.feed('');
    const codes = session
      .feed(
        'EHLO c.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nBDAT 4 LAST\r\nHi\r\n',
      )
      .map((r) => r.code);
    expect(codes).toEqual([250, 250, 250, 451]);
    expect(session.mailbox).toHaveLength(0);
  });
});

describe('junk commands and the error limit', () => {
  it('a session of endless NOOPs ends with 421 after the junk limit and the error limit', () => {
    const session = createSession({ now: FIXED_NOW });
    session.feed('');
    const codes: number[] = [];
    for (let i = 0; i < 1000 && !session.closed; i++)
      codes.push(...session.send('NOOP').map((r) => r.code));
    // 100 junk commands are free, 20 more count as errors, the next one is refused.
    expect(codes).toHaveLength(121);
    expect(codes.slice(0, 120).every((c) => c === 250)).toBe(true);
    expect(codes[120]).toBe(421);
    expect(session.closed).toBe(true);
  });

  it('RSET, VRFY, EXPN and HELP count as junk too', () => {
    const { session, codes } = open({ maxJunkCommands: 4, maxErrors: 2 });
    expect(codes('RSET', 'VRFY alice', 'EXPN staff', 'HELP')).toEqual([250, 250, 250, 214]);
    expect(codes('NOOP', 'NOOP')).toEqual([250, 250]); // junk 5 and 6: errors 1 and 2
    expect(codes('NOOP')).toEqual([421]);
    expect(session.closed).toBe(true);
  });

  it('a delivered message starts the junk count again', () => {
    const { session, codes } = open({ maxJunkCommands: 3, maxErrors: 1 });
    expect(codes('EHLO c.test', 'NOOP', 'NOOP', 'NOOP')).toEqual([250, 250, 250, 250]);
    session.feed(
      'MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nx\r\n.\r\n',
    );
    expect(codes('RSET', 'NOOP', 'NOOP')).toEqual([250, 250, 250]);
    expect(session.closed).toBe(false);
  });

  it('452 too many recipients is the server limit, not an error: 150 pipelined RCPTs still reach DATA', () => {
    const { session } = ready();
    const rcpts = Array.from({ length: 150 }, () => 'RCPT TO:<bob@example.test>\r\n').join('');
    const codes = session
      .feed(`MAIL FROM:<alice@example.test>\r\n${rcpts}DATA\r\nHi\r\n.\r\n`)
      .map((r) => r.code);
    expect(codes.filter((c) => c === 250)).toHaveLength(1 + 100 + 1);
    expect(codes.filter((c) => c === 452)).toHaveLength(50);
    expect(codes.slice(-2)).toEqual([354, 250]);
    expect(session.mailbox[0]!.recipients).toHaveLength(100);
  });
});

describe('what a session keeps', () => {
  it('retain.transcript keeps only the newest entries; listeners still see every one', () => {
    const session = createSession({ now: FIXED_NOW, retain: { transcript: 10 } });
    let seen = 0;
    session.subscribe(() => seen++);
    session.feed('');
    for (let i = 0; i < 50; i++) session.send('NOOP');
    expect(seen).toBe(100); // 50 commands, 50 replies
    expect(session.transcript.length).toBeLessThanOrEqual(10 * 2 + 64);
    expect(session.transcript.at(-1)).toMatchObject({ kind: 'server' });
  });

  it('retain.mailbox false: a stored message is not kept in memory', () => {
    const stored: Delivery[] = [];
    const session = createSession({
      now: FIXED_NOW,
      retain: { mailbox: false },
      store: (ds) => stored.push(...ds),
    });
    session.feed('');
    session.feed(MESSAGE);
    expect(stored).toHaveLength(1);
    expect(session.mailbox).toHaveLength(0);
  });
});

describe('addresses that are not UTF-8 (RFC 6531 §3.2, RFC 3629)', () => {
  const smtputf8 = { extensions: ['SMTPUTF8', '8BITMIME', 'ENHANCEDSTATUSCODES'] };
  const raw = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it('MAIL with a malformed sequence is refused (553 5.1.7), never rewritten with U+FFFD', () => {
    const { session } = ready(smtputf8);
    const wire = session.feedWire(raw('MAIL FROM:<j\xC3\x28@example.test> SMTPUTF8\r\n'));
    expect(wire).toMatch(/^553 5\.1\.7 /);
    expect(session.envelope).toBeNull();
    const shown = session.transcript.filter((e) => e.kind === 'client').at(-1);
    expect(shown).toMatchObject({ text: 'MAIL FROM:<j\\xC3(@example.test> SMTPUTF8' });
  });

  it('RCPT with an overlong form or a lone continuation octet is refused (553 5.1.3)', () => {
    const { session } = ready(smtputf8);
    session.send('MAIL FROM:<alice@example.test> SMTPUTF8');
    for (const bad of ['\xC0\xAF', '\x80', '\xED\xA0\x80', '\xF4\x90\x80\x80'])
      expect(session.feedWire(raw(`RCPT TO:<b${bad}b@example.test>\r\n`))).toMatch(/^553 5\.1\.3 /);
    expect(session.envelope!.recipients).toHaveLength(0);
  });

  it('well-formed UTF-8 is still accepted', () => {
    const { session } = ready(smtputf8);
    session.send('MAIL FROM:<alice@example.test> SMTPUTF8');
    const utf8 = new TextEncoder().encode('RCPT TO:<bob@example.test>\r\n');
    expect(session.feed(utf8).map((r) => r.code)).toEqual([250]);
    expect(session.feedWire('RCPT TO:<jö@example.test>\r\n')).toMatch(/^550 /);
    expect(session.envelope!.recipients.map((r) => r.text)).toEqual(['<bob@example.test>']);
  });
});

describe('STARTTLS before EHLO (RFC 3207 §4, RFC 5321 §4.1.4)', () => {
  it('gets 220; after the handshake the client says EHLO', () => {
    const { session, codes } = open({
      extensions: ['STARTTLS', 'ENHANCEDSTATUSCODES'],
      tls: { offered: true, required: false, implicit: false },
    });
    expect(codes('STARTTLS')).toEqual([220]);
    expect(session.tls).not.toBeNull();
    expect(codes('MAIL FROM:<alice@example.test>')).toEqual([503]);
    expect(codes('EHLO client.test', 'MAIL FROM:<alice@example.test>')).toEqual([250, 250]);
  });

  it('a server that does not offer STARTTLS still answers 500 (unknown verb)', () => {
    const { codes } = open();
    expect(codes('STARTTLS')).toEqual([500]);
  });
});

describe('an MSA refuses domains that are not fully qualified (RFC 6409 §4.2)', () => {
  const submission = PROFILES.find((p) => p.id === 'submission')!.world;
  function authenticated() {
    const s = open({ ...submission, tls: { offered: true, required: false, implicit: true } });
    s.codes('EHLO client.test');
    const plain = btoa('\0alice\0wonderland');
    expect(s.codes(`AUTH PLAIN ${plain}`)).toEqual([235]);
    return s;
  }

  it('MAIL from a single-level domain: 554 5.1.8', () => {
    const { wire } = authenticated();
    expect(wire('MAIL FROM:<alice@sales>')).toMatch(/^554 5\.1\.8 /);
  });

  it('RCPT to bob@sales or bob@squeaky.sales: 554 5.1.2; complete domains pass', () => {
    const { wire } = authenticated();
    expect(wire('MAIL FROM:<alice@example.test>')).toMatch(/^250 /);
    expect(wire('RCPT TO:<bob@sales>')).toMatch(/^554 5\.1\.2 /);
    expect(wire('RCPT TO:<bob@squeaky.sales>')).toMatch(/^554 5\.1\.2 /);
    expect(wire('RCPT TO:<bob@example.test>')).toMatch(/^250 /);
    expect(wire('RCPT TO:<carol@example.org>')).toMatch(/^250 /);
    expect(wire('RCPT TO:<carol@mail.example.de>')).toMatch(/^250 /);
    expect(wire('RCPT TO:<carol@[192.0.2.7]>')).toMatch(/^250 /);
    expect(wire('RCPT TO:<postmaster>')).toMatch(/^250 /);
  });

  it('a relay (port 25) does not apply the MSA rule', () => {
    const { wire } = ready({ relayDomains: ['*'] });
    expect(wire('MAIL FROM:<alice@sales>')).toMatch(/^250 /);
  });
});

describe("ehlo: 'unknown', a server from before EHLO (RFC 1123, 1989)", () => {
  it('EHLO is an unrecognized command (500, RFC 1869 §4.6); HELO works and the session goes on', () => {
    const { session, codes } = open({ ehlo: 'unknown' }, { dialect: 'rfc1869' });
    expect(codes('EHLO client.test')).toEqual([500]);
    expect(session.state).toBe('greeting');
    expect(codes('HELO client.test', 'MAIL FROM:<alice@example.test>')).toEqual([250, 250]);
    expect(session.expectedCommands().map((c) => c.verb)).not.toContain('EHLO');
  });
});
