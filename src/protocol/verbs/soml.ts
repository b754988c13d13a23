/** SOML (RFC 821 §3.4): a transaction begun as MAIL begins one; its recipients' channel differs (rcpt.ts). */
import { BEGIN_REPLIES, begin } from './mail.ts';
import { room } from './room.ts';

export const SOML = room({
  verb: 'SOML',
  role: 'begin',
  parse: 'mail',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'SOML <SP> FROM:<reverse-path> <CRLF>',
      summary: 'Start a transaction: to the terminal if the user is active, else the mailbox',
      rfc: 'RFC 821 §4.1.1',
    },
  },
  handle: begin,
  replies: BEGIN_REPLIES,
});
