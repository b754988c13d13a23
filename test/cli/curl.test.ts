import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curl, hasCurl, startTestBridge, type TestBridge } from './helpers.ts';

let tb: TestBridge;
let dir: string;
beforeEach(async () => {
  tb = await startTestBridge();
  dir = mkdtempSync(join(tmpdir(), 'smtp-bridge-curl-'));
});
afterEach(async () => {
  await tb.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Dot-leading lines, UTF-8, and octets that are not UTF-8 at all (Latin-1 é, 0xFF):
// the spool must hold these exact bytes, so nothing may decode and re-encode them.
const MESSAGE = Buffer.concat([
  Buffer.from(
    'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: curl test\r\n' +
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      'Content-Transfer-Encoding: 8bit\r\n\r\n' +
      '.hidden\r\n..two dots\r\n.\r\n. space\r\nGrüße, ünïcödé ✓\r\n',
    'utf8',
  ),
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff, 0x0d, 0x0a]), // "caf\xE9 \xFF\r\n"
  Buffer.from('.\r\nend\r\n', 'utf8'),
]);

describe.skipIf(!hasCurl)('bridge with curl', () => {
  it('spools exactly the uploaded bytes (curl dot-stuffs, the bridge unstuffs)', async () => {
    const file = join(dir, 'message.eml');
    writeFileSync(file, MESSAGE);
    const run = await curl([
      '-sS',
      `smtp://127.0.0.1:${tb.port}`,
      '--mail-from',
      'alice@example.test',
      '--mail-rcpt',
      'bob@example.test',
      '--mail-rcpt',
      'alice@example.test',
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const session = tb.sessions[0]!;
    const content = session.transcript.find((e) => e.kind === 'content');
    expect(content).toMatchObject({ size: MESSAGE.length, unstuffed: 5 });

    expect(tb.files()).toHaveLength(1);
    const spooled = tb.read(tb.files()[0]!);
    const delivery = session.mailbox[0]!;
    const trace = Buffer.from(delivery.trace, 'utf8');
    expect(spooled.subarray(0, trace.length).equals(trace)).toBe(true);
    expect(spooled.toString('latin1')).toMatch(
      /^Return-Path: <alice@example\.test>\r\nReceived: from \S+ \(\[127\.0\.0\.1\]\)\r\n/,
    );
    expect(spooled.subarray(trace.length).equals(MESSAGE)).toBe(true);
    expect(tb.logs).toEqual([
      expect.objectContaining({
        event: 'delivered',
        from: '<alice@example.test>',
        to: ['<bob@example.test>', '<alice@example.test>'],
        size: MESSAGE.length,
        client: '127.0.0.1',
      }),
    ]);
  });

  it('fails on an unknown recipient and spools nothing', async () => {
    const file = join(dir, 'message.eml');
    writeFileSync(file, MESSAGE);
    const run = await curl([
      '-sS',
      `smtp://127.0.0.1:${tb.port}`,
      '--mail-from',
      'alice@example.test',
      '--mail-rcpt',
      'nobody@example.test',
      '--upload-file',
      file,
    ]);
    // CURLE_SEND_ERROR: curl reports a refused RCPT as "(55) RCPT failed: 550".
    expect(run.code).toBe(55);
    expect(run.stderr).toMatch(/RCPT failed: 550/);
    const said = tb.sessions[0]!.transcript.flatMap((e) =>
      e.kind === 'server' ? [e.reply.code] : [],
    );
    expect(said).toContain(550);
    expect(tb.files()).toEqual([]);
    expect(tb.logs).toEqual([]);
  });
});
