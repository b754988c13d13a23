/**
 * What a POP3 session knows (RFC 1939): who the client named with USER, the
 * maildrop it opened, which messages it marked deleted. Message numbers are
 * fixed when the maildrop is opened and stay so for the session (RFC 1939
 * §4); a deleted message keeps its number and is only removed in the UPDATE
 * state, after QUIT (§6).
 */
import type { MailStore, StoredMessage } from './mailstore.ts';
import { wireSize } from './message.ts';
import { ok, err, type Pop3Reply } from './reply.ts';
import type { Pop3Command } from './parser.ts';

export interface Account {
  readonly user: string;
  readonly password: string;
}

export interface Maildrop {
  readonly user: string;
  /** Message n is messages[n - 1]. */
  readonly messages: readonly StoredMessage[];
  /** Numbers marked deleted in this session. */
  readonly deleted: ReadonlySet<number>;
}

export interface Pop3Context {
  readonly hostname: string;
  readonly accounts: readonly Account[];
  readonly store: MailStore;
  /** The greeting's timestamp, `<...@host>`, for APOP (RFC 1939 §7). */
  readonly stamp: string;
  /** The mailbox an accepted USER named; PASS completes it. */
  readonly named: string | null;
  readonly drop: Maildrop | null;
  /** -ERR responses so far; past `maxErrors` the server closes the connection. */
  readonly errors: number;
  readonly maxErrors: number;
}

/** What the server must do besides answering: the machine emits these, the session does them. */
export type Pop3Effect =
  | { readonly kind: 'lock'; readonly user: string }
  /** RFC 1939 §6: the UPDATE state removes the messages marked deleted. */
  | { readonly kind: 'update'; readonly user: string; readonly uids: readonly number[] };

export interface Pop3Outcome {
  readonly reply: Pop3Reply;
  readonly patch?: Partial<Pop3Context>;
  readonly effects?: readonly Pop3Effect[];
}

export type Pop3Handler = (context: Pop3Context, command: Pop3Command) => Pop3Outcome;

export function account(
  context: { readonly accounts: readonly Account[] },
  user: string,
): Account | undefined {
  const u = user.toLowerCase();
  return context.accounts.find((a) => a.user.toLowerCase() === u);
}

const sizes = new WeakMap<StoredMessage, number>();

/** RFC 1939 §11: the size as sent, CRLF line ends (computed once per message). */
export function sizeOf(m: StoredMessage): number {
  let size = sizes.get(m);
  if (size === undefined) sizes.set(m, (size = wireSize(m.read())));
  return size;
}

/** Messages not marked deleted, with their numbers. */
export function live(drop: Maildrop): { n: number; message: StoredMessage }[] {
  return drop.messages.flatMap((message, i) =>
    drop.deleted.has(i + 1) ? [] : [{ n: i + 1, message }],
  );
}

/** "2 messages (320 octets)": the drop listing's words (RFC 1939 §5, RSET's example). */
export function dropSummary(drop: Maildrop): string {
  const messages = live(drop);
  const octets = messages.reduce((total, m) => total + sizeOf(m.message), 0);
  return `${messages.length} message${messages.length === 1 ? '' : 's'} (${octets} octets)`;
}

/** Opens the user's maildrop: numbers from 1 in the order of the store, none deleted. */
export function openDrop(context: Pop3Context, user: string): Maildrop {
  return { user, messages: [...context.store.list(user)], deleted: new Set() };
}

/** A login that passed its check: the maildrop opened and locked, or refused if another session holds it. */
export function logIn(context: Pop3Context, user: string): Pop3Outcome {
  if (context.store.locked(user))
    return { reply: err('maildrop already locked'), patch: { named: null } };
  const drop = openDrop(context, user);
  return {
    reply: ok(`${user}'s maildrop has ${dropSummary(drop)}`),
    patch: { named: null, drop },
    effects: [{ kind: 'lock', user }],
  };
}

/**
 * The message a number argument names (RFC 1939 §5: it may not refer to a
 * message marked as deleted), or the -ERR to answer.
 */
export function pick(
  context: Pop3Context,
  text: string | undefined,
): { n: number; message: StoredMessage } | Pop3Reply {
  const drop = context.drop!;
  const n = text === undefined ? null : /^[0-9]{1,9}$/.test(text) ? Number(text) : null;
  if (n === null) return err(`"${(text ?? '').slice(0, 20)}" is not a message-number (1, 2, 3...)`);
  const message = drop.messages[n - 1];
  if (n < 1 || message === undefined) {
    const count = drop.messages.length;
    return err(`no such message, only ${count} message${count === 1 ? '' : 's'} in maildrop`);
  }
  if (drop.deleted.has(n)) return err(`message ${n} already deleted`);
  return { n, message };
}

export const isReply = (x: unknown): x is Pop3Reply =>
  typeof x === 'object' && x !== null && 'ok' in x && 'text' in x;
