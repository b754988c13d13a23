/**
 * What a server session knows (its context) and what a verb's handler
 * returns: plain data, shared by the verb rooms (verbs/), delivery and relay
 * policy, and the machines that sequence them. No XState here: the machine's
 * context is this `ServerContext`, its command events are `CommandEvent`s.
 */
import type { Path } from './address.ts';
import type { Dialect } from './dialects/index.ts';
import type { DataResult } from './framing.ts';
import type { EsmtpParam } from './params.ts';
import type { ArgumentsParsed, Command } from './parser.ts';
import type { Role } from './commands.ts';
import type { SaslState } from './sasl.ts';
import type { Reply } from './replies.ts';
import type { World } from './world.ts';

export interface Recipient {
  readonly path: Path;
  /** `<local@domain>` as the client wrote it (source route dropped). */
  readonly text: string;
  /** Where the mail goes: a local mailbox, a relay, or forwarded on (251). */
  readonly route: 'local' | 'relay' | 'forward';
  /** The mailbox it ends in, for local and forwarded recipients. */
  readonly mailbox: string;
  readonly params: readonly EsmtpParam[];
  /** SEND/SOML/SAML (RFC 821 §3.4): to the user's terminal, mailbox, or both. */
  readonly channel?: 'mailbox' | 'terminal' | 'both';
  /**
   * A source-routed recipient this server relays (RFC 821 §3.6): the paths it
   * sends to the next host, itself moved from the forward-path to the front
   * of the reverse-path. The next hop is not simulated.
   */
  readonly onward?: { readonly reversePath: string; readonly forwardPath: string };
}

/** The TLS session: real on the bridge, simulated in the browser (RFC 3207, RFC 8314). */
export interface TlsInfo {
  readonly protocol: string;
  readonly cipher: string;
  /** Subject of the server certificate. */
  readonly certificate: string;
  readonly simulated: boolean;
}

/** Message content received so far by BDAT (RFC 3030 §2). */
export interface Chunks {
  readonly parts: readonly Uint8Array[];
  readonly size: number;
  readonly overflow: boolean;
}

export interface Envelope {
  /** The command that began the transaction: MAIL, SEND, SOML or SAML (RFC 821 §3.4). */
  readonly mode: string;
  /** MTP scheme T: the text is stored for later MRCPs, not delivered (RFC 780 §4.5). */
  readonly store?: boolean;
  readonly reversePath: Path;
  readonly mailParams: readonly EsmtpParam[];
  readonly recipients: readonly Recipient[];
  /** RCPT commands refused in this transaction (RFC 5321 §3.3: DATA with none valid). */
  readonly refused: number;
  /** BDAT chunks so far (RFC 3030 §2). */
  readonly chunks?: Chunks;
}

/** A message the server accepted: trace fields plus the content exactly as received. */
export interface Delivery {
  readonly id: string;
  readonly reversePath: string;
  readonly recipients: readonly Recipient[];
  /** Return-Path (when delivered locally) and Received lines, CRLF-terminated. */
  readonly trace: string;
  /** The message content, unstuffed, byte-exact. */
  readonly content: Uint8Array;
  readonly size: number;
  readonly receivedAt: string;
  readonly bareLfLines: number;
}

export interface ClientInfo {
  readonly address: string;
  /** Name given in HELO/EHLO, null before it. */
  readonly name: string | null;
  /** Which command opened the session: HELO, EHLO, or null. */
  readonly hello: string | null;
}

/** MTP's multi-recipient state (RFC 772 pp. 16-21, RFC 780 §4). */
export interface MtpState {
  readonly scheme: 'R' | 'T' | null;
  /** Scheme R: names stored by MRCP. */
  readonly recipients: readonly Recipient[];
  /** Scheme T: the text stored by a MAIL without TO. */
  readonly stored: {
    readonly reversePath: Path;
    readonly content: Uint8Array;
    readonly size: number;
  } | null;
}

