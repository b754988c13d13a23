/**
 * Era-true citations: where the RFC of a session's own era says what a reply
 * code means, why a catalog reply is sent, or states a rule a note points to.
 * The reply catalog cites today's RFCs (mostly RFC 5321); an RFC 780 session
 * must be explained from RFC 780, an RFC 821 one from RFC 821. Every entry
 * below was read in the RFC text; RFC 772 has no section numbers and is cited
 * by heading and printed page.
 */
import { CATALOG, type Reply, type ReplyId } from './replies.ts';
import type { Dialect } from './dialects/types.ts';

type Era = 'rfc772' | 'rfc780' | 'rfc788' | 'rfc821' | 'rfc1123' | 'rfc1869' | 'rfc5321';

/**
 * The newest RFC an era may cite. RFC numbers grow with their dates; RFC 822
 * came out with RFC 821 (August 1982), RFC 1870 with RFC 1869 (November 1995).
 */
const LIMIT: Readonly<Record<Era, number>> = {
  rfc772: 772,
  rfc780: 780,
  rfc788: 788,
  rfc821: 822,
  rfc1123: 1123,
  rfc1869: 1870,
  rfc5321: Number.POSITIVE_INFINITY,
};

const isEra = (id: string): id is Era => id in LIMIT;

export function eraLimit(dialect: Pick<Dialect, 'id' | 'rfc'>): number {
  if (isEra(dialect.id)) return LIMIT[dialect.id];
  return dialect.rfc >= 5321 ? Number.POSITIVE_INFINITY : dialect.rfc;
}

/** The RFC numbers a citation names, e.g. [821, 5321] for "RFC 821 §3.3, RFC 5321 §3.5.1". */
export function rfcNumbers(citation: string): number[] {
  return [...citation.matchAll(/RFC[ -]?(\d+)/g)].map((m) => Number(m[1]));
}

/** True when every RFC a citation names is of the dialect's era or older. */
export function withinEra(dialect: Pick<Dialect, 'id' | 'rfc'>, citation: string): boolean {
  const limit = eraLimit(dialect);
  return rfcNumbers(citation).every((n) => n <= limit);
}

/** "MTP" for RFC 772 and 780, "SMTP" from RFC 788 on. */
export function protocolName(dialect: Pick<Dialect, 'rfc'>): 'MTP' | 'SMTP' {
  return dialect.rfc < 788 ? 'MTP' : 'SMTP';
}

// ---------------------------------------------------------------------------
// What each code means in each era: the RFC's own list of reply codes.

interface CodeList {
  /** Where the list is printed. */
  readonly rfc: string;
  readonly codes: Readonly<Record<number, string>>;
}

const MTP_772: CodeList = {
  rfc: 'RFC 772 "Numeric Order List of Reply Codes", pp. 14-15',
  codes: {
    120: '<host> Service ready in nnn minutes',
    151: 'User not local; will forward to <user>@<host>',
    152: 'User unknown; mail will be forwarded by the operator',
    200: 'Command okay',
    211: 'System status, or system help reply',
    214: 'Help message',
    215: '<scheme> is the preferred scheme',
    220: '<host> Service ready for new user',
    221: '<host> Service closing control connection',
    250: 'Requested mail action okay, completed',
    354: 'Start mail input; end with <CR><LF>.<CR><LF>',
    421: '<host> Service not available, closing control connection',
    450: 'Requested mail action not taken: mailbox unavailable',
    451: 'Requested action aborted: local error in processing',
    452: 'Requested action not taken: insufficient system storage space',
    500: 'Syntax error, command unrecognized',
    501: 'Syntax error in parameters or arguments',
    502: 'Command not implemented',
    503: 'Bad sequence of commands',
    550: 'Requested action not taken: mailbox unavailable',
    552: 'Requested mail action aborted: exceeded storage allocation',
    553: 'Requested action not taken: mailbox name not allowed',
  },
};

const MTP_780: CodeList = {
  rfc: 'RFC 780 §5.2.2',
  codes: {
    ...MTP_772.codes,
    201: 'Command okay, action aborted',
    221: '<host> Service closing transmission channel',
    354: 'Start mail input; end with <CRLF>.<CRLF>',
    421: '<host> Service not available, closing transmission channel',
    452: 'Requested action not taken: insufficient system storage',
    504: 'Command parameter not implemented',
  },
};

