/**
 * The importers never throw on what they are given (fast-check): random bytes
 * and real captures with bytes flipped or cut go through the capture reader,
 * random text through every text importer; what they cannot read is a
 * problem, never an exception. And a printed transcript imports as RFC text
 * to the same transcript.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importPcap } from '../../src/protocol/import/pcap.ts';
import { importTranscript, SOURCES } from '../../src/protocol/import/index.ts';
import { importRfc } from '../../src/protocol/import/rfc.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { fixture } from '../helpers.ts';
import { frame, ipTcp, pcapng } from '../protocol/import/capture-writer.ts';

const capture = (name: string) =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url))),
  );
const CAPTURES = ['bridge-curl.pcap', 'bridge-swaks-ipv6.pcapng', 'bridge-starttls-any.pcap'].map(
  capture,
);

describe('importers on damaged input', () => {
  it('a capture with bytes changed or cut: problems, no exception', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CAPTURES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.option(fc.nat(), { nil: undefined }),
        (original, flips, cutAt) => {
          const bytes = original.slice(
            0,
            cutAt === undefined ? undefined : cutAt % (original.length + 1),
          );
          for (const [at, value] of flips) if (bytes.length) bytes[at % bytes.length] = value;
          const r = importPcap(bytes);
          expect(Array.isArray(r.problems)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random bytes after a capture magic number: no exception', () => {
    const magic = fc.constantFrom(
      [0xd4, 0xc3, 0xb2, 0xa1],
      [0x0a, 0x0d, 0x0d, 0x0a],
      [0xa1, 0xb2, 0x3c, 0x4d],
    );
    fc.assert(
      fc.property(magic, fc.uint8Array({ maxLength: 300 }), (m, rest) => {
        importPcap(new Uint8Array([...m, ...rest]));
      }),
      { numRuns: 400 },
    );
  });

  it('pcapng with any time resolution and any time stamps: no exception', () => {
    const seg = frame(
      'ethernet',
      ipTcp({ from: ['192.0.2.1', 25], to: ['192.0.2.2', 4000], seq: 1, text: '220 x\r\n' }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        (resolution, [high, low]) => {
          const file = pcapng(1, [{ t: 0, data: seg }]);
          const view = new DataView(file.buffer);
          file[28 + 8 + 12] = resolution;
          // The enhanced packet block follows the 28-octet section header and the 32-octet interface block.
          view.setUint32(60 + 12, high!);
          view.setUint32(60 + 16, low!);
          expect(importPcap(file).transcript.steps).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('random text through every text importer: no exception, every non-blank line accounted for', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom(
        '<-  250-a',
        '<-  251 b',
        ' -> DATA',
        'S: 250-x',
        'C: QUIT',
        'R: 220 y',
        '354 go',
        '.',
        '',
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...SOURCES.filter((s) => s !== 'pcap')),
        fc.array(line, { maxLength: 12 }),
        (from, lines) => {
          const r = importTranscript(lines.join('\n'), from);
          expect(r.source).toBe(from);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('RFC text importer on canonical files', () => {
  it.each([
    'rfc821/f3-relay-step2.smtp',
    'ext/rfc2920-4-ex2-pipelining.smtp',
    'rfc5321/d4-verify.smtp',
  ])('%s: the same transcript as parseTranscript, nothing reported', (name) => {
    const text = fixture(name);
    expect(importRfc(text)).toEqual({ transcript: parseTranscript(text), problems: [] });
  });
});
