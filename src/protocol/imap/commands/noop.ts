/**
 * NOOP (RFC 9051 §6.1.2): does nothing, but like any command it may carry
 * news of the selected mailbox (§5.2): messages removed by another session
 * (EXPUNGE) and new mail (EXISTS).
 */
import { ok, type Line } from '../response.ts';
import { imapRoom } from '../room.ts';
import type { ImapContext, ImapOutcome } from '../context.ts';

/** The selected mailbox brought up to date: EXPUNGE for each vanished message, then EXISTS if mail came. */
export function sync(context: ImapContext): { untagged: Line[]; patch?: Partial<ImapContext> } {
  const selected = context.selected;
  if (!selected || !context.user) return { untagged: [] };
  const now = context.store.list(context.user).map((m) => m.uid);
  const present = new Set(now);
  const untagged: Line[] = [];
  const kept: number[] = [];
  selected.uids.forEach((uid) => {
    // Each EXPUNGE renumbers the messages after it (§7.5.1).
    if (present.has(uid)) kept.push(uid);
    else untagged.push([`${kept.length + 1} EXPUNGE`]);
  });
  const last = selected.uids.at(-1) ?? 0;
  const arrived = now.filter((uid) => uid > last);
  if (arrived.length > 0) untagged.push([`${kept.length + arrived.length} EXISTS`]);
  if (untagged.length === 0) return { untagged };
  return { untagged, patch: { selected: { ...selected, uids: [...kept, ...arrived] } } };
}

export const NOOP = imapRoom({
  name: 'NOOP',
  role: 'any',
  syntax: 'NOOP',
  summary: 'Do nothing; news of the mailbox comes with the answer',
  rfc: 'RFC 9051 §6.1.2',
  handle: (context): ImapOutcome => {
    const { untagged, patch } = sync(context);
    return { reply: ok('NOOP completed', untagged), ...(patch ? { patch } : {}) };
  },
});
