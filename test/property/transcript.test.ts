/**
 * Round trips of the transcript format (fast-check): a canonical text prints
 * back to itself, and a transcript printed and read again is the same value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isStageDirection,
  parseTranscript,
  type TranscriptFile,
  type TranscriptStep,
} from '../../src/protocol/transcript.ts';
import { printTranscript } from '../../src/protocol/transcript-print.ts';

/** Printable text of one line (no CR or LF), including the characters the format uses. */
const piece = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ' ', ':', '#', '-', '<', '>', '[', ']', '@', '.', 'é', '\t'),
  maxLength: 12,
});
const clientText = piece.filter((t) => !isStageDirection(t));
const at = fc.option(
  fc.string({ unit: fc.constantFrom('2', '0', ':', 'T', '.', 'Z', ' ', '-'), maxLength: 10 }),
  { nil: undefined },
);
const notes = fc.option(fc.array(piece, { minLength: 1, maxLength: 3 }), { nil: undefined });

type Draft =
  | { who: 'C'; text: string; at?: string; notes?: string[] }
  | { who: 'S'; code: number; lines: string[]; at?: string; notes?: string[] };

const extras = (a: string | undefined, n: string[] | undefined) => ({
  ...(a !== undefined ? { at: a } : {}),
  ...(n !== undefined ? { notes: n } : {}),
});
const step: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ text: clientText, at, notes }).map((s) => ({
    who: 'C' as const,
    text: s.text,
    ...extras(s.at, s.notes),
  })),
  fc
    .record({
      code: fc.integer({ min: 0, max: 999 }),
      lines: fc.array(piece, { minLength: 1, maxLength: 4 }),
      at,
      notes,
    })
    .map((s) => ({ who: 'S' as const, code: s.code, lines: s.lines, ...extras(s.at, s.notes) })),
);
const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.constant('constructor'));
const value = piece.filter((v) => !/^\s/.test(v));
const meta = fc.dictionary(key, fc.array(value, { minLength: 1, maxLength: 3 }), { maxKeys: 5 });

/** The line numbers print gives: the header, then each step's lines and notes. */
function numbered(m: Record<string, string[]>, drafts: Draft[]): TranscriptFile {
  let line = Object.values(m).reduce((n, vs) => n + vs.length, 0) + 1;
  const steps: TranscriptStep[] = drafts.map((d) => {
    const s = { ...d, line };
    line += (d.who === 'C' ? 1 : d.lines.length) + (d.notes?.length ?? 0);
    return s;
  });
  const header = Object.fromEntries(Object.entries(m).map(([k, vs]) => [k, vs.join('\n')]));
  return { meta: header, steps };
}

describe('transcript round trips', () => {
  it('parse(print(t)) deep-equals t', () => {
    fc.assert(
      fc.property(meta, fc.array(step, { maxLength: 8 }), (m, drafts) => {
        const t = numbered(m, drafts);
        expect(parseTranscript(printTranscript(t))).toEqual(t);
      }),
      { numRuns: 500 },
    );
  });

  it('print(parse(x)) === x for canonical x', () => {
    fc.assert(
      fc.property(meta, fc.array(step, { maxLength: 8 }), (m, drafts) => {
        const x = printTranscript(numbered(m, drafts));
        expect(printTranscript(parseTranscript(x))).toBe(x);
      }),
      { numRuns: 500 },
    );
  });
});
