/**
 * SELECT and EXAMINE mailbox (RFC 9051 §6.3.2, §6.3.3). This server has one
 * mailbox per user, INBOX (case-insensitive, §5.1). Before OK come FLAGS,
 * EXISTS, LIST and the OK responses PERMANENTFLAGS, UIDNEXT and
 * UIDVALIDITY; a name written otherwise than "INBOX" gets LIST's OLDNAME.
 * SELECT is read-write, EXAMINE read-only. A failing SELECT leaves no mailbox
 * selected; selecting again first closes the mailbox, with OK [CLOSED].
 */
import { bad, no, ok, str, type Line } from '../response.ts';
import { imapRoom, type ImapRoom } from '../room.ts';
import { astring, tokens } from '../syntax.ts';
import { SYSTEM_FLAGS, type ImapContext, type ImapOutcome } from '../context.ts';
import type { ImapCommand } from '../syntax.ts';

function select(readOnly: boolean) {
  return (context: ImapContext, command: ImapCommand): ImapOutcome => {
    const verb = readOnly ? 'EXAMINE' : 'SELECT';
    const args = tokens(command.rest);
    const name = astring(args[0]);
    if (args.length !== 1 || name === null) return { reply: bad(`usage: ${verb} mailbox`) };
    const closed: Line[] = context.selected ? [['OK [CLOSED] Previous mailbox is now closed']] : [];
    if (name.toUpperCase() !== 'INBOX')
      return {
        reply: {
          ...no(`no mailbox ${name.slice(0, 40)} here: this server has only INBOX`, 'NONEXISTENT'),
          untagged: closed,
        },
        patch: { selected: null },
      };
    const user = context.user!;
    const uids = context.store.list(user).map((m) => m.uid);
    const flags = SYSTEM_FLAGS.join(' ');
    const untagged: Line[] = [
      ...closed,
      [`${uids.length} EXISTS`],
      [`FLAGS (${flags})`],
      [`OK [UIDVALIDITY ${context.store.uidValidity}] UIDs valid`],
      [`OK [UIDNEXT ${context.store.uidNext(user)}] Predicted next UID`],
      [
        readOnly
          ? 'OK [PERMANENTFLAGS ()] No permanent flags permitted'
          : `OK [PERMANENTFLAGS (${flags})] Limited`,
      ],
      name === 'INBOX'
        ? ['LIST () "/" INBOX']
        : ['LIST () "/" INBOX ("OLDNAME" (', str(name), '))'],
    ];
    return {
      reply: ok(`${verb} completed`, untagged, readOnly ? 'READ-ONLY' : 'READ-WRITE'),
      patch: { selected: { given: name, readOnly, uids } },
    };
  };
}

export const SELECT: ImapRoom = imapRoom({
  name: 'SELECT',
  role: 'select',
  syntax: 'SELECT mailbox',
  summary: 'Open a mailbox to read and change',
  rfc: 'RFC 9051 §6.3.2',
  handle: select(false),
});

export const EXAMINE: ImapRoom = imapRoom({
  name: 'EXAMINE',
  role: 'select',
  syntax: 'EXAMINE mailbox',
  summary: 'Open a mailbox read-only',
  rfc: 'RFC 9051 §6.3.3',
  handle: select(true),
});
