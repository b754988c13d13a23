/**
 * The simulated world a server lives in: its name, its users and domains, and
 * its policies. The default world uses only RFC 2606 reserved names.
 */
export interface User {
  /** Local part of the mailbox, e.g. "alice". Matched case-insensitively. */
  readonly local: string;
  /** Full name, shown by VRFY (RFC 5321 §3.5.2). */
  readonly name?: string;
}

/** A user who moved: RCPT answers 251 (mail is forwarded) or 551 (sender must retry), RFC 5321 §3.4. */
export interface Forward {
  readonly local: string;
  readonly to: string;
  readonly mode: 'forward' | 'refuse';
}

/** How VRFY or EXPN answers (RFC 5321 §3.5, §7.3). */
export type VerifyPolicy = 'verify' | 'cannot-verify' | 'deny' | 'disabled';

/** One domain's limit on a declared message size (RFC 1870 §6.4). */
export interface RecipientSizeLimit {
  readonly domain: string;
  readonly maxSize: number;
  /** 452 (the client may try again later) instead of 552. */
  readonly temporary?: boolean;
}

/**
 * ETRN (RFC 1985): the mail this server holds for nodes that connect now and
 * then, and which of them it will start. Every field may be left out.
 */
export interface EtrnQueues {
  /**
   * By node (a domain, matched without regard to case) or by named queue
   * ("#uucp", §5.3): the messages waiting (a count, 0 for none), 'pending'
   * (some, count not told: 252), or 'unable' (cannot be started now: 458).
   * A node in no table with a name that resolves has an empty queue.
   */
  readonly queues?: Readonly<Record<string, number | 'pending' | 'unable'>>;
  /** Nodes refused with 459, each with its reason (§5.1, §5.2). */
  readonly refused?: Readonly<Record<string, string>>;
  /** Nodes in neither table: served (their queue is empty, the default) or refused with 459. */
  readonly others?: 'serve' | 'refuse';
  /**
   * 'counts' (the default): 251, 252 or 253 tell what waits, as §5.1 asks of
   * a server that can; 'started': only 250, which promises nothing (§5.1),
   * besides 458 and 459; 'minimal': every well-formed request starts all
   * queues, so 250 and never 458 or 459 (§6).
   */
  readonly replies?: 'counts' | 'started' | 'minimal';
}

export interface World {
  /** The server's own name, in the greeting, the EHLO reply and Received lines. */
  readonly hostname: string;
  /** Domains whose mail this server delivers into its own mailboxes. */
  readonly localDomains: readonly string[];
  readonly users: readonly User[];
  /** Mailing lists by name (EXPN, RFC 5321 §3.5.1): local parts or full addresses. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  readonly forwards: readonly Forward[];
  /** Domains this server relays to; "*" relays anywhere (an open relay, RFC 5321 §7.1). */
  readonly relayDomains: readonly string[];
  /** Largest message accepted, in octets (RFC 1870; at least 64K per RFC 5321 §4.5.3.1.7). */
  readonly maxMessageSize: number;
  /** Recipients per transaction (at least 100, RFC 5321 §4.5.3.1.8). */
  readonly maxRecipients: number;
  /** Errors tolerated: after this many, the next failing command gets 421 and the session closes. */
  readonly maxErrors: number;
  /**
   * NOOP, HELP, VRFY, EXPN, RSET and ETRN allowed before each one counts as an
   * error (Postfix's smtpd_junk_command_limit, 100): a session of endless
   * NOOPs ends with 421 instead of holding a connection forever.
   */
  readonly maxJunkCommands: number;
  /**
   * RFC 6409 §4.2: a submission server refuses envelope domains that are not
   * fully qualified (554). Known complete: address literals, the world's own
   * and relay domains, and names under `topLevelDomains`.
   */
  readonly requireQualifiedDomains: boolean;
  /** Top-level domains this world knows exist (it has no DNS): a stand-in for the root zone. */
  readonly topLevelDomains: readonly string[];
  readonly vrfy: VerifyPolicy;
  readonly expn: VerifyPolicy;
  /** Reply to DATA when every RCPT was refused: both are allowed by RFC 5321 §3.3. */
  readonly noValidRecipients: 503 | 554 | 'after-data';
  /**
   * Text lines over 1000 octets (RFC 5321 §4.5.3.1.6): a server may refuse
   * them (§4.5.3.1: clients "MUST be prepared for a server to reject them").
   * Refused, the error is held until the final dot and the message is not delivered.
   */
  readonly longLines: 'accept' | 'reject';
  /**
   * A command line ending in a LF without CR: refused with 500 (the default:
   * RFC 5321 §2.3.8 lets nothing but CRLF end a line), or taken and noted.
   */
  readonly bareLf: 'accept' | 'reject';
  /**
   * What ends the message text. 'strict' (the default, and the only safe
   * choice): only <CRLF>.<CRLF> (RFC 5321 §4.1.1.4), a bare LF or CR is kept
   * as data (§2.3.8). 'lenient' reproduces the servers that took <LF>.<LF>
   * too, which lets text after it be smuggled in as commands (SMTP
   * smuggling): a teaching mode, never a default.
   */
  readonly dataEnding: 'strict' | 'lenient';
  /** EHLO keywords switched on (see src/protocol/extensions). */
  readonly extensions: readonly string[];
  /** Users logged in at a terminal, for SEND, SOML and SAML (RFC 821 §3.4). */
  readonly terminals: readonly string[];
  /** Full names for list members who are not local users (EXPN lines). */
  readonly memberNames: Readonly<Record<string, string>>;
  /** MTP multi-recipient schemes this receiver implements (RFC 772 pp. 16-21, RFC 780 §4); [] = no MRSQ. */
  readonly mrsqSchemes: readonly ('R' | 'T')[];
  /** The scheme named in the 215 reply to `MRSQ ?`. */
  readonly mrsqPreferred: 'R' | 'T';
  /** MTP: an unknown recipient is refused, or taken for the operator to forward (152, RFC 772 p. 16). */
  readonly unknownRecipients: 'refuse' | 'operator';
  /**
   * TURN (RFC 821 §3.8, §4.1.1): refused with 502, as the RFC allows (the default), or accepted
   * with 250, after which the roles swap: the simulator sends and the learner receives, as if
   * the channel had just opened (the learner greets with 220).
   */
  readonly turn: 'refuse' | 'accept';
  /** TLS: offered with STARTTLS (RFC 3207), required before mail (530), or on from the first byte (RFC 8314 §3.3). */
  readonly tls: {
    readonly offered: boolean;
    readonly required: boolean;
    readonly implicit: boolean;
  };
  /** AUTH (RFC 4954): mechanisms offered, required before MAIL (RFC 6409 §4.3), only after TLS (§4 Note). */
  readonly auth: {
    readonly mechanisms: readonly string[];
    readonly required: boolean;
    readonly requireTls: boolean;
    /** CRAM-MD5's challenge as sent before base64, fixed (a replay of a recording); else made from the clock and host. */
    readonly challenge?: string;
  };
  /** Accounts for AUTH: user name and password (the simulator checks them; never real ones). */
  readonly accounts: readonly { readonly user: string; readonly password: string }[];
  /**
   * EHLO answered normally; with 502 by a server that knows the verb but not
   * the extensions (RFC 1869 §4.5); or 'unknown', a server from before EHLO
   * existed (RFC 1123's, 1989): the verb is unrecognized, 500 (RFC 1869 §4.6).
   */
  readonly ehlo: 'implemented' | 'not-implemented' | 'unknown';
  /** Local users whose delivery fails after the message was accepted (mailbox full), for DSN lessons. */
  readonly failingMailboxes: readonly string[];
  /**
   * Size limits per recipient domain (a channel, in RFC 1870's words): RCPT
   * to that domain after a MAIL whose SIZE declared more gets 552, or 452
   * when `temporary` (no room now), as RFC 1870 §6.4 allows.
   */
  readonly recipientSizeLimits: readonly RecipientSizeLimit[];
  /**
   * MTP's delayed start: a receiver not ready at once greets with "120 <host>
   * Service ready in nnn minutes"; in RFC 780 (§5.3) the sender waits with
   * CONT (then 220) or declines with ABRT (201); in RFC 772 the 220 simply
   * follows. Minutes, or null (the default: 220 at once). Only in the eras
   * whose table lists 120 at connection (RFC 772, RFC 780).
   */
  readonly delayedStart: number | null;
  /**
   * Domains whose DNS publishes a null MX (RFC 7505 §3), as this server's
   * resolver would find them: RCPT to them is refused with 556 5.1.10 (RFC
   * 7505 §4.1, RFC 7504 §4). A lone server has no DNS; a network world
   * (protocol/network) fills this in from its records.
   */
  readonly nullMxDomains: readonly string[];
  /** RFC 7505 §4.1: a server may also refuse MAIL from a null-MX domain (550 5.7.27). */
  readonly refuseNullMxSenders: boolean;
  /** ETRN's queues (RFC 1985), when the ETRN extension is on; `{}`: every queue is empty. */
  readonly etrn: EtrnQueues;
}

