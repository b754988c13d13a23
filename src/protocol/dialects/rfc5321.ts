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
  // RFC 5321 §4.4 `Protocol = "ESMTP" / "SMTP"`; ESMTP when EHLO opened the session (RFC 1869 §7).
  withProtocol: { HELO: 'SMTP', EHLO: 'ESMTP' },
};
