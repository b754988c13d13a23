import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { checkOptions } from '../../src/cli/bridge-server.ts';
import {
  RawClient,
  codes,
  startTestBridge,
  until,
  withTimeout,
  type TestBridge,
} from './helpers.ts';

const hasIpv6 = Object.values(networkInterfaces()).some((list) =>
  list?.some((i) => i.family === 'IPv6' && i.internal),
);

let tb: TestBridge | null = null;
const clients: RawClient[] = [];

async function open(): Promise<RawClient> {
  const c = await RawClient.open(tb!.port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await tb?.stop();
  tb = null;
});

describe('bridge over a raw socket', () => {
  it('greets with 220 and the server name', async () => {
    tb = await startTestBridge();
    const c = await open();
    const [greeting] = await c.replies(1);
    expect(greeting).toMatch(/^220 mail\.example\.test /);
    expect(tb.bridge.connections()).toBe(1);
  });

  it('answers a pipelined chunk in order and closes after QUIT', async () => {
    tb = await startTestBridge();
    const c = await open();
    await c.replies(1);
    c.write(
      'EHLO x.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n' +
        'Subject: t\r\n\r\nhi\r\n.\r\nQUIT\r\n',
    );
    await c.waitClosed();
    expect(c.ended).toBe(true);
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 354, 250, 221]);
    expect(c.received).toContain('250-PIPELINING\r\n');
    expect(tb.files()).toHaveLength(1);
    const eml = tb.read(tb.files()[0]!).toString('latin1');
    expect(eml).toMatch(
      /^Return-Path: <alice@example\.test>\r\nReceived: from x\.test \(\[127\.0\.0\.1\]\)\r\n/,
    );
    expect(eml.endsWith('\r\nSubject: t\r\n\r\nhi\r\n')).toBe(true);
    await until(() => tb!.bridge.connections() === 0, 3000, 'the connection to be released');
  });

  it('ignores input after QUIT', async () => {
    tb = await startTestBridge();
    const c = await open();
    c.write('QUIT\r\nNOOP\r\nNOOP\r\n');
    await c.waitClosed();
    expect(codes(c.received)).toEqual([220, 221]);
  });

  it('answers a 2000-octet command line with 500 and stays usable', async () => {
    tb = await startTestBridge();
    const c = await open();
    await c.replies(1);
    // In two writes, so the line also arrives split across chunks.
    c.write(`NOOP ${'x'.repeat(1000)}`);
    c.write(`${'y'.repeat(993)}\r\n`);
    const after = await c.replies(2);
    expect(after[1]).toMatch(/^500 5\.5\.2 Line too long/);
    c.write('EHLO x.test\r\nNOOP\r\n');
    await c.replies(4);
    expect(codes(c.received)).toEqual([220, 500, 250, 250]);
    expect(c.closed).toBe(false);
  });

  it('refuses a message over --max-size with 552', async () => {
    tb = await startTestBridge({ maxSize: 65536 });
    const c = await open();
    c.write(
      'EHLO x.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n',
    );
    await c.replies(5);
    expect(c.received).toContain('250-SIZE 65536\r\n');
    const line = `${'z'.repeat(98)}\r\n`;
    c.write(line.repeat(700)); // 70000 octets
    c.write('.\r\nNOOP\r\n');
    await c.replies(7);
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 354, 552, 250]);
    expect(tb.files()).toEqual([]);
  });

  it('serves several connections at once, one spool file each', async () => {
    tb = await startTestBridge();
    const cs = await Promise.all([0, 1, 2].map(() => open()));
    for (const [i, c] of cs.entries()) {
      c.write(
        `EHLO c${i}.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n` +
          `DATA\r\nSubject: ${i}\r\n\r\nbody ${i}\r\n.\r\nQUIT\r\n`,
      );
    }
    await Promise.all(cs.map((c) => c.waitClosed()));
    for (const c of cs) expect(codes(c.received)).toEqual([220, 250, 250, 250, 354, 250, 221]);
    // Every session numbers its first message 00000001; the files must not collide.
    expect(tb.files()).toHaveLength(3);
    const bodies = tb.files().map((f) => tb!.read(f).toString('latin1').split('\r\n\r\n')[1]);
    expect(bodies.sort()).toEqual(['body 0\r\n', 'body 1\r\n', 'body 2\r\n']);
    expect(new Set(tb.logs.map((l) => l.file)).size).toBe(3);
  });

  it.skipIf(!hasIpv6)('serves IPv6 clients and names them in Received', async () => {
    tb = await startTestBridge({ host: '::1' });
    expect(tb.bridge.host).toBe('::1');
    const c = await RawClient.open(tb.port, '::1');
    clients.push(c);
    c.write(
      'HELO v6.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n' +
        'DATA\r\n\r\nx\r\n.\r\nQUIT\r\n',
    );
    await c.waitClosed();
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 354, 250, 221]);
    const eml = tb.read(tb.files()[0]!).toString('latin1');
    expect(eml).toContain(
      'Received: from v6.test ([IPv6:::1])\r\n\tby mail.example.test with SMTP id',
    );
    expect(tb.logs[0]).toMatchObject({ client: '::1' });
  });

  it('caps connections: one more gets only a 421 and is closed', async () => {
    tb = await startTestBridge({ maxConnections: 1 });
    const first = await open();
    await first.replies(1);
    const second = await open();
    await second.waitClosed();
    expect(second.received).toBe(
      '421 mail.example.test Too many connections, closing transmission channel\r\n', // the greeting: no enhanced code (RFC 2034 §3 (4))
    );
    expect(tb.bridge.connections()).toBe(1);
    // The first connection is unaffected; once it leaves, a new one is served.
    first.write('NOOP\r\nQUIT\r\n');
    await first.waitClosed();
    expect(codes(first.received)).toEqual([220, 250, 221]);
    await until(() => tb!.bridge.connections() === 0, 3000, 'the connection to be released');
    const third = await open();
    expect((await third.replies(1))[0]).toMatch(/^220 /);
  });

  it('closes an idle connection with 421 after --idle', async () => {
    tb = await startTestBridge({ idleSeconds: 0.3 });
    const c = await open();
    const started = Date.now();
    c.write('EHLO x.test\r\n');
    await c.waitClosed(3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(codes(c.received)).toEqual([220, 250, 421]);
    expect(c.received).toMatch(
      /\r\n421 4\.4\.2 mail\.example\.test Timeout exceeded, closing transmission channel\r\n$/,
    );
  });

  it('survives a client that resets the connection', async () => {
    tb = await startTestBridge();
    const c = await open();
    await c.replies(1);
    c.write('EHLO x.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\n');
    await c.replies(4);
    c.write('DATA\r\nSubject: half\r\n\r\nonly part of');
    await c.replies(5);
    c.socket.resetAndDestroy();
    await until(() => tb!.bridge.connections() === 0, 3000, 'the connection to be released');
    const next = await open();
    expect((await next.replies(1))[0]).toMatch(/^220 /);
    expect(tb.files()).toEqual([]);
    expect(tb.warnings).toEqual([]);
  });

  it('says 421 to open connections when it closes', async () => {
    tb = await startTestBridge();
    const c = await open();
    await c.replies(1);
    await withTimeout(tb.bridge.close(), 5000, 'close');
    await c.waitClosed();
    expect(codes(c.received)).toEqual([220, 421]);
    expect(c.received).toMatch(/\r\n421 4\.3\.2 mail\.example\.test Service shutting down/);
  });
});

