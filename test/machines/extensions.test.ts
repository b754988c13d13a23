/**
 * Service extensions (issue 4): each advertised only when enabled, its verbs
 * and parameters refused when not, and answering as its RFC specifies.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/machines/replay.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { encode } from '../../src/protocol/bytes.ts';
import { EXTENSIONS } from '../../src/protocol/extensions/index.ts';
import { hex, hmacMd5, md5 } from '../../src/protocol/md5.ts';
import { PROFILES } from '../../src/protocol/profiles.ts';
import { fromBase64, toBase64 } from '../../src/protocol/sasl.ts';
import type { World } from '../../src/protocol/world.ts';
import { fixture, open } from '../helpers.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

const server = (world: Partial<World> = {}) => open(world);

const ALL = EXTENSIONS.map((e) => e.keyword);
const submission = PROFILES.find((p) => p.id === 'submission')!.world;

describe('advertised exactly when enabled (RFC 1869 §4.3, RFC 5321 §4.1.1.1)', () => {
  it('the EHLO reply lists the enabled extensions offered now', () => {
    const { wire } = server({
      extensions: ALL,
      auth: { mechanisms: ['PLAIN'], required: false, requireTls: false },
    });
    const keywords = wire('EHLO client.test')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.slice(4).split(' ')[0]);
    expect(keywords).toEqual([...ALL, 'EXPN']);
  });

  it("a disabled extension's verbs get 500 and its parameters 555", () => {
    const { codes } = server({ extensions: [] });
    expect(codes('EHLO client.test', 'STARTTLS', 'AUTH PLAIN', 'BDAT 0 LAST')).toEqual([
      250, 500, 500, 500,
    ]);
    expect(codes('MAIL FROM:<a@client.test> SIZE=10')).toEqual([555]);
    expect(codes('MAIL FROM:<a@client.test> BODY=8BITMIME')).toEqual([555]);
    expect(codes('MAIL FROM:<a@client.test> RET=FULL')).toEqual([555]);
    expect(codes('MAIL FROM:<a@client.test> SMTPUTF8')).toEqual([555]);
    expect(codes('MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test> NOTIFY=NEVER')).toEqual([
      250, 555,
    ]);
  });
});

describe('SIZE (RFC 1870)', () => {
  it('advertises the limit, refuses a declared size over it with 552, counts the real size', () => {
    const { codes, session, wire } = server({ extensions: ['SIZE'], maxMessageSize: 70_000 });
    expect(wire('EHLO client.test')).toContain('250-SIZE 70000\r\n');
    expect(codes('MAIL FROM:<a@client.test> SIZE=70001')).toEqual([552]);
    expect(
      codes('MAIL FROM:<a@client.test> SIZE=100', 'RCPT TO:<bob@example.test>', 'DATA'),
    ).toEqual([250, 250, 354]);
    // Declared small, sent large: counted while receiving (§6.3), refused after the dot.
    expect(session.feed(`${'x'.repeat(998)}\r\n`.repeat(80) + '.\r\n').map((r) => r.code)).toEqual([
      552,
    ]);
  });
});

describe('SIZE per recipient (RFC 1870 §6.4)', () => {
  const world: Partial<World> = {
    extensions: ['SIZE', 'ENHANCEDSTATUSCODES'],
    relayDomains: ['small.test', 'full.test'],
    recipientSizeLimits: [
      { domain: 'small.test', maxSize: 1000 },
      { domain: 'FULL.test', maxSize: 5000, temporary: true },
    ],
  };

  it('refuses one recipient for the declared size: 552 for good, 452 for now; the rest go on', () => {
    const { codes, session, wire } = server(world);
    codes('EHLO client.test', 'MAIL FROM:<alice@example.test> SIZE=2000');
    expect(wire('RCPT TO:<ann@small.test>')).toBe(
      '552 5.3.4 A 2000 octet message exceeds the size limit for <ann@small.test> (1000 octets)\r\n',
    );
    expect(wire('RCPT TO:<bob@example.test>')).toMatch(/^250 /);
    expect(codes('RCPT TO:<cy@full.test>', 'DATA')).toEqual([250, 354]);
    expect(session.feed('hi\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    expect(session.mailbox[0]!.recipients.map((r) => r.text)).toEqual([
      '<bob@example.test>',
      '<cy@full.test>',
    ]);
    codes('MAIL FROM:<alice@example.test> SIZE=6000');
    expect(wire('RCPT TO:<cy@full.test>')).toMatch(/^452 4\.3\.1 Insufficient storage for a 6000 /);
  });

  it('without a declared SIZE nothing is refused at RCPT; the refusals are not the client errors', () => {
    const { codes } = server({ ...world, maxErrors: 2 });
    expect(
      codes('EHLO client.test', 'MAIL FROM:<alice@example.test>', 'RCPT TO:<ann@small.test>'),
    ).toEqual([250, 250, 250]);
    codes('RSET', 'MAIL FROM:<alice@example.test> SIZE=9000');
    // Three refusals for the server's own limits, then a recipient it takes: no 421.
    expect(
      codes(
        'RCPT TO:<a@small.test>',
        'RCPT TO:<b@full.test>',
        'RCPT TO:<c@small.test>',
        'RCPT TO:<bob@example.test>',
      ),
    ).toEqual([552, 452, 552, 250]);
  });
});

describe('8BITMIME (RFC 6152) and BINARYMIME (RFC 3030 §3)', () => {
  it('BODY=8BITMIME keeps every bit; 8-bit octets in a 7BIT body are flagged in the transcript', () => {
    const { codes, session } = server({ extensions: ['8BITMIME'] });
    codes(
      'EHLO client.test',
      'MAIL FROM:<a@client.test> BODY=8BITMIME',
      'RCPT TO:<bob@example.test>',
      'DATA',
    );
    session.feed(new Uint8Array([0xc3, 0xa9, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]));
    expect(Array.from(session.mailbox[0]!.content)).toEqual([0xc3, 0xa9, 0x0d, 0x0a]);
    expect(session.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 6152 §3')).toBe(
      false,
    );
    codes('MAIL FROM:<a@client.test> BODY=7BIT', 'RCPT TO:<bob@example.test>', 'DATA');
    session.feed(new Uint8Array([0xe9, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]));
    expect(session.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 6152 §3')).toBe(true);
  });

  it('BODY=BINARYMIME only with BINARYMIME, and then DATA gets 503', () => {
    expect(
      server({ extensions: ['8BITMIME'] }).codes(
        'EHLO c.test',
        'MAIL FROM:<a@c.test> BODY=BINARYMIME',
      ),
    ).toEqual([250, 501]);
    const { codes } = server({ extensions: ['8BITMIME', 'CHUNKING', 'BINARYMIME'] });
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<a@c.test> BODY=BINARYMIME',
        'RCPT TO:<bob@example.test>',
        'DATA',
      ),
    ).toEqual([250, 250, 250, 503]);
  });
});

describe('CHUNKING: BDAT (RFC 3030 §2)', () => {
  it('exactly chunk-size octets, no dot-stuffing; LAST delivers; octets that look like commands are content', () => {
    const { codes, session } = server({ extensions: ['CHUNKING'] });
    codes('EHLO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>');
    const first = 'QUIT\r\n.\r\n';
    expect(session.feed(`BDAT ${first.length}\r\n${first.slice(0, 4)}`)).toEqual([]);
    expect(session.feed(first.slice(4)).map((r) => r.code)).toEqual([250]);
    expect(session.feedWire('BDAT 3 LAST\r\n..x')).toBe('250 OK: queued as 00000001\r\n');
    expect(text(session.mailbox[0]!.content)).toBe('QUIT\r\n.\r\n..x');
    expect(session.closed).toBe(false);
  });

  it('BDAT after LAST, DATA after BDAT, BDAT with no valid recipient: 503, the chunk still read', () => {
    const { codes, session } = server({ extensions: ['CHUNKING'] });
    codes('EHLO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>');
    expect(session.feed('BDAT 2\r\nab').map((r) => r.code)).toEqual([250]);
    expect(codes('DATA')).toEqual([503]);
    expect(session.feed('BDAT 0 LAST\r\n').map((r) => r.code)).toEqual([250]);
    expect(session.feed('BDAT 4 LAST\r\nNOOP').map((r) => r.code)).toEqual([503]);
    expect(session.buffered).toBe(0);
    codes('MAIL FROM:<a@c.test>', 'RCPT TO:<nobody@example.test>');
    expect(session.feed('BDAT 4 LAST\r\nNOOP').map((r) => r.code)).toEqual([554]);
    expect(codes('NOOP')).toEqual([250]);
  });

  it('RSET clears the chunks already sent', () => {
    const { codes, session } = server({ extensions: ['CHUNKING'] });
    codes('EHLO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>');
    session.feed('BDAT 3\r\nabc');
    expect(codes('RSET', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>')).toEqual([
      250, 250, 250,
    ]);
    session.feed('BDAT 2 LAST\r\nxy');
    expect(text(session.mailbox[0]!.content)).toBe('xy');
  });
});

describe('STARTTLS (RFC 3207)', () => {
  const tlsWorld = {
    extensions: ['STARTTLS', 'AUTH'],
    tls: { offered: true, required: false, implicit: false },
    auth: { mechanisms: ['PLAIN'], required: false, requireTls: true },
  };

  it('220, a handshake shown as a step, then the state after the greeting: EHLO again, STARTTLS no longer offered', () => {
    const { session, codes, wire } = server(tlsWorld);
    expect(wire('EHLO client.test')).toContain('250-STARTTLS');
    expect(wire('STARTTLS')).toBe('220 Ready to start TLS\r\n');
    expect(session.tls?.simulated).toBe(true);
    expect(session.transcript.some((e) => e.kind === 'tls')).toBe(true);
    expect(session.state).toBe('greeting');
    // §4.2: the earlier EHLO is forgotten.
    expect(codes('MAIL FROM:<a@client.test>')).toEqual([503]);
    const ehlo = wire('EHLO client.test');
    expect(ehlo).not.toContain('STARTTLS');
    expect(ehlo).toContain('AUTH PLAIN');
    // The client MUST NOT start TLS twice (§4.2): a second STARTTLS is out of sequence.
    expect(codes('STARTTLS')).toEqual([503]);
  });

  it('commands pipelined after STARTTLS are discarded, never answered (§4; the injection bug of RFC 8314 Appendix A)', () => {
    const { session } = server(tlsWorld);
    session.send('EHLO client.test');
    const replies = session.feed('STARTTLS\r\nMAIL FROM:<evil@client.test>\r\n');
    expect(replies.map((r) => r.code)).toEqual([220]);
    expect(session.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 3207 §4')).toBe(true);
    expect(session.state).toBe('greeting');
  });

  it('STARTTLS with a parameter: 501; policy requires TLS: 530 to all but NOOP, EHLO, STARTTLS, QUIT', () => {
    expect(server(tlsWorld).codes('EHLO c.test', 'STARTTLS now')).toEqual([250, 501]);
    const { codes } = server({
      ...tlsWorld,
      tls: { offered: true, required: true, implicit: false },
    });
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<a@c.test>',
        'VRFY bob',
        'NOOP',
        'STARTTLS',
        'EHLO c.test',
        'MAIL FROM:<a@c.test>',
      ),
    ).toEqual([250, 530, 530, 250, 220, 250, 250]);
  });

  it('implicit TLS (port 465, RFC 8314 §3.3): encrypted from the first byte, no STARTTLS offered', () => {
    const { session, wire } = server(PROFILES.find((p) => p.id === 'submissions')!.world);
    expect(session.tls).not.toBeNull();
    expect(wire('EHLO client.test')).not.toContain('STARTTLS');
  });
});

describe('AUTH (RFC 4954) with PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195)', () => {
  /** A submission session already under TLS. */
  function submit() {
    const s = server(submission);
    s.codes('EHLO client.test', 'STARTTLS', 'EHLO client.test');
    return s;
  }

  it('submission: MAIL before AUTH gets 530 5.7.0 (RFC 6409 §4.3); AUTH offered only after TLS', () => {
    const { wire } = server(submission);
    expect(wire('EHLO client.test')).not.toContain('AUTH');
    expect(wire('AUTH PLAIN')).toBe('530 5.7.0 Must issue a STARTTLS command first\r\n');
    const { wire: w } = submit();
    expect(w('MAIL FROM:<alice@example.test>')).toBe('530 5.7.0 Authentication required\r\n');
  });

  it('PLAIN with an initial response decodes to the user (RFC 4616 §2)', () => {
    const { wire, codes, session } = submit();
    const plain = toBase64('\0alice\0wonderland');
    expect(text(fromBase64(plain)!)).toBe('\0alice\0wonderland');
    expect(wire(`AUTH PLAIN ${plain}`)).toBe('235 2.7.0 Authentication Succeeded\r\n');
    expect(codes('AUTH PLAIN')).toEqual([503]);
    // Authenticated submission may relay (RFC 6409).
    expect(
      codes('MAIL FROM:<alice@example.test>', 'RCPT TO:<someone@elsewhere.test>', 'DATA'),
    ).toEqual([250, 250, 354]);
    session.feed('hi\r\n.\r\n');
    expect(session.mailbox[0]!.trace).toContain('with ESMTPSA id');
  });

  it('PLAIN without initial response: "334 " then the response; wrong password 535; "*" cancels with 501', () => {
    const { wire, codes } = submit();
    expect(wire('AUTH PLAIN')).toBe('334 \r\n');
    expect(wire(toBase64('\0alice\0wrong'))).toBe(
      '535 5.7.8 Authentication credentials invalid\r\n',
    );
    expect(codes('AUTH PLAIN', '*')).toEqual([334, 501]);
    expect(codes('AUTH PLAIN', 'not base64!')).toEqual([334, 501]);
    expect(codes('AUTH FOO')).toEqual([504]);
  });

  it('LOGIN: Username: and Password: challenges, base64', () => {
    const { wire } = submit();
    expect(wire('AUTH LOGIN')).toBe('334 VXNlcm5hbWU6\r\n');
    expect(wire(toBase64('bob'))).toBe('334 UGFzc3dvcmQ6\r\n');
    expect(wire(toBase64('builder'))).toBe('235 2.7.0 Authentication Succeeded\r\n');
  });

  it('CRAM-MD5: the challenge is a msg-id; the answer "user hmac-md5-hex" is checked (RFC 2195 §2)', () => {
    const { session, wire } = submit();
    const challengeLine = wire('AUTH CRAM-MD5');
    expect(challengeLine).toMatch(/^334 [A-Za-z0-9+/=]+\r\n$/);
    const challenge = text(fromBase64(challengeLine.slice(4, -2))!);
    expect(challenge).toMatch(/^<[\d.]+@mail\.example\.test>$/);
    const digest = hex(hmacMd5(encode('wonderland'), encode(challenge)));
    expect(wire(toBase64(`alice ${digest}`))).toBe('235 2.7.0 Authentication Succeeded\r\n');
    expect(session.state).toBe('ready');
    expect(wire('AUTH CRAM-MD5 abc')).toMatch(/^503 /);
  });

  it('HMAC-MD5 and MD5 agree with RFC 2195 §2 and RFC 1321 A.5', () => {
    expect(
      hex(
        hmacMd5(encode('tanstaaftanstaaf'), encode('<1896.697170952@postoffice.reston.mci.net>')),
      ),
    ).toBe('b913a602c7eda7a495b4e6e7334d3890');
    expect(hex(md5(encode('abc')))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5(encode('message digest')))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
  });

  it('AUTH during a transaction: 503 (RFC 4954 §4)', () => {
    const { codes } = server({ ...submission, auth: { ...submission.auth!, required: false } });
    codes('EHLO c.test', 'STARTTLS', 'EHLO c.test');
    expect(codes('MAIL FROM:<a@c.test>', `AUTH PLAIN ${toBase64('\0alice\0wonderland')}`)).toEqual([
      250, 503,
    ]);
  });
});

