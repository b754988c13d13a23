import type { CommandSpec } from '../commands.ts';
import { ABRT, CONT, HELP, MRCP, MRSQ, MTP_MAIL, NOOP, QUIT } from '../verbs/index.ts';
import type { Dialect } from './types.ts';

// RFC 780 §5.1.2, syntax as printed (each verb's room has it).
const RFC780_COMMANDS: readonly CommandSpec[] = [
  MTP_MAIL.specs.rfc780,
  MRSQ.specs.rfc780,
  MRCP.specs.rfc780,
  HELP.specs.rfc780,
  QUIT.specs.rfc780,
  NOOP.specs.rfc780,
  CONT.specs.rfc780,
  ABRT.specs.rfc780,
];

const MAIL_FAILURES = [451, 552, 450, 550, 452, 553];

/** RFC 780 (May 1981): MTP made transport-independent, on port 57. */
export const rfc780: Dialect = {
  id: 'rfc780',
  rfc: 780,
  title: 'Mail Transfer Protocol',
  date: 'May 1981',
  transport: 'TCP, NCP, NITS or X.25 (Appendices A-D)',
  port: 57, // Appendix A: TCP service port 57 (71 octal)
  commands: RFC780_COMMANDS,
  helloRequired: false, // MTP has no HELO
  laterHello: 'allow',
  nestedMail: 'restart',
  extensions: false,
  // §5.3; 503 (§5.2.1) also answers any command but CONT/ABRT after a preliminary reply (§3.1).
  anyCommand: [500, 421, 503],
  // §5.3.
  sequences: {
    CONNECTION: { success: [220], intermediate: [120], error: [421] },
    MAIL: {
      success: [],
      intermediate: [151, 152, 354],
      afterData: [250, ...MAIL_FAILURES],
      error: [...MAIL_FAILURES, 500, 501, 502, 421],
    },
    MRSQ: { success: [200, 215], error: [500, 501, 502, 504, 421] },
    MRCP: {
      success: [200, 215, 250],
      intermediate: [151, 152],
      error: [...MAIL_FAILURES, 500, 501, 502, 503, 421],
    },
    QUIT: { success: [221], error: [500, 421] },
    HELP: { success: [211, 214], error: [500, 501, 502, 504, 421] },
    NOOP: { success: [200], error: [500, 421] },
    // "depends on previous command": CONT continues a MAIL (354) or an MRCP.
    CONT: {
      success: [200, 215, 250],
      intermediate: [354],
      afterData: [250, ...MAIL_FAILURES],
      error: [...MAIL_FAILURES, 500, 501, 502, 503, 504, 421],
    },
    ABRT: { success: [201], error: [500, 501, 502, 503, 504, 421] },
  },
  // §5.2.1 texts, and the examples of §4.4-§4.5.
  replies: {
    // Arguments to a command that takes none: the era's tables list only 500 for NOOP and QUIT.
    unexpectedArguments: {
      code: 500,
      text: 'Syntax error, command unrecognized ({verb} takes no arguments)',
    },
    greeting: { text: '{host} Service ready for new user' },
    ok: { code: 200, text: 'Command okay' },
    queued: { text: 'Requested mail action okay, completed' },
    recipientRelay: { code: 250, text: 'Mail accepted for relaying' },
    closingTooManyErrors: { text: '{host} Service not available, closing transmission channel' },
    badSequence: { text: 'Bad sequence of commands' },
    lineTooLong: { text: 'Syntax error, command unrecognized (command line too long)' },
    textLineTooLong: {
      code: 552,
      text: 'Requested mail action aborted: exceeded storage allocation',
    },
    tooMuchData: { text: 'Requested mail action aborted: exceeded storage allocation' },
    noValidRecipients: { code: 550, text: 'Null recipient' },
  },
  // §5.5.3: path 100, command line 200, text line 1000.
  limits: { commandLine: 200, textLine: 1000, path: 100 },
  transparency: true, // §5.5.2, the first dot-stuffing rule
  paths: 'legacy',
  nullReversePath: false,
  sourceRoutes: 'follow', // §3.2
  trace: 'none',
  preliminary: 'confirm', // §3.1: after 151/152 the sender must send CONT or ABRT
  withProtocol: {},
  lacks: [
    'HELO, RCPT, DATA, RSET (MAIL carries one recipient and the text)',
    'port 25 (MTP used 57)',
    'VRFY, EXPN',
  ],
  cite: {
    transport: '§1, Appendices A-D',
    port: 'Appendix A',
    helloRequired: '§5.1.2',
    laterHello: '§5.1.2',
    nestedMail: '§4.2',
    extensions: '§5.1.2',
    transparency: '§5.5.2',
    paths: '§5.1.2',
    nullReversePath: '§5.1.2',
    sourceRoutes: '§3.2',
    trace: '§3',
    preliminary: '§3.1',
    limits: '§5.5.3',
  },
};
