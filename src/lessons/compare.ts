/**
 * Side by side: the same mail typed in two eras' dialects (a lesson's
 * `compare` sessions), each replayed by the real machine, beside what the
 * dialect tables say changed between them (`diffDialects`, with the RFC
 * section of each entry). Nothing here is written per lesson but the lines.
 */
import { DIALECTS } from '../protocol/dialects/index.ts';
import { describeDiff, diffDialects } from '../protocol/dialects/diff.ts';
import { LessonSession } from './run.ts';
import type { CompareSide, Lesson } from './types.ts';

export interface CompareLine {
  readonly who: 'C' | 'S' | 'text';
  readonly text: string;
  /** A server reply's code (4xx/5xx lines are marked in the view). */
  readonly code?: number;
}

export interface CompareColumn {
  readonly side: CompareSide;
  readonly rfc: number;
  readonly lines: readonly CompareLine[];
  /** Messages the session delivered. */
  readonly delivered: number;
  /** The trace lines the server put on top of the first message (RFC 788's Mail-From, today's Received). */
  readonly trace: readonly string[];
  /** Replies of 400 and above: an example session should have none. */
  readonly errors: readonly number[];
}

export interface Comparison {
  readonly columns: readonly CompareColumn[];
  /** What changed from the first era to the last, one line each, with its RFC section. */
  readonly changes: readonly string[];
}

export function replaySide(side: CompareSide, lesson: Pick<Lesson, 'settings'>): CompareColumn {
  const run = new LessonSession({ ...lesson.settings, dialect: side.dialect, profile: undefined });
  for (const line of side.lines ?? []) run.type(line);
  const lines: CompareLine[] = [];
  let delivered = 0;
  let trace: string[] = [];
  const errors: number[] = [];
  for (const e of run.transcript) {
    if (e.kind === 'client') lines.push({ who: 'C', text: e.text });
    else if (e.kind === 'content')
      for (const t of e.text.replace(/\r\n$/, '').split(/\r\n/))
        lines.push({ who: 'text', text: t });
    else if (e.kind === 'server') {
      const { code } = e.reply;
      if (code >= 400) errors.push(code);
      // As sent on the wire, enhanced codes included.
      for (const t of e.wire.replace(/\r\n$/, '').split('\r\n'))
        lines.push({ who: 'S', text: t, code });
    } else if (e.kind === 'delivery') {
      if (delivered++ === 0) trace = e.delivery.trace.replace(/\r\n$/, '').split('\r\n');
    }
  }
  return { side, rfc: DIALECTS[side.dialect].rfc, lines, delivered, trace, errors };
}

export function compareLesson(lesson: Lesson): Comparison | null {
  const sides = lesson.compare ?? [];
  if (sides.length < 2) return null;
  const first = DIALECTS[sides[0]!.dialect];
  const last = DIALECTS[sides.at(-1)!.dialect];
  return {
    columns: sides.map((side) => replaySide(side, lesson)),
    changes: diffDialects(first, last).map(describeDiff),
  };
}