describe('ENHANCEDSTATUSCODES (RFC 2034)', () => {
  it('on every 2xx/4xx/5xx reply but the greeting and EHLO; never on 3xx', () => {
    const { session } = server({ extensions: ['ENHANCEDSTATUSCODES'] });
    const wire = session.feedWire(
      'EHLO c.test\r\nMAIL FROM:<a@c.test>\r\nRCPT TO:<nobody@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n',
    );
    expect(wire).toBe(
      '250-mail.example.test greets c.test\r\n250-ENHANCEDSTATUSCODES\r\n250 EXPN\r\n250 2.1.0 OK\r\n550 5.1.1 No such user here\r\n250 2.1.5 OK\r\n354 Start mail input; end with <CRLF>.<CRLF>\r\n',
    );
  });
});

describe('DSN (RFC 3461, RFC 3464)', () => {
  const dsn = { extensions: ['DSN'], failingMailboxes: ['bob'] };

  it('parameters accepted, invalid or repeated ones refused with 501 (§4-§5.1)', () => {
    const { codes } = server(dsn);
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<alice@example.test> RET=HDRS ENVID=QQ314159',
        'RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.test',
      ),
    ).toEqual([250, 250, 250]);
    expect(codes('RSET', 'MAIL FROM:<a@c.test> RET=BOTH')).toEqual([250, 501]);
    expect(codes('MAIL FROM:<a@c.test> RET=FULL RET=HDRS')).toEqual([501]);
    expect(
      codes('MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test> NOTIFY=NEVER,SUCCESS'),
    ).toEqual([250, 501]);
    expect(codes('RCPT TO:<bob@example.test> ORCPT=nosemicolon')).toEqual([501]);
  });

  it('a failed delivery returns a multipart/report to the sender, from <>, with the per-recipient fields', () => {
    const { codes, session } = server(dsn);
    codes(
      'EHLO c.test',
      'MAIL FROM:<alice@example.test> RET=HDRS ENVID=QQ314159',
      'RCPT TO:<bob@example.test> ORCPT=rfc822;bob+2Bdsn@example.test',
      'RCPT TO:<postmaster>',
      'DATA',
    );
    expect(session.feed('Subject: hi\r\n\r\nbody\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    const [message, report] = session.mailbox;
    expect(message!.recipients.map((r) => r.text)).toEqual(['<postmaster>']);
    expect(report!.reversePath).toBe('<>');
    expect(report!.recipients[0]!.mailbox).toBe('alice@example.test');
    const body = text(report!.content);
    expect(body).toMatch(/^From: Mail Delivery System <MAILER-DAEMON@mail\.example\.test>\r\n/);
    expect(body).toContain('Content-Type: multipart/report; report-type=delivery-status;');
    expect(body).toContain('Original-Envelope-Id: QQ314159\r\n');
    expect(body).toContain('Original-Recipient: rfc822;bob+dsn@example.test\r\n');
    expect(body).toContain(
      'Final-Recipient: rfc822; bob@example.test\r\nAction: failed\r\nStatus: 5.2.2\r\n',
    );
    expect(body).toContain('Content-Type: text/rfc822-headers\r\n\r\nSubject: hi\r\n');
  });

  it('no notification for NOTIFY=NEVER or a null reverse path (§5.2); NOTIFY=SUCCESS reports delivery', () => {
    const never = server(dsn);
    never.codes(
      'EHLO c.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test> NOTIFY=NEVER',
      'DATA',
    );
    never.session.feed('x\r\n.\r\n');
    expect(never.session.mailbox).toHaveLength(0);
    const nul = server(dsn);
    nul.codes('EHLO c.test', 'MAIL FROM:<>', 'RCPT TO:<bob@example.test>', 'DATA');
    nul.session.feed('x\r\n.\r\n');
    expect(nul.session.mailbox).toHaveLength(0);
    const ok = server(dsn);
    ok.codes(
      'EHLO c.test',
      'MAIL FROM:<alice@example.test> RET=FULL',
      'RCPT TO:<postmaster> NOTIFY=SUCCESS',
      'DATA',
    );
    ok.session.feed('Subject: hi\r\n\r\nthe body\r\n.\r\n');
    const report = text(ok.session.mailbox[1]!.content);
    expect(report).toContain('Action: delivered\r\nStatus: 2.0.0\r\n');
    // RFC 3461 §6.2: a DSN with no failure in it returns only the headers, whatever RET says.
    expect(report).toContain('Content-Type: text/rfc822-headers\r\n\r\nSubject: hi\r\n');
    expect(report).not.toContain('the body');
  });
});

