/** SAML (RFC 821 §3.4): a transaction begun as MAIL begins one; its recipients' channel differs (rcpt.ts). */
import { BEGIN_REPLIES, begin } from './mail.ts';
import { room } from './room.ts';

export const SAML = room({
  verb: 'SAML',
  role: 'begin',
  parse: 'mail',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'SAML <SP> FROM:<reverse-path> <CRLF>',
      summary: 'Start a transaction: to the terminal if active, and to the mailbox in any case',
      rfc: 'RFC 821 §4.1.1',
    },
  },
  handle: begin,
  replies: BEGIN_REPLIES,
});
