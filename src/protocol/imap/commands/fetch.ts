/**
 * FETCH sequence-set items (RFC 9051 §6.4.5): one untagged FETCH per
 * message. BODY[...] without PEEK sets \Seen (not on a mailbox opened with
 * EXAMINE), and the new FLAGS come with the data. UID FETCH (§6.4.9) takes
 * UIDs and always answers with UID.
 */
import { bad, no, ok, type Line } from '../response.ts';
import { imapRoom } from '../room.ts';
import { parseItems, renderItems, setsSeen, type Item } from '../fetch-items.ts';
import { resolveSet } from '../sequence.ts';
import {
  selectedMessages,
  type ImapContext,
  type ImapEffect,
  type ImapOutcome,
} from '../context.ts';

export function fetch(context: ImapContext, rest: string, byUid: boolean): ImapOutcome {
  const verb = byUid ? 'UID FETCH' : 'FETCH';
  const space = rest.indexOf(' ');
  if (space < 0) return { reply: bad(`usage: ${verb} sequence-set items`) };
  const selected = context.selected!;
  const set = resolveSet(rest.slice(0, space), selected.uids, byUid);
  if (!set.ok) return { reply: bad(set.problem) };
  const parsed = parseItems(rest.slice(space + 1));
  if (!parsed.ok) return { reply: bad(parsed.problem) };
  let items: Item[] = parsed.items;
  if (byUid && !items.some((i) => i.kind === 'UID')) items = [{ kind: 'UID' }, ...items];
  const seen = setsSeen(items) && !selected.readOnly;
  const messages = selectedMessages(context);
  const untagged: Line[] = [];
  const effects: ImapEffect[] = [];
  for (const at of set.positions) {
    const message = messages[at];
    if (!message) continue; // removed by another session; NOOP will say so
    let flags = message.flags;
    let shown = items;
    if (seen && !flags.has('\\Seen')) {
      flags = new Set([...flags, '\\Seen']);
      effects.push({ kind: 'flags', user: context.user!, uid: message.uid, flags });
      // The changed flags come along with the data (§6.4.5, BODY[]).
      if (!items.some((i) => i.kind === 'FLAGS')) shown = [...items, { kind: 'FLAGS' }];
    }
    const data = renderItems(shown, message, flags, context.zoneMinutes);
    if (data === null)
      return {
        reply: no(
          'the structure or parts of a multipart message are left out of this teaching subset',
          'CANNOT',
        ),
      };
    untagged.push([`${at + 1} FETCH (`, ...data, ')']);
  }
  return { reply: ok(`${verb} completed`, untagged), effects };
}

export const FETCH = imapRoom({
  name: 'FETCH',
  role: 'selected',
  syntax: 'FETCH sequence-set (items)',
  summary: 'Read messages: FLAGS, UID, ENVELOPE, BODY[], RFC822.SIZE...',
  rfc: 'RFC 9051 §6.4.5',
  handle: (context, command) => fetch(context, command.rest, false),
});
