/**
 * The rules a lab report cites: one entry per kind of client mistake, each
 * with its RFC section and one plain sentence, as the reply catalog has its
 * replies. The analysis (client-lab.ts) picks the entry, and words a few
 * variants (the line or the text, a verb) where one rule has several faces.
 */

export interface LabRule {
  readonly rfc: string;
  readonly rule: string;
}

export const LAB_RULES = {
  /** RFC 5321 §2.3.8: <CRLF> is the only line end; a client must not send CR or LF alone. */
  'bare-lf': {
    rfc: 'RFC 5321 §2.3.8',
    rule: 'Every line ends in <CRLF>; a client must not send a LF without the CR before it.',
  },
  'bare-cr': {
    rfc: 'RFC 5321 §2.3.8',
    rule: 'A client sends CR only as the first half of <CRLF>, never alone inside a line.',
  },
  /** RFC 5321 §4.3.1: the sender should wait for the 220 before any command. */
  'before-greeting': {
    rfc: 'RFC 5321 §4.3.1',
    rule: "The client waits for the server's 220 greeting before it sends anything.",
  },
  /** RFC 5321 §4.1.1.1 (last paragraph before the syntax) and §4.1.4 (first rule). */
  'no-hello': {
    rfc: 'RFC 5321 §4.1.1.1, §4.1.4',
    rule: 'A client must send EHLO (or HELO) before it starts a mail transaction.',
  },
  /** RFC 5321 §4.1.1.1: ehlo = "EHLO" SP ( Domain / address-literal ), helo = "HELO" SP Domain. */
  'bad-hello': {
    rfc: 'RFC 5321 §4.1.1.1',
    rule: "EHLO and HELO take the client's domain name (EHLO also an address literal such as [192.0.2.1]); the server refused this one.",
  },
  /** RFC 5321 §3.3 (the three steps) and §4.1.4 (order of commands): the server answers 503. */
  'out-of-sequence': {
    rfc: 'RFC 5321 §4.1.4, §3.3',
    rule: 'A mail transaction is MAIL, then one or more RCPT, then DATA; a command out of that order gets 503.',
  },
  /** RFC 5321 §4.5.2: the client doubles a leading dot; the server removes the first one. */
  'unstuffed-dot': {
    rfc: 'RFC 5321 §4.5.2',
    rule: 'A line of text that starts with "." is sent with one more "." in front; the server deletes the first dot of such a line, so an undoubled dot is lost.',
  },
  /**
   * RFC 5321 §4.3.1: unless an extension says otherwise, the sender waits for
   * each reply; RFC 2920 §3: PIPELINING in the EHLO reply is that extension.
   */
  'pipelining-not-offered': {
    rfc: 'RFC 5321 §4.3.1, RFC 2920 §3',
    rule: 'The server did not offer PIPELINING, so the client must wait for each reply before it sends the next command.',
  },
  /** RFC 2920 §3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP only end a group. */
  'group-not-ended': {
    rfc: 'RFC 2920 §3.1',
    rule: 'Even with PIPELINING, EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP may only be the last command of a group: the client waits for their reply.',
  },
  /** RFC 5321 §4.1.1.10: the sender must not close before it sends QUIT. */
  'no-quit': {
    rfc: 'RFC 5321 §4.1.1.10',
    rule: 'A client sends QUIT (and should wait for the 221) before it closes the connection.',
  },
  /** RFC 5321 §4.5.3.1.4: 512 octets, the command word and <CRLF> included. */
  'line-too-long': {
    rfc: 'RFC 5321 §4.5.3.1.4',
    rule: 'A command line is at most 512 octets, <CRLF> included, unless an extension the server offered allows more.',
  },
  /** RFC 5321 §4.5.3.1.6: 1000 octets, <CRLF> included, the stuffed dot not counted. */
  'text-line-too-long': {
    rfc: 'RFC 5321 §4.5.3.1.6',
    rule: 'A line of message text is at most 1000 octets, <CRLF> included.',
  },
  /** RFC 5321 §4.1.1 lists the commands; §4.2.4: one the server does not know gets 500. */
  'unknown-command': {
    rfc: 'RFC 5321 §4.1.1, §4.2.4',
    rule: 'A client sends only the commands of SMTP and of the extensions the server offered; anything else gets 500.',
  },
  'bad-syntax': {
    rfc: 'RFC 5321 §4.1.2',
    rule: "The command's arguments do not follow its syntax; the server answered 501.",
  },
  /** RFC 6152 §3: 8-bit text only with BODY=8BITMIME, to a server that offered 8BITMIME. */
  'undeclared-8bit': {
    rfc: 'RFC 6152 §3',
    rule: 'Octets above 127 in the text need BODY=8BITMIME on the MAIL command (to a server that offered 8BITMIME).',
  },
  /** RFC 5321 §4.1.1: commands end in <CRLF>; one that never does is never answered. */
  unfinished: {
    rfc: 'RFC 5321 §4.1.1, §2.3.8',
    rule: 'Every command ends with <CRLF>; the last line was never ended, so the server never answered it.',
  },
  /** RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command, then may give up. */
  idle: {
    rfc: 'RFC 5321 §4.5.3.2.7',
    rule: "It was the client's turn, and it sent nothing until the server's time limit closed the connection (a client that waits here may be waiting for a reply line that will not come).",
  },
} as const satisfies Record<string, LabRule>;

