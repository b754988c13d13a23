/**
 * The session API everyone uses (browser UI, tests, TCP bridge): feed bytes
 * or lines in, get replies out, and a transcript of typed events. It owns the
 * framer and runs the server machine (compiled from it, compiled.ts) and applies the one rule that makes pipelining
 * correct: read one unit (a command line, or the whole message content), let
 * the machine answer it, and only then look at the next bytes.
 */
import type { SnapshotFrom } from 'xstate';
import { decode, encode, invalidUtf8At, showBytes } from '../protocol/bytes.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { enabledExtensions } from '../protocol/extensions/index.ts';
import { Framer, type DataResult } from '../protocol/framing.ts';
import { LIMITS } from '../protocol/limits.ts';
import { bodyType, NOTES, type Note } from '../protocol/notes.ts';
import { LAST_IN_GROUP } from '../protocol/verbs/index.ts';
import {
  formatReply,
  reply,
  withoutEnhanced,
  type Reply,
  type ReplyId,
} from '../protocol/replies.ts';
import { makeWorld, type World } from '../protocol/world.ts';
import { CommandReader } from './command-reader.ts';
import { Runner } from './compiled.ts';
import { TranscriptLog } from './transcript-log.ts';
import type { Listener, SessionActor, SessionOptions, TranscriptEntry } from './session-types.ts';
import { commandsInSequence, previewReply } from './session-queries.ts';

export { stateName } from './session-queries.ts';
import { simulatedTls } from './session-tls.ts';
export { simulatedTls } from './session-tls.ts';

export type * from './session-types.ts';
import {
  compiledServerMachine,
  initialContext,
  serverMachine,
  type ServerMachine,
} from './server.ts';
import type {
  CommandEvent,
  Delivery,
  Envelope,
  ServerContext,
  ServerEmitted,
  ServerEvent,
  TlsInfo,
} from './types.ts';

export class Session {
  readonly world: World;
  readonly dialect: Dialect;
  /**
   * The machine's snapshot, as an XState actor would give it (`value`,
   * `context`, `status`, `matches`), made on demand from the running state;
   * `preview` and `expectedCommands` hand it to XState's pure `transition`.
   */
  readonly actor: SessionActor = { getSnapshot: () => this.snapshot() };
  private readonly runner: Runner<ServerContext, ServerEvent, ServerEmitted>;
  private cached: {
    leaf: unknown;
    context: ServerContext;
    status: string;
    snapshot: SnapshotFrom<ServerMachine>;
  } | null = null;
  /** Every delivery, in order; `mailbox` hands out a copy made when it changed. */
  private readonly deliveries: Delivery[] = [];
  private mailboxView: readonly Delivery[] | null = null;
  /** Wire text of `pending`, formatted once when the reply is recorded. */
  private pendingWire = '';
  private readonly framer = new Framer();
  /** One copy of each repeated reply and command text, so a long transcript stays small. */
  private readonly log: TranscriptLog;
  /** Entries kept (Infinity: all), and whether delivered messages are kept. */
  private readonly keepMailbox: boolean;
  private readonly store: ((deliveries: readonly Delivery[]) => void) | undefined;
  /** Messages the machine asked to store during the current event. */
  private toStore: readonly Delivery[] | null = null;
  private readonly pending: Reply[] = [];
  /** False while `feedWire` runs: its caller wants only the wire text, not the reply objects. */
  private collecting = true;
  private readonly now: () => Date;
  private readonly offsetMinutes: number | undefined;
  private readonly reader: CommandReader;
  /** Steps whose reply was scripted by a fault. */
  readonly scriptedSteps: number[] = [];
  /** The fault sent with the current command; its step counts once its reply is sent. */
  private scripting: { readonly step: number; readonly code: number } | null = null;
  private step = 0;
  private done = false;
  private pendingChunk: { event: CommandEvent; size: number } | null = null;
  private readonly tlsMode: 'simulated' | 'external';
  private lastState: string;
  private readonly lineLimit: number;
  private readonly enhanced: boolean;

