/**
 * TURN (RFC 821 §3.8, §4.1.1): swap the roles. The receiver either says 250 and becomes the
 * sender, as if the channel had just opened, or refuses with 502 (the default world).
 */
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
  handle: (context, event) => ({
    reply: !event.parsed.ok
      ? event.parsed.reply
      : context.world.turn === 'accept'
        ? reply('turnAccepted')
        : reply('turnRefused'),
  }),
  replies: ['turnAccepted', 'turnRefused'],
  endsGroup: true,
});