export interface ServerContext {
  readonly world: World;
  readonly dialect: Dialect;
  readonly client: ClientInfo;
  readonly envelope: Envelope | null;
  /** Errors so far (4yz/5yz replies the client caused, junk past the limit), for maxErrors. */
  readonly errors: number;
  /** NOOP, HELP, VRFY, EXPN and RSET since the session began or last delivered (World.maxJunkCommands). */
  readonly junk: number;
  /** A reply that waits until its messages are stored (RFC 5321 §6.1); null otherwise. */
  readonly storing: { readonly reply: Reply; readonly delivered: readonly Delivery[] } | null;
  /** Messages accepted so far; gives each one its id. */
  readonly accepted: number;
  /** The reply to the last event, also emitted as `smtp.reply`. */
  readonly lastReply: Reply | null;
  /** Sent instead of the 220 greeting when the server refuses the connection (§3.1, §4.3.2). */
  readonly refusal: Reply | null;
  /** Put before each queue id, so ids differ between sessions of one server. */
  readonly idPrefix: string;
  readonly mtp: MtpState;
  /** TLS once negotiated (STARTTLS) or from the first byte (port 465). */
  readonly tls: TlsInfo | null;
  /** The authenticated identity (RFC 4954), and the SASL exchange under way. */
  readonly auth: { readonly user: string; readonly mechanism: string } | null;
  readonly sasl: SaslState | null;
  /** The greeting was sent (a TLS handshake returns to the greeting state without a new 220, RFC 3207 §4.2). */
  readonly greeted: boolean;
  /** RFC 780 §3.1: the MRCP a preliminary reply holds until CONT or ABRT (a held MAIL is in `envelope`). */
  readonly held: Recipient | null;
}

/**
 * A reply chosen in advance for this command (a lesson's fault: "the second
 * RCPT gets 452"): the server gives it instead of running the command, and
 * closes the connection after it when `close` says so.
 */
export interface Scripted {
  readonly reply: Reply;
  readonly close: boolean;
}

export interface CommandEvent {
  readonly type: `smtp.${Role}`;
  readonly command: Command;
  readonly parsed: ArgumentsParsed;
  readonly scripted?: Scripted;
  /** When it arrived (MTP's MRCP may deliver stored text at once). */
  readonly at?: Date;
  /** BDAT: the octets that followed the command line (RFC 3030 §2). */
  readonly chunk?: Chunks;
  /** The line was not well-formed UTF-8 (RFC 3629): an address in it is refused, never rewritten. */
  readonly malformedUtf8?: boolean;
}

/** The end of message content: what the framer read, and when. */
export interface ContentEvent {
  readonly type: 'smtp.content';
  readonly data: DataResult;
  readonly at: Date;
  readonly offsetMinutes?: number;
}

/** The TLS handshake after STARTTLS completed (RFC 3207 §4.2). */
export interface TlsEvent {
  readonly type: 'smtp.tls';
  readonly info: TlsInfo;
}

/** A line of a SASL exchange after 334 (RFC 4954 §4). */
export interface AuthResponseEvent {
  readonly type: 'smtp.auth-response';
  readonly line: string;
  readonly at: Date;
}

/** What a verb's handler (or the end of the data) decides: the reply, and how the context changes. */
export interface Outcome {
  readonly reply: Reply;
  /** MTP's 151/152, sent before `reply` (RFC 772 p. 23) or instead of going on (RFC 780 §3.1). */
  readonly preliminary?: Reply;
  readonly patch?: Partial<ServerContext>;
  /** Messages accepted by this step (the message, and any notification it caused). */
  readonly delivered?: readonly Delivery[];
  /** The server closes the connection after this reply (a scripted 421). */
  readonly close?: boolean;
}

/** A verb's behaviour once the machine has let the command through: a pure function. */
export type Handler = (context: ServerContext, event: CommandEvent) => Outcome;

/** MTP's multi-recipient state before any MRSQ. */
export const NO_MTP: MtpState = { scheme: null, recipients: [], stored: null };
