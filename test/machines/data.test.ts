/** Message content: transparency (§4.5.2), limits (§4.5.3.1), trace fields (§4.4), pipelining (RFC 2920). */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import { FIXED_NOW, open, ready, withRecipient } from '../helpers.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('DATA content', () => {
  it('dot-stuffed lines are delivered unstuffed, byte-exact (§4.5.2)', () => {
    const { session, codes } = withRecipient();
    expect(codes('DATA')).toEqual([354]);
    const wire = 'Subject: dots\r\n\r\n..\r\n...leading\r\n.. two\r\nend.\r\n.\r\n';
    expect(session.feed(wire).map((r) => r.code)).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe(
      'Subject: dots\r\n\r\n.\r\n..leading\r\n. two\r\nend.\r\n',
    );
  });

  it('8-bit octets pass through unchanged', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    const body = new Uint8Array([0x48, 0x69, 0xe9, 0xff, 0x80, 0x0d, 0x0a]);
    session.feed(body);
    session.feed('.\r\n');
    expect(Array.from(session.mailbox[0]!.content)).toEqual(Array.from(body));
  });

  it('an empty message is accepted', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    expect(session.feed('.\r\n').map((r) => r.code)).toEqual([250]);
    expect(session.mailbox[0]!.size).toBe(0);
  });

  it('the terminator is found when split across chunks', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    const pieces = ['Hi\r', '\n', '.', '\r', '\n'];
    const replies = pieces.flatMap((p) => session.feed(p));
    expect(replies.map((r) => r.code)).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe('Hi\r\n');
  });

  it('"." inside a line, or after a bare CR, does not end the data', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    expect(session.feed('a.\r\n\r.\r\nb\r\n')).toEqual([]);
    expect(session.feed('.\r\n').map((r) => r.code)).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe('a.\r\n\r.\r\nb\r\n');
  });

  it('the reply to DATA end carries a queue id and the transaction ends', () => {
    const { session, codes, wire } = withRecipient();
    codes('DATA');
    expect(session.feedWire('x\r\n.\r\n')).toBe('250 2.0.0 OK: queued as 00000001\r\n');
    expect(session.state).toBe('ready');
    expect(wire('RCPT TO:<bob@example.test>')).toMatch(/^503 /);
  });

  it('trace fields: Return-Path then Received with a FOR clause for one recipient (§4.4)', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    session.feed('x\r\n.\r\n');
    expect(session.mailbox[0]!.trace).toBe(
      'Return-Path: <alice@example.test>\r\n' +
        'Received: from client.test ([192.0.2.1])\r\n' +
        '\tby mail.example.test with ESMTP id 00000001\r\n' +
        '\tfor <bob@example.test>;\r\n' +
        '\tSun, 29 Nov 2026 12:00:00 +0000\r\n',
    );
  });

  it('HELO sessions are traced WITH SMTP, and the date carries the local offset', () => {
    const session = createSession({
      now: FIXED_NOW,
      offsetMinutes: -480,
      clientAddress: '2001:db8::5',
    });
    session.feed(
      'HELO old.test\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\n',
    );
    const trace = session.mailbox[0]!.trace;
    expect(trace).toContain('Return-Path: <>\r\n');
    expect(trace).toContain('from old.test ([IPv6:2001:db8::5])');
    expect(trace).toContain('with SMTP id');
    expect(trace).toContain('Sun, 29 Nov 2026 04:00:00 -0800');
  });

  it('a message over the size limit gets 552 after the final dot and is not delivered (§4.5.3.1.9)', () => {
    const { session, codes } = withRecipient({ maxMessageSize: 64 * 1024 });
    codes('DATA');
    const line = `${'z'.repeat(98)}\r\n`;
    for (let i = 0; i < 700; i++) expect(session.feed(line)).toEqual([]);
    expect(session.feedWire('.\r\n')).toBe('552 5.3.4 Too much mail data.\r\n');
    expect(session.mailbox).toHaveLength(0);
    expect(session.state).toBe('ready');
  });

  it('a text line over 1000 octets: refused after the dot by default, accepted when the world allows (§4.5.3.1.6)', () => {
    const long = `${'w'.repeat(999)}\r\n`; // 1001 octets with CRLF
    const refused = withRecipient();
    refused.codes('DATA');
    expect(refused.session.feed(`${long}.\r\n`).map((r) => r.code)).toEqual([500]);
    expect(refused.session.mailbox).toHaveLength(0);

    const accepted = withRecipient({ longLines: 'accept' });
    accepted.codes('DATA');
    expect(accepted.session.feed(`${long}.\r\n`).map((r) => r.code)).toEqual([250]);
    expect(text(accepted.session.mailbox[0]!.content)).toBe(long);
  });

  it('a 1000-octet line (CRLF included) is within the limit; a stuffed dot is not counted', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    expect(
      session.feed(`${'v'.repeat(998)}\r\n.${'.'.repeat(998)}\r\n.\r\n`).map((r) => r.code),
    ).toEqual([250]);
  });

  it('bare LF: a command line it ends is refused with 500 by default; taken and noted when the world says so', () => {
    // RFC 5321 §2.3.8: no other sequence than CRLF may be recognized as a line end.
    const { session } = open();
    expect(session.feed('EHLO client.test\n').map((r) => r.code)).toEqual([500]);
    expect(session.state).toBe('greeting');
    expect(session.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 5321 §2.3.8')).toBe(
      true,
    );

    const lenient = open({ bareLf: 'accept' });
    expect(lenient.session.feed('EHLO client.test\n').map((r) => r.code)).toEqual([250]);
  });
});

