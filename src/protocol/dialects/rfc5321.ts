import { RFC5321_COMMANDS } from '../commands.ts';
import type { Dialect } from './types.ts';

/** Today's SMTP: RFC 5321 (October 2008), the default dialect. */
export const rfc5321: Dialect = {
  id: 'rfc5321',
  rfc: 5321,
  title: 'Simple Mail Transfer Protocol',
  date: 'October 2008',
  transport: 'TCP',
  port: 25,
  commands: RFC5321_COMMANDS,
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
  // RFC 5321 §4.4 `Protocol = "ESMTP" / "SMTP"`; ESMTP when EHLO opened the session (RFC 1869 §7).
  withProtocol: { HELO: 'SMTP', EHLO: 'ESMTP' },
};
