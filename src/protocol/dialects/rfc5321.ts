import {
  DATA,
  EHLO,
  EXPN,
  HELO,
  HELP,
  MAIL,
  NOOP,
  QUIT,
  RCPT,
  RSET,
  VRFY,
} from '../verbs/index.ts';
import type { Dialect } from './types.ts';

/** Today's SMTP: RFC 5321 (October 2008), the default dialect. */
export const rfc5321: Dialect = {
  id: 'rfc5321',
  rfc: 5321,
  title: 'Simple Mail Transfer Protocol',
  date: 'October 2008',
  transport: 'TCP',
  port: 25, // §4.5.4.2 ("the SMTP port specified by IANA")
  // §4.1.1
  commands: [EHLO, HELO, MAIL, RCPT, DATA, RSET, VRFY, EXPN, HELP, NOOP, QUIT].map(
    (v) => v.specs.rfc5321,
  ),
  helloRequired: true, // §4.1.1.1, §4.1.4
  laterHello: 'reset', // §4.1.4
  nestedMail: 'refuse', // §4.1.4: 503
  extensions: true,
  // §4.3.2, with 521 (greeting) and 556 (RCPT) added by RFC 7504 §5.1.
  anyCommand: [500, 501, 421],
  sequences: {
    CONNECTION: { success: [220], error: [554, 521] },
    EHLO: { success: [250], error: [504, 550, 502] },
    HELO: { success: [250], error: [504, 550, 502] },
    MAIL: { success: [250], error: [552, 451, 452, 550, 553, 503, 455, 555] },
    RCPT: { success: [250, 251], error: [550, 551, 552, 553, 450, 451, 452, 503, 455, 555, 556] },
    DATA: {
      success: [],
      intermediate: [354],
      afterData: [250, 552, 554, 451, 452, 450, 550],
      error: [503, 554],
    },
    RSET: { success: [250], error: [] },
    VRFY: { success: [250, 251, 252], error: [550, 551, 553, 502, 504] },
    EXPN: { success: [250, 252], error: [550, 500, 502, 504] },
    HELP: { success: [211, 214], error: [502, 504] },
    NOOP: { success: [250], error: [] },
    QUIT: { success: [221], error: [] },
  },
  replies: {},
  limits: { commandLine: 512, textLine: 1000, path: 256 }, // §4.5.3.1
  transparency: true, // §4.5.2
  paths: 'rfc5321',
  nullReversePath: true,
  sourceRoutes: 'ignore', // §4.1.2: MUST be accepted, SHOULD be ignored
  trace: 'rfc5321',
  preliminary: 'none',
  // §4.4 `Protocol = "ESMTP" / "SMTP"`; ESMTP when EHLO opened the session (RFC 1869 §7).
  withProtocol: { HELO: 'SMTP', EHLO: 'ESMTP' },
  lacks: [
    'SEND, SOML, SAML and TURN (deprecated, Appendix F)',
    'source routes are accepted but ignored',
  ],
  dropped: {
    TURN: 'Appendix F.1',
    SEND: 'Appendix F.6',
    SOML: 'Appendix F.6',
    SAML: 'Appendix F.6',
  },
  cite: {
    transport: '§2.1',
    port: '§4.5.4.2',
    helloRequired: '§4.1.1.1, §4.1.4',
    laterHello: '§4.1.4',
    nestedMail: '§4.1.4',
    extensions: '§2.2',
    transparency: '§4.5.2',
    paths: '§4.1.2',
    nullReversePath: '§4.1.1.2',
    sourceRoutes: '§4.1.2, Appendix C',
    trace: '§4.4',
    preliminary: '§4.2.1',
    limits: '§4.5.3.1',
  },
};
