import { rfc821 } from './rfc821.ts';
import type { Dialect } from './types.ts';

/**
 * SMTP after RFC 1123, "Requirements for Internet Hosts" (October 1989): the
 * protocol of RFC 821 unchanged, its use fixed (§5.2). VRFY must be
 * implemented and may answer 252 (§5.2.3); source routes are accepted but a
 * receiver that does not relay delivers by the mailbox's domain (§5.2.6); the
 * null reverse path <> must be accepted (§5.2.9). No EHLO yet: it came with
 * RFC 1425 in February 1993, so this server answers it with 500.
 */
export const rfc1123: Dialect = {
  ...rfc821,
  id: 'rfc1123',
  rfc: 1123,
  title: 'SMTP with the Host Requirements',
  date: 'October 1989',
  sequences: {
    ...rfc821.sequences,
    // §5.2.3: 252, cannot verify but will take the message.
    VRFY: { ...rfc821.sequences.VRFY!, success: [...rfc821.sequences.VRFY!.success, 252] },
  },
  sourceRoutes: 'ignore',
  nullReversePath: true,
  lacks: [
    'EHLO and service extensions (first published as RFC 1425, February 1993; then RFC 1651, July 1994, and RFC 1869, November 1995)',
    'enhanced status codes (ENHANCEDSTATUSCODES, RFC 2034, October 1996)',
  ],
  cite: {
    ...rfc821.cite,
    nullReversePath: 'RFC 1123 §5.2.9',
    sourceRoutes: 'RFC 1123 §5.2.6',
  },
};
