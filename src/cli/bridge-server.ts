/**
 * The TCP bridge: real SMTP clients (Nodemailer, curl, swaks, telnet) talk to
 * the simulated server over a socket. One session per connection; each
 * received chunk is fed whole and the replies it produced are written in one
 * write, which is RFC 2920 §3.2's rule for a pipelining server: flush the
 * replies when the input buffer is empty. Line length and message size are
 * enforced by the session (RFC 5321 §4.5.3.1); the bridge adds what only a
 * socket has: a connection cap, an idle timeout and a spool on disk.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSession, type Session } from '../machines/session.ts';
import type { Delivery } from '../machines/types.ts';
import { LIMITS } from '../protocol/limits.ts';
import type { Reply } from '../protocol/replies.ts';
import { DEFAULT_WORLD, type World } from '../protocol/world.ts';

export interface BridgeOptions {
  /** TCP port; 0 picks a free one (read it back from the result). */
  readonly port?: number;
  /** Address to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** Directory for accepted messages (created if missing); none: nothing is written. */
  readonly spool?: string;
  /** Connections served at once; one more gets 421 and is closed. */
  readonly maxConnections?: number;
  /** Largest message accepted, in octets (RFC 1870; at least 64 KiB, RFC 5321 §4.5.3.1.7). */
  readonly maxSize?: number;
  /** Seconds without input before the server says 421 and closes (RFC 5321 §4.5.3.2.7: 5 minutes). */
  readonly idleSeconds?: number;
  /** Other world settings (hostname, users...). */
  readonly world?: Partial<World>;
  /** Where JSON event lines go; stdout by default. */
  readonly log?: (line: string) => void;
  /** Where problems are reported (socket errors, spool failures); stderr by default. */
  readonly warn?: (line: string) => void;
  /** Called for each connection served, with its session (tests, tracing). */
  readonly onSession?: (session: Session, socket: Socket) => void;
}

export interface Bridge {
  readonly port: number;
  readonly host: string;
  /** The simulated server's name (greeting, Received lines). */
  readonly hostname: string;
  /** Stops listening, says 421 to open connections and waits until they are closed. */
  close(): Promise<void>;
  /** Connections being served now. */
  connections(): number;
}

export const DEFAULTS = {
  port: 2525,
  host: '127.0.0.1',
  maxConnections: 20,
  maxSize: DEFAULT_WORLD.maxMessageSize,
  idleSeconds: 300,
} as const;

/** How long a closed-by-us connection may stay half-open before it is destroyed. */
const LINGER_MS = 2000;

/** The spooled-message log line (one JSON object per line on stdout). */
export interface DeliveredEvent {
  readonly event: 'delivered';
  readonly id: string;
  readonly file: string;
  readonly from: string;
  readonly to: string[];
  readonly size: number;
  readonly client: string;
}

