/**
 * The last reply, explained: where the RFC of the session's era defines it
 * (citations.ts) and, when the command was refused, the commands the server
 * accepts now (asked of the machine).
 */
import type { Session, TranscriptEntry } from '../../machines/session.ts';
import { citeReply } from '../../protocol/citations.ts';
import { isPositive } from '../../protocol/replies.ts';

export interface Explanation {
  readonly step: number;
  readonly code: number;
  readonly wire: string;
  readonly positive: boolean;
  /** Where the RFC of the session's era (or an earlier one) defines this reply. */
  readonly rfc: string;
  /** Commands in sequence now (for refused commands). */
  readonly expected: readonly string[];
}

export function explainLastReply(
  session: Session,
  entries: readonly TranscriptEntry[],
): Explanation | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind !== 'server') continue;
    const positive = isPositive(e.reply);
    return {
      step: e.step,
      code: e.reply.code,
      wire: e.wire.trimEnd(),
      positive,
      rfc: citeReply(session.dialect, e.reply),
      expected: positive ? [] : session.expectedCommands().map((c) => c.verb),
    };
  }
  return null;
}
