/**
 * What a session is given (SessionOptions) and what it records (the typed
 * transcript entries every view, test and lesson reads).
 */
import type { LineEnding } from '../protocol/framing.ts';
import type { Reply } from '../protocol/replies.ts';
import type { World } from '../protocol/world.ts';
import type { Dialect, DialectId } from '../protocol/dialects/index.ts';
import type { SnapshotFrom } from 'xstate';
import type { ServerMachine } from './server.ts';
import type { Delivery, TlsInfo } from './types.ts';

export interface SessionOptions {
  readonly world?: Partial<World>;
  readonly dialect?: DialectId | Dialect;
  /** The client's IP address, for the Received line. Defaults to a documentation address (RFC 5737). */
  readonly clientAddress?: string;
  /** Clock for Received dates (tests pass a fixed one). */
  readonly now?: () => Date;
  /** Minutes east of UTC for Received dates. */
  readonly offsetMinutes?: number;
  /**
   * How TLS is done: 'simulated' (the browser: a handshake shown as a step) or
   * 'external' (the TCP bridge does real TLS and calls `tlsEstablished`).
   */
  readonly tls?: 'simulated' | 'external';
  /** Implicit TLS (port 465): the session is encrypted from the first byte; defaults to world.tls.implicit. */
  readonly implicitTls?: TlsInfo;
  /**
   * Refuse the connection: this 421/554 replaces the 220 greeting and the session closes;
   * 521 is a host that never accepts mail (RFC 7504 §3: closing is the usual choice after it).
   */
  readonly refuse?: 'closingBusy' | 'closingShutdown' | 'noService' | 'noMailHost';
  /** Put before each queue id (the bridge numbers its connections). */
  readonly idPrefix?: string;
  /** Largest slice of message content kept as text in the transcript. */
  readonly transcriptContentLimit?: number;
  /**
   * Stores accepted messages before their 250 is sent (RFC 5321 §6.1: that
   * reply takes over responsibility for them). Throw if they could not be
   * stored: the client then gets 451 4.3.0 and nothing is delivered. Without
   * it, the session's own mailbox is the store.
   */
  readonly store?: (deliveries: readonly Delivery[]) => void;
  /**
   * What the session keeps (the bridge keeps little; the browser keeps all):
   * `transcript`, the newest entries kept (listeners still see every entry);
   * `mailbox: false` keeps no delivered message once it is stored.
   */
  readonly retain?: { readonly transcript?: number; readonly mailbox?: boolean };
  /**
   * Replies given on purpose (a lesson's faults): the Nth command with this
   * verb gets `reply` instead of running, and `close` ends the connection.
   * A command out of sequence still gets its 503.
   */
  readonly faults?: readonly SessionFault[];
}

export interface SessionFault {
  readonly verb: string;
  /** 1 for the first command with this verb, 2 for the second... */
  readonly occurrence: number;
  readonly reply: Reply;
  readonly close?: boolean;
}

export type TranscriptEntry =
  | {
      readonly kind: 'client';
      readonly step: number;
      readonly text: string;
      readonly ending: LineEnding | 'none';
      /**
       * Which input (feed) completed the line, counted from 1: lines with the
       * same number arrived together, as a pipelined group does (RFC 2920 §3.1).
       */
      readonly read?: number;
    }
  | {
      readonly kind: 'content';
      readonly step: number;
      /** The content as text (UTF-8), cut at transcriptContentLimit. */
      readonly text: string;
      readonly size: number;
      readonly truncated: boolean;
      readonly unstuffed: number;
      readonly bareLfLines: number;
    }
  | { readonly kind: 'server'; readonly step: number; readonly reply: Reply; readonly wire: string }
  | { readonly kind: 'state'; readonly step: number; readonly from: string; readonly to: string }
  | { readonly kind: 'delivery'; readonly step: number; readonly delivery: Delivery }
  | { readonly kind: 'note'; readonly step: number; readonly text: string; readonly rfc: string }
  /** TLS is active from here on (swaks marks the encrypted part with `~>` / `<~`). */
  | { readonly kind: 'tls'; readonly step: number; readonly info: TlsInfo }
  | { readonly kind: 'closed'; readonly step: number };

export type Listener = (entry: TranscriptEntry) => void;

/** What the session shows of its machine: XState's snapshot of the current state and context. */
export interface SessionActor {
  getSnapshot(): SnapshotFrom<ServerMachine>;
}