export type LabKind = keyof typeof LAB_RULES;

export const LAB_KINDS = Object.keys(LAB_RULES) as readonly LabKind[];

/** The variants: the same kind of mistake seen in another place or command. */
export const LAB_VARIANTS = {
  bareLfText: {
    rfc: 'RFC 5321 §2.3.8, §4.1.1.4',
    rule: 'Lines of message text end in <CRLF> too; a LF alone is kept as data, and only <CRLF>.<CRLF> ends the message.',
  },
  /** RFC 5321 §3.3: after every RCPT was refused, the server may answer DATA with 503 or 554. */
  noRecipients: {
    rfc: 'RFC 5321 §3.3',
    rule: 'Every RCPT was refused, so there is no transaction to send DATA for; the client should RSET (or QUIT) instead.',
  },
  /** RFC 5321 §4.1.1.4: the text ends with <CRLF>.<CRLF>, nothing else. */
  unfinishedText: {
    rfc: 'RFC 5321 §4.1.1.4',
    rule: 'The message text ends with a line holding only "." (<CRLF>.<CRLF>); it never came, so the message was never taken (<LF>.<LF> does not end it).',
  },
  /** RFC 4954 §4: a SASL line may be long, but the server's buffer has a limit (12288 octets suffice). */
  saslLineTooLong: {
    rfc: 'RFC 4954 §4',
    rule: 'An authentication line may be longer than a command, but not longer than the server accepts (12288 octets are enough for the mechanisms in use).',
  },
} as const satisfies Record<string, LabRule>;

/** RFC 3207 §4, RFC 4954 §4: the extensions' own verbs that end a pipelined group. */
export function groupEndRule(verb: string): LabRule {
  const rfc =
    verb === 'STARTTLS' ? 'RFC 3207 §4' : verb === 'AUTH' || verb === '' ? 'RFC 4954 §4' : null;
  if (rfc === null) return LAB_RULES['group-not-ended'];
  const what = verb === '' ? 'An authentication response' : verb;
  return {
    rfc,
    rule: `${what} may only be the last command of a pipelined group: the client waits for the server's reply before it sends more.`,
  };
}

/** The syntax rule a 501 points to, by command (RFC 5321 §4.1.1.x, §4.1.2). */
export function syntaxRule(verb: string): LabRule {
  switch (verb) {
    case 'MAIL':
      return {
        rfc: 'RFC 5321 §4.1.1.2, §4.1.2',
        rule: 'MAIL takes FROM:<reverse-path>, the address in angle brackets, then only parameters the server offered.',
      };
    case 'RCPT':
      return {
        rfc: 'RFC 5321 §4.1.1.3, §4.1.2',
        rule: 'RCPT takes TO:<forward-path>, the address in angle brackets, then only parameters the server offered.',
      };
    case 'DATA':
    case 'RSET':
    case 'QUIT':
      return {
        rfc: 'RFC 5321 §4.1.1',
        rule: 'RSET, DATA and QUIT take no arguments.',
      };
    default:
      return LAB_RULES['bad-syntax'];
  }
}