  constructor(options: SessionOptions = {}) {
    this.world = makeWorld(options.world);
    this.dialect =
      typeof options.dialect === 'object'
        ? options.dialect
        : DIALECTS[options.dialect ?? 'rfc5321'];
    this.log = new TranscriptLog(
      Math.max(0, options.retain?.transcript ?? Infinity),
      options.transcriptContentLimit ?? 64 * 1024,
      this.dialect,
    );
    this.now = options.now ?? (() => new Date());
    this.offsetMinutes = options.offsetMinutes;
    this.store = options.store;
    this.keepMailbox = options.retain?.mailbox ?? true;
    const extensions = enabledExtensions(this.world, this.dialect);
    // RFC 1869 §4.1.2: each extension states how much longer it makes MAIL/RCPT.
    // An era with no limit (RFC 772) still gets one, so memory stays bounded.
    const base = this.dialect.limits.commandLine || LIMITS.unlimitedEraLine;
    this.lineLimit = base + extensions.reduce((n, e) => n + (e.lineIncrease ?? 0), 0);
    this.enhanced = extensions.some((e) => e.keyword === 'ENHANCEDSTATUSCODES');
    this.reader = new CommandReader(this.dialect, this.world, extensions, options.faults ?? []);
    this.tlsMode = options.tls ?? 'simulated';
    const implicit =
      options.implicitTls ??
      (this.world.tls.implicit ? simulatedTls(this.world.hostname) : undefined);
    this.lastState = 'greeting';
    this.runner = new Runner(
      compiledServerMachine,
      initialContext({
        world: this.world,
        dialect: this.dialect,
        clientAddress: options.clientAddress ?? '192.0.2.1',
        // The reply instead of 220 is the initial greeting: no enhanced code (RFC 2034 §3 (4)).
        ...(options.refuse
          ? { refusal: withoutEnhanced(reply(options.refuse, { host: this.world.hostname })) }
          : {}),
        ...(options.idPrefix ? { idPrefix: options.idPrefix } : {}),
        ...(implicit ? { tls: implicit } : {}),
      }),
      (emitted) => {
        if (emitted.type === 'smtp.reply') {
          const r = this.log.reply(emitted.reply, this.wireOf);
          const wire = this.log.wire(r, this.wireOf);
          if (this.collecting) this.pending.push(r);
          this.pendingWire += wire;
          // A command out of sequence gets its 503 instead: then the step was not scripted.
          if (this.scripting?.step === this.step && this.scripting.code === r.code)
            this.scriptedSteps.push(this.step);
          this.scripting = null;
          if (this.log.recording)
            this.log.record({ kind: 'server', step: this.step, reply: r, wire });
        } else if (emitted.type === 'smtp.store') {
          this.toStore = emitted.deliveries;
        } else {
          if (this.keepMailbox) {
            this.deliveries.push(emitted.delivery);
            this.mailboxView = null;
          }
          if (this.log.recording)
            this.log.record({ kind: 'delivery', step: this.step, delivery: emitted.delivery });
        }
      },
    );
    this.runner.start({ type: 'xstate.init' } as unknown as ServerEvent);
    this.observe();
  }

  /** After each step: state changes and the end of the session go into the transcript. */
  private observe() {
    const runner = this.runner;
    if (runner.status === 'error') return;
    const to = runner.leaf.name;
    if (to !== this.lastState) {
      if (this.log.recording)
        this.log.record({ kind: 'state', step: this.step, from: this.lastState, to });
      this.lastState = to;
    }
    if (runner.status === 'done' && !this.done) {
      this.done = true;
      this.log.record({ kind: 'closed', step: this.step });
    }
  }

  private snapshot(): SnapshotFrom<ServerMachine> {
    const { leaf, context, status, error } = this.runner;
    const c = this.cached;
    if (c && c.leaf === leaf && c.context === context && c.status === status) return c.snapshot;
    const snapshot = serverMachine.resolveState({
      value: leaf.value,
      context,
      ...(status === 'error' ? { status, error } : {}),
    });
    this.cached = { leaf, context, status, snapshot };
    return snapshot;
  }

  /** The wire form of a reply as this server sends it. */
  wire(r: Reply): string {
    return formatReply(r, this.enhanced);
  }

  /** `wire`, bound once (not a new closure per reply). */
  private readonly wireOf = (r: Reply): string => this.wire(r);

  /**
   * Feeds received bytes (or text, sent as UTF-8) and processes every complete
   * unit in order. Returns the replies this input produced, greeting included
   * on the first call.
   */
  feed(input: Uint8Array | string): Reply[] {
    this.run(input);
    this.pendingWire = '';
    return this.pending.splice(0);
  }

  /** The time input arrived: one clock reading per received chunk, shared by its commands. */
  private arrived: Date | null = null;
  private instant(): Date {
    return (this.arrived ??= this.now());
  }

  /** Inputs fed so far: a client line records the one that completed it. */
  private reads = 0;

  private run(input: Uint8Array | string) {
    this.arrived = null;
    this.reads++;
    if (!this.closed) this.framer.push(typeof input === 'string' ? encode(input) : input);
    while (!this.closed && this.processOne()) {
      /* one unit at a time */
    }
    this.arrived = null; // not kept until the next input: it would outlive the young generation
    this.framer.release();
  }

  /** Sends one command line (CRLF added). */
  send(line: string): Reply[] {
    return this.feed(`${line}\r\n`);
  }

