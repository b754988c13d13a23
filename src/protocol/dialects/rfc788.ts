import type { CommandSpec } from '../commands.ts';
import { HELO } from '../verbs/index.ts';
import { rfc821 } from './rfc821.ts';
import type { Dialect } from './types.ts';

const S = 'RFC 788 §4.1.1';

// RFC 788 §4.1.2: RFC 821's commands without TURN; HELO takes a <host>.
// prettier-ignore
const RFC788_COMMANDS: readonly CommandSpec[] = [
  HELO.specs.rfc788,
  ...rfc821.commands.filter((c) => c.verb !== 'HELO' && c.verb !== 'TURN').map((c) => ({ ...c, rfc: S })),
];

/** RFC 788 (November 1981): the first SMTP, on port 25. */
export const rfc788: Dialect = {
  ...rfc821,
  id: 'rfc788',
  rfc: 788,
  title: 'Simple Mail Transfer Protocol',
  date: 'November 1981',
  transport: 'TCP (or NCP)',
  port: 25, // Appendix A
  commands: RFC788_COMMANDS,
  // §4.1.1: "The HELO command may be used later in a session as well" (no reset is said).
  laterHello: 'allow',
  // §4.1.1: MAIL "clears the reverse-path buffer, the forward-path buffer, and the mail data buffer".
  nestedMail: 'restart',
  // §4.3. 503 exists (§4.2.1) but no sequence lists it; it answers the
  // transaction commands out of order here, marked below.
  anyCommand: [500, 501, 421],
  sequences: {
    CONNECTION: { success: [220], error: [421] },
    HELO: { success: [250], error: [500, 501, 504, 421] },
    MAIL: { success: [250], error: [552, 451, 452, 500, 501, 421, 503 /* §4.1.1 order */] },
    RCPT: {
      success: [250, 251],
      error: [550, 551, 552, 553, 450, 451, 452, 500, 501, 421, 503 /* §4.1.1 order */],
    },
    DATA: {
      success: [],
      intermediate: [354],
      afterData: [250, 552, 554, 451, 452],
      error: [451, 554, 500, 501, 421, 503 /* §4.1.1 order */],
    },
    RSET: { success: [250], error: [500, 501, 504, 421] },
    SEND: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 order */] },
    SOML: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 order */] },
    SAML: { success: [250], error: [552, 451, 452, 500, 501, 502, 421, 503 /* §4.1.1 order */] },
    VRFY: { success: [250], error: [550, 500, 501, 502, 504, 421] },
    EXPN: { success: [250], error: [550, 500, 501, 502, 504, 421] },
    HELP: { success: [211, 214], error: [500, 501, 502, 504, 421] },
    NOOP: { success: [250], error: [500, 421] },
    QUIT: { success: [221], error: [500] },
  },
  replies: {
    ...rfc821.replies,
    // RFC 821 §3.3 made "553 User ambiguous" the reply; RFC 788 lists only 250 and 550 for VRFY.
    ambiguous: { code: 550, text: 'User ambiguous' },
  },
  // §4.5.3: user 64, host 40, path 256, command line 512, reply line 512, text line 1000.
  limits: { commandLine: 512, textLine: 1000, path: 256 },
  paths: 'legacy', // §4.1.2: <@A,@B,user@host>
  trace: 'rfc788', // §4.1.2 `Mail-From:` time stamp line
  lacks: [
    'TURN (added by RFC 821)',
    'the reset on a later HELO (RFC 821 §4.1.1)',
    '503 in its sequence tables',
  ],
  dropped: {
    CONT: 'Appendix E ("does not have the continue or abort commands")',
    ABRT: 'Appendix E',
    MRSQ: '§2 (several RCPTs replace the schemes)',
    MRCP: '§2',
  },
  cite: {
    ...rfc821.cite,
    laterHello: '§4.1.1',
    nestedMail: '§4.1.1 (MAIL)',
    paths: '§4.1.2',
    trace: '§4.1.2',
    limits: '§4.5.3',
  },
};