describe('bridge options', () => {
  it.each([
    [{ port: 70000 }, /--port must be an integer from 0 to 65535/],
    [{ port: 1.5 }, /--port must be an integer/],
    [{ maxConnections: 0 }, /--max-connections must be a whole number of at least 1/],
    [{ maxConnections: 2.5 }, /--max-connections must be a whole number/],
    [{ maxSize: 65535 }, /--max-size must be .* at least 65536/],
    [{ idleSeconds: 0 }, /--idle must be a positive number/],
    [{ idleSeconds: Number.NaN }, /--idle must be a positive number/],
    [{ host: '' }, /--host must not be empty/],
    [
      { profile: 'nope' as never },
      /--profile must be one of relay, submission, submissions, alternate/,
    ],
    [{ listen: [] }, /--listen needs at least one/],
    [{ listen: [{ port: 65536 }] }, /--listen port must be an integer/],
    [{ listen: [{ port: 25, profile: 'x' as never }] }, /--listen profile must be one of/],
    [{ listen: [{ port: 25 }, { port: 25, profile: 'relay' as const }] }, /names port 25 twice/],
  ])('refuses %j', (options, message) => {
    expect(checkOptions(options)).toMatch(message);
  });

  it('accepts the defaults and port 0', () => {
    expect(checkOptions({})).toBeNull();
    expect(
      checkOptions({ port: 0, maxSize: 65536, idleSeconds: 0.3, maxConnections: 1 }),
    ).toBeNull();
    expect(
      checkOptions({
        listen: [
          { port: 0, profile: 'submission' },
          { port: 0, profile: 'submissions' },
          { port: 0 },
        ],
      }),
    ).toBeNull();
  });
});
