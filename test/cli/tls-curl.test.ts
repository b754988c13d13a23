/**
 * curl against the bridge's TLS ports: `--ssl-reqd` (STARTTLS, RFC 3207) with
 * AUTH on the submission profile, and `smtps://` (implicit TLS, RFC 8314) on
 * the submissions profile. The spooled content must be the uploaded bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/machines/session.ts';
import { curl as runCurl, hasCurl, startTestBridge, type TestBridge } from './helpers.ts';

/** Quiet but for errors (-sS). */
const curl = (args: string[]) => runCurl(['-sS', ...args]);

let tb: TestBridge;
let dir: string;
let file: string;
beforeAll(async () => {
  tb = await startTestBridge({
    listen: [
      { port: 0, profile: 'submission' },
      { port: 0, profile: 'submissions' },
    ],
  });
  dir = mkdtempSync(join(tmpdir(), 'smtp-bridge-curl-tls-'));
  file = join(dir, 'message.eml');
  writeFileSync(file, MESSAGE);
});
afterAll(async () => {
  await tb?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Dot-leading lines, UTF-8 and octets that are not UTF-8 (Latin-1 é, 0xFF).
const MESSAGE = Buffer.concat([
  Buffer.from(
    'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: curl over TLS\r\n' +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: 8bit\r\n\r\n' +
      '.hidden\r\n..two dots\r\n.\r\nGrüße ✓\r\n',
    'utf8',
  ),
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x0d, 0x0a]),
  Buffer.from('.\r\nend\r\n', 'utf8'),
]);

const ENVELOPE = ['--mail-from', 'alice@example.test', '--mail-rcpt', 'bob@example.test'];

/** The session curl's connection ran in (the newest one). */
function lastSession(): Session {
  return tb.sessions.at(-1)!;
}

function said(session: Session): string[] {
  return session.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
}

/** Checks the spooled file of the session's delivery: the trace, then exactly MESSAGE. */
function expectSpooled(session: Session) {
  const delivery = session.mailbox[0]!;
  const name = tb.files().find((f) => f.endsWith(`-${delivery.id}.eml`));
  expect(name).toBeDefined();
  const spooled = tb.read(name!);
  const trace = Buffer.from(delivery.trace, 'utf8');
  expect(spooled.subarray(0, trace.length).equals(trace)).toBe(true);
  expect(delivery.trace).toMatch(/\r\n\tby mail\.example\.test with ESMTPSA id /);
  expect(spooled.subarray(trace.length).equals(MESSAGE)).toBe(true);
}

describe.skipIf(!hasCurl)('bridge TLS with curl', () => {
  it('--ssl-reqd: STARTTLS, AUTH PLAIN, content byte for byte', async () => {
    const run = await curl([
      `smtp://127.0.0.1:${tb.portOf('submission')}`,
      '--ssl-reqd',
      '-k',
      '--user',
      'alice:wonderland',
      '--login-options',
      'AUTH=PLAIN',
      ...ENVELOPE,
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const session = lastSession();
    // Without --sasl-ir, curl waits for the 334 before it sends the credentials.
    expect(said(session).slice(0, 5)).toEqual([
      expect.stringMatching(/^EHLO /),
      'STARTTLS',
      expect.stringMatching(/^EHLO /),
      'AUTH PLAIN',
      Buffer.from('\0alice\0wonderland').toString('base64'),
    ]);
    expect(session.tls).toMatchObject({ simulated: false, certificate: 'CN=mail.example.test' });
    expect(session.transcript.find((e) => e.kind === 'content')).toMatchObject({
      size: MESSAGE.length,
      unstuffed: 4,
    });
    expectSpooled(session);
  });

  it('--ssl-reqd with curl choosing the mechanism (CRAM-MD5 when offered)', async () => {
    const run = await curl([
      `smtp://127.0.0.1:${tb.portOf('submission')}`,
      '--ssl-reqd',
      '-k',
      '--user',
      'bob:builder',
      '--mail-from',
      'bob@example.test',
      '--mail-rcpt',
      'alice@example.test',
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const session = lastSession();
    expect(said(session)).toContain('AUTH CRAM-MD5');
    expect(session.mailbox).toHaveLength(1);
  });

  it('--ssl-reqd without --user: MAIL is refused with 530', async () => {
    const before = tb.files().length;
    const run = await curl([
      `smtp://127.0.0.1:${tb.portOf('submission')}`,
      '--ssl-reqd',
      '-k',
      ...ENVELOPE,
      '--upload-file',
      file,
    ]);
    // CURLE_SEND_ERROR: "(55) MAIL failed: 530".
    expect(run.code).toBe(55);
    expect(run.stderr).toMatch(/MAIL failed: 530/);
    expect(tb.files()).toHaveLength(before);
  });

  it('smtps://: implicit TLS, content byte for byte', async () => {
    const run = await curl([
      `smtps://127.0.0.1:${tb.portOf('submissions')}`,
      '-k',
      '--user',
      'alice:wonderland',
      ...ENVELOPE,
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const session = lastSession();
    expect(said(session)).not.toContain('STARTTLS');
    expect(session.tls).toMatchObject({ simulated: false });
    expectSpooled(session);
  });

  it('smtps:// verifies the certificate given with --cacert', async () => {
    const ca = join(dir, 'bridge.pem');
    writeFileSync(ca, tb.bridge.certificate!.pem);
    const run = await curl([
      `smtps://127.0.0.1:${tb.portOf('submissions')}`,
      '--cacert',
      ca,
      '--user',
      'alice:wonderland',
      ...ENVELOPE,
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('smtps:// without -k or --cacert: curl refuses the self-signed certificate', async () => {
    const run = await curl([
      `smtps://127.0.0.1:${tb.portOf('submissions')}`,
      '--user',
      'alice:wonderland',
      ...ENVELOPE,
      '--upload-file',
      file,
    ]);
    // CURLE_PEER_FAILED_VERIFICATION.
    expect(run.code).toBe(60);
  });
});
