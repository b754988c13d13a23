/**
 * STORE sequence-set [+|-]FLAGS[.SILENT] flags (RFC 9051 §6.4.6): sets, adds
 * or removes system flags (\Seen, \Deleted, \Flagged, \Answered, \Draft;
 * keywords are left out), and answers with the new FLAGS unless .SILENT.
 * Refused on a mailbox opened with EXAMINE.
 */
import { bad, no, ok, type Line } from '../response.ts';
import { imapRoom } from '../room.ts';
import { resolveSet } from '../sequence.ts';
import { tokens, type Token } from '../syntax.ts';
import {
  flagList,
  selectedMessages,
  systemFlag,
  type ImapContext,
  type ImapEffect,
  type ImapOutcome,
} from '../context.ts';

export function store(context: ImapContext, rest: string, byUid: boolean): ImapOutcome {
  const verb = byUid ? 'UID STORE' : 'STORE';
  const m = /^(\S+) ([+-]?FLAGS(?:\.SILENT)?) (.+)$/i.exec(rest);
  if (!m) return { reply: bad(`usage: ${verb} sequence-set [+|-]FLAGS[.SILENT] (flags)`) };
  const selected = context.selected!;
  if (selected.readOnly) return { reply: no('the mailbox is read-only (EXAMINE)', 'READ-ONLY') };
  const set = resolveSet(m[1]!, selected.uids, byUid);
  if (!set.ok) return { reply: bad(set.problem) };
  const args = tokens(m[3]!);
  const given: Token[] = args.length === 1 && args[0]!.kind === 'list' ? [...args[0]!.items] : args;
  const flags: string[] = [];
  for (const t of given) {
    const flag = t.kind === 'atom' ? systemFlag(t.text) : null;
    if (flag === null)
      return {
        reply: bad(
          `${t.kind === 'list' ? 'a list' : `"${t.text.slice(0, 30)}"`} is not a system flag; keywords are left out of this teaching subset`,
        ),
      };
    flags.push(flag);
  }
  const item = m[2]!.toUpperCase();
  const mode = item[0] === '+' ? 'add' : item[0] === '-' ? 'remove' : 'replace';
  const silent = item.endsWith('.SILENT');
  const messages = selectedMessages(context);
  const untagged: Line[] = [];
  const effects: ImapEffect[] = [];
  for (const at of set.positions) {
    const message = messages[at];
    if (!message) continue;
    const next =
      mode === 'replace'
        ? new Set(flags)
        : mode === 'add'
          ? new Set([...message.flags, ...flags])
          : new Set([...message.flags].filter((f) => !flags.includes(f)));
    effects.push({ kind: 'flags', user: context.user!, uid: message.uid, flags: next });
    if (!silent)
      untagged.push([
        `${at + 1} FETCH (${byUid ? `UID ${message.uid} ` : ''}FLAGS ${flagList(next)})`,
      ]);
  }
  return { reply: ok(`${item.replace('.SILENT', '')} completed`, untagged), effects };
}

export const STORE = imapRoom({
  name: 'STORE',
  role: 'selected',
  syntax: 'STORE sequence-set +FLAGS (\\Seen)',
  summary: 'Set, add or remove flags (\\Seen, \\Deleted...)',
  rfc: 'RFC 9051 §6.4.6',
  handle: (context, command) => store(context, command.rest, false),
});