/** Checks option values; returns a message for the first bad one, or null. */
export function checkOptions(o: BridgeOptions): string | null {
  const int = (v: number | undefined) => v === undefined || Number.isSafeInteger(v);
  if (!int(o.port) || o.port! < 0 || o.port! > 65535)
    return `--port must be an integer from 0 to 65535 (got ${o.port})`;
  if (o.maxConnections !== undefined && (!int(o.maxConnections) || o.maxConnections < 1))
    return `--max-connections must be a whole number of at least 1 (got ${o.maxConnections})`;
  if (o.maxSize !== undefined && (!int(o.maxSize) || o.maxSize < LIMITS.minMessageSize))
    return `--max-size must be a whole number of octets, at least ${LIMITS.minMessageSize} (RFC 5321 §4.5.3.1.7) (got ${o.maxSize})`;
  if (
    o.idleSeconds !== undefined &&
    !(Number.isFinite(o.idleSeconds) && o.idleSeconds > 0 && o.idleSeconds <= 2_147_483)
  )
    return `--idle must be a positive number of seconds (got ${o.idleSeconds})`;
  if (o.host !== undefined && o.host.trim() === '') return '--host must not be empty';
  if (o.spool !== undefined && o.spool.trim() === '') return '--spool must not be empty';
  return null;
}

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function clientAddressOf(socket: Socket): string | undefined {
  const a = socket.remoteAddress;
  if (!a) return undefined;
  return a.toLowerCase().startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** `2026-11-29T20:20:41.123Z` as `20261129T202041123Z`: sortable, no characters a file system minds. */
function stamp(iso: string): string {
  return iso.replace(/[-:.]/g, '');
}

function writeAll(fd: number, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

/**
 * Writes trace + content to a new file in `dir` and returns its name. The
 * trace is text (UTF-8); the content is written as the bytes received.
 * Synchronous on purpose: the file exists before the 250 reply is written.
 */
function spoolDelivery(dir: string, delivery: Delivery): string {
  const base = `${stamp(delivery.receivedAt)}-${delivery.id}`;
  // Delivery ids count per connection, so two connections can share one: never overwrite.
  for (let n = 1; n < 1000; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}.eml`;
    let fd: number;
    try {
      fd = openSync(join(dir, name), 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      writeAll(fd, Buffer.from(delivery.trace, 'utf8'));
      writeAll(fd, delivery.content);
    } finally {
      closeSync(fd);
    }
    return name;
  }
  throw new Error(`no free file name for ${base}.eml`);
}

interface Connection {
  readonly socket: Socket;
  readonly session: Session;
  ended: boolean;
  /** Writes wire text; ends the socket when the session has closed. */
  send(text: string): void;
  /** Ends the connection from our side (after a 421 or 221). */
  finish(): void;
}

export function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const problem = checkOptions(options);
  if (problem) return Promise.reject(new RangeError(problem));

  const host = options.host ?? DEFAULTS.host;
  const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  const idleMs = Math.round((options.idleSeconds ?? DEFAULTS.idleSeconds) * 1000);
  const world: Partial<World> = {
    ...options.world,
    maxMessageSize: options.maxSize ?? options.world?.maxMessageSize ?? DEFAULTS.maxSize,
  };
  const hostname = world.hostname ?? DEFAULT_WORLD.hostname;
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const spool = options.spool;
  if (spool !== undefined) {
    try {
      mkdirSync(spool, { recursive: true });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  const active = new Set<Connection>();
  let closing = false;

  const safely = (what: string, conn: Connection | null, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      // A bug in the session must not take the server down: drop this connection only.
      warn(`bridge: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      conn?.socket.destroy();
    }
  };

  let connectionCount = 0;

  const onConnection = (socket: Socket) => {
    const clientAddress = clientAddressOf(socket);
    const refuse = closing || active.size >= maxConnections;
    connectionCount++;
    const session = createSession({
      ...(clientAddress ? { clientAddress } : {}),
      world,
      // Queue ids name the connection too, so they differ across connections.
      idPrefix: `${connectionCount.toString(16).toUpperCase()}.`,
      // RFC 5321 §3.1: a server that cannot serve answers 421 instead of 220.
      ...(refuse
        ? { refuse: closing ? ('closingShutdown' as const) : ('closingBusy' as const) }
        : {}),
    });
    const wireOf = (replies: readonly Reply[]) => replies.map((r) => session.wire(r)).join('');

    const conn: Connection = {
      socket,
      session,
      ended: false,
      send(text) {
        if (conn.ended || socket.destroyed) return;
        if (text) {
          // Backpressure: a client that pipelines without reading waits for us.
          if (!socket.write(text)) {
            socket.pause();
            socket.once('drain', () => socket.resume());
          }
        }
        if (session.closed) conn.finish();
      },
      finish() {
        if (conn.ended) return;
        conn.ended = true;
        socket.setTimeout(0);
        socket.end();
        // A client that never closes its side is cut off after a while.
        setTimeout(() => socket.destroy(), LINGER_MS).unref();
      },
    };

    socket.on('error', (e: NodeJS.ErrnoException) => {
      // ECONNRESET, EPIPE...: the client went away. Nothing to answer.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE')
        warn(`bridge: socket error from ${clientAddress ?? '?'}: ${e.message}`);
    });

    if (refuse) {
      safely('refusing a connection', conn, () => conn.send(session.feedWire('')));
      return;
    }

    active.add(conn);
    socket.on('close', () => active.delete(conn));

    if (spool !== undefined) {
      session.subscribe((entry) => {
        if (entry.kind !== 'delivery') return;
        const d = entry.delivery;
        try {
          const file = spoolDelivery(spool, d);
          const event: DeliveredEvent = {
            event: 'delivered',
            id: d.id,
            file: join(spool, file),
            from: d.reversePath,
            to: d.recipients.map((r) => r.text),
            size: d.size,
            client: clientAddress ?? '',
          };
          log(JSON.stringify(event));
        } catch (e) {
          // The session has already said 250; all we can do is say so loudly.
          warn(`bridge: could not spool message ${d.id}: ${(e as Error).message}`);
        }
      });
    }

    options.onSession?.(session, socket);

    socket.setTimeout(idleMs);
    socket.on('timeout', () =>
      safely('idle timeout', conn, () => conn.send(wireOf(session.abort('closingTimeout')))),
    );
    socket.on('data', (chunk: Buffer) => {
      if (conn.ended || session.closed) return; // after 221/421: input is ignored
      safely('reading input', conn, () => conn.send(session.feedWire(chunk)));
    });

    safely('greeting', conn, () => conn.send(session.feedWire('')));
  };

  const server: Server = createServer((socket) => {
    try {
      onConnection(socket);
    } catch (e) {
      warn(`bridge: connection setup failed: ${(e as Error).message}`);
      socket.destroy();
    }
  });

  const close = () =>
    new Promise<void>((resolve) => {
      if (!closing) {
        closing = true;
        for (const conn of active) {
          if (conn.ended) continue;
          // RFC 5321 §3.8: forced to shut down, the server says 421 first.
          safely('shutdown', conn, () => {
            conn.send(
              conn.session
                .abort('closingShutdown')
                .map((r) => conn.session.wire(r))
                .join(''),
            );
            conn.finish();
          });
        }
      }
      server.close(() => resolve());
    });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? DEFAULTS.port, host }, () => {
      server.off('error', reject);
      server.on('error', (e) => warn(`bridge: server error: ${e.message}`));
      const address = server.address() as AddressInfo;
      resolve({
        port: address.port,
        host: address.address,
        hostname,
        close,
        connections: () => active.size,
      });
    });
  });
}