/**
 * RFC 2606's reserved names, the original generic domains, and common newer
 * ones; any two-letter name (a country code) and any A-label (xn--) count too.
 */
// prettier-ignore
const TOP_LEVEL_DOMAINS: readonly string[] = [
  'test', 'example', 'invalid', 'localhost',
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'arpa',
  'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi', 'asia', 'tel', 'travel',
  'jobs', 'cat', 'post', 'app', 'dev', 'email', 'online', 'site', 'tech', 'xyz', 'cloud',
  'shop', 'blog', 'mail', 'page', 'news', 'network', 'systems', 'website', 'space', 'store',
];

export const DEFAULT_WORLD: World = {
  hostname: 'mail.example.test',
  localDomains: ['example.test'],
  users: [
    { local: 'alice', name: 'Alice Example' },
    { local: 'bob', name: 'Bob Example' },
    { local: 'postmaster', name: 'Postmaster' },
  ],
  lists: { staff: ['alice', 'bob'] },
  forwards: [],
  relayDomains: [],
  maxMessageSize: 10 * 1024 * 1024,
  maxRecipients: 100,
  maxErrors: 20,
  maxJunkCommands: 100,
  requireQualifiedDomains: false,
  topLevelDomains: TOP_LEVEL_DOMAINS,
  vrfy: 'verify',
  expn: 'verify',
  noValidRecipients: 554,
  longLines: 'reject',
  bareLf: 'reject',
  dataEnding: 'strict',
  extensions: ['PIPELINING', 'SIZE', '8BITMIME', 'ENHANCEDSTATUSCODES'],
  terminals: [],
  memberNames: {},
  mrsqSchemes: ['R', 'T'],
  mrsqPreferred: 'R',
  unknownRecipients: 'refuse',
  turn: 'refuse',
  tls: { offered: false, required: false, implicit: false },
  auth: { mechanisms: [], required: false, requireTls: true },
  accounts: [
    { user: 'alice', password: 'wonderland' },
    { user: 'bob', password: 'builder' },
  ],
  failingMailboxes: [],
  recipientSizeLimits: [],
  delayedStart: null,
  ehlo: 'implemented',
  nullMxDomains: [],
  refuseNullMxSenders: false,
  etrn: {},
};

export function makeWorld(overrides: Partial<World> = {}): World {
  return { ...DEFAULT_WORLD, ...overrides };
}