const SMTP_788: CodeList = {
  rfc: 'RFC 788 §4.2.2',
  codes: {
    211: 'System status, or system help reply',
    214: 'Help message',
    220: '<host> Service ready',
    221: '<host> Service closing transmission channel',
    250: 'Requested mail action okay, completed',
    251: 'User not local; will forward to <forward-path>',
    354: 'Start mail input; end with <CRLF>.<CRLF>',
    421: '<host> Service not available, closing transmission channel',
    450: 'Requested mail action not taken: mailbox unavailable',
    451: 'Requested action aborted: local error in processing',
    452: 'Requested action not taken: insufficient system storage',
    500: 'Syntax error, command unrecognized',
    501: 'Syntax error in parameters or arguments',
    502: 'Command not implemented',
    503: 'Bad sequence of commands',
    504: 'Command parameter not implemented',
    550: 'Requested action not taken: mailbox unavailable',
    551: 'User not local; please try <forward-path>',
    552: 'Requested mail action aborted: exceeded storage allocation',
    553: 'Requested action not taken: mailbox name not allowed',
    554: 'Transaction failed',
  },
};

const SMTP_821: CodeList = {
  rfc: 'RFC 821 §4.2.2',
  codes: Object.fromEntries(
    Object.entries(SMTP_788.codes).map(([c, text]) => [c, text.replace('<host>', '<domain>')]),
  ),
};

const SMTP_5321: CodeList = {
  rfc: 'RFC 5321 §4.2.3',
  codes: {
    ...SMTP_821.codes,
    252: 'Cannot VRFY user, but will accept message and attempt delivery',
    455: 'Server unable to accommodate parameters',
    554: 'Transaction failed (or, opening a connection, "No SMTP service here")',
    555: 'MAIL FROM/RCPT TO parameters not recognized or not implemented',
  },
};

/** Codes an era has outside its list, each with its own place. */
const EXTRA_CODES: Readonly<Record<Era, Readonly<Record<number, Meaning>>>> = {
  rfc772: {
    // Named only in the prose of p. 13, in neither list.
    504: {
      text: 'Command implemented, but the parameter it requests is not',
      rfc: 'RFC 772 "MTP Replies", p. 13',
    },
  },
  rfc780: {},
  rfc788: {},
  rfc821: {},
  rfc1123: {
    252: {
      text: 'Cannot VRFY user, but will take message for this user and attempt delivery',
      rfc: 'RFC 1123 §5.2.3',
    },
  },
  rfc1869: {
    252: {
      text: 'Cannot VRFY user, but will take message for this user and attempt delivery',
      rfc: 'RFC 1123 §5.2.3',
    },
    455: {
      text: 'MAIL FROM/RCPT TO parameters cannot be accommodated now',
      rfc: 'RFC 1869 §6.1',
    },
    555: { text: 'MAIL FROM/RCPT TO parameters not recognized', rfc: 'RFC 1869 §6.1' },
  },
  rfc5321: {
    521: { text: 'This host does not accept mail', rfc: 'RFC 7504 §3' },
    556: { text: 'The recipient domain does not accept mail', rfc: 'RFC 7504 §4' },
    // ETRN's own codes (RFC 1985 §5.1); its 251 and 252 are RFC 5321's codes with other meanings.
    253: { text: 'OK, <n> pending messages for node <x> started', rfc: 'RFC 1985 §5.1' },
    458: { text: 'Unable to queue messages for node <x>', rfc: 'RFC 1985 §5.1' },
    459: { text: 'Node <x> not allowed: <reason>', rfc: 'RFC 1985 §5.1' },
  },
};

const LISTS: Readonly<Record<Era, CodeList>> = {
  rfc772: MTP_772,
  rfc780: MTP_780,
  rfc788: SMTP_788,
  rfc821: SMTP_821,
  rfc1123: SMTP_821,
  rfc1869: SMTP_821,
  rfc5321: SMTP_5321,
};

export interface Meaning {
  readonly text: string;
  readonly rfc: string;
}

/** The era of a dialect (a custom dialect is read as the era of its RFC number). */
function eraOf(dialect: Pick<Dialect, 'id' | 'rfc'>): Era {
  if (isEra(dialect.id)) return dialect.id;
  const n = dialect.rfc;
  if (n >= 5321) return 'rfc5321';
  if (n >= 1869) return 'rfc1869';
  if (n >= 1123) return 'rfc1123';
  if (n >= 821) return 'rfc821';
  if (n >= 788) return 'rfc788';
  return n >= 780 ? 'rfc780' : 'rfc772';
}

