/** The client's side of a session: what it knows, what it sends, what came of each recipient. */
import type { Dialect } from '../dialects/index.ts';
import type { Reply } from '../replies.ts';
import type { ClientOptions, OutgoingMessage } from './outgoing.ts';

export interface RecipientOutcome {
  readonly to: string;
  readonly code: number;
  readonly text: string;
}

/** Delivered: the server took the message for these recipients; refused (5yz) and deferred (4yz) did not. */
export interface ClientResult {
  readonly accepted: readonly string[];
  readonly refused: readonly RecipientOutcome[];
  readonly deferred: readonly RecipientOutcome[];
  /** The reply that decided the message as a whole (after its text), if it got that far. */
  readonly final: { readonly code: number; readonly text: string } | null;
  /** Every recipient got the message. */
  readonly delivered: boolean;
}

export interface ClientContext {
  readonly dialect: Dialect;
  readonly message: OutgoingMessage;
  readonly lines: readonly string[];
  readonly options: ClientOptions;
  /** EHLO's keywords; null before EHLO, after HELO, and after TLS starts (RFC 3207 §4.2). */
  readonly extensions: ReadonlyMap<string, string> | null;
  readonly hello: 'EHLO' | 'HELO' | null;
  readonly tls: boolean;
  readonly authed: boolean;
  /** The server refused STARTTLS and the client goes on in the clear (allowed by `if-offered`). */
  readonly tlsRefused: boolean;
  /** LOGIN prompts answered so far. */
  readonly authStep: number;
  /** This transaction's commands went as one group (RFC 2920 §3.1). */
  readonly pipelined: boolean;
  /** The next recipient whose RCPT reply is awaited (MTP: whose MAIL is under way). */
  readonly rcpt: number;
  /** Replies still to read and ignore (the rest of a group after MAIL failed). */
  readonly skip: number;
  /** Recipients the server took for the transaction under way (250/251 to RCPT). */
  readonly accepted: readonly string[];
  /** Recipients whose message the server took (the reply after its text was positive). */
  readonly delivered: readonly string[];
  readonly refused: readonly RecipientOutcome[];
  readonly deferred: readonly RecipientOutcome[];
  readonly final: ClientResult['final'];
  /** Why the session ended early, when it did (421, a timeout, a refused greeting...). */
  readonly ended: string | null;
}

export type ClientEvent =
  | { readonly type: 'client.reply'; readonly reply: Reply }
  /** The TLS handshake after 220 to STARTTLS finished. */
  | { readonly type: 'client.tls' }
  /** A timeout of RFC 5321 §4.5.3.2 ran out (simulated time, or a real one over TCP). */
  | { readonly type: 'client.timeout' }
  /** The server closed the connection. */
  | { readonly type: 'client.closed' };

export type ClientEmitted =
  /** Wire text to send; `lines` are how it is shown (the message text as sent). */
  | { readonly type: 'client.send'; readonly text: string; readonly lines: readonly string[] }
  /** Why the client does what it does next, in words, with the rule. */
  | { readonly type: 'client.note'; readonly text: string; readonly rfc: string }
  /** Start the TLS handshake now (the reply 220 to STARTTLS came). */
  | { readonly type: 'client.starttls' }
  /** Close the connection (after 221, or when giving up). */
  | { readonly type: 'client.close' };

export interface ClientInput {
  readonly dialect: Dialect;
  readonly message: OutgoingMessage;
  readonly options: ClientOptions;
}

export function resultOf(c: ClientContext): ClientResult {
  return {
    accepted: c.delivered,
    refused: c.refused,
    deferred: c.deferred,
    final: c.final,
    delivered: c.delivered.length === c.message.to.length,
  };
}
