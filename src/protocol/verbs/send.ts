/** SEND (RFC 821 §3.4): a transaction begun as MAIL begins one; its recipients' channel differs (rcpt.ts). */
import { BEGIN_REPLIES, begin } from './mail.ts';
import { room } from './room.ts';

export const SEND = room({
  verb: 'SEND',
  role: 'begin',
  parse: 'mail',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'SEND <SP> FROM:<reverse-path> <CRLF>',
      summary: "Start a transaction: deliver to the users' terminals (RFC 821 §3.4)",
      rfc: 'RFC 821 §4.1.1',
    },
  },
  handle: begin,
  replies: BEGIN_REPLIES,
});
