/**
 * What a journey records: each hop (who connected to whom, on which port,
 * the server's transcript and the reply that decided it), the queue, and
 * what became of every recipient. Plain data, for tests and pictures.
 */
import type { Route } from '../protocol/network/routing.ts';
import type { Port } from '../protocol/network/host.ts';
import type { ClientInput, ClientResult } from '../protocol/client/state.ts';
import type { ClientLogEntry } from './client-session.ts';
import type { Session } from './session.ts';
import type { TranscriptEntry } from './session-types.ts';
import type { Delivery } from './types.ts';

/** A reply as the client read it: its code, and its text after the code (enhanced code first). */
export interface ReplySeen {
  readonly code: number;
  readonly text: string;
}

export interface RecipientReply {
  readonly to: string;
  readonly code: number;
  readonly text: string;
}

export interface Hop {
  readonly index: number;
  /** Milliseconds on the simulated clock since the world's start. */
  readonly time: number;
  readonly from: string;
  /** The host reached, or the address when no host listens there. */
  readonly to: string;
  readonly address: string;
  readonly port: Port;
  /** Why this host: submission, `MX 10 mx1.example.test`, `implicit MX (address record)`. */
  readonly via: string;
  readonly recipients: readonly string[];
  /** What happened before any dialogue: no answer, 421 at connection, 521, or a session. */
  readonly fate: 'unreachable' | 'busy' | 'no-mail' | 'open';
  /** The reply that decided this hop; null when nothing answered. */
  readonly decided: ReplySeen | null;
  readonly accepted: readonly string[];
  readonly refused: readonly RecipientReply[];
  /** Recipients the server answered 4yz (to RCPT, or to the message). */
  readonly deferred: readonly RecipientReply[];
  /** Recipients still to deliver after this hop: deferred, or never reached. */
  readonly pending: readonly string[];
  /** The server's own transcript of the session (empty when nothing answered). */
  readonly dialogue: readonly TranscriptEntry[];
  /** The client's side: what it sent and read, with its notes. */
  readonly client: readonly ClientLogEntry[];
  /** The side the learner typed, when they took this hop over. */
  readonly learner?: HopSide;
}

/** The side of a hop the learner plays: the sending host's client, or the receiving host's server. */
export type HopSide = 'client' | 'server';

export interface JourneyOptions {
  /** The connection (its hop number, from 1) whose client or server the learner plays. */
  readonly takeover?: { readonly index: number; readonly side: HopSide };
}

/** A hop stopped for the learner to drive, with what either side needs. */
export interface HopRequest extends Pick<
  Hop,
  'index' | 'time' | 'from' | 'to' | 'address' | 'port' | 'via' | 'recipients'
> {
  readonly side: HopSide;
  /** The receiving host's server machine for this connection, its greeting (or refusal) said. */
  readonly server: Session;
  /** What the simulated client would send: the era, the envelope and text, its options. */
  readonly input: ClientInput;
  /** The client's address and the hop's moment, for the Received line (RFC 5321 §4.4). */
  readonly clientAddress: string;
  readonly at: Date;
}

/** What a hop's session came to, whoever drove it: read by the journey as the simulated client's. */
export interface HopOutcome {
  readonly result: ClientResult;
  /** The server's transcript. */
  readonly dialogue: readonly TranscriptEntry[];
  readonly client: readonly ClientLogEntry[];
  /** The messages the receiving host took responsibility for (RFC 5321 §6.1). */
  readonly deliveries: readonly Delivery[];
}

/** A message waiting at a host to be sent on (RFC 5321 §4.5.4.1: message and envelope together). */
export interface QueueEntry {
  readonly id: string;
  readonly host: string;
  /** The reverse path, '' for a bounce (the null path). */
  readonly from: string;
  readonly to: readonly string[];
  /** The message as it will be sent: the trace fields of the hops so far, then the content. */
  readonly text: string;
  /** When it entered this host's queue, and when it is tried next (ms on the simulated clock). */
  readonly arrived: number;
  readonly due: number;
  readonly attempts: number;
  readonly lastReply: ReplySeen | null;
}

/** A message in a mailbox: final delivery (Return-Path first, RFC 5321 §4.4). */
export interface Stored {
  readonly host: string;
  readonly mailbox: string;
  readonly from: string;
  readonly text: string;
  readonly time: number;
}

export type JourneyEvent =
  | { readonly kind: 'hop'; readonly time: number; readonly hop: Hop }
  | {
      readonly kind: 'lookup';
      readonly time: number;
      readonly host: string;
      readonly domain: string;
      readonly route: Route;
    }
  | { readonly kind: 'queued'; readonly time: number; readonly entry: QueueEntry }
  | { readonly kind: 'delivered'; readonly time: number; readonly stored: Stored }
  /**
   * The MUA's submission failed for these recipients: refused (5yz), or not
   * taken now (4yz, or no answer; `reply` null) and left to the user to send
   * again. Either way the user is told at once: no bounce.
   */
  | {
      readonly kind: 'refused' | 'unsent';
      readonly time: number;
      readonly host: string;
      readonly recipients: readonly string[];
      readonly reply: ReplySeen | null;
    }
  | {
      readonly kind: 'bounced';
      readonly time: number;
      readonly host: string;
      readonly recipients: readonly string[];
      readonly status: string;
      /** The sender the bounce goes to. */
      readonly to: string;
    }
  /** Undeliverable mail with a null reverse path: nobody to tell (RFC 5321 §4.5.4, §6.1). */
  | {
      readonly kind: 'dropped';
      readonly time: number;
      readonly host: string;
      readonly recipients: readonly string[];
      readonly status: string;
    };

export interface Submission {
  /** The reverse path. */
  readonly from: string;
  readonly to: readonly string[];
  /** Header and body, CRLF line ends. */
  readonly text: string;
}
