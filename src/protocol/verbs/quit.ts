/** QUIT (RFC 772 p. 8, RFC 780 §5.1, RFC 821 §4.1.1, RFC 5321 §4.1.1.10): 221, then close. */
import { reply } from '../replies.ts';
import { room } from './room.ts';

const CLOSE_CHANNEL = 'Close the transmission channel';

export const QUIT = room({
  verb: 'QUIT',
  role: 'quit',
  parse: 'none',
  args: 'none',
  eras: {
    rfc772: {
      syntax: 'QUIT <CRLF>',
      summary: 'Close the control connection',
      rfc: 'RFC 772 "Command Syntax", p. 8',
    },
    rfc780: { syntax: 'QUIT <CRLF>', summary: CLOSE_CHANNEL, rfc: 'RFC 780 §5.1' },
    rfc821: { syntax: 'QUIT <CRLF>', summary: CLOSE_CHANNEL, rfc: 'RFC 821 §4.1.1' },
    rfc5321: { syntax: 'QUIT', summary: 'Close the session', rfc: 'RFC 5321 §4.1.1.10' },
  },
  handle: (context, event) => ({
    reply: event.parsed.ok
      ? reply('closing', { host: context.world.hostname })
      : event.parsed.reply,
  }),
  replies: ['closing'],
  endsGroup: true,
});
