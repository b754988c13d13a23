/**
 * The server machine's input, events and emitted events. What a session
 * knows and what handlers return is protocol data (protocol/session-state.ts),
 * re-exported here for the machine's users.
 */
import type { Dialect } from '../protocol/dialects/index.ts';
import type { Command } from '../protocol/parser.ts';
import type { Reply } from '../protocol/replies.ts';
import type {
  AuthResponseEvent,
  CommandEvent,
  ContentEvent,
  Delivery,
  Scripted,
  TlsEvent,
  TlsInfo,
} from '../protocol/session-state.ts';
import type { World } from '../protocol/world.ts';

export type * from '../protocol/session-state.ts';

export interface ServerInput {
  readonly world: World;
  readonly dialect: Dialect;
  readonly clientAddress: string;
  readonly refusal?: Reply;
  readonly idPrefix?: string;
  /** Implicit TLS: the session is encrypted from the first byte (RFC 8314 §3.3). */
  readonly tls?: TlsInfo;
}

export type ServerEvent =
  | CommandEvent
  /** A verb the dialect does not know. */
  | { readonly type: 'smtp.unknown'; readonly command: Command; readonly scripted?: Scripted }
  /** A line the server cannot take as a command (too long, bare LF when refused). */
  | { readonly type: 'smtp.bad-line'; readonly reply: Reply }
  | ContentEvent
  | TlsEvent
  | AuthResponseEvent
  /** The server closes the connection with this reply (timeout, shutdown). */
  | { readonly type: 'smtp.abort'; readonly reply: Reply }
  /** The messages of `smtp.store` were stored (or could not be): now the reply may go. */
  | { readonly type: 'smtp.stored'; readonly ok: boolean };

export type ServerEmitted =
  | { readonly type: 'smtp.reply'; readonly reply: Reply }
  /** Store these messages, then answer with smtp.stored; their 250 waits until then. */
  | { readonly type: 'smtp.store'; readonly deliveries: readonly Delivery[] }
  | { readonly type: 'smtp.delivered'; readonly delivery: Delivery };
