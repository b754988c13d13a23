/**
 * The bridge against an attacker and a failing disk: no smuggling over TCP,
 * the file on disk before the 250 (RFC 5321 §6.1) and 451 4.3.0 when it
 * cannot be, nothing half-written, units timed as a whole (§4.5.3.2.7), and
 * bounded sessions (junk commands, retention).
 */
import * as fs from 'node:fs';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Session } from '../../src/machines/session.ts';
import { RawClient, codes, startTestBridge, until, type TestBridge } from './helpers.ts';

let tb: TestBridge | null = null;
const clients: RawClient[] = [];

async function open(port = tb!.port): Promise<RawClient> {
  const c = await RawClient.open(port);
  clients.push(c);
  await c.replies(1);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await tb?.stop();
  tb = null;
});

const ENVELOPE =
  'EHLO client.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n';
const FORGED = 'MAIL FROM:<forged@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n';

describe('SMTP smuggling over TCP', () => {
  for (const fake of ['\n.\n', '\r\n.\n', '\n.\r\n', '\r.\r', '\r\n.\r']) {
    it(`${JSON.stringify(fake)} does not end the message: one file on disk`, async () => {
      tb = await startTestBridge();
      const c = await open();
      c.write(`${ENVELOPE}Subject: one${fake}${FORGED}smuggled\r\n.\r\nQUIT\r\n`);
      await c.waitClosed();
      expect(codes(c.received)).toEqual([220, 250, 250, 250, 354, 250, 221]);
      expect(tb.files()).toHaveLength(1);
      expect(tb.read(tb.files()[0]!).toString('latin1')).toContain('forged@example.test');
    });
  }

  it('--lenient-data-ending reproduces the attack, with a warning at start', async () => {
    tb = await startTestBridge({ lenientDataEnding: true });
    expect(tb.warnings.some((w) => /WARNING: lenient data ending/.test(w))).toBe(true);
    const c = await open();
    c.write(`${ENVELOPE}Subject: one\n.\n${FORGED}smuggled\r\n.\r\nQUIT\r\n`);
    await c.waitClosed();
    expect(tb.files()).toHaveLength(2);
  });

  it('the default bridge prints no such warning', async () => {
    tb = await startTestBridge();
    expect(tb.warnings).toEqual([]);
  });
});

describe('a message is on disk before its 250', () => {
  it('the file exists when the 250 arrives, and no temporary file is left', async () => {
    tb = await startTestBridge();
    const c = await open();
    c.write(`${ENVELOPE}Hi\r\n.\r\n`);
    await c.replies(6);
    // By the time the client reads 250, the spool already holds the file.
    expect(tb.files()).toHaveLength(1);
    expect(tb.files()[0]).toMatch(/\.eml$/);
  });

  it('a full disk mid-write: 451 4.3.0, nothing half-written, the next message goes through', async () => {
    let failing = true;
    tb = await startTestBridge({
      spoolIo: {
        openSync: fs.openSync,
        fsyncSync: fs.fsyncSync,
        closeSync: fs.closeSync,
        linkSync: fs.linkSync,
        unlinkSync: fs.unlinkSync,
        writeSync: (fd: number, bytes: Uint8Array, offset: number, length: number) => {
          if (!failing) return fs.writeSync(fd, bytes, offset, length);
          // Half the bytes make it, then the disk is full.
          fs.writeSync(fd, bytes, offset, Math.ceil(length / 2));
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          });
        },
      },
    });
    const c = await open();
    c.write(`${ENVELOPE}Hi\r\n.\r\n`);
    const lines = await c.replies(6);
    expect(lines.at(-1)).toMatch(/^451 4\.3\.0 /);
    expect(readdirSync(tb.spool)).toEqual([]);
    expect(tb.logs).toEqual([]);
    expect(tb.warnings.some((w) => /ENOSPC.*451/.test(w))).toBe(true);
    failing = false;
    c.write('MAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nHi\r\n.\r\n');
    const after = await c.replies(10);
    expect(after.at(-1)).toMatch(/^250 /);
    expect(tb.files()).toHaveLength(1);
  });

  it('a spool folder that became a file (ENOTDIR): 451, nothing acknowledged', async () => {
    tb = await startTestBridge();
    rmSync(tb.spool, { recursive: true });
    writeFileSync(tb.spool, 'not a folder');
    try {
      const c = await open();
      c.write(`${ENVELOPE}Hi\r\n.\r\n`);
      const lines = await c.replies(6);
      expect(lines.at(-1)).toMatch(/^451 4\.3\.0 /);
      expect(tb.logs).toEqual([]);
    } finally {
      rmSync(tb.spool, { force: true });
      mkdirSync(tb.spool);
    }
  });
});

describe('slow clients: a unit must be complete within its limit, however slowly it trickles', () => {
  it('a command line sent a byte at a time past the limit gets 421 saying why', async () => {
    tb = await startTestBridge({ idleSeconds: 0.6 });
    const c = await open();
    const line = 'NOOP and more text to trickle\r\n';
    let i = 0;
    const drip = setInterval(() => {
      if (i < line.length && !c.closed) c.write(line[i++]!);
    }, 100);
    try {
      await c.waitClosed(4000);
    } finally {
      clearInterval(drip);
    }
    expect(i).toBeLessThan(line.length);
    expect(c.received).toMatch(
      /421 4\.4\.2 mail\.example\.test Command line not complete within 0\.6 seconds/,
    );
  });

  it('message text dripped past --data-time gets 421', async () => {
    tb = await startTestBridge({ idleSeconds: 5, dataSeconds: 0.6 });
    const c = await open();
    c.write(ENVELOPE);
    await c.replies(5);
    const drip = setInterval(() => !c.closed && c.write('line\r\n'), 100);
    try {
      await c.waitClosed(4000);
    } finally {
      clearInterval(drip);
    }
    expect(c.received).toMatch(
      /421 4\.4\.2 mail\.example\.test Message text not complete within 0\.6 seconds/,
    );
    expect(tb.files()).toEqual([]);
  });

  it('complete commands, each within the limit, are not cut off', async () => {
    tb = await startTestBridge({ idleSeconds: 0.5 });
    const c = await open();
    for (let i = 0; i < 4; i++) {
      c.write('NO');
      await new Promise((r) => setTimeout(r, 150));
      c.write('OP\r\n');
      await c.replies(2 + i);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(c.closed).toBe(false);
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 250]);
  });
});

describe('bounded sessions', () => {
  it('endless NOOPs end with 421 after the junk and error limits', async () => {
    tb = await startTestBridge();
    const c = await open();
    c.write('NOOP\r\n'.repeat(1000));
    await c.waitClosed();
    const got = codes(c.received);
    expect(got.length).toBe(1 + 121);
    expect(got.at(-1)).toBe(421);
  });

  it('by default a bridge session keeps a bounded transcript and no message once spooled', async () => {
    let session: Session | null = null;
    tb = await startTestBridge({
      retain: undefined,
      world: { maxJunkCommands: Infinity },
      onSession: (s) => (session = s),
    });
    const c = await open();
    c.write(`${ENVELOPE}Hi\r\n.\r\n`);
    await c.replies(6);
    c.write('NOOP\r\n'.repeat(5000));
    await c.replies(6 + 5000, 10_000);
    await until(() => session !== null, 1000, 'the session');
    expect(session!.transcript.length).toBeLessThan(200);
    expect(session!.mailbox).toHaveLength(0);
    expect(tb.files()).toHaveLength(1);
  });
});