/** What a reply code means in the dialect's era, as its RFC lists it; null if the era has no such code. */
export function eraMeaning(dialect: Pick<Dialect, 'id' | 'rfc'>, code: number): Meaning | null {
  const era = eraOf(dialect);
  const extra = EXTRA_CODES[era][code];
  if (extra) return extra;
  const list = LISTS[era];
  const text = list.codes[code];
  return text === undefined ? null : { text, rfc: list.rfc };
}

// ---------------------------------------------------------------------------
// Rules the explanations and notes refer to, by era.

export type Topic =
  /** What the first digit 4 means: transient failure, the action may be requested again. */
  | 'transient'
  /** What the first digit 5 means: permanent failure, do not repeat the exact request. */
  | 'permanent'
  /** What the first digits mean at all (used for a code the era does not list). */
  | 'replyTheory'
  /** Dot transparency: the sender doubles a leading dot, the receiver removes it. */
  | 'transparency'
  /** Commands (and text lines) end in <CRLF>. */
  | 'lineEnding'
  /** The sender waits for each reply before the next command. */
  | 'lockStep'
  /** Which octets the mail text may hold (7-bit ASCII, or 8BITMIME). */
  | 'eightBit';

// prettier-ignore
const TOPICS: Readonly<Record<Topic, Readonly<Record<Era, string | null>>>> = {
  transient: {
    rfc772: 'RFC 772 "MTP Replies", p. 12',
    rfc780: 'RFC 780 Appendix E',
    rfc788: 'RFC 788 Appendix E',
    rfc821: 'RFC 821 Appendix E',
    rfc1123: 'RFC 821 Appendix E',
    rfc1869: 'RFC 821 Appendix E',
    rfc5321: 'RFC 5321 §4.2.1',
  },
  permanent: {
    rfc772: 'RFC 772 "MTP Replies", p. 12',
    rfc780: 'RFC 780 Appendix E',
    rfc788: 'RFC 788 Appendix E',
    rfc821: 'RFC 821 Appendix E',
    rfc1123: 'RFC 821 Appendix E',
    rfc1869: 'RFC 821 Appendix E',
    rfc5321: 'RFC 5321 §4.2.1',
  },
  replyTheory: {
    rfc772: 'RFC 772 "MTP Replies", pp. 11-13',
    rfc780: 'RFC 780 Appendix E',
    rfc788: 'RFC 788 Appendix E',
    rfc821: 'RFC 821 Appendix E',
    rfc1123: 'RFC 821 Appendix E',
    rfc1869: 'RFC 821 Appendix E',
    rfc5321: 'RFC 5321 §4.2.1',
  },
  // RFC 772 has none: a leading dot is text, and "CRLF.CRLF" ends the text ("Command Semantics", p. 6).
  transparency: {
    rfc772: null,
    rfc780: 'RFC 780 §5.5.2',
    rfc788: 'RFC 788 §4.5.2',
    rfc821: 'RFC 821 §4.5.2',
    rfc1123: 'RFC 821 §4.5.2',
    rfc1869: 'RFC 821 §4.5.2',
    rfc5321: 'RFC 5321 §4.5.2',
  },
  lineEnding: {
    rfc772: 'RFC 772 "Command Semantics", p. 6',
    rfc780: 'RFC 780 §5.1.1',
    rfc788: 'RFC 788 §4.1.1',
    rfc821: 'RFC 821 §4.1.1',
    rfc1123: 'RFC 821 §4.1.1',
    rfc1869: 'RFC 821 §4.1.1',
    rfc5321: 'RFC 5321 §2.3.8',
  },
  lockStep: {
    rfc772: 'RFC 772 "Sequencing of Commands and Replies", p. 22',
    rfc780: 'RFC 780 §5.3',
    rfc788: 'RFC 788 §4.3',
    rfc821: 'RFC 821 §4.3',
    rfc1123: 'RFC 821 §4.3',
    rfc1869: 'RFC 821 §4.3',
    rfc5321: 'RFC 2920 §3.1',
  },
  eightBit: {
    rfc772: 'RFC 772 "Mail Representation and Storage", p. 5',
    rfc780: 'RFC 780 Appendix A',
    rfc788: 'RFC 788 §4.5.2, Appendix A',
    rfc821: 'RFC 821 §4.5.2, Appendix A',
    rfc1123: 'RFC 821 §4.5.2, Appendix A',
    rfc1869: 'RFC 1652 §3',
    rfc5321: 'RFC 6152 §3',
  },
};