describe('pipelining (RFC 2920 §3.2): one chunk gives the same replies, in order, as line by line', () => {
  const script = [
    'EHLO client.test',
    'MAIL FROM:<alice@example.test>',
    'RCPT TO:<bob@example.test>',
    'RCPT TO:<nobody@example.test>',
    'RCPT TO:<postmaster>',
    'DATA',
    'Subject: pipelined',
    '',
    '..first',
    'second',
    '.',
    'MAIL FROM:<bob@example.test>',
    'RCPT TO:<alice@example.test>',
    'DATA',
    'again',
    '.',
    'QUIT',
  ];

  function run(chunks: string[]) {
    const session = createSession({ now: FIXED_NOW });
    const wire = [session.feedWire('')];
    for (const c of chunks) wire.push(session.feedWire(c));
    return { wire: wire.join(''), mailbox: session.mailbox, closed: session.closed };
  }

  it('commands, DATA, body and QUIT in one chunk', () => {
    const byLine = run(script.map((l) => `${l}\r\n`));
    const oneChunk = run([script.map((l) => `${l}\r\n`).join('')]);
    expect(oneChunk.wire).toBe(byLine.wire);
    expect(
      oneChunk.wire
        .split('\r\n')
        .filter(Boolean)
        .map((l) => l.slice(0, 4)),
    ).toEqual([
      '220 ',
      '250-',
      '250-',
      '250-',
      '250-',
      '250-',
      '250 ',
      '250 ',
      '250 ',
      '550 ',
      '250 ',
      '354 ',
      '250 ',
      '250 ',
      '250 ',
      '354 ',
      '250 ',
      '221 ',
    ]);
    expect(oneChunk.mailbox.map((m) => text(m.content))).toEqual([
      'Subject: pipelined\r\n\r\n.first\r\nsecond\r\n',
      'again\r\n',
    ]);
    expect(oneChunk.closed).toBe(true);
  });

  it('byte by byte', () => {
    const all = script.map((l) => `${l}\r\n`).join('');
    expect(run([...all]).wire).toBe(run([all]).wire);
  });

  it('input after QUIT in the same chunk is not answered', () => {
    expect(run(['QUIT\r\nNOOP\r\n']).wire).toBe(
      '220 mail.example.test Service ready\r\n221 2.0.0 mail.example.test Service closing transmission channel\r\n',
    );
  });
});

