/**
 * A POP3 session: bytes in, response bytes out (browser, tests, TCP bridge).
 * It cuts CRLF lines (bounded: a line past the limit gets -ERR, and what is
 * left of it is skipped), parses each into a command, runs the POP3 machine
 * (compiled, as the SMTP server's is) and does what the machine asks: lock
 * the maildrop at login, remove the marked messages in UPDATE, and release
 * the lock when the session ends however it ends.
 */
import { DEFAULT_WORLD, type World } from '../protocol/world.ts';
import type { MailStore } from '../protocol/pop3/mailstore.ts';
import { MAX_COMMAND_LINE, parseCommand } from '../protocol/pop3/parser.ts';
import { roomFor } from '../protocol/pop3/commands/index.ts';
import { timestamp } from '../protocol/pop3/greeting.ts';
import { err, statusLine, wireOf, type Pop3Reply } from '../protocol/pop3/reply.ts';
import type { Pop3Context, Pop3Effect } from '../protocol/pop3/context.ts';
import { concat, CR, LF } from '../protocol/bytes.ts';
import { Runner } from './compiled.ts';
import { compiledPop3Machine, type Pop3Emitted, type Pop3Event } from './pop3.ts';

export interface Pop3SessionOptions {
  /** The mailbox host's world: its name and accounts (the default world's alice and bob). */
  readonly world?: Partial<World>;
  readonly store: MailStore;
  /** The greeting's timestamp for APOP; by default a new one per session. */
  readonly stamp?: string;
  /** -ERR responses tolerated before the server closes (default: the world's maxErrors). */
  readonly maxErrors?: number;
  /** Transcript entries kept (default 1000; 0 keeps none). */
  readonly keep?: number;
}

export type Pop3TranscriptEntry =
  | { readonly kind: 'client'; readonly line: string }
  | { readonly kind: 'server'; readonly reply: Pop3Reply; readonly state: string };

let serial = 0;

export class Pop3Session {
  readonly transcript: Pop3TranscriptEntry[] = [];
  private readonly runner: Runner<Pop3Context, Pop3Event, Pop3Emitted>;
  private readonly out: Pop3Reply[] = [];
  private readonly store: MailStore;
  private readonly keep: number;
  private locked: string | null = null;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** A line grew past the limit: it was answered, the rest of it is skipped. */
  private skipping = false;
  private ended = false;

  constructor(options: Pop3SessionOptions) {
    const world = { ...DEFAULT_WORLD, ...options.world };
    this.store = options.store;
    this.keep = options.keep ?? 1000;
    const context: Pop3Context = {
      hostname: world.hostname,
      accounts: world.accounts,
      store: options.store,
      stamp: options.stamp ?? timestamp(++serial, Date.now(), world.hostname),
      named: null,
      drop: null,
      errors: 0,
      maxErrors: options.maxErrors ?? world.maxErrors,
    };
    this.runner = new Runner(compiledPop3Machine, context, (e) => this.emitted(e));
  }

  /** Starts the session: the greeting's octets. */
  start(): Uint8Array {
    this.runner.start({ type: 'pop3.bad-line', problem: '' });
    return this.flush();
  }

  get closed(): boolean {
    return this.runner.status !== 'active';
  }

  /** `authorization.waiting`, `transaction`, `closed`... */
  get state(): string {
    return this.runner.leaf.name;
  }

  get context(): Pop3Context {
    return this.runner.context;
  }

  /** Feeds octets from the client; returns the responses' octets. */
  feed(input: Uint8Array | string): Uint8Array {
    return concat(this.replies(input).map(wireOf));
  }

  /** Sends one command line (CRLF added); returns the responses (tests, the console). */
  send(line: string): Pop3Reply[] {
    return this.replies(`${line}\r\n`);
  }

  private replies(input: Uint8Array | string): Pop3Reply[] {
    const bytes =
      typeof input === 'string' ? Uint8Array.from(input, (c) => c.charCodeAt(0) & 0xff) : input;
    let start = 0;
    for (let i = 0; i < bytes.length && !this.closed; i++) {
      if (bytes[i] !== LF) continue;
      this.take(bytes.subarray(start, i), true);
      start = i + 1;
    }
    if (!this.closed && start < bytes.length) this.take(bytes.subarray(start), false);
    return this.drain();
  }

  /** The server closes without UPDATE (shutdown, timeout): RFC 1939 §6 removes nothing then. */
  abort(text: string): Uint8Array {
    this.runner.send({ type: 'pop3.abort', reply: err(text) });
    return this.flush();
  }

  /** The connection is gone: release the maildrop (nothing is removed without QUIT). */
  end(): void {
    this.ended = true;
    this.release();
  }

  private take(part: Uint8Array, complete: boolean) {
    if (this.skipping) {
      if (complete) this.skipping = false;
      return;
    }
    this.pending.push(part);
    this.pendingLength += part.length;
    // The limit counts the CRLF: the text may take two octets less.
    if (this.pendingLength > MAX_COMMAND_LINE - 2) {
      this.pending = [];
      this.pendingLength = 0;
      this.skipping = !complete;
      return this.dispatch({
        type: 'pop3.bad-line',
        problem: `command line too long (at most ${MAX_COMMAND_LINE} octets with CRLF)`,
      });
    }
    if (!complete) return;
    let line = concat(this.pending, this.pendingLength);
    this.pending = [];
    this.pendingLength = 0;
    if (line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    const text = String.fromCharCode(...line);
    this.record({ kind: 'client', line: /^PASS /i.test(text) ? 'PASS ****' : text });
    const parsed = parseCommand(text);
    if (!parsed.ok) return this.dispatch({ type: 'pop3.bad-line', problem: parsed.problem });
    const room = roomFor(parsed.command.keyword);
    if (!room) return this.dispatch({ type: 'pop3.unknown', command: parsed.command });
    this.dispatch({ type: `pop3.${room.role}`, command: parsed.command, room });
  }

  private dispatch(event: Pop3Event) {
    this.runner.send(event);
    if (this.runner.status === 'error') throw this.runner.error;
  }

  private emitted(e: Pop3Emitted) {
    if (e.type === 'pop3.effect') return this.effect(e.effect);
    this.out.push(e.reply);
    this.record({ kind: 'server', reply: e.reply, state: this.state });
  }

  private effect(effect: Pop3Effect) {
    if (effect.kind === 'lock') {
      // The machine checked the lock was free in this same step.
      if (!this.ended && this.store.lock(effect.user)) this.locked = effect.user;
      return;
    }
    this.store.remove(effect.user, effect.uids);
  }

  private flush(): Uint8Array {
    return concat(this.drain().map(wireOf));
  }

  private drain(): Pop3Reply[] {
    const replies = this.out.splice(0);
    if (this.closed) this.release();
    return replies;
  }

  private release() {
    if (this.locked !== null) this.store.unlock(this.locked);
    this.locked = null;
  }

  private record(entry: Pop3TranscriptEntry) {
    if (this.keep <= 0) return;
    if (this.transcript.length >= this.keep) this.transcript.shift();
    this.transcript.push(entry);
  }
}

/** A response's first line as sent (`+OK 2 320`), for logs and tests. */
export { statusLine };
