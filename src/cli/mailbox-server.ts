/**
 * The bridge's retrieval ports: POP3 (RFC 1939) and IMAP (RFC 9051) over TCP,
 * reading the mailboxes the SMTP port delivers into. One session per
 * connection; each chunk is fed whole and the responses written at once.
 * The session bounds lines and errors; the server adds a connection cap, an
 * autologout timer (RFC 1939 §3: at least 10 minutes, and then the server
 * closes without a response and without UPDATE; RFC 9051 §5.4: at least 30
 * minutes) and a shutdown that says goodbye.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What the server needs of a POP3 or IMAP session. */
export interface RetrievalSession {
  /** The greeting. */
  start(): Uint8Array;
  feed(input: Uint8Array): Uint8Array;
  /** The server closes (shutdown): the farewell to send. */
  abort(text: string): Uint8Array;
  /** The connection is gone (locks released). */
  end(): void;
  readonly closed: boolean;
}

export type RetrievalProtocol = 'pop3' | 'imap';

export interface RetrievalOptions {
  readonly protocol: RetrievalProtocol;
  readonly port: number;
  readonly host: string;
  readonly maxConnections: number;
  /** Seconds without input before the connection is closed. */
  readonly idleSeconds: number;
  readonly session: () => RetrievalSession;
  /** What a connection over the cap is told before it is closed. */
  readonly busy: string;
  readonly warn: (line: string) => void;
}

export interface RetrievalServer {
  readonly protocol: RetrievalProtocol;
  readonly port: number;
  close(): Promise<void>;
}

/** RFC 1939 §3 and RFC 9051 §5.4: the shortest autologout each allows. */
export const AUTOLOGOUT_SECONDS: Readonly<Record<RetrievalProtocol, number>> = {
  pop3: 600,
  imap: 1800,
};

const GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const LINGER_MS = 2000;

export function startRetrieval(o: RetrievalOptions): Promise<RetrievalServer> {
  const open = new Map<Socket, RetrievalSession | null>();
  let closing = false;

  const finish = (socket: Socket) => {
    socket.setTimeout(0);
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };

  const serve = (socket: Socket) => {
    socket.setNoDelay(true);
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (!GONE.has(e.code ?? '')) o.warn(`bridge: ${o.protocol} socket error: ${e.message}`);
    });
    const served = [...open.values()].filter((s) => s !== null).length;
    if (closing || served >= o.maxConnections) {
      socket.end(o.busy);
      open.set(socket, null);
      socket.on('close', () => open.delete(socket));
      return;
    }
    const session = o.session();
    open.set(socket, session);
    const safely = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (e) {
        // A bug in a session must not take the bridge down: this connection only.
        o.warn(
          `bridge: ${o.protocol} ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
        socket.destroy();
      }
    };
    const send = (bytes: Uint8Array) => {
      if (socket.destroyed) return;
      if (bytes.length > 0 && !socket.write(bytes)) {
        // Backpressure: a client that sends without reading waits for us.
        socket.pause();
        socket.once('drain', () => socket.resume());
      }
      if (session.closed) finish(socket);
    };
    socket.on('close', () => {
      open.delete(socket);
      safely('end', () => session.end());
    });
    // Autologout: close without a response (RFC 1939 §3), nothing removed.
    socket.setTimeout(Math.max(o.idleSeconds, AUTOLOGOUT_SECONDS[o.protocol]) * 1000);
    socket.on('timeout', () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      if (session.closed) return;
      safely('reading input', () => send(session.feed(chunk)));
    });
    safely('greeting', () => send(session.start()));
  };

  const server: Server = createServer((socket) => {
    try {
      serve(socket);
    } catch (e) {
      o.warn(`bridge: ${o.protocol} connection setup failed: ${(e as Error).message}`);
      socket.destroy();
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: o.port, host: o.host }, () => {
      server.off('error', reject);
      server.on('error', (e) => o.warn(`bridge: ${o.protocol} server error: ${e.message}`));
      resolve({
        protocol: o.protocol,
        port: (server.address() as AddressInfo).port,
        close() {
          closing = true;
          for (const [socket, session] of open) {
            if (session === null || session.closed) continue;
            try {
              socket.write(session.abort('server shutting down'));
            } catch {
              // Nothing more to say on a broken session.
            }
            finish(socket);
          }
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}