describe('session API', () => {
  it('records a typed transcript: client lines, replies, state changes, content, delivery', () => {
    const { session, codes } = withRecipient();
    codes('DATA');
    session.feed(bytes('hello\r\n.\r\nQUIT\r\n'));
    const kinds = session.transcript.map((e) => e.kind);
    expect(kinds[0]).toBe('server');
    expect(kinds).toContain('content');
    expect(kinds).toContain('delivery');
    expect(kinds.at(-1)).toBe('closed');
    const states = session.transcript.flatMap((e) =>
      e.kind === 'state' ? [`${e.from}>${e.to}`] : [],
    );
    expect(states).toEqual([
      'greeting>ready',
      'ready>transaction.mail',
      'transaction.mail>transaction.rcpt',
      'transaction.rcpt>data',
      'data>ready',
      'ready>closed',
    ]);
  });

  it('subscribers see each entry as it happens', () => {
    const session = createSession();
    const seen: string[] = [];
    session.subscribe((e) => seen.push(e.kind));
    session.send('NOOP');
    expect(seen).toEqual(['client', 'server']);
  });

  it('abort sends a 421 and closes', () => {
    const { session } = open();
    expect(session.abort('closingTimeout').map((r) => session.wire(r))).toEqual([
      '421 4.4.2 mail.example.test Timeout exceeded, closing transmission channel\r\n',
    ]);
    expect(session.closed).toBe(true);
  });
});

describe('refusing, ids, reply text', () => {
  it('a refused connection gets 421 instead of 220 and closes (§3.8, §4.3.2)', () => {
    const session = createSession({ refuse: 'closingBusy' });
    // The initial greeting carries no enhanced code, whatever its code (RFC 2034 §3 (4)).
    expect(session.feed('EHLO client.test\r\n').map((r) => session.wire(r))).toEqual([
      '421 mail.example.test Too many connections, closing transmission channel\r\n',
    ]);
    expect(session.closed).toBe(true);
  });

  it('after 554 instead of 220 the server waits for QUIT and answers 503 meanwhile (§3.1)', () => {
    const none = createSession({ refuse: 'noService' });
    expect(none.feedWire('')).toBe('554 No SMTP service here\r\n');
    expect(none.feedWire('EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\n')).toBe(
      '503 5.5.1 Bad sequence of commands: this server takes no mail: only QUIT\r\n'.repeat(2),
    );
    expect(none.closed).toBe(false);
    expect(none.feedWire('QUIT\r\n')).toMatch(/^221 /);
    expect(none.closed).toBe(true);
  });

  it('queue ids carry the session prefix', () => {
    const session = createSession({ idPrefix: 'C7-' });
    expect(
      session.feedWire(
        'HELO a.test\r\nMAIL FROM:<>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n.\r\n',
      ),
    ).toContain('queued as C7-00000001');
  });

  it('what the client sent is escaped in reply text: only HT and printable ASCII go out (§4.2)', () => {
    const { wire } = open();
    expect(wire('EHLO a\x01b.test')).toBe(
      '501 5.5.4 Invalid domain name: "a\\x01b" is not a valid label (letters, digits and inner hyphens only)\r\n',
    );
    expect(wire('EHLO ümlaut.test')).toMatch(/^501 [\t\x20-\x7e]*\r\n$/);
  });

  it('a non-ASCII local part is named as the problem', () => {
    const { wire } = ready();
    expect(wire('MAIL FROM:<alüce@example.test>')).toBe(
      '501 5.1.7 Bad sender address syntax: non-ASCII character "\\u{fc}" in the local part (allowed only with SMTPUTF8, RFC 6531)\r\n',
    );
  });
});

