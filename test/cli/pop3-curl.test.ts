/**
 * The bridge's POP3 port (--pop3) with curl: a message curl sent over smtp://
 * is read back over pop3:// byte for byte, as the spool holds it (trace
 * fields, then the content).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curl, hasCurl, RawClient, startTestBridge, type TestBridge } from './helpers.ts';

/** curl with its output as bytes. */
function curlBytes(
  args: string[],
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', args, { timeout: 15_000, encoding: 'buffer' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr: stderr.toString() });
    });
  });
}

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

let tb: TestBridge;
let dir: string;
let pop3: number;
beforeEach(async () => {
  tb = await startTestBridge({ pop3: 0 });
  pop3 = tb.bridge.retrieval.find((r) => r.protocol === 'pop3')!.port;
  dir = mkdtempSync(join(tmpdir(), 'smtp-bridge-pop3-'));
});
afterEach(async () => {
  await tb.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function sendWithCurl(to: string[]) {
  const file = join(dir, 'message.eml');
  writeFileSync(file, MESSAGE);
  const run = await curl([
    '-sS',
    `smtp://127.0.0.1:${tb.port}`,
    '--mail-from',
    'alice@example.test',
    ...to.flatMap((r) => ['--mail-rcpt', r]),
    '--upload-file',
    file,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
}

describe.skipIf(!hasCurl)('bridge POP3 with curl', () => {
  it('reads back over pop3:// what curl sent over smtp://, byte for byte as spooled', async () => {
    await sendWithCurl(['bob@example.test']);
    expect(tb.files()).toHaveLength(1);
    const spooled = tb.read(tb.files()[0]!);
    expect(spooled.subarray(spooled.length - MESSAGE.length).equals(MESSAGE)).toBe(true);

    const list = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'bob:builder']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    expect(list.stdout.toString()).toBe(`1 ${spooled.length}\r\n`);

    const retr = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/1`, '-u', 'bob:builder']);
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
      `pop3://127.0.0.1:${pop3}/`,
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
      `pop3://127.0.0.1:${pop3}/`,
      '--login-options',
      'AUTH=+APOP',
      '-u',
      'bob:wrong',
    ]);
    expect(wrong.code).toBe(67);
  });

  it("keeps each user's mailbox apart and refuses a wrong password", async () => {
    await sendWithCurl(['alice@example.test']);
    const bob = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'bob:builder']);
    expect(bob.code).toBe(0);
    // An empty listing is "+OK ...", then "." (RFC 1939 §5); curl 7.88 prints the CRLF before the dot.
    expect(bob.stdout.toString()).toMatch(EMPTY);
    const alice = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'alice:wonderland']);
    expect(alice.stdout.toString()).toMatch(/^1 \d+\r\n$/);
    const wrong = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'alice:rabbit']);
    // CURLE_LOGIN_DENIED
    expect(wrong.code).toBe(67);
  });

  it('DELE over pop3:// removes the message at QUIT; a list delivers to each member', async () => {
    await sendWithCurl(['staff@example.test']);
    const dele = await curlBytes([
      '-sS',
      `pop3://127.0.0.1:${pop3}/1`,
      '-u',
      'bob:builder',
      '-X',
      'DELE',
      '-I',
    ]);
    expect(dele.code).toBe(0);
    const bob = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'bob:builder']);
    expect(bob.stdout.toString()).toMatch(EMPTY);
    const alice = await curlBytes(['-sS', `pop3://127.0.0.1:${pop3}/`, '-u', 'alice:wonderland']);
    expect(alice.stdout.toString()).toMatch(/^1 \d+\r\n$/);
    // The spool is not a mailbox: its file stays.
    expect(tb.files()).toHaveLength(1);
  });
});

describe('bridge POP3 over a raw socket', () => {
  it('answers a session and survives garbage', async () => {
    const c = await RawClient.open(pop3);
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
    const c = await RawClient.open(pop3);
    c.write('USER bob\r\nPASS builder\r\n');
    await new Promise((r) => setTimeout(r, 100));
    await tb.bridge.close();
    await c.waitClosed();
    expect(c.received.split('\r\n').at(-2)).toBe('-ERR server shutting down');
  });
});
