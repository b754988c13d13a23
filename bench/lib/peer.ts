/**
 * The reference peer: Nodemailer's smtp-server, configured like the simulator
 * (no TLS, no AUTH required, PIPELINING/SIZE/8BITMIME/ENHANCEDSTATUSCODES, the
 * same three local recipients accepted, the message read and dropped), and an
 * in-memory socket to drive one of its connections without TCP.
 *
 * smtp-server hands a socket to `server.connect(socket)` (its public method,
 * also what its own net.Server does after the PROXY check): SMTPConnection
 * pipes the socket into its SMTPStream parser and writes each reply with one
 * `socket.write`. Replies are only written while `socket.readyState` is
 * 'open', so the memory socket says so.
 */
import { Duplex } from 'node:stream';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { RECIPIENTS } from './script.ts';
import { bounded, now } from './util.ts';

const ACCEPTED = new Set(RECIPIENTS);

export const MAX_SIZE = 10 * 1024 * 1024;

export function peerOptions(extra: Partial<SMTPServerOptions> = {}): SMTPServerOptions {
  return {
    name: 'mail.example.test',
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    // The simulator advertises ENHANCEDSTATUSCODES and sends them: so does the peer.
    hideENHANCEDSTATUSCODES: false,
    // No DNS: the simulator has none, and the benchmarks stay on loopback.
    disableReverseLookup: true,
    size: MAX_SIZE,
    logger: false,
    closeTimeout: 1000,
    // Handlers answer synchronously (smtp-server's defaults wait a setImmediate).
    onConnect: (_session, callback) => callback(),
    onMailFrom: (_address, _session, callback) => callback(),
    onRcptTo: (address, _session, callback) => {
      if (ACCEPTED.has(address.address.toLowerCase())) return callback();
      const err = new Error('No such user here') as Error & { responseCode: number };
      err.responseCode = 550;
      callback(err);
    },
    onData: (stream, _session, callback) => {
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
      });
      stream.on('end', () => callback(null, `OK: ${size} octets`));
    },
    ...extra,
  };
}

/**
 * A socket in memory: what the client "sends" is pulled from a list of chunks
 * (only after `start()`, as a client waits for the greeting), what the server
 * writes is counted as replies (one write per reply in smtp-server). With
 * `gates`, chunk i is only sent once gates[i] replies (greeting not counted)
 * have come back, as a client that waits for replies between turns.
 */
export class MemorySocket extends Duplex {
  readyState = 'open';
  readonly remoteAddress = '127.0.0.1';
  readonly remotePort = 40000;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 25;
  replies = 0;
  errors = 0;
  firstError = '';
  private next = 0;
  private started = false;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(
    private readonly input: readonly Uint8Array[],
    private readonly gates?: readonly number[],
  ) {
    super();
  }

  setTimeout(): this {
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /** Resolves once `count` replies have been written. */
  replied(count: number): Promise<void> {
    if (this.replies >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  override _read(): void {
    if (this.started) this.pump();
  }

  private pump() {
    while (this.next < this.input.length) {
      if (this.gates && this.replies - 1 < this.gates[this.next]!) return;
      if (!this.push(this.input[this.next++])) return;
    }
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.replies++;
    if (chunk[0]! >= 0x34 /* '4' */ && this.errors++ === 0) this.firstError = chunk.toString();
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.replies >= this.waiters[i]!.count) this.waiters.splice(i, 1)[0]!.resolve();
    }
    if (this.gates && this.started) this.pump();
    callback();
  }

  override _final(callback: () => void): void {
    this.readyState = 'closed';
    callback();
  }
}

export interface PeerRun {
  /** Milliseconds from the first input byte to the last expected reply. */
  readonly ms: number;
  readonly replies: number;
  readonly errors: number;
  readonly firstError: string;
  /** The socket, kept for memory measurements. */
  readonly socket: MemorySocket;
}

/**
 * One connection: waits for the greeting (smtp-server holds it back 100 ms to
 * catch early talkers; not timed), then feeds `input` and times until
 * `expectedReplies` more replies have been written. `gates`: see MemorySocket.
 */
export async function runPeerSession(
  server: SMTPServer,
  input: readonly Uint8Array[],
  expectedReplies: number,
  limitMs: number,
  gates?: readonly number[],
): Promise<PeerRun> {
  const socket = new MemorySocket(input, gates);
  server.connect(socket as never);
  await bounded(socket.replied(1), 5000, 'smtp-server greeting');
  const start = now();
  socket.start();
  await bounded(socket.replied(1 + expectedReplies), limitMs, 'smtp-server session');
  const ms = now() - start;
  socket.push(null);
  return {
    ms,
    replies: socket.replies - 1,
    errors: socket.errors,
    firstError: socket.firstError,
    socket,
  };
}

export function createPeer(extra: Partial<SMTPServerOptions> = {}): SMTPServer {
  const server = new SMTPServer(peerOptions(extra));
  server.on('error', () => {
    /* connection errors are counted through the replies */
  });
  return server;
}
