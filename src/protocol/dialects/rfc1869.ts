import { EHLO } from '../verbs/index.ts';
import { rfc821 } from './rfc821.ts';
import type { Dialect } from './types.ts';

/**
 * ESMTP as RFC 1869 (November 1995) framed it: RFC 821 plus EHLO, extension
 * keywords and MAIL/RCPT parameters. RFC 1869 is the framework's third
 * edition: RFC 1425 (February 1993) came first, then RFC 1651 (July 1994),
 * which RFC 1869 obsoletes. This server offers 8BITMIME (RFC 1652, July 1994)
 * and SIZE (RFC 1870, November 1995); PIPELINING (RFC 1854, October 1995) and
 * CHUNKING (RFC 1830, August 1995, Experimental) existed too but are not
 * offered here. The optional RFC 821 commands are listed as keywords (§5).
 */
export const rfc1869: Dialect = {
  ...rfc821,
  id: 'rfc1869',
  rfc: 1869,
  title: 'SMTP Service Extensions',
  date: 'November 1995',
  transport: 'TCP',
  port: 25,
  commands: [EHLO.specs.rfc1869, ...rfc821.commands],
  // §4.2: after a successful EHLO, a later HELO or EHLO gets 503.
  laterHello: 'refuse',
  extensions: true,
  extensionKeywords: ['8BITMIME', 'SIZE'],
  sequences: {
    ...rfc821.sequences,
    // §4.2, §4.4-§4.5: success 250; failure 550 (§4.2) or 554 (§4.4); errors 500, 501, 502, 504, 421.
    // §4.2 also answers a second HELO/EHLO after a successful EHLO with 503.
    EHLO: { success: [250], error: [550, 554, 500, 501, 502, 504, 421, 503] },
    MAIL: { ...rfc821.sequences.MAIL!, error: [...rfc821.sequences.MAIL!.error, 503, 555, 455] },
    RCPT: { ...rfc821.sequences.RCPT!, error: [...rfc821.sequences.RCPT!.error, 555, 455] },
    HELO: { ...rfc821.sequences.HELO!, error: [...rfc821.sequences.HELO!.error, 503] },
    // RFC 1123 §5.2.3 (1989) added 252: cannot verify, but will take the message.
    VRFY: { ...rfc821.sequences.VRFY!, success: [...rfc821.sequences.VRFY!.success, 252] },
  },
  // RFC 1123 §5.2.6: source routes accepted, mail delivered by the mailbox's domain.
  sourceRoutes: 'ignore',
  // RFC 1123 §5.2.9 made MAIL FROM:<> mandatory to accept.
  nullReversePath: true,
  trace: 'rfc5321',
  withProtocol: { HELO: 'SMTP', EHLO: 'ESMTP' }, // §7
  // RFC 2920 §7 dates RFC 1854; RFC 3030 (Working Group Summary, references) RFC 1830;
  // RFC 3207 §7 dates RFC 2554. RFC 2487, the first STARTTLS, is later than this era.
  lacks: [
    'ENHANCEDSTATUSCODES (RFC 2034, October 1996), STARTTLS (RFC 2487, obsoleted by RFC 3207) and AUTH (RFC 2554, March 1999)',
    'PIPELINING (RFC 1854, October 1995) and CHUNKING (RFC 1830, August 1995, Experimental) existed, but this server does not offer them',
    'a later EHLO resetting the session (RFC 2821 §4.1.4, April 2001, changed this rule; RFC 5321 §4.1.4 kept it)',
  ],
  cite: {
    ...rfc821.cite,
    laterHello: '§4.2',
    extensions: '§4',
    nullReversePath: 'RFC 1123 §5.2.9',
    sourceRoutes: 'RFC 1123 §5.2.6',
    trace: '§7',
  },
};
