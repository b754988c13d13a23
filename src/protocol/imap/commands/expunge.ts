/**
 * EXPUNGE (RFC 9051 §6.4.3): removes the messages flagged \Deleted, with an
 * untagged EXPUNGE for each, numbered as the mailbox is after the ones
 * before it went (§7.5.1). CLOSE (§6.4.1) removes them silently and leaves
 * the selected state; UNSELECT (§6.4.2) leaves it without removing. On a
 * mailbox opened with EXAMINE nothing is removed.
 */
import { no, ok, type Line } from '../response.ts';
import { imapRoom } from '../room.ts';
import { resolveSet } from '../sequence.ts';
import { selectedMessages, type ImapContext, type ImapOutcome } from '../context.ts';

/** The \Deleted messages (of `only` positions, if given) and the EXPUNGE lines for them. */
export function expunge(
  context: ImapContext,
  only: ReadonlySet<number> | null,
  verb: string,
): ImapOutcome {
  const selected = context.selected!;
  if (selected.readOnly) return { reply: no('the mailbox is read-only (EXAMINE)', 'READ-ONLY') };
  const messages = selectedMessages(context);
  const gone: number[] = [];
  const kept: number[] = [];
  const untagged: Line[] = [];
  selected.uids.forEach((uid, at) => {
    const m = messages[at];
    if (m && m.flags.has('\\Deleted') && (only === null || only.has(at))) {
      gone.push(uid);
      untagged.push([`${kept.length + 1} EXPUNGE`]);
    } else kept.push(uid);
  });
  return {
    reply: ok(`${verb} completed`, untagged),
    patch: { selected: { ...selected, uids: kept } },
    effects: gone.length > 0 ? [{ kind: 'remove', user: context.user!, uids: gone }] : [],
  };
}

export const EXPUNGE = imapRoom({
  name: 'EXPUNGE',
  role: 'selected',
  syntax: 'EXPUNGE',
  summary: 'Remove the messages flagged \\Deleted',
  rfc: 'RFC 9051 §6.4.3',
  handle: (context) => expunge(context, null, 'EXPUNGE'),
});

export const CLOSE = imapRoom({
  name: 'CLOSE',
  role: 'close',
  syntax: 'CLOSE',
  summary: 'Remove the messages flagged \\Deleted, silently, and close the mailbox',
  rfc: 'RFC 9051 §6.4.1',
  handle: (context) => {
    const selected = context.selected!;
    const patch = { selected: null };
    if (selected.readOnly) return { reply: ok('CLOSE completed'), patch };
    const done = expunge(context, null, 'CLOSE');
    return { reply: ok('CLOSE completed'), patch, effects: done.effects ?? [] };
  },
});

export const UNSELECT = imapRoom({
  name: 'UNSELECT',
  role: 'close',
  syntax: 'UNSELECT',
  summary: 'Close the mailbox without removing anything',
  rfc: 'RFC 9051 §6.4.2',
  handle: () => ({ reply: ok('Unselect completed'), patch: { selected: null } }),
});

/** UID EXPUNGE set (§6.4.9): only the \Deleted messages among these UIDs. */
export function uidExpunge(context: ImapContext, rest: string): ImapOutcome {
  const set = resolveSet(rest, context.selected!.uids, true);
  if (!set.ok) return { reply: { untagged: [], status: 'BAD', text: set.problem } };
  return expunge(context, new Set(set.positions), 'UID EXPUNGE');
}
