/**
 * The bridge's POP3 port (--pop3) with curl: a message curl sent over smtp://
 * is read back over pop3:// byte for byte, as the spool holds it (trace
 * fields, then the content).
 */
import { describe, expect, it } from 'vitest';
import { hasCurl, RawClient } from './helpers.ts';
import { curlBytes, retrievalBridge } from './retrieval-harness.ts';

// A line of one dot, dot-leading lines and octets that are not UTF-8: SMTP unstuffs them,
// POP3 stuffs them again (RFC 1939 §3), curl unstuffs: the bytes must come back unchanged.
const MESSAGE = Buffer.concat([
  Buffer.from(
    'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: over pop3\r\n\r\n' +
      '.hidden\r\n..two dots\r\n.\r\n',
    'utf8',
  ),
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x0d, 0x0a]),
  Buffer.from('end\r\n', 'utf8'),
]);

/** What curl prints for an empty listing. */
const EMPTY = /^(\r\n)?$/;

const bridge = retrievalBridge('pop3', { pop3: 0 });
const sendWithCurl = (to: string[]) => bridge.current.send(MESSAGE, to);

describe.skipIf(!hasCurl)('bridge POP3 with curl', () => {
  it('reads back over pop3:// what curl sent over smtp://, byte for byte as spooled', async () => {
    await sendWithCurl(['bob@example.test']);
    expect(bridge.current.tb.files()).toHaveLength(1);
    const spooled = bridge.current.tb.read(bridge.current.tb.files()[0]!);
    expect(spooled.subarray(spooled.length - MESSAGE.length).equals(MESSAGE)).toBe(true);

    const list = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'bob:builder',
    ]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout.toString()).toBe(`1 ${spooled.length}\r\n`);

    const retr = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/1`,
      '-u',
      'bob:builder',
    ]);
    expect(retr.stderr).toBe('');
    expect(retr.code).toBe(0);
    expect(retr.stdout.equals(spooled)).toBe(true);
    expect(retr.stdout.toString('latin1')).toMatch(
      /^Return-Path: <alice@example\.test>\r\nReceived: from /,
    );
  });

  it('logs in with APOP (RFC 1939 §7) when curl is told to', async () => {
    await sendWithCurl(['bob@example.test']);
    const run = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '--login-options',
      'AUTH=+APOP',
      '-u',
      'bob:builder',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.toString()).toMatch(/^1 \d+\r\n$/);
    const wrong = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '--login-options',
      'AUTH=+APOP',
      '-u',
      'bob:wrong',
    ]);
    expect(wrong.code).toBe(67);
  });

  it("keeps each user's mailbox apart and refuses a wrong password", async () => {
    await sendWithCurl(['alice@example.test']);
    const bob = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'bob:builder',
    ]);
    expect(bob.code).toBe(0);
    // An empty listing is "+OK ...", then "." (RFC 1939 §5); curl 7.88 prints the CRLF before the dot.
    expect(bob.stdout.toString()).toMatch(EMPTY);
    const alice = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'alice:wonderland',
    ]);
    expect(alice.stdout.toString()).toMatch(/^1 \d+\r\n$/);
    const wrong = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'alice:rabbit',
    ]);
    // CURLE_LOGIN_DENIED
    expect(wrong.code).toBe(67);
  });

  it('DELE over pop3:// removes the message at QUIT; a list delivers to each member', async () => {
    await sendWithCurl(['staff@example.test']);
    const dele = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/1`,
      '-u',
      'bob:builder',
      '-X',
      'DELE',
      '-I',
    ]);
    expect(dele.code).toBe(0);
    const bob = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'bob:builder',
    ]);
    expect(bob.stdout.toString()).toMatch(EMPTY);
    const alice = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${bridge.current.port}/`,
      '-u',
      'alice:wonderland',
    ]);
    expect(alice.stdout.toString()).toMatch(/^1 \d+\r\n$/);
    // The spool is not a mailbox: its file stays.
    expect(bridge.current.tb.files()).toHaveLength(1);
  });
});

describe('bridge POP3 over a raw socket', () => {
  it('answers a session and survives garbage', async () => {
    const c = await RawClient.open(bridge.current.port);
    c.write('\x00\xff garbage\r\nUSER bob\r\nPASS builder\r\nSTAT\r\n');
    c.write(`${'A'.repeat(5000)}\r\nNOOP\r\nQUIT\r\n`);
    await c.waitClosed();
    const lines = c.received.split('\r\n');
    expect(lines[0]).toMatch(/^\+OK POP3 server ready <\d+\.\d+@mail\.example\.test>$/);
    expect(lines.slice(1, -1)).toEqual([
      '-ERR commands are printable ASCII only (RFC 1939 section 3)',
      '+OK bob is a valid mailbox',
      "+OK bob's maildrop has 0 messages (0 octets)",
      '+OK 0 0',
      '-ERR command line too long (at most 255 octets with CRLF)',
      '+OK',
      '+OK mail.example.test POP3 server signing off (maildrop empty)',
    ]);
  });

  it('says -ERR on shutdown and removes nothing', async () => {
    const c = await RawClient.open(bridge.current.port);
    c.write('USER bob\r\nPASS builder\r\n');
    await new Promise((r) => setTimeout(r, 100));
    await bridge.current.tb.bridge.close();
    await c.waitClosed();
    expect(c.received.split('\r\n').at(-2)).toBe('-ERR server shutting down');
  });
});
