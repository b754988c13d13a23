/**
 * The session API everyone uses (browser UI, tests, TCP bridge): feed bytes
 * or lines in, get replies out, and a transcript of typed events. It owns the
 * framer and the server actor and applies the one rule that makes pipelining
 * correct: read one unit (a command line, or the whole message content), let
 * the machine answer it, and only then look at the next bytes.
 */
import { createActor, transition, type Actor } from 'xstate';
import { decode, encode } from '../protocol/bytes.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { DIALECTS, commandSpec, type Dialect, type DialectId } from '../protocol/dialects/index.ts';
import { enabledExtensions } from '../protocol/extensions/index.ts';
import { Framer, type DataResult, type LineEnding } from '../protocol/framing.ts';
import { parseArguments, splitCommand } from '../protocol/parser.ts';
import { formatReply, reply, type Reply, type ReplyId } from '../protocol/replies.ts';
import { makeWorld, type World } from '../protocol/world.ts';
import { serverMachine, type ServerMachine } from './server.ts';
import type { Delivery, ServerEvent } from './types.ts';

export interface SessionOptions {
  readonly world?: Partial<World>;
  readonly dialect?: DialectId | Dialect;
  /** The client's IP address, for the Received line. Defaults to a documentation address (RFC 5737). */
  readonly clientAddress?: string;
  /** Clock for Received dates (tests pass a fixed one). */
  readonly now?: () => Date;
  /** Minutes east of UTC for Received dates. */
  readonly offsetMinutes?: number;
  /** Refuse the connection: this 421/554 replaces the 220 greeting and the session closes. */
  readonly refuse?: 'closingBusy' | 'closingShutdown' | 'noService';
  /** Put before each queue id (the bridge numbers its connections). */
  readonly idPrefix?: string;
  /** Largest slice of message content kept as text in the transcript. */
  readonly transcriptContentLimit?: number;
}

