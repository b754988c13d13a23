/** RSET (RFC 821 §3.5, RFC 5321 §4.1.1.5): abort the transaction, keep the session. */
import { reply } from '../replies.ts';
import { room } from './room.ts';

export const RSET = room({
  verb: 'RSET',
  role: 'reset',
  parse: 'none',
  args: 'none',
  eras: {
    rfc821: {
      syntax: 'RSET <CRLF>',
      summary: 'Abort the current mail transaction',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'RSET',
      summary: 'Abort the current mail transaction',
      rfc: 'RFC 5321 §4.1.1.5',
    },
  },
  handle: (_context, event) =>
    event.parsed.ok
      ? { reply: reply('resetOk'), patch: { envelope: null } }
      : { reply: event.parsed.reply },
  replies: ['resetOk'],
});
