/**
 * Commands as data: each verb's syntax is written once per era, as its RFC
 * prints it, in the verb's room (verbs/), and feeds HELP, the 501 replies,
 * completions and hovers. Each dialect's table (dialects/) picks its verbs
 * from the rooms; this file has the types.
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
  | 'bdat' // BDAT (RFC 3030)
  | 'etrn'; // ETRN (RFC 1985): not inside a transaction (§5)

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
  etrn: 'ETRN',
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