export type TranscriptEntry =
  | {
      readonly kind: 'client';
      readonly step: number;
      readonly text: string;
      readonly ending: LineEnding | 'none';
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
  | { readonly kind: 'closed'; readonly step: number };

export type Listener = (entry: TranscriptEntry) => void;

/** The line cap where the dialect sets none (RFC 772): longer lines get 500, as RFC 772 p. 13 allows. */
const UNLIMITED_LINE = 4096;

/** `transaction.mail` for nested states, `ready` for flat ones. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stateName(inner)}`;
}

export class Session {
  readonly world: World;
  readonly dialect: Dialect;
  readonly actor: Actor<ServerMachine>;
  private readonly framer = new Framer();
  private readonly entries: TranscriptEntry[] = [];
  private readonly listeners = new Set<Listener>();
  private readonly pending: Reply[] = [];
  private readonly now: () => Date;
  private readonly offsetMinutes: number | undefined;
  private readonly contentLimit: number;
  private step = 0;
  private lastState: string;
  private readonly lineLimit: number;
  private readonly enhanced: boolean;

  constructor(options: SessionOptions = {}) {
    this.world = makeWorld(options.world);
    this.dialect =
      typeof options.dialect === 'object'
        ? options.dialect
        : DIALECTS[options.dialect ?? 'rfc5321'];
    this.now = options.now ?? (() => new Date());
    this.offsetMinutes = options.offsetMinutes;
    this.contentLimit = options.transcriptContentLimit ?? 64 * 1024;
    const extensions = enabledExtensions(this.world, this.dialect);
    // RFC 1869 §4.1.2: each extension states how much longer it makes MAIL/RCPT.
    // An era with no limit (RFC 772) still gets one, so memory stays bounded.
    const base = this.dialect.limits.commandLine || UNLIMITED_LINE;
    this.lineLimit = base + extensions.reduce((n, e) => n + (e.lineIncrease ?? 0), 0);
    this.enhanced = extensions.some((e) => e.keyword === 'ENHANCEDSTATUSCODES');
    this.actor = createActor(serverMachine, {
      input: {
        world: this.world,
        dialect: this.dialect,
        clientAddress: options.clientAddress ?? '192.0.2.1',
        ...(options.refuse
          ? { refusal: reply(options.refuse, { host: this.world.hostname }) }
          : {}),
        ...(options.idPrefix ? { idPrefix: options.idPrefix } : {}),
      },
    });
    this.actor.on('smtp.reply', ({ reply: r }) => {
      this.pending.push(r);
      this.record({ kind: 'server', step: this.step, reply: r, wire: this.wire(r) });
    });
    this.actor.on('smtp.delivered', ({ delivery }) =>
      this.record({ kind: 'delivery', step: this.step, delivery }),
    );
    this.lastState = 'greeting';
    this.actor.subscribe((snapshot) => {
      const to = stateName(snapshot.value);
      if (to !== this.lastState) {
        this.record({ kind: 'state', step: this.step, from: this.lastState, to });
        this.lastState = to;
      }
      if (snapshot.status === 'done') this.record({ kind: 'closed', step: this.step });
    });
    this.actor.start();
  }

  /** The wire form of a reply as this server sends it. */
  wire(r: Reply): string {
    return formatReply(r, this.enhanced);
  }

  /**
   * Feeds received bytes (or text, sent as UTF-8) and processes every complete
   * unit in order. Returns the replies this input produced, greeting included
   * on the first call.
   */
  feed(input: Uint8Array | string): Reply[] {
    if (!this.closed) this.framer.push(typeof input === 'string' ? encode(input) : input);
    while (!this.closed && this.processOne()) {
      /* one unit at a time */
    }
    return this.pending.splice(0);
  }

  /** Sends one command line (CRLF added). */
  send(line: string): Reply[] {
    return this.feed(`${line}\r\n`);
  }

  /** Wire text of the replies `feed` would return, for a socket. */
  feedWire(input: Uint8Array | string): string {
    return this.feed(input)
      .map((r) => this.wire(r))
      .join('');
  }

  /** Closes from the server side with a 421 (timeout, shutdown, too many connections). */
  abort(id: Extract<ReplyId, `closing${string}`>): Reply[] {
    if (!this.closed)
      this.actor.send({ type: 'smtp.abort', reply: reply(id, { host: this.world.hostname }) });
    return this.pending.splice(0);
  }

  get state(): string {
    return stateName(this.actor.getSnapshot().value);
  }

  get closed(): boolean {
    return this.actor.getSnapshot().status === 'done';
  }

  /** True while the server is reading message content (after 354). */
  get inData(): boolean {
    return this.actor.getSnapshot().matches('data');
  }

  get mailbox(): readonly Delivery[] {
    return this.actor.getSnapshot().context.mailbox;
  }

  get transcript(): readonly TranscriptEntry[] {
    return this.entries;
  }

  /** Bytes received but not yet processed (an incomplete line). */
  get buffered(): number {
    return this.framer.buffered;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(entry: TranscriptEntry) {
    this.entries.push(entry);
    for (const l of this.listeners) l(entry);
  }

  private processOne(): boolean {
    if (this.inData) {
      const data = this.framer.readData({
        maxSize: this.world.maxMessageSize,
        bareLf: this.world.bareLf === 'accept',
        textLine: this.dialect.limits.textLine,
        transparency: this.dialect.transparency,
      });
      if (!data) return false;
      this.recordContent(data);
      this.dispatch({
        type: 'smtp.content',
        data,
        at: this.now(),
        ...(this.offsetMinutes !== undefined ? { offsetMinutes: this.offsetMinutes } : {}),
      });
      return true;
    }
    const unit = this.framer.nextLine(this.lineLimit);
    if (!unit) return false;
    this.step++;
    if (unit.kind === 'too-long') {
      this.record({
        kind: 'client',
        step: this.step,
        text: `(a line of ${unit.length} octets)`,
        ending: 'none',
      });
      this.dispatch({ type: 'smtp.bad-line', reply: reply('lineTooLong') });
      return true;
    }
    const text = decode(unit.bytes);
    this.record({ kind: 'client', step: this.step, text, ending: unit.ending });
    if (unit.ending === 'LF') {
      this.note('The line ended in a bare <LF>; SMTP lines end in <CRLF>.', 'RFC 5321 §2.3.8');
      if (this.world.bareLf === 'reject') {
        this.dispatch({ type: 'smtp.bad-line', reply: reply('bareLf') });
        return true;
      }
    }
    this.dispatch(this.commandEvent(text));
    return true;
  }

  /**
   * The machine event for a command line: its verb looked up in the dialect,
   * its argument parsed; the event's type is the command's role. Nothing is sent.
   */
  commandEvent(text: string): ServerEvent {
    const command = splitCommand(text);
    const spec = commandSpec(this.dialect, command.verb);
    if (!spec) return { type: 'smtp.unknown', command };
    const { paths: grammar, nullReversePath } = this.dialect;
    return {
      type: `smtp.${spec.role}`,
      command,
      parsed: parseArguments(spec, command.args, {
        grammar,
        nullReversePath,
        params: this.dialect.extensions,
      }),
      at: this.now(),
    };
  }

  /**
   * The dialect's commands that are in sequence now, asked of the machine
   * itself: each is tried with XState's pure `transition` (nothing runs) and
   * kept unless the server would answer 503 (or 554 "no valid recipients").
   * Completions and lessons use this; it never changes the session.
   */
  expectedCommands(): CommandSpec[] {
    if (this.closed || this.inData) return [];
    const snapshot = this.actor.getSnapshot();
    return this.dialect.commands.filter((spec) => {
      const [, actions] = transition(serverMachine, snapshot, this.commandEvent(spec.verb));
      return !actions.some((a) => {
        const emitted = (a.params as { event?: { reply?: Reply } } | undefined)?.event;
        return emitted?.reply?.id === 'badSequence' || emitted?.reply?.id === 'noValidRecipients';
      });
    });
  }

  private recordContent(data: DataResult) {
    this.step++;
    let text = '';
    let kept = 0;
    for (const part of data.content) {
      if (kept >= this.contentLimit) break;
      const slice = part.subarray(0, this.contentLimit - kept);
      text += decode(slice);
      kept += slice.length;
    }
    this.record({
      kind: 'content',
      step: this.step,
      text,
      size: data.size,
      truncated: kept < data.size,
      unstuffed: data.unstuffed,
      bareLfLines: data.bareLfLines,
    });
    if (data.bareLfLines > 0) {
      this.note(
        `${data.bareLfLines} line(s) of the message ended in a bare <LF>.`,
        'RFC 5321 §2.3.8',
      );
    }
  }

  private note(text: string, rfc: string) {
    this.record({ kind: 'note', step: this.step, text, rfc });
  }

  private dispatch(event: ServerEvent) {
    this.actor.send(event);
  }
}

/** Creates a session; the greeting is already in `transcript` and returned by the first `feed`. */
export function createSession(options: SessionOptions = {}): Session {
  return new Session(options);
}
