/** CAPABILITY (RFC 9051 §6.1.1): one untagged CAPABILITY response naming IMAP4rev2, then OK. */
import { ok } from '../response.ts';
import { imapRoom } from '../room.ts';

/**
 * What this server announces: IMAP4rev2 alone. RFC 9051 §6.1.1 also asks for
 * STARTTLS, LOGINDISABLED and AUTH=PLAIN on a cleartext port; this teaching
 * server listens on loopback, has no TLS, and takes LOGIN in the clear (see
 * LEFT_OUT in index.ts).
 */
export const CAPABILITIES = 'IMAP4rev2';

export const CAPABILITY = imapRoom({
  name: 'CAPABILITY',
  role: 'any',
  syntax: 'CAPABILITY',
  summary: 'List what the server supports',
  rfc: 'RFC 9051 §6.1.1',
  handle: () => ({ reply: ok('CAPABILITY completed', [[`CAPABILITY ${CAPABILITIES}`]]) }),
});
