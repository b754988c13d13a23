/**
 * A running client: the client machine (client.ts) in the compiled runner,
 * fed the server's wire text, its own lines and notes kept in order. The
 * transport is given: the in-page server (conversation.ts) or a TCP socket
 * (cli/send.ts).
 */
import { CompiledMachine, Runner } from './compiled.ts';
import { clientMachine, initialClientContext } from './client.ts';
import { asReply, ReplyReader, type SyntaxProblem } from '../protocol/conformance-reader.ts';
import { RULES } from '../protocol/conformance.ts';
import {
  resultOf,
  type ClientContext,
  type ClientEmitted,
  type ClientEvent,
  type ClientInput,
  type ClientResult,
} from '../protocol/client/state.ts';
import { timeoutFor } from '../protocol/client/timeouts.ts';

let compiled: CompiledMachine<ClientContext, ClientEvent, ClientEmitted> | null = null;

/** One line of the client's log: what it sent, what it read, why, and the TLS and closing events. */
export type ClientLogEntry =
  | { readonly kind: 'client' | 'server' | 'tls' | 'closed'; readonly text: string }
  | { readonly kind: 'note'; readonly text: string; readonly rfc: string }
  | { readonly kind: 'bad'; readonly text: string; readonly why: string };

/**
 * The reader's findings the client's log shows: a line that is not a reply, or a reply broken
 * the same way in every era. A code outside 2yz-5yz is not one of them (MTP's 1yz are replies),
 * nor a missing text.
 */
const SHOWN = new Set(['reply-crlf', 'reply-same-code', 'reply-separator', 'reply-text']);
const shown = (p: SyntaxProblem) =>
  SHOWN.has(p.rule) || (p.rule === 'reply-code' && !/^\d{3}/.test(p.line));

export interface ClientTransport {
  /** Wire text to the server. */
  send(text: string): void;
  /** The 220 to STARTTLS came: start the handshake, then call `tlsReady`. */
  starttls(): void;
  /** The client is done with the connection. */
  close(): void;
}

export class ClientSession {
  readonly log: ClientLogEntry[] = [];
  private readonly reader = new ReplyReader();
  private readonly runner: Runner<ClientContext, ClientEvent, ClientEmitted>;

  constructor(
    input: ClientInput,
    private readonly transport: ClientTransport,
  ) {
    compiled ??= new CompiledMachine(clientMachine);
    this.runner = new Runner(compiled, initialClientContext(input), (e) => this.emitted(e));
    this.runner.start({ type: 'xstate.init' } as unknown as ClientEvent);
  }

  /** Text the server sent: each complete reply goes to the machine, in order. */
  receive(text: string): void {
    for (const read of this.reader.push(text)) {
      if (this.done) break;
      for (const p of read.problems.filter(shown))
        this.log.push({
          kind: 'bad',
          text: p.line,
          why: `${RULES[p.rule].says} (${RULES[p.rule].rfc})`,
        });
      const reply = asReply(read);
      if (!reply) continue;
      for (const line of read.lines) this.log.push({ kind: 'server', text: line });
      this.runner.send({ type: 'client.reply', reply });
    }
  }

  tlsReady(info = 'TLS'): void {
    this.log.push({ kind: 'tls', text: info });
    this.runner.send({ type: 'client.tls' });
  }

  timeout(): void {
    this.runner.send({ type: 'client.timeout' });
  }

  closed(): void {
    if (this.done) return;
    this.log.push({ kind: 'closed', text: 'the server closed the connection' });
    this.runner.send({ type: 'client.closed' });
  }

  /** The machine's state: which reply it waits for (for the pictures and the timeouts). */
  get state(): string {
    return this.runner.leaf.name;
  }

  /** How long to wait in this state before `timeout` (RFC 5321 §4.5.3.2). */
  get timeoutSeconds(): number {
    return timeoutFor(this.state).seconds;
  }

  get done(): boolean {
    return this.runner.status !== 'active';
  }

  get context(): ClientContext {
    return this.runner.context;
  }

  get result(): ClientResult {
    return resultOf(this.runner.context);
  }

  /** Why the session ended early, if it did. */
  get ended(): string | null {
    return this.runner.context.ended;
  }

  get error(): unknown {
    return this.runner.error;
  }

  private emitted(e: ClientEmitted) {
    switch (e.type) {
      case 'client.send':
        for (const line of e.lines) this.log.push({ kind: 'client', text: line });
        this.transport.send(e.text);
        return;
      case 'client.note':
        this.log.push({ kind: 'note', text: e.text, rfc: e.rfc });
        return;
      case 'client.starttls':
        this.transport.starttls();
        return;
      case 'client.close':
        this.transport.close();
    }
  }
}
