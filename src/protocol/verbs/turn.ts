/** TURN (RFC 821 §3.8): swap the roles; "To refuse to change roles the receiver sends the 502 reply." */
import { reply } from '../replies.ts';
import { room } from './room.ts';

export const TURN = room({
  verb: 'TURN',
  role: 'turn',
  parse: 'none',
  args: 'none',
  eras: {
    rfc821: {
      syntax: 'TURN <CRLF>',
      summary: 'Swap the roles of sender and receiver (RFC 821 §3.8)',
      rfc: 'RFC 821 §4.1.1',
    },
  },
  handle: (_context, event) => ({
    reply: event.parsed.ok ? reply('turnRefused') : event.parsed.reply,
  }),
  replies: ['turnRefused'],
  endsGroup: true,
});
