/**
 * The sequence diagram: one arrow per unit the client sent and per reply,
 * from the session's transcript, with the server's state after each reply.
 */
import type { TranscriptEntry } from '../../machines/session.ts';
import type { ReaderTurn } from '../sandbox/reader-lines.ts';

export interface Arrow {
  readonly step: number;
  readonly direction: 'to-server' | 'to-client';
  /** A command line, "message (N octets)", or a reply code. */
  readonly label: string;
  /** The reply's text (first line), for replies. */
  readonly detail: string;
  readonly code?: number;
  /** State the server moved to with this reply, if it moved. */
  readonly state?: string;
  /** A POP3 or IMAP response, which has no code: whether it says yes or no. */
  readonly tone?: ReaderTurn['tone'];
}

const MAX_LABEL = 34;
const cut = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

/** The arrow an entry draws (state changes draw none: they label the arrow before them). */
function arrowOf(e: TranscriptEntry): Arrow | null {
  switch (e.kind) {
    case 'client':
      return { step: e.step, direction: 'to-server', label: cut(e.text), detail: e.text };
    case 'content':
      return {
        step: e.step,
        direction: 'to-server',
        label: `message (${e.size} octets) + "."`,
        detail: '',
      };
    case 'server': {
      // The enhanced code is shown when the server sent it (ENHANCEDSTATUSCODES on).
      const enhanced =
        e.reply.enhanced && e.wire.includes(` ${e.reply.enhanced} `) ? e.reply.enhanced : null;
      return {
        step: e.step,
        direction: 'to-client',
        label: enhanced ? `${e.reply.code} ${enhanced}` : String(e.reply.code),
        detail: cut(e.reply.lines[0] ?? ''),
        code: e.reply.code,
      };
    }
    default:
      return null;
  }
}

const draws = (e: TranscriptEntry) =>
  e.kind === 'client' || e.kind === 'content' || e.kind === 'server';

export function sequenceArrows(entries: readonly TranscriptEntry[]): Arrow[] {
  return sequenceTail(entries, Infinity).arrows;
}

/**
 * The last `max` arrows and how many there are in all. Walks back from the end, so a
 * refresh of a long session costs the arrows shown, not the whole transcript (the diagram
 * redraws on every command). A state change labels the arrow before it; the last one wins.
 */
export function sequenceTail(
  entries: readonly TranscriptEntry[],
  max: number,
): { arrows: Arrow[]; total: number } {
  const arrows: Arrow[] = [];
  let state: string | undefined;
  let i = entries.length - 1;
  for (; i >= 0 && arrows.length < max; i--) {
    const e = entries[i]!;
    if (e.kind === 'state') {
      state ??= e.to;
      continue;
    }
    const arrow = arrowOf(e);
    if (!arrow) continue;
    arrows.push(state === undefined ? arrow : { ...arrow, state });
    state = undefined;
  }
  let total = arrows.length;
  for (; i >= 0; i--) if (draws(entries[i]!)) total++;
  return { arrows: arrows.reverse(), total };
}

/** The last `max` turns of a POP3 or IMAP dialogue as arrows (the status word is the label). */
export function readerTail(
  turns: readonly ReaderTurn[],
  max: number,
): { arrows: Arrow[]; total: number } {
  const arrows = turns.slice(-max).map((turn): Arrow => {
    const text = turn.text;
    if (turn.direction === 'to-server')
      return { step: turn.step, direction: 'to-server', label: cut(text), detail: text };
    // `+OK text`, `-ERR text`, `* 1 EXISTS`, `a1 OK text`: the first word (two with a tag).
    const head = /^(?:[+-](?:OK|ERR)|\*|\+|\S+ (?:OK|NO|BAD))(?= |$)/.exec(text)?.[0] ?? '';
    return {
      step: turn.step,
      direction: 'to-client',
      label: head || cut(text),
      detail: head ? cut(text.slice(head.length).trim()) : '',
      tone: turn.tone,
      // The state's own name (`named` of `authorization.named`): the chart shows where it sits.
      ...(turn.state ? { state: turn.state.split('.').at(-1)! } : {}),
    };
  });
  return { arrows, total: turns.length };
}