describe('SMTPUTF8 (RFC 6531)', () => {
  it('UTF-8 addresses only with the SMTPUTF8 parameter: MAIL 550 5.6.7, RCPT 553 5.6.7 (§3.5)', () => {
    const { wire, codes, session } = server({
      extensions: ['8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES'],
      localDomains: ['example.test', 'bücher.test'],
      users: [{ local: 'jörg' }],
    });
    wire('EHLO c.test');
    expect(wire('MAIL FROM:<jörg@bücher.test>')).toMatch(/^550 5\.6\.7 /);
    expect(codes('MAIL FROM:<alice@example.test>')).toEqual([250]);
    expect(wire('RCPT TO:<jörg@bücher.test>')).toMatch(/^553 5\.6\.7 /);
    expect(
      codes(
        'RSET',
        'MAIL FROM:<alice@example.test> SMTPUTF8',
        'RCPT TO:<jörg@bücher.test>',
        'DATA',
      ),
    ).toEqual([250, 250, 250, 354]);
    session.feed('x\r\n.\r\n');
    expect(session.mailbox[0]!.trace).toContain('with UTF8SMTP id');
  });

  it('without the extension a UTF-8 address is a syntax error (RFC 5321 §4.1.2: 501)', () => {
    expect(
      server({ extensions: ['8BITMIME'] }).codes('EHLO c.test', 'MAIL FROM:<jörg@example.test>'),
    ).toEqual([250, 501]);
  });
});

