/** ABRT (RFC 780 §3.1): drop the held action; "201 Command okay, action aborted". */
import { reply } from '../replies.ts';
import { room } from './room.ts';

export const ABRT = room({
  verb: 'ABRT',
  role: 'cancel',
  parse: 'none',
  args: 'none',
  eras: {
    rfc780: {
      syntax: 'ABRT <CRLF>',
      summary: 'Abort the action held by a preliminary reply (§3.1)',
      rfc: 'RFC 780 §5.1',
    },
  },
  handle: (_context, event) =>
    event.parsed.ok
      ? { reply: reply('actionAborted'), patch: { envelope: null, held: null } }
      : { reply: event.parsed.reply },
  replies: ['actionAborted'],
});
