/**
 * The client machine talking to the server machine in the page: each wire
 * text the client sends is fed to the server session, each reply back to the
 * client, until the client is done. Both sides' rules run; nothing is faked.
 * `Conversation` goes one send at a time (the sandbox's Step button), its
 * client's notes placed among the server's transcript entries; `converse`
 * runs one to the end.
 */
import { ClientSession } from './client-session.ts';
import type { Session } from './session.ts';
import type { ClientInput } from '../protocol/client/state.ts';

/** A bound on exchanges: a conversation that loops is a bug, reported, not a frozen page. */
const MAX_EXCHANGES = 10_000;

/** The client's "why" for what it does next, placed after the first `at` entries of the server's transcript. */
export interface ClientNote {
  readonly at: number;
  readonly text: string;
  readonly rfc: string;
}

/** What one step did: sent a text, told the client the server closed, or a timeout ran out. */
export type StepKind = 'sent' | 'closed' | 'timeout';

/**
 * How the client's text reaches the server: the session's own `feedWire`
 * by default; the sandbox feeds it as typed input is fed, so its transcript,
 * mailbox and saved inputs take it the same way.
 */
export type Feed = (text: string) => void;

/**
 * A connection is the client's only when no client has spoken on it yet: the
 * client opens its own and reads the greeting first (RFC 5321 §3.1), even a
 * greeting that refuses it (421 or 554 instead of 220).
 */
export function freshConnection(server: Session): boolean {
  return server.steps === 0 && server.buffered === 0;
}

export class Conversation {
  readonly client: ClientSession;
  readonly notes: ClientNote[] = [];
  /** Wire texts the client has sent and the server has not read yet, oldest first. */
  private readonly outbox: string[] = [];
  /** The server's reply text not yet read by the client. */
  private inbox = '';
  /** Entries the server's transcript holds (counted, so a bounded transcript still anchors notes). */
  private seen: number;
  private logged = 0;
  private tlsAsked = false;
  private closedTold = false;
  private timedOut = false;
  private readonly unsubscribe: () => void;

  constructor(
    input: ClientInput,
    private readonly server: Session,
    private readonly feed: Feed = (text) => void server.feedWire(text),
  ) {
    if (!freshConnection(server))
      throw new Error('the client needs a connection of its own: a new session');
    this.seen = server.transcript.length;
    // What the server said before the client spoke: its greeting (or its refusal).
    for (const e of server.transcript) if (e.kind === 'server') this.inbox += e.wire;
    this.unsubscribe = server.subscribe((e) => {
      this.seen++;
      if (e.kind === 'server') this.inbox += e.wire;
    });
    this.client = new ClientSession(input, {
      send: (text) => void this.outbox.push(text),
      // The server in the page does its (simulated) handshake as soon as it says 220.
      starttls: () => void (this.tlsAsked = true),
      close: () => {},
    });
    this.deliver();
  }

  /** The client has nothing more to do (it said QUIT and read 221, or gave up). */
  get done(): boolean {
    return this.client.done;
  }

  /** The lines of what the client sends on the next step (a pipelined group or the message text is one send). */
  get next(): readonly string[] {
    const text = this.outbox[0];
    return text === undefined ? [] : text.replace(/\r\n$/, '').split('\r\n');
  }

  /**
   * One step: the client's next send goes to the server and the replies come
   * back to the client, which notes why it does what it does next. With
   * nothing to send, the client is told the server closed, or (once) that
   * its timeout ran out (RFC 5321 §4.5.3.2). Null when nothing happened.
   */
  step(): StepKind | null {
    if (this.client.done) return this.finish();
    const text = this.outbox.shift();
    let kind: StepKind;
    if (text !== undefined) {
      this.feed(text);
      kind = 'sent';
    } else if (this.server.closed && !this.closedTold) {
      this.closedTold = true;
      this.client.closed();
      kind = 'closed';
    } else if (!this.server.closed && !this.timedOut) {
      this.timedOut = true;
      this.client.timeout();
      kind = 'timeout';
    } else return this.finish();
    this.deliver();
    if (this.client.done) this.finish();
    return kind;
  }

  /** Steps until the client is done (or nothing more can happen). */
  run(): this {
    for (let i = 0; i < MAX_EXCHANGES && this.step() !== null; i++) {
      /* one exchange at a time */
    }
    return this;
  }

  /** Stops listening to the server (the conversation is over or abandoned). */
  stop(): void {
    this.unsubscribe();
  }

  private finish(): null {
    this.stop();
    return null;
  }

  /** Hands the client what the server said, then the handshake it asked for; keeps its notes. */
  private deliver() {
    for (;;) {
      if (this.inbox) {
        const text = this.inbox;
        this.inbox = '';
        this.client.receive(text);
      } else if (this.tlsAsked) {
        this.tlsAsked = false;
        const tls = this.server.tls;
        this.client.tlsReady(tls ? `${tls.protocol} ${tls.cipher}` : 'TLS');
      } else break;
      this.collect();
    }
    this.collect();
    // The server hung up with nothing left to read or send: the client learns it now.
    if (this.server.closed && !this.client.done && this.outbox.length === 0 && !this.closedTold) {
      this.closedTold = true;
      this.client.closed();
      this.collect();
    }
  }

  private collect() {
    const log = this.client.log;
    for (; this.logged < log.length; this.logged++) {
      const e = log[this.logged]!;
      if (e.kind === 'note') this.notes.push({ at: this.seen, text: e.text, rfc: e.rfc });
      else if (e.kind === 'bad') this.notes.push({ at: this.seen, text: e.text, rfc: e.why });
    }
  }
}

/** The client against `server`, from its greeting to the end. */
export function converse(input: ClientInput, server: Session): ClientSession {
  const conversation = new Conversation(input, server).run();
  conversation.stop();
  return conversation.client;
}
