import type { CommandSpec } from '../commands.ts';
import { HELP, MRCP, MRSQ, MTP_MAIL, NOOP, QUIT } from '../verbs/index.ts';
import { rfc780 } from './rfc780.ts';
import type { Dialect } from './types.ts';

// RFC 772 "Command Syntax" (p. 8), syntax as printed (each verb's room has it).
const RFC772_COMMANDS: readonly CommandSpec[] = [
  MTP_MAIL.specs.rfc772,
  MRSQ.specs.rfc772,
  MRCP.specs.rfc772,
  HELP.specs.rfc772,
  QUIT.specs.rfc772,
  NOOP.specs.rfc772,
];

/** RFC 772 (September 1980): the first draft of MTP, mail taken out of FTP onto port 57. */
export const rfc772: Dialect = {
  ...rfc780,
  id: 'rfc772',
  rfc: 772,
  title: 'Mail Transfer Protocol',
  date: 'September 1980',
  transport: 'TCP or NCP, with TELNET conventions',
  port: 57, // "Connection Establishment", p. 28: L = 57
  commands: RFC772_COMMANDS,
  anyCommand: [500, 421],
  // "Command-Reply Sequences", pp. 23-24.
  sequences: {
    CONNECTION: { success: [220], intermediate: [120], error: [421] },
    MAIL: {
      success: [],
      intermediate: [151, 152, 354],
      afterData: [250, 451, 552],
      error: [450, 550, 452, 553, 500, 501, 502, 421],
    },
    MRSQ: { success: [200, 215], error: [500, 501, 502, 421] },
    // p. 24 lists only 200; pp. 18-19 give scheme-T MRCPs the replies of MAIL ("ANY 2xx code
    // indicates success") and Appendix B answers 250: both are kept.
    MRCP: {
      success: [200, 250],
      intermediate: [151, 152],
      error: [450, 550, 452, 553, 451, 552, 500, 501, 502, 503, 421],
    },
    QUIT: { success: [221], error: [] },
    HELP: { success: [211, 214], error: [500, 501, 502, 421] },
    NOOP: { success: [200], error: [500, 421] },
  },
  replies: {
    ...rfc780.replies,
    closing: { text: '{host} Service closing control connection' },
    closingTooManyErrors: { text: '{host} Service not available, closing control connection' },
    startData: { text: 'Start mail input; end with <CR><LF>.<CR><LF>' },
    // p. 16: MRSQ refusal is 501 here (504 in RFC 780).
    schemeRefused: { code: 501 },
    schemeSelected: { text: "OK, we'll use specified scheme" },
    // Appendices A and B answer an unknown recipient with 553.
    noSuchUser: { code: 553 },
    // Appendix B answers the relayed MRCP under scheme T with "200 OK".
    recipientRelay: { code: 200, text: 'OK' },
  },
  // No sizes except the 65-character reply line ("MTP Replies", p. 10).
  limits: { commandLine: 0, textLine: 0, path: 0 },
  // RFC 772 defines no transparency procedure: a leading dot is text.
  transparency: false,
  // "Sequencing of Commands and Replies", p. 23: 151/152 are followed by 354.
  preliminary: 'immediate',
  lacks: [
    'CONT and ABRT (RFC 780)',
    'dot-stuffing (RFC 780 §5.5.2)',
    'any size limits',
    'HELO, RCPT, DATA, RSET',
  ],
  cite: {
    ...rfc780.cite,
    transport: '"Connections", p. 22',
    port: '"Connection Establishment", p. 28',
    helloRequired: '"Command Syntax", p. 8',
    transparency: '"Command Semantics", p. 6',
    paths: '"Command Syntax", p. 8',
    preliminary: '"Sequencing of Commands and Replies", p. 23',
    limits: '"MTP Replies", p. 10',
    sourceRoutes: '"Command Semantics", p. 6',
  },
};