/** Where the dialect's era states a rule; null when the era has no such rule (RFC 772 and transparency). */
export function citeTopic(dialect: Pick<Dialect, 'id' | 'rfc'>, topic: Topic): string | null {
  return TOPICS[topic][eraOf(dialect)];
}

// ---------------------------------------------------------------------------
// Catalog replies: where the era's RFC gives the rule behind each one, when
// the catalog cites a later RFC for it. Codes not listed here are cited by
// the catalog's own RFC when that is of the era, else by the era's list.

type Cites = Partial<Record<ReplyId, string>>;

/** SMTP of 1981-1982: RFC 788 and RFC 821 number these sections alike. */
function smtp(rfc: 788 | 821): Cites {
  const s = (section: string) => `RFC ${rfc} ${section}`;
  return {
    greeting: s('§3.5'),
    closing: s('§3.5'),
    hello: s('§3.5, §4.1.1'),
    senderOk: s('§4.1.1'),
    recipientOk: s('§4.1.1'),
    recipientRelay: s('§3.6'),
    queued: s('§4.1.1'),
    resetOk: s('§4.1.1'),
    verified: s('§3.3'),
    willForward: s('§3.2'),
    userNotLocal: s('§3.2'),
    userNotActive: s('§3.4'),
    noMatch: s('§3.3'),
    accessDenied: s('§3.3'),
    ambiguous: s('§3.3'),
    // §4.1.1 (RCPT): a receiver that does not relay may answer as for an unknown local user.
    relayDenied: s('§4.1.1'),
    lineTooLong: s('§4.5.3'),
    textLineTooLong: s('§4.5.3'),
    tooManyRecipients: s('§4.5.3'),
    tooMuchData: s('§4.5.3'),
    bareLf: s('§4.1.1'),
    // The era's tables list only 500 for a command that takes no arguments (NOOP, QUIT).
    unexpectedArguments: s('§4.1.2, §4.3'),
    badSender: s('§4.1.2, §4.3'),
    badRecipient: s('§4.1.2, §4.3'),
    badDomain: s('§4.1.2, §4.3'),
    // RFC 821 §4.1.1 makes 503 the reply to commands out of order; RFC 788 only lists
    // the code (§4.2.2) and the order (§3.1).
    badSequence: rfc === 821 ? s('§4.1.1') : s('§3.1, §4.2.2'),
  };
}

const RFC821 = smtp(821);

const ERA_CITES: Readonly<Record<Era, Cites>> = {
  rfc772: {
    greeting: 'RFC 772 "Sequencing of Commands and Replies", pp. 22-23',
    queued: 'RFC 772 "Discussion of Mail Transfer", p. 15',
    // Appendix A answers an unknown recipient with 553; Appendix B the relayed MRCP with "200 OK".
    noSuchUser: 'RFC 772 Appendix A',
    recipientRelay: 'RFC 772 Appendix B',
    noValidRecipients: 'RFC 772 "Discussion of Mail Transfer", p. 19',
    // p. 16: MRSQ is answered 200 or, refused, 501 (RFC 780 §4.1 made the refusal 504).
    schemeSelected: 'RFC 772 "Discussion of Mail Transfer", p. 16',
    schemeRefused: 'RFC 772 "Discussion of Mail Transfer", p. 16',
    bareLf: 'RFC 772 "Command Semantics", p. 6',
    unexpectedArguments: 'RFC 772 "Command Syntax", p. 8',
    badSender: 'RFC 772 "Command Syntax", p. 8',
    badRecipient: 'RFC 772 "Command Syntax", p. 8',
  },
  rfc780: {
    greeting: 'RFC 780 §5.3',
    queued: 'RFC 780 §3',
    recipientRelay: 'RFC 780 §3.2, §4.5',
    noValidRecipients: 'RFC 780 §4.4',
    lineTooLong: 'RFC 780 §5.5.3',
    textLineTooLong: 'RFC 780 §5.5.3',
    bareLf: 'RFC 780 §5.1.1',
    unexpectedArguments: 'RFC 780 §5.1.2, §5.3',
    badSender: 'RFC 780 §5.1.2, §5.3',
    badRecipient: 'RFC 780 §5.1.2, §5.3',
    // §3.1: after a preliminary reply only CONT or ABRT may come.
    badSequence: 'RFC 780 §3.1, §5.2.2',
  },
  rfc788: smtp(788),
  rfc821: RFC821,
  rfc1123: { ...RFC821, cannotVerify: 'RFC 1123 §5.2.3' },
  rfc1869: {
    ...RFC821,
    cannotVerify: 'RFC 1123 §5.2.3',
    parametersNotRecognized: 'RFC 1869 §6.1',
    // §4.2: a second EHLO or HELO after a successful EHLO gets 503.
    badSequence: 'RFC 821 §4.1.1, RFC 1869 §4.2',
  },
  rfc5321: {},
};

