import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '../../src/cli/bridge-server.ts';
import { warmUp } from '../../src/cli/bridge-warm.ts';

/** Sends each line after the reply to the previous one; resolves with everything received. */
function talk(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = '';
    let next = 0;
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      received += text;
      if (!/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(received)) return; // a reply is complete
      if (next < lines.length) socket.write(`${lines[next++]}\r\n`);
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('warm-up: throw-away sessions while the bridge waits for clients', () => {
  let bridge: Bridge | null = null;
  let spool: string | null = null;
  afterEach(async () => {
    await bridge?.close();
    bridge = null;
    if (spool) rmSync(spool, { recursive: true, force: true });
  });

  it('runs the commands asked for, whole sessions at a time, over every world given', async () => {
    const w = warmUp([{}, { hostname: 'mx.example.test' }], 1000);
    const n = await w.done;
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThan(1000 + 9); // at most one script past the count
  });

  it('stops when told (the bridge closes)', async () => {
    const w = warmUp([{}], 1e9);
    await new Promise((r) => setImmediate(r));
    w.stop();
    expect(await w.done).toBeLessThan(1e9);
  });

  it('serves a client meanwhile; nothing of the warm-up is spooled, logged or counted', async () => {
    spool = mkdtempSync(join(tmpdir(), 'bridge-warm-'));
    const logged: string[] = [];
    bridge = await startBridge({
      port: 0,
      host: '127.0.0.1',
      spool,
      warmUp: 1_000_000, // still running while the client talks
      log: (line) => void logged.push(line),
      warn: (line) => void logged.push(line),
    });
    expect(bridge.connections()).toBe(0);
    const said = await talk(bridge.port, [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'Subject: real\r\n\r\nreal text\r\n.',
      'QUIT',
    ]);
    const codes = said
      .split('\r\n')
      .filter((l) => /^\d{3} /.test(l))
      .map((l) => l.slice(0, 3));
    expect(codes).toEqual(['220', '250', '250', '250', '354', '250', '221']);
    // Only the client's message: one file, one delivered line.
    expect(readdirSync(spool).filter((f) => !f.startsWith('.'))).toHaveLength(1);
    expect(logged.filter((l) => l.includes('"delivered"'))).toHaveLength(1);
    expect(logged.filter((l) => !l.includes('"delivered"'))).toEqual([]);
  });
});
