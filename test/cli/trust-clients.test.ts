/**
 * Real clients against the bridge's trust rules: a message the spool cannot
 * take is refused with 451 (RFC 5321 §6.1), and the client knows it was not
 * delivered; an MSA refuses a domain that is not fully qualified (RFC 6409
 * §4.2); a pooled client's RSETs do not trip the junk-command limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { curl, hasCurl, startTestBridge, withTimeout, type TestBridge } from './helpers.ts';

let tb: TestBridge | null = null;
afterEach(async () => {
  await tb?.stop();
  tb = null;
});

/** A spool folder that became a file: every write fails (ENOTDIR), as on a broken disk. */
function breakSpool(t: TestBridge) {
  rmSync(t.spool, { recursive: true });
  writeFileSync(t.spool, 'not a folder');
}

const MESSAGE = 'From: bob@example.test\r\nTo: alice@example.test\r\nSubject: t\r\n\r\nhello\r\n';

describe('Nodemailer', () => {
  it('is told 451 when the message cannot be stored, and nothing is logged as delivered', async () => {
    tb = await startTestBridge();
    breakSpool(tb);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: tb.port,
      ignoreTLS: true,
      name: 'client.test',
    });
    const error = await withTimeout(
      transport
        .sendMail({
          envelope: { from: 'bob@example.test', to: ['alice@example.test'] },
          raw: MESSAGE,
        })
        .then(
          () => null,
          (e: unknown) => e as { responseCode?: number; response?: string },
        ),
      10_000,
      'sendMail',
    );
    expect(error?.responseCode).toBe(451);
    expect(error?.response).toMatch(/^451 4\.3\.0 /);
    expect(tb.logs).toEqual([]);
  });

  it('a pooled connection sends 150 messages (RSET between them) without reaching the junk limit', async () => {
    tb = await startTestBridge();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: tb.port,
      ignoreTLS: true,
      name: 'client.test',
      pool: true,
      maxConnections: 1,
      maxMessages: 200,
    });
    try {
      for (let i = 0; i < 150; i++)
        await withTimeout(
          transport.sendMail({
            envelope: { from: 'bob@example.test', to: ['alice@example.test'] },
            raw: MESSAGE,
          }),
          5000,
          `message ${i}`,
        );
    } finally {
      transport.close();
    }
    expect(tb.files()).toHaveLength(150);
  });
});

describe.skipIf(!hasCurl)('curl', () => {
  /** Uploads MESSAGE with curl (quiet but for errors), from `from` to `to`, with `extra` options. */
  async function send(port: number, from: string, to: string, extra: string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-trust-curl-'));
    try {
      const file = join(dir, 'm.eml');
      writeFileSync(file, MESSAGE);
      return await curl([
        '--silent',
        '--show-error',
        ...extra,
        `smtp://127.0.0.1:${port}`,
        '--mail-from',
        from,
        '--mail-rcpt',
        to,
        '--upload-file',
        file,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('fails (non-zero exit) when the bridge cannot store the message', async () => {
    tb = await startTestBridge();
    breakSpool(tb);
    const run = await send(tb.port, 'bob@example.test', 'alice@example.test', ['--verbose']);
    // curl reports a refused end of data as CURLE_WEIRD_SERVER_REPLY (8); -v shows the reply.
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(/^< 451 4\.3\.0 /m);
    expect(tb.logs).toEqual([]);
  });

  it('submission (587 profile): a recipient at a domain that is not fully qualified gets 554', async () => {
    tb = await startTestBridge({ listen: [{ port: 0, profile: 'submission' }] });
    const run = await send(tb.port, 'alice@example.test', 'bob@sales', [
      '--ssl-reqd',
      '-k',
      '--user',
      'alice:wonderland',
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/554/);
    expect(tb.files()).toEqual([]);
  });
});