/** The parts of a citation ("RFC 772 p. 14, RFC 780 §3.1") that name only RFCs of the era. */
function eraParts(citation: string, limit: number): string | null {
  const parts = citation.split(/,\s*(?=RFC\s)/);
  const kept = parts.filter((p) => rfcNumbers(p).every((n) => n <= limit));
  return kept.length ? kept.join(', ') : null;
}

/**
 * Where the dialect's era defines a reply: the era's own section for a
 * catalog reply, else the catalog's (or the dialect's) citation when it is
 * of the era, else the era's list of codes, else its theory of reply codes.
 * Never an RFC later than the era.
 */
export function citeReply(
  dialect: Pick<Dialect, 'id' | 'rfc' | 'replies'>,
  reply: Pick<Reply, 'code'> & { readonly id?: ReplyId | undefined },
): string {
  return citeReplyFrom(dialect, reply).rfc;
}

/** As citeReply, and whether the citation is about this very reply ('reply') or only its code ('code'). */
export function citeReplyFrom(
  dialect: Pick<Dialect, 'id' | 'rfc' | 'replies'>,
  reply: Pick<Reply, 'code'> & { readonly id?: ReplyId | undefined },
): { rfc: string; about: 'reply' | 'code' } {
  const era = eraOf(dialect);
  const limit = eraLimit(dialect);
  const { id, code } = reply;
  if (id) {
    const own = ERA_CITES[era][id];
    if (own) return { rfc: own, about: 'reply' };
    const given = dialect.replies[id]?.rfc ?? CATALOG[id].rfc;
    const kept = eraParts(given, limit);
    if (kept) return { rfc: kept, about: 'reply' };
  }
  const meaning = eraMeaning(dialect, code);
  if (meaning) return { rfc: meaning.rfc, about: 'code' };
  return { rfc: TOPICS.replyTheory[era]!, about: 'code' };
}

// ---------------------------------------------------------------------------
// Notes the session records cite today's RFCs; in an older era they are
// worded and cited as that era has it.

export interface Note {
  readonly text: string;
  readonly rfc: string;
}

/**
 * A session note as the dialect's era would put it: the bare-<LF> note cites
 * the era's <CRLF> rule; a pipelining note becomes the era's lock-step rule
 * (before PIPELINING the sender waits for every reply); an 8-bit note cites
 * the era's character rule.
 */
export function eraNote(dialect: Pick<Dialect, 'id' | 'rfc'>, note: Note): Note {
  const era = eraOf(dialect);
  if (era === 'rfc5321') return note;
  if (/^RFC 5321 §2\.3\.8/.test(note.rfc))
    return {
      text: note.text.replace(/\bSMTP\b/g, protocolName(dialect)),
      rfc: citeTopic(dialect, 'lineEnding')!,
    };
  // Before PIPELINING (and in the RFC 1869 era, whose server does not offer it) the
  // sender waits for each reply: RFC 821 §4.3 and its predecessors.
  const rule = era === 'rfc1869' || era === 'rfc1123' ? 'RFC 821' : `RFC ${dialect.rfc}`;
  if (/^RFC 2920 /.test(note.rfc)) {
    const verb = /^(\S+) should be the last command/.exec(note.text)?.[1];
    return {
      text: verb
        ? `${verb} was followed by more commands in the same send: ${rule} has the sender wait for each reply before it sends the next command.`
        : note.text,
      rfc: citeTopic(dialect, 'lockStep')!,
    };
  }
  if (/^RFC 6152 /.test(note.rfc)) {
    const rfc = citeTopic(dialect, 'eightBit')!;
    // RFC 1652 (July 1994) already had BODY=8BITMIME: the note's words hold.
    if (era === 'rfc1869') return { text: note.text, rfc };
    const what =
      era === 'rfc772'
        ? 'all MTP data is NVT-ASCII'
        : `the mail text is 7-bit ASCII, each character sent in an octet whose high-order bit is zero`;
    return { text: `The message has 8-bit octets, but in ${rule} ${what}.`, rfc };
  }
  return note;
}
