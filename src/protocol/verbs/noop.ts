/** NOOP (RFC 772 p. 8, RFC 780 §5.1, RFC 821 §4.1.1, RFC 5321 §4.1.1.9): an OK reply, nothing else. */
import { reply } from '../replies.ts';
import { room } from './room.ts';

const NO_ACTION = 'No action; OK reply (200)';

export const NOOP = room({
  verb: 'NOOP',
  role: 'query',
  parse: 'none',
  args: 'none',
  eras: {
    rfc772: { syntax: 'NOOP <CRLF>', summary: NO_ACTION, rfc: 'RFC 772 "Command Syntax", p. 8' },
    rfc780: { syntax: 'NOOP <CRLF>', summary: NO_ACTION, rfc: 'RFC 780 §5.1' },
    rfc821: {
      syntax: 'NOOP <CRLF>',
      summary: 'No action; the receiver sends an OK reply',
      rfc: 'RFC 821 §4.1.1',
    },
    // RFC 5321 §4.1.1.9 allows a string argument, which the server ignores.
    rfc5321: {
      syntax: 'NOOP [<string>]',
      summary: 'Do nothing; the server answers 250 OK',
      rfc: 'RFC 5321 §4.1.1.9',
      parse: 'string',
      args: 'optional',
    },
  },
  handle: (_context, event) => ({ reply: event.parsed.ok ? reply('ok') : event.parsed.reply }),
  replies: ['ok'],
  endsGroup: true,
});
