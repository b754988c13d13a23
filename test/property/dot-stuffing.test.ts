/**
 * Property 4: dot-stuffing round trip (RFC 5321 §4.5.2). A client stuffs the
 * body (a line starting with "." gets one more), ends it with CRLF.CRLF, and
 * the server delivers exactly the original bytes; the same on Framer.readData.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Framer } from '../../src/protocol/framing.ts';
import {
  PROPERTY_TIMEOUT,
  bin,
  bytesEqual,
  chunk,
  chunkingArb,
  concatBytes,
  run,
  show,
} from './arbitraries.ts';

const CRLF = bin('\r\n');
const DOT = 0x2e;

/** Text line bytes: anything but CR and LF (§2.3.8: those only travel as CRLF). */
const lineBytesArb = fc
  .tuple(
    fc.constantFrom('', '', '', '.', '..', '...'),
    fc.oneof(
      { weight: 8, arbitrary: fc.uint8Array({ maxLength: 80 }) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 900, maxLength: 998 }) },
    ),
  )
  .map(([dots, b]) => {
    const line = concatBytes([bin(dots), b.map((x) => (x === 0x0a || x === 0x0d ? x ^ 0x40 : x))]);
    // §4.5.3.1.6: at most 1000 octets with the CRLF, not counting a stuffing dot.
    return line.subarray(0, 998);
  });

/** A body: lines ending in CRLF, the last one sometimes not. */
const bodyArb = fc
  .tuple(fc.array(lineBytesArb, { maxLength: 40, size: 'medium' }), fc.boolean())
  .map(([lines, lastTerminated]) => {
    const parts: Uint8Array[] = [];
    lines.forEach((l, i) => {
      parts.push(l);
      if (i < lines.length - 1 || lastTerminated) parts.push(CRLF);
    });
    return { body: concatBytes(parts), lines };
  });

/** What a client sends after DATA, and what the server must deliver. */
function stuff(body: Uint8Array, lines: readonly Uint8Array[]) {
  const parts: Uint8Array[] = [];
  let lineStart = true;
  for (let i = 0; i < body.length; i++) {
    if (lineStart && body[i] === DOT) parts.push(bin('.'));
    parts.push(body.subarray(i, i + 1));
    lineStart = body[i] === 0x0a;
  }
  const endsWithCrlf = body.length === 0 || (body.at(-2) === 0x0d && body.at(-1) === 0x0a);
  // §4.1.1.4: the CRLF before "." ends the last line; a client adds one if the body lacks it.
  const added = endsWithCrlf ? new Uint8Array(0) : CRLF;
  return {
    wire: concatBytes([...parts, added, bin('.\r\n')]),
    expected: concatBytes([body, added]),
    dotLines: lines.filter((l) => l[0] === DOT).length,
  };
}

describe('property 4: dot-stuffing round trip', { timeout: PROPERTY_TIMEOUT }, () => {
  it('DATA delivers exactly the body the client stuffed', () => {
    fc.assert(
      fc.property(bodyArb, chunkingArb, ({ body, lines }, how) => {
        const { wire, expected, dotLines } = stuff(body, lines);
        const input = concatBytes([
          bin(
            'EHLO client.test\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n',
          ),
          wire,
          bin('QUIT\r\n'),
        ]);
        const { session, wires } = run(chunk(input, how));
        expect(wires.map((w) => w.slice(0, 4))).toEqual([
          '220 ',
          '250-',
          '250 ',
          '250 ',
          '354 ',
          '250 ',
          '221 ',
        ]);
        expect(session.mailbox).toHaveLength(1);
        const got = session.mailbox[0]!;
        if (!bytesEqual(got.content, expected)) expect(show(got.content)).toBe(show(expected));
        expect(got.size).toBe(expected.length);
        const content = session.transcript.find((e) => e.kind === 'content');
        expect(content?.kind === 'content' && content.unstuffed).toBe(dotLines);
      }),
      { numRuns: 200 },
    );
  });

  it('Framer.readData unstuffs across any chunk split and leaves the next command buffered', () => {
    fc.assert(
      fc.property(bodyArb, chunkingArb, fc.boolean(), ({ body, lines }, how, bareLf) => {
        const { wire, expected, dotLines } = stuff(body, lines);
        const framer = new Framer();
        let result: ReturnType<Framer['readData']> = null;
        for (const c of chunk(concatBytes([wire, bin('QUIT\r\n')]), how)) {
          framer.push(c);
          result ??= framer.readData({ maxSize: 10 * 1024 * 1024, lenientEnding: bareLf });
        }
        expect(result).not.toBeNull();
        const content = concatBytes(result!.content);
        if (!bytesEqual(content, expected)) expect(show(content)).toBe(show(expected));
        expect(result).toMatchObject({
          size: expected.length,
          overflow: false,
          longLines: 0,
          bareLfLines: 0,
          unstuffed: dotLines,
        });
        const next = framer.nextLine();
        expect(next?.kind === 'line' && show(next.bytes)).toBe('QUIT');
        expect(framer.buffered).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