describe('expectedCommands: what the machine accepts now', () => {
  const verbs = (s: { expectedCommands(): { verb: string }[] }) =>
    s.expectedCommands().map((c) => c.verb);
  it('follows the session through its states without changing it', () => {
    const { session, codes } = open();
    expect(verbs(session)).toEqual([
      'EHLO',
      'HELO',
      'RSET',
      'VRFY',
      'EXPN',
      'HELP',
      'NOOP',
      'QUIT',
    ]);
    codes('EHLO client.test');
    expect(verbs(session)).toContain('MAIL');
    expect(verbs(session)).not.toContain('DATA');
    expect(verbs(session)).not.toContain('RCPT');
    codes('MAIL FROM:<alice@example.test>');
    expect(verbs(session)).not.toContain('MAIL');
    expect(verbs(session)).toContain('RCPT');
    expect(verbs(session)).not.toContain('DATA');
    codes('RCPT TO:<nobody@example.test>');
    expect(verbs(session)).not.toContain('DATA');
    codes('RCPT TO:<bob@example.test>');
    expect(verbs(session)).toContain('DATA');
    expect(session.state).toBe('transaction.rcpt');
    expect(session.transcript.filter((e) => e.kind === 'server')).toHaveLength(5);
    codes('DATA');
    expect(verbs(session)).toEqual([]);
  });
});

describe('pipelining rules the transcript points out (RFC 2920 §3.1)', () => {
  it('a command that must end a group, followed by more in the same send, is noted; the replies are unchanged', () => {
    const { session } = open();
    const replies = session.feed(
      'EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\nNOOP\r\nRCPT TO:<bob@example.test>\r\n',
    );
    expect(replies.map((r) => r.code)).toEqual([250, 250, 250, 250]);
    const notes = session.transcript.filter((e) => e.kind === 'note' && e.rfc === 'RFC 2920 §3.1');
    expect(notes).toHaveLength(2); // EHLO and NOOP were followed; MAIL may be anywhere
    const ok = open();
    ok.session.feed('MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n');
    expect(ok.session.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 2920 §3.1')).toBe(
      false,
    );
  });

  it('each client line records the input that completed it: a group sent at once shares one', () => {
    const { session } = open();
    session.send('EHLO client.test');
    session.feed('MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDA');
    session.feed('TA\r\n');
    const reads = session.transcript.flatMap((e) =>
      e.kind === 'client' ? [[e.text, e.read]] : [],
    );
    expect(reads).toEqual([
      ['EHLO client.test', 2],
      ['MAIL FROM:<alice@example.test>', 3],
      ['RCPT TO:<bob@example.test>', 3],
      ['DATA', 4],
    ]);
  });
});

describe('preview: the reply a line would get, without sending it', () => {
  it('matches what sending gives, and changes nothing', () => {
    const { session, codes } = open();
    expect(session.preview('MAIL FROM:<alice@example.test>')?.code).toBe(503);
    codes('EHLO client.test');
    expect(session.preview('MAIL FROM:<alice@example.test>')?.code).toBe(250);
    expect(session.preview('MAIL FROM: <alice@example.test>')?.code).toBe(501);
    expect(session.envelope).toBeNull();
    expect(codes('MAIL FROM:<alice@example.test>')).toEqual([250]);
    expect(session.envelope?.recipients).toEqual([]);
  });
});

describe('DATA ends a pipelined group (RFC 2920 §3.1)', () => {
  it('text sent with DATA, before the 354, is still read as the message, and noted', () => {
    const { session, codes } = withRecipient();
    expect(session.feed('DATA\r\nhi\r\n.\r\n').map((r) => r.code)).toEqual([354, 250]);
    const note = session.transcript.find((e) => e.kind === 'note' && e.rfc === 'RFC 2920 §3.1');
    expect(note && note.kind === 'note' && note.text).toMatch(/wait for the 354/);
    expect(codes('NOOP')).toEqual([250]);
  });
});