describe('ports and roles (RFC 6409, RFC 8314)', () => {
  it('25 relays only for local domains; 587 requires AUTH; 465 starts in TLS; 2525 is 587 on another port', () => {
    const relay = server(PROFILES.find((p) => p.port === 25)!.world);
    expect(
      relay.codes(
        'EHLO c.test',
        'MAIL FROM:<a@c.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<x@elsewhere.test>',
      ),
    ).toEqual([250, 250, 250, 550]);
    expect(PROFILES.find((p) => p.port === 2525)!.world).toEqual(
      PROFILES.find((p) => p.port === 587)!.world,
    );
    expect(PROFILES.find((p) => p.port === 465)!.world.tls!.implicit).toBe(true);
  });
});

describe('every example session of the extension RFCs, replayed', () => {
  const dir = fileURLToPath(new URL('../../library/ext/', import.meta.url));
  // Files whose data the RFC prints as placeholders or whose secret it does not give.
  const files = readdirSync(dir).filter(
    (f) => f.endsWith('.smtp') && !f.includes('not-replayable'),
  );
  for (const name of files) {
    it(name, () => {
      const file = parseTranscript(fixture(`ext/${name}`));
      const result = replay(file, { now: () => new Date(Date.UTC(2026, 10, 29, 12)) });
      // Every difference is one the file declares: a slip of the RFC example, or a
      // behaviour the simulator does not model, each with its reason.
      const declared = (file.meta.differs ?? '')
        .split('\n')
        .filter(Boolean)
        .map((d) => d.split(' | ')[0]);
      expect(result.mismatches.map((m) => m.expected)).toEqual(declared);
      expect(result.replies).toBeGreaterThan(declared.length);
    });
  }
});
