/**
 * The sequence diagram: one arrow per unit the client sent and per reply,
 * from the session's transcript, with the server's state after each reply.
 */
import type { TranscriptEntry } from '../../machines/session.ts';

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
}

const MAX_LABEL = 34;
const cut = (s: string) => (s.length > MAX_LABEL ? `${s.slice(0, MAX_LABEL - 1)}…` : s);

export function sequenceArrows(entries: readonly TranscriptEntry[]): Arrow[] {
  const arrows: Arrow[] = [];
  for (const e of entries) {
    if (e.kind === 'client') {
      arrows.push({ step: e.step, direction: 'to-server', label: cut(e.text), detail: e.text });
    } else if (e.kind === 'content') {
      arrows.push({
        step: e.step,
        direction: 'to-server',
        label: `message (${e.size} octets) + "."`,
        detail: '',
      });
    } else if (e.kind === 'server') {
      // The enhanced code is shown when the server sent it (ENHANCEDSTATUSCODES on).
      const enhanced =
        e.reply.enhanced && e.wire.includes(` ${e.reply.enhanced} `) ? e.reply.enhanced : null;
      arrows.push({
        step: e.step,
        direction: 'to-client',
        label: enhanced ? `${e.reply.code} ${enhanced}` : String(e.reply.code),
        detail: cut(e.reply.lines[0] ?? ''),
        code: e.reply.code,
      });
    } else if (e.kind === 'state') {
      const last = arrows.at(-1);
      if (last) arrows[arrows.length - 1] = { ...last, state: e.to };
    }
  }
  return arrows;
}
