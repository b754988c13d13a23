/**
 * What the POP3 and IMAP curl tests share: a bridge with a retrieval port,
 * curl with its output kept as bytes, and curl sending a message over
 * smtp:// so it can be read back over the other protocol.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import type { BridgeOptions } from '../../src/cli/bridge-options.ts';
import { curl, startTestBridge, type TestBridge } from './helpers.ts';

export interface CurlBytes {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** curl with its output as bytes (a message read back must compare octet for octet), for at most 15 s. */
export function curlBytes(args: string[]): Promise<CurlBytes> {
  return new Promise((resolve) => {
    execFile('curl', args, { timeout: 15_000, encoding: 'buffer' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr: stderr.toString() });
    });
  });
}

export interface RetrievalBridge {
  /** The running bridge (fresh for each test). */
  readonly tb: TestBridge;
  /** The retrieval port the test reads from. */
  readonly port: number;
  /** curl sends `message` from alice over smtp:// to these recipients; it must succeed. */
  send(message: Buffer, to: readonly string[]): Promise<void>;
}

/**
 * A bridge started before each test with these options, and the port of
 * `protocol` on it; stopped, with its scratch folder, after each.
 */
export function retrievalBridge(
  protocol: 'pop3' | 'imap',
  options: BridgeOptions,
): { readonly current: RetrievalBridge } {
  const holder: { current: RetrievalBridge } = { current: undefined as unknown as RetrievalBridge };
  let dir = '';
  beforeEach(async () => {
    const tb = await startTestBridge(options);
    const port = tb.bridge.retrieval.find((r) => r.protocol === protocol)!.port;
    dir = mkdtempSync(join(tmpdir(), `smtp-bridge-${protocol}-`));
    holder.current = {
      tb,
      port,
      async send(message, to) {
        const file = join(dir, 'message.eml');
        writeFileSync(file, message);
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
      },
    };
  });
  afterEach(async () => {
    await holder.current.tb.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return holder;
}
