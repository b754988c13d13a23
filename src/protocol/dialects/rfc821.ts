import type { CommandSpec } from '../commands.ts';
import {
  DATA,
  EXPN,
  HELO,
  HELP,
  MAIL,
  NOOP,
  QUIT,
  RCPT,
  RSET,
  SAML,
  SEND,
  SOML,
  TURN,
  VRFY,
} from '../verbs/index.ts';
import type { Dialect } from './types.ts';

// The command set of RFC 821 §4.1.2, syntax as printed (each verb's room has it).
export const RFC821_COMMANDS: readonly CommandSpec[] = [
  HELO.specs.rfc821,
  MAIL.specs.rfc821,
  RCPT.specs.rfc821,
  DATA.specs.rfc821,
  RSET.specs.rfc821,
  SEND.specs.rfc821,
  SOML.specs.rfc821,
  SAML.specs.rfc821,
  VRFY.specs.rfc821,
  EXPN.specs.rfc821,
  HELP.specs.rfc821,
  NOOP.specs.rfc821,
  QUIT.specs.rfc821,
  TURN.specs.rfc821,
];

/**
 * RFC 821 (August 1982): the SMTP standard until RFC 2821 (April 2001)
 * obsoleted it. RFC 1123 (October 1989) amended it, and the service
 * extensions (EHLO) were first published as RFC 1425 in February 1993.
 */
export const rfc821: Dialect = {
  id: 'rfc821',
  rfc: 821,
  title: 'Simple Mail Transfer Protocol',
  date: 'August 1982',
  transport: 'TCP (or NCP)',
  port: 25, // Appendix A
  commands: RFC821_COMMANDS,
  helloRequired: true, // §4.1.1: the first command must be HELO
  // §4.1.1 HELO: "no transaction in progress and all state tables and buffers are cleared".
  laterHello: 'reset',
  nestedMail: 'refuse', // §4.1.1: out of order -> 503, same state
  extensions: false,
  // §4.3. §4.1.1 also answers a transaction command out of order with 503,
  // though §4.3 lists 503 only for RCPT, DATA and TURN: it is added to MAIL,
  // SEND, SOML and SAML below, marked.
  anyCommand: [500, 421],
  sequences: {
    CONNECTION: { success: [220], error: [421] },
    HELO: { success: [250], error: [500, 501, 504, 421] },
    MAIL: { success: [250], error: [552, 451, 452, 500, 501, 421, 503 /* §4.1.1 */] },
    RCPT: { success: [250, 251], error: [550, 551, 552, 553, 450, 451, 452, 500, 501, 503, 421] },
    DATA: {
      success: [],
      intermediate: [354],
      afterData: [250, 552, 554, 451, 452],
      error: [451, 554, 500, 501, 503, 421],
    },
    RSET: { success: [250], error: [500, 501, 504, 421] },
    SEND: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 */] },
    SOML: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 */] },
    SAML: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 */] },
    VRFY: { success: [250, 251], error: [550, 551, 553, 500, 501, 502, 504, 421] },
    EXPN: { success: [250], error: [550, 500, 501, 502, 504, 421] },
    HELP: { success: [211, 214], error: [500, 501, 502, 504, 421] },
    NOOP: { success: [250], error: [500, 421] },
    QUIT: { success: [221], error: [500] },
    TURN: { success: [250], error: [502, 500, 503] },
  },
  replies: {
    // Arguments to a command that takes none: the era's tables list only 500 for NOOP and QUIT.
    unexpectedArguments: {
      code: 500,
      text: 'Syntax error, command unrecognized ({verb} takes no arguments)',
    },
    // §4.2.2 texts.
    closingTooManyErrors: { text: '{host} Service not available, closing transmission channel' },
    // §4.5.3 prints "552 Too many recipients." (RFC 5321 §4.5.3.1.10 later called that code wrong).
    tooManyRecipients: { code: 552, text: 'Too many recipients.' },
    lineTooLong: { text: 'Line too long.' },
    textLineTooLong: { text: 'Line too long.' },
    tooMuchData: { text: 'Too much mail data.' },
    userNotActive: { text: 'Requested mail action not taken: mailbox unavailable' },
  },
  limits: { commandLine: 512, textLine: 1000, path: 256 }, // §4.5.3
  transparency: true, // §4.5.2
  paths: 'rfc821',
  // §3.6 and Example 7 use MAIL FROM:<> for notifications, though the §4.1.2 grammar has no empty path.
  nullReversePath: true,
  sourceRoutes: 'follow', // §3.6
  trace: 'rfc821',
  preliminary: 'none',
  withProtocol: { HELO: 'SMTP' },
  // The framework's first edition is RFC 1425 (February 1993; RFC 1985 §10 ref [2], RFC 2920 §6),
  // then RFC 1651 (July 1994; RFC 1652 §7 ref [5]), then RFC 1869 (November 1995).
  lacks: [
    'EHLO and service extensions (first published as RFC 1425, February 1993; then RFC 1651, July 1994, and RFC 1869, November 1995)',
    'reply 252 (RFC 1123 §5.2.3, October 1989)',
    'enhanced status codes (ENHANCEDSTATUSCODES, RFC 2034, October 1996)',
  ],
  cite: {
    transport: 'Appendices A-D',
    port: 'Appendix A',
    helloRequired: '§4.1.1',
    laterHello: '§4.1.1 (HELO)',
    nestedMail: '§4.1.1',
    extensions: '§4.1.2',
    transparency: '§4.5.2',
    paths: '§4.1.2',
    nullReversePath: '§3.6, Example 7',
    sourceRoutes: '§3.6',
    trace: '§4.1.2',
    preliminary: 'Appendix E',
    limits: '§4.5.3',
  },
};
