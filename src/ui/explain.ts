/**
 * The last reply, explained: its catalog entry (what it means and where the
 * RFCs define it) and, when the command was refused, the commands the server
 * accepts now (asked of the machine).
 */
import type { Session, TranscriptEntry } from '../machines/session.ts';
import { CATALOG, isPositive } from '../protocol/replies.ts';

export interface Explanation {
  readonly step: number;
  readonly code: number;
  readonly wire: string;
  readonly positive: boolean;
  /** Where the RFCs define this reply, when it comes from the catalog. */
  readonly rfc: string | null;
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
      rfc: e.reply.id ? CATALOG[e.reply.id].rfc : null,
      expected: positive ? [] : session.expectedCommands().map((c) => c.verb),
    };
  }
  return null;
}
