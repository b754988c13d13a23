/**
 * Commands as data: each verb's syntax is written once, as its RFC prints it,
 * and feeds HELP, the 501 replies, completions and hovers. Each dialect has
 * its own table (src/protocol/dialects); this file has the types and the
 * RFC 5321 command set (§4.1.1).
 */
export type ArgumentRule = 'none' | 'optional' | 'required';

/**
 * What a command does in the session, which is what the server machine's
 * sequence rules are written in: SEND, SOML and SAML `begin` a transaction
 * exactly where MAIL does, so the machine needs no rule of its own for them.
 */
export type Role =
  | 'hello' // HELO, EHLO
  | 'begin' // MAIL (SMTP), SEND, SOML, SAML
  | 'recipient' // RCPT
  | 'data' // DATA
  | 'reset' // RSET
  | 'query' // NOOP, HELP, VRFY, EXPN: allowed at any time
  | 'quit' // QUIT
  | 'turn' // TURN (RFC 821 §3.8)
  | 'mtp-mail' // MTP MAIL: sender, one recipient, then the text (RFC 772, 780)
  | 'scheme' // MRSQ
  | 'mtp-recipient' // MRCP
  | 'continue' // CONT (RFC 780 §5.1.1)
  | 'cancel' // ABRT (RFC 780 §5.1.1)
  | 'starttls' // STARTTLS (RFC 3207)
  | 'auth' // AUTH (RFC 4954)
  | 'bdat'; // BDAT (RFC 3030)

/** A short name for each role, for pictures of the machine (the dialect's verbs say more). */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  hello: 'HELO/EHLO',
  begin: 'MAIL',
  recipient: 'RCPT',
  data: 'DATA',
  reset: 'RSET',
  query: 'NOOP, HELP, VRFY, EXPN',
  quit: 'QUIT',
  turn: 'TURN',
  'mtp-mail': 'MAIL (MTP)',
  scheme: 'MRSQ',
  'mtp-recipient': 'MRCP',
  continue: 'CONT',
  cancel: 'ABRT',
  starttls: 'STARTTLS',
  auth: 'AUTH',
  bdat: 'BDAT',
};

/** The verbs that play a role in a command table, e.g. MAIL, SEND, SOML, SAML for `begin`. */
export function verbsOf(commands: readonly CommandSpec[], role: Role): string[] {
  return commands.filter((c) => c.role === role).map((c) => c.verb);
}

/** How the argument is parsed (src/protocol/parser.ts). */
export type ArgumentKind =
  'domain' | 'mail' | 'rcpt' | 'mtp-mail' | 'mtp-rcpt' | 'scheme' | 'bdat' | 'string' | 'none';

export interface CommandSpec {
  readonly verb: string;
  /** The command as the RFC writes it. */
  readonly syntax: string;
  /** One line for HELP. */
  readonly summary: string;
  readonly rfc: string;
  readonly role: Role;
  /** RFC 5321 §4.3.2: DATA, RSET and QUIT SHOULD get 501 when given arguments. */
  readonly args: ArgumentRule;
  readonly parse: ArgumentKind;
}

/** Shorthand for the tables: verb, syntax, role, parse, args, summary, rfc. */
export function command(
  verb: string,
  syntax: string,
  role: Role,
  parse: ArgumentKind,
  args: ArgumentRule,
  summary: string,
  rfc: string,
): CommandSpec {
  return { verb, syntax, role, parse, args, summary, rfc };
}

// prettier-ignore
export const RFC5321_COMMANDS: readonly CommandSpec[] = [
  command('EHLO', 'EHLO <domain or address-literal>', 'hello', 'domain', 'required', 'Open the session and ask for the service extensions', 'RFC 5321 §4.1.1.1'),
  command('HELO', 'HELO <domain>', 'hello', 'domain', 'required', 'Open the session (no extensions)', 'RFC 5321 §4.1.1.1'),
  command('MAIL', 'MAIL FROM:<reverse-path> [SP <mail-parameters>]', 'begin', 'mail', 'required', 'Start a mail transaction; the reverse path receives error reports', 'RFC 5321 §4.1.1.2'),
  command('RCPT', 'RCPT TO:<forward-path> [SP <rcpt-parameters>]', 'recipient', 'rcpt', 'required', 'Name one recipient of the mail', 'RFC 5321 §4.1.1.3'),
  command('DATA', 'DATA', 'data', 'none', 'none', 'Send the message; end it with a line holding only "."', 'RFC 5321 §4.1.1.4'),
  command('RSET', 'RSET', 'reset', 'none', 'none', 'Abort the current mail transaction', 'RFC 5321 §4.1.1.5'),
  command('VRFY', 'VRFY <string>', 'query', 'string', 'required', 'Ask whether a user or mailbox exists', 'RFC 5321 §4.1.1.6'),
  command('EXPN', 'EXPN <string>', 'query', 'string', 'required', 'Ask for the members of a mailing list', 'RFC 5321 §4.1.1.7'),
  command('HELP', 'HELP [<string>]', 'query', 'string', 'optional', 'Show help, for one command if named', 'RFC 5321 §4.1.1.8'),
  command('NOOP', 'NOOP [<string>]', 'query', 'string', 'optional', 'Do nothing; the server answers 250 OK', 'RFC 5321 §4.1.1.9'),
  command('QUIT', 'QUIT', 'quit', 'none', 'none', 'Close the session', 'RFC 5321 §4.1.1.10'),
];
