/**
 * The bridge's IMAP port (--imap) with curl: a message curl sent over smtp://
 * is read back over imap:// (`INBOX;UID=1`) byte for byte, as the spool holds
 * it; reading it sets \Seen, which POP3 does not care about.
 */
import { describe, expect, it } from 'vitest';
import { hasCurl, RawClient } from './helpers.ts';
import { curlBytes, retrievalBridge } from './retrieval-harness.ts';

const MESSAGE = Buffer.concat([
  Buffer.from(
    'From: Alice Example <alice@example.test>\r\nTo: bob@example.test\r\nSubject: over imap\r\n' +
      'Date: Mon, 07 Dec 2026 12:00:00 +0000\r\n\r\n.hidden\r\n.\r\n',
    'utf8',
  ),
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x0d, 0x0a]),
  Buffer.from('end\r\n', 'utf8'),
]);

const bridge = retrievalBridge('imap', { imap: 0, pop3: 0 });
const sendWithCurl = (to: string) => bridge.current.send(MESSAGE, [to]);

describe.skipIf(!hasCurl)('bridge IMAP with curl', () => {
  it('reads back over imap:// what curl sent over smtp://, byte for byte as spooled', async () => {
    await sendWithCurl('bob@example.test');
    const spooled = bridge.current.tb.read(bridge.current.tb.files()[0]!);
    const run = await curlBytes([
      '-sS',
      `imap://127.0.0.1:${bridge.current.port}/INBOX;UID=1`,
      '-u',
      'bob:builder',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.equals(spooled)).toBe(true);
  });

  it('lists INBOX, refuses a wrong password, and an unknown UID gives nothing', async () => {
    await sendWithCurl('bob@example.test');
    const list = await curlBytes([
      '-sS',
      `imap://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'bob:builder',
    ]);
    expect(list.code).toBe(0);
    expect(list.stdout.toString()).toBe('* LIST () "/" INBOX\r\n');
    const wrong = await curlBytes([
      '-sS',
      `imap://127.0.0.1:${bridge.current.port}/INBOX;UID=1`,
      '-u',
      'bob:nope',
    ]);
    // CURLE_LOGIN_DENIED
    expect(wrong.code).toBe(67);
    // curl sends UID FETCH 9 BODY[]: OK with no FETCH response, which curl reports as not found.
    const none = await curlBytes([
      '-sS',
      `imap://127.0.0.1:${bridge.current.port}/INBOX;UID=9`,
      '-u',
      'bob:builder',
    ]);
    expect(none.code).toBe(78);
    expect(none.stdout.length).toBe(0);
  });

  it('reading with BODY[] sets \\Seen, seen by the next session', async () => {
    await sendWithCurl('bob@example.test');
    await curlBytes([
      '-sS',
      `imap://127.0.0.1:${bridge.current.port}/INBOX;UID=1`,
      '-u',
      'bob:builder',
    ]);
    const c = await RawClient.open(bridge.current.port);
    c.write(
      'a LOGIN bob builder\r\nb EXAMINE INBOX\r\nc FETCH 1 (UID FLAGS ENVELOPE)\r\nd LOGOUT\r\n',
    );
    await c.waitClosed();
    expect(c.received).toContain(
      '* 1 FETCH (UID 1 FLAGS (\\Seen) ENVELOPE ("Mon, 07 Dec 2026 12:00:00 +0000" "over imap" (("Alice Example" NIL "alice" "example.test")) (("Alice Example" NIL "alice" "example.test")) (("Alice Example" NIL "alice" "example.test")) ((NIL NIL "bob" "example.test")) NIL NIL NIL NIL))\r\n',
    );
  });
});

describe('bridge IMAP over a raw socket', () => {
  it('greets, answers BAD to garbage and left-out commands, and survives', async () => {
    const c = await RawClient.open(bridge.current.port);
    c.write('\x00\xff\r\na SEARCH ALL\r\n');
    c.write(`b ${'A'.repeat(9000)}\r\nc NOOP\r\nd LOGOUT\r\n`);
    await c.waitClosed();
    expect(c.received.split('\r\n')).toEqual([
      '* OK [CAPABILITY IMAP4rev2] IMAP4rev2 Service Ready',
      '* BAD a command starts with a tag, then a space and the command',
      'a BAD SEARCH is left out of this teaching subset of IMAP4rev2 (RFC 9051 section 6.4.4)',
      '* BAD line too long (at most 8192 octets)',
      'c OK NOOP completed',
      '* BYE IMAP4rev2 server terminating connection',
      'd OK LOGOUT completed',
      '',
    ]);
    // Every octet the server sent is ASCII (RFC 9051 §9: UTF-8 only after ENABLE IMAP4rev2).
    expect(c.received).toMatch(/^[\x00-\x7f]*$/);
  });

  it('says BYE on shutdown', async () => {
    const c = await RawClient.open(bridge.current.port);
    c.write('a LOGIN bob builder\r\n');
    await new Promise((r) => setTimeout(r, 100));
    await bridge.current.tb.bridge.close();
    await c.waitClosed();
    expect(c.received.split('\r\n').at(-2)).toBe('* BYE server shutting down');
  });
});