  /** Wire text of the replies `feed` would return, for a socket. */
  feedWire(input: Uint8Array | string): string {
    // No array of replies to fill and empty again (emptying drops its store: a new one per command).
    this.collecting = false;
    try {
      this.run(input);
    } finally {
      this.collecting = true;
    }
    // Replies recorded before (the greeting, at creation) are in this text too.
    if (this.pending.length > 0) this.pending.length = 0;
    const wire = this.pendingWire;
    this.pendingWire = '';
    return wire;
  }

  /** Closes from the server side with a 421 (timeout, shutdown, too many connections). */
  abort(
    id: Extract<ReplyId, `closing${string}`>,
    fields: Readonly<Record<string, string | number>> = {},
  ): Reply[] {
    if (!this.closed)
      this.dispatch({
        type: 'smtp.abort',
        reply: reply(id, { host: this.world.hostname, ...fields }),
      });
    this.pendingWire = '';
    return this.pending.splice(0);
  }

  get state(): string {
    return this.runner.leaf.name;
  }

  get closed(): boolean {
    return this.done;
  }

  /** True while the server is reading message content (after 354). */
  get inData(): boolean {
    return this.lastState === 'data';
  }

  /** Every message accepted so far; a new array after each delivery, the same one otherwise. */
  get mailbox(): readonly Delivery[] {
    return (this.mailboxView ??= this.deliveries.slice());
  }

  /** The transcript (with `retain.transcript`, at least its newest entries). */
  get transcript(): readonly TranscriptEntry[] {
    return this.log.all;
  }

  /** Bytes received but not yet processed (an incomplete line). */
  get buffered(): number {
    return this.framer.buffered;
  }

  /** Units (command lines, message texts, chunks) read so far. */
  get steps(): number {
    return this.step;
  }

  /**
   * What the server is in the middle of receiving: a command line begun but
   * not ended, message text (after 354, or a BDAT chunk), or nothing. The
   * bridge times each unit as a whole, so trickling bytes cannot hold it open.
   */
  get receiving(): 'command' | 'data' | null {
    if (this.done || this.awaitingTls) return null;
    if (this.pendingChunk || this.inData) return 'data';
    return this.framer.buffered > 0 ? 'command' : null;
  }

  subscribe(listener: Listener): () => void {
    return this.log.subscribe(listener);
  }

  private processOne(): boolean {
    if (this.pendingChunk) return this.readChunk();
    if (this.runner.leaf.name === 'tls') return false; // waiting for the handshake
    if (this.inData) {
      const data = this.framer.readData({
        maxSize: this.world.maxMessageSize,
        lenientEnding: this.world.dataEnding === 'lenient',
        textLine: this.dialect.limits.textLine,
        transparency: this.dialect.transparency,
      });
      if (!data) return false;
      this.recordContent(data);
      this.dispatch({
        type: 'smtp.content',
        data,
        at: this.instant(),
        ...(this.offsetMinutes !== undefined ? { offsetMinutes: this.offsetMinutes } : {}),
      });
      return true;
    }
    const inAuth = this.runner.leaf.name === 'auth';
    // RFC 4954 §4: SASL lines may be much longer than commands; 12288 octets is ample.
    const unit = this.framer.nextLine(inAuth ? LIMITS.saslLine : this.lineLimit);
    if (!unit) return false;
    this.step++;
    if (unit.kind === 'too-long') {
      this.log.record({
        kind: 'client',
        step: this.step,
        text: `(a line of ${unit.length} octets)`,
        ending: 'none',
      });
      this.dispatch({
        type: 'smtp.bad-line',
        reply: reply(inAuth ? 'authLineTooLong' : 'lineTooLong'),
      });
      return true;
    }
    // RFC 3629: a line that is not UTF-8 is shown with its stray octets as \xNN,
    // never silently rewritten, and MAIL/RCPT refuse it (RFC 6531 §3.2).
    const malformed = invalidUtf8At(unit.bytes) >= 0;
    const text = malformed ? showBytes(unit.bytes) : decode(unit.bytes);
    this.log.client(this.step, text, unit.ending, this.reads);
    if (unit.ending === 'LF') {
      this.note(NOTES.bareLfCommand());
      if (this.world.bareLf === 'reject') {
        this.dispatch({ type: 'smtp.bad-line', reply: reply('bareLf') });
        return true;
      }
    }
    if (inAuth) {
      this.dispatch({ type: 'smtp.auth-response', line: text, at: this.instant() });
      return true;
    }
    const parsed = this.commandEvent(text);
    const marked = malformed && 'command' in parsed ? { ...parsed, malformedUtf8: true } : parsed;
    const event = this.reader.withFault(marked);
    const scripted = 'scripted' in event ? event.scripted : undefined;
    if (scripted) this.scripting = { step: this.step, code: scripted.reply.code };
    if (event.type === 'smtp.bdat' && event.parsed.ok && event.parsed.value.kind === 'bdat') {
      // RFC 3030 §2: exactly chunk-size octets follow the line, whatever the reply will be.
      this.pendingChunk = { event, size: event.parsed.value.size };
      return this.readChunk();
    }
    this.dispatch(event);
    if (this.runner.leaf.name === 'tls') this.beginTls();
    else if (this.framer.buffered > 0 && 'command' in event) this.noteBatchEnd(event.command.verb);
    return true;
  }

