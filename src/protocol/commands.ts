/**
 * The RFC 5321 command set (§4.1.1), each verb's syntax written once. The
 * syntax text feeds HELP, the 501 replies, and (later) completions and hovers.
 */
export type ArgumentRule = 'none' | 'optional' | 'required';

export interface CommandSpec {
  readonly verb: string;
  /** The command as the RFC writes it. */
  readonly syntax: string;
  /** One line for HELP. */
  readonly summary: string;
  readonly rfc: string;
  /** §4.3.2: DATA, RSET and QUIT SHOULD get 501 when given arguments. */
  readonly args: ArgumentRule;
  /** What kind of argument is parsed (see parser.ts). */
  readonly parse: 'domain' | 'mail' | 'rcpt' | 'string' | 'none';
}

export const RFC5321_COMMANDS: readonly CommandSpec[] = [
  {
    verb: 'EHLO',
    syntax: 'EHLO <domain or address-literal>',
    summary: 'Open the session and ask for the service extensions',
    rfc: 'RFC 5321 §4.1.1.1',
    args: 'required',
    parse: 'domain',
  },
  {
    verb: 'HELO',
    syntax: 'HELO <domain>',
    summary: 'Open the session (no extensions)',
    rfc: 'RFC 5321 §4.1.1.1',
    args: 'required',
    parse: 'domain',
  },
  {
    verb: 'MAIL',
    syntax: 'MAIL FROM:<reverse-path> [SP <mail-parameters>]',
    summary: 'Start a mail transaction; the reverse path receives error reports',
    rfc: 'RFC 5321 §4.1.1.2',
    args: 'required',
    parse: 'mail',
  },
  {
    verb: 'RCPT',
    syntax: 'RCPT TO:<forward-path> [SP <rcpt-parameters>]',
    summary: 'Name one recipient of the mail',
    rfc: 'RFC 5321 §4.1.1.3',
    args: 'required',
    parse: 'rcpt',
  },
  {
    verb: 'DATA',
    syntax: 'DATA',
    summary: 'Send the message; end it with a line holding only "."',
    rfc: 'RFC 5321 §4.1.1.4',
    args: 'none',
    parse: 'none',
  },
  {
    verb: 'RSET',
    syntax: 'RSET',
    summary: 'Abort the current mail transaction',
    rfc: 'RFC 5321 §4.1.1.5',
    args: 'none',
    parse: 'none',
  },
  {
    verb: 'VRFY',
    syntax: 'VRFY <string>',
    summary: 'Ask whether a user or mailbox exists',
    rfc: 'RFC 5321 §4.1.1.6',
    args: 'required',
    parse: 'string',
  },
  {
    verb: 'EXPN',
    syntax: 'EXPN <string>',
    summary: 'Ask for the members of a mailing list',
    rfc: 'RFC 5321 §4.1.1.7',
    args: 'required',
    parse: 'string',
  },
  {
    verb: 'HELP',
    syntax: 'HELP [<string>]',
    summary: 'Show help, for one command if named',
    rfc: 'RFC 5321 §4.1.1.8',
    args: 'optional',
    parse: 'string',
  },
  {
    verb: 'NOOP',
    syntax: 'NOOP [<string>]',
    summary: 'Do nothing; the server answers 250 OK',
    rfc: 'RFC 5321 §4.1.1.9',
    args: 'optional',
    parse: 'string',
  },
  {
    verb: 'QUIT',
    syntax: 'QUIT',
    summary: 'Close the session',
    rfc: 'RFC 5321 §4.1.1.10',
    args: 'none',
    parse: 'none',
  },
];
