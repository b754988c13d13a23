/** HELO (RFC 788 §4.1.1, RFC 821 §4.1.1, RFC 5321 §4.1.1.1): open the session, no extensions. */
import { hello } from './ehlo.ts';
import { room } from './room.ts';

const SUMMARY = 'Identify the sender-SMTP to the receiver-SMTP';

export const HELO = room({
  verb: 'HELO',
  role: 'hello',
  parse: 'domain',
  args: 'required',
  eras: {
    rfc788: { syntax: 'HELO <SP> <host> <CRLF>', summary: SUMMARY, rfc: 'RFC 788 §4.1.1' },
    rfc821: { syntax: 'HELO <SP> <domain> <CRLF>', summary: SUMMARY, rfc: 'RFC 821 §4.1.1' },
    rfc5321: {
      syntax: 'HELO <domain>',
      summary: 'Open the session (no extensions)',
      rfc: 'RFC 5321 §4.1.1.1',
    },
  },
  handle: hello,
  replies: ['hello'],
});
