import { command, type CommandSpec } from '../commands.ts';
import { rfc821 } from './rfc821.ts';
import type { Dialect } from './types.ts';

// prettier-ignore
const EHLO: CommandSpec = command('EHLO', 'EHLO <SP> <domain> <CRLF>', 'hello', 'domain', 'required', 'Open the session and ask for the service extensions', 'RFC 1869 §4.2');

/**
 * ESMTP as RFC 1869 (November 1995) framed it: RFC 821 plus EHLO, extension
 * keywords and MAIL/RCPT parameters. The extensions of that month are
 * 8BITMIME (RFC 1652, July 1994) and SIZE (RFC 1870, November 1995); the
 * optional RFC 821 commands are listed as keywords too (§5).
 */
export const rfc1869: Dialect = {
  ...rfc821,
  id: 'rfc1869',
  rfc: 1869,
  title: 'SMTP Service Extensions',
  date: 'November 1995',
  transport: 'TCP',
  port: 25,
  commands: [EHLO, ...rfc821.commands],
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
  lacks: [
    'PIPELINING (RFC 2197, 1997), ENHANCEDSTATUSCODES (RFC 2034, 1996), STARTTLS, AUTH, CHUNKING',
    'a later EHLO resetting the session (RFC 5321 §4.1.4 changed this rule)',
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
