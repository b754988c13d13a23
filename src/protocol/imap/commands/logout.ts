/** LOGOUT (RFC 9051 §6.1.3): an untagged BYE, then OK, then the server closes the connection. */
import { ok } from '../response.ts';
import { imapRoom } from '../room.ts';

export const LOGOUT = imapRoom({
  name: 'LOGOUT',
  role: 'logout',
  syntax: 'LOGOUT',
  summary: 'End the session',
  rfc: 'RFC 9051 §6.1.3',
  handle: () => ({
    reply: ok('LOGOUT completed', [['BYE IMAP4rev2 server terminating connection']]),
  }),
});