  /**
   * RFC 2920 §3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT and NOOP (and, by their
   * own RFCs, STARTTLS and AUTH) may only be the last command of a pipelined
   * group. The server still answers in order; the transcript says what the
   * client did wrong.
   */
  private noteBatchEnd(verb: string) {
    // After DATA the text may come only once 354 is in (the text may start the next group, RFC 2920 §3.1).
    if (!LAST_IN_GROUP.has(verb) || this.closed || (this.inData && verb !== 'DATA')) return;
    this.note(NOTES.notLastInGroup(verb, this.inData));
  }

  /** BDAT's octets: read them all (they are never commands), then let the machine answer. */
  private readChunk(): boolean {
    const pending = this.pendingChunk!;
    const chunk = this.framer.readChunk(pending.size, this.world.maxMessageSize);
    if (!chunk) return false;
    this.pendingChunk = null;
    this.step++;
    this.log.chunk(this.step, chunk.parts, chunk.size);
    this.dispatch({ ...pending.event, chunk });
    return true;
  }

  /**
   * After `220 Ready to start TLS`: anything the client sent after STARTTLS is
   * dropped (RFC 3207 §4; accepting it was the command-injection bug of RFC 8314
   * Appendix A), then the handshake runs: simulated here, or done by the TCP
   * bridge, which calls `tlsEstablished` when it is.
   */
  private beginTls() {
    const dropped = this.framer.discard();
    if (dropped > 0) this.note(NOTES.discardedAfterStarttls(dropped));
    if (this.tlsMode === 'simulated') this.secure(simulatedTls(this.world.hostname));
  }

  private secure(info: TlsInfo) {
    this.log.record({ kind: 'tls', step: this.step, info });
    this.dispatch({ type: 'smtp.tls', info });
  }

  /** The TLS handshake is done (the bridge calls this with the real session's details); returns the replies it allows. */
  tlsEstablished(info: TlsInfo): Reply[] {
    if (this.runner.leaf.name !== 'tls') return [];
    this.secure(info);
    return this.feed(new Uint8Array(0));
  }

  /** True when the session has been asked to start TLS and waits for the handshake. */
  get awaitingTls(): boolean {
    return this.runner.leaf.name === 'tls';
  }

  get tls(): TlsInfo | null {
    return this.runner.context.tls;
  }

  /**
   * The machine event for a command line: its verb looked up in the dialect,
   * its argument parsed; the event's type is the command's role. Nothing is sent.
   */
  commandEvent(text: string): ServerEvent {
    return this.reader.event(text, this.instant());
  }

  /** The reply a command line would get now, computed with the machine's pure `transition`; nothing is sent. */
  preview(line: string): Reply | null {
    return previewReply(this, line);
  }

  /** The open mail transaction (MAIL and the recipients so far), or null. */
  get envelope(): Envelope | null {
    return this.runner.context.envelope;
  }

  /** The dialect's commands that are in sequence now (see session-queries.ts); nothing is sent. */
  expectedCommands(): CommandSpec[] {
    return commandsInSequence(this);
  }

  private recordContent(data: DataResult) {
    this.step++;
    const body = bodyType(this.runner.context.envelope?.mailParams);
    this.log.content(this.step, data, body, this.world.dataEnding === 'lenient');
  }

  private note(note: Note) {
    this.log.note(this.step, note);
  }

  private dispatch(event: ServerEvent) {
    this.runner.send(event);
    const deliveries = this.toStore;
    if (deliveries !== null) {
      // Stored first, acknowledged after (RFC 5321 §6.1).
      this.toStore = null;
      let ok = true;
      try {
        this.store?.(deliveries);
      } catch (e) {
        ok = false;
        this.note(NOTES.notStored(e instanceof Error ? e.message : String(e)));
      }
      this.runner.send({ type: 'smtp.stored', ok });
    }
    this.observe();
  }
}

/** Creates a session; the greeting is already in `transcript` and returned by the first `feed`. */
export function createSession(options: SessionOptions = {}): Session {
  return new Session(options);
}
