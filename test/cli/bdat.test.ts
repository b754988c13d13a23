/**
 * CHUNKING (RFC 3030 §2) over a real socket: `BDAT n` is followed by exactly
 * n octets, whatever they look like and however TCP splits them; no
 * dot-stuffing, no end-of-data line.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient, codes, startTestBridge, until, type TestBridge } from './helpers.ts';

let tb: TestBridge;
let c: RawClient | null = null;
beforeEach(async () => {
  // The relay profile offers CHUNKING and BINARYMIME and needs no AUTH.
  tb = await startTestBridge({ profile: 'relay' });
});
afterEach(async () => {
  c?.destroy();
  c = null;
  await tb.stop();
});

/** Connects, says EHLO and opens a transaction for bob; returns after the four replies. */
async function transaction(mail = 'MAIL FROM:<alice@example.test>'): Promise<RawClient> {
  c = await RawClient.open(tb.port);
  c.write(`EHLO client.test\r\n${mail}\r\nRCPT TO:<bob@example.test>\r\n`);
  await c.replies(4);
  expect(c.received).toContain('\r\n250-CHUNKING\r\n');
  expect(codes(c.received)).toEqual([220, 250, 250, 250]);
  return c;
}

/** The spooled file's content: what follows the trace the session wrote. */
function spooledContent(): Buffer {
  expect(tb.files()).toHaveLength(1);
  const file = tb.read(tb.files()[0]!);
  const trace = Buffer.from(tb.sessions[0]!.mailbox[0]!.trace, 'utf8');
  expect(file.subarray(0, trace.length).equals(trace)).toBe(true);
  return file.subarray(trace.length);
}

describe('BDAT over the bridge', () => {
  it('counts 10 octets that arrive in two TCP writes, then BDAT 0 LAST ends the message', async () => {
    const c = await transaction();
    // Ten octets a DATA reader would take for an end of data: ".\r\nab\r\n.\r\n".
    const octets = Buffer.from('.\r\nab\r\n.\r\n', 'latin1');
    expect(octets).toHaveLength(10);
    const session = tb.sessions[0]!;
    c.write(Buffer.concat([Buffer.from('BDAT 10\r\n'), octets.subarray(0, 4)]));
    // The second write goes out only once the server has read the first.
    await until(
      () => session.transcript.some((e) => e.kind === 'client' && e.text === 'BDAT 10'),
      3000,
      'the BDAT line',
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(codes(c.received)).toHaveLength(4); // 6 octets still missing: no reply yet
    c.write(octets.subarray(4));
    const replies = await c.replies(5);
    expect(replies[4]).toMatch(/^250 2\.0\.0 10 octets received/);
    c.write('BDAT 0 LAST\r\n');
    await c.replies(6);
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 250, 250]);
    expect(c.received).toMatch(/\r\n250 2\.0\.0 OK: queued as \S+\r\n$/);
    expect(spooledContent().equals(octets)).toBe(true);
    expect(tb.logs).toEqual([expect.objectContaining({ event: 'delivered', size: 10 })]);
  });

  it('takes bytes that look like commands as content, not commands', async () => {
    const c = await transaction('MAIL FROM:<alice@example.test> BODY=BINARYMIME');
    const octets = Buffer.concat([
      Buffer.from('QUIT\r\nRSET\r\n', 'latin1'),
      Buffer.from([0x00, 0xff, 0x0d, 0x0a]),
    ]);
    expect(octets).toHaveLength(16);
    c.write(Buffer.concat([Buffer.from('BDAT 16 LAST\r\n'), octets, Buffer.from('NOOP\r\n')]));
    await c.replies(6);
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 250, 250]);
    expect(c.closed).toBe(false); // the QUIT inside the chunk closed nothing
    const said = tb.sessions[0]!.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said).not.toContain('QUIT');
    expect(said).not.toContain('RSET');
    expect(spooledContent().equals(octets)).toBe(true);
    c.write('QUIT\r\n');
    await c.waitClosed();
    expect(codes(c.received).at(-1)).toBe(221);
  });
});
