/**
 * The TCP bridge: real SMTP clients (Nodemailer, curl, swaks, telnet) talk to
 * the simulated server over a socket. One session per connection; each
 * received chunk is fed whole and the replies it produced are written in one
 * write, which is RFC 2920 §3.2's rule for a pipelining server: flush the
 * replies when the input buffer is empty. Line length and message size are
 * enforced by the session (RFC 5321 §4.5.3.1); the bridge adds what only a
 * socket has: a connection cap, an idle timeout, a spool on disk and real TLS.
 *
 * One bridge can listen on several ports, each with a server profile
 * (src/protocol/profiles.ts: relay, submission, submissions, alternate). TLS
 * is real: a self-signed certificate is made in memory at start. STARTTLS
 * (RFC 3207) upgrades the socket after `220 Ready to start TLS`; on an
 * implicit-TLS port (RFC 8314 §3.3) the handshake comes first and the session,
 * greeting included, runs inside it.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { createSession, type Session } from '../machines/session.ts';
import type { Delivery, TlsInfo } from '../machines/types.ts';
import type { Reply } from '../protocol/replies.ts';
import { makeWorld } from '../protocol/world.ts';
import {
  checkOptions,
  DEFAULTS,
  tlsModeOf,
  worldFor,
  type Bridge,
  type BridgeListener,
  type BridgeOptions,
  type DeliveredEvent,
  type LabWatch,
  type ListenSpec,
  type TlsCredentials,
} from './bridge-options.ts';
import { selfSignedCertificate, type Credentials } from './certificate.ts';
import { Spool } from './spool.ts';
import { startMailboxPorts } from './mailbox-ports.ts';
import { UnitTimer } from './bridge-unit-timer.ts';
import { warmUp } from './bridge-warm.ts';

export * from './bridge-options.ts';

/**
 * Transcript entries a bridge session keeps: none. Listeners (logging, tests) see every entry;
 * kept ones would outlive the young generation and make old-space garbage, one connection each.
 */
const TRANSCRIPT_KEPT = 0;

/** How long a closed-by-us connection may stay half-open before it is destroyed. */
const LINGER_MS = 2000;

/** Longest wait for a TLS handshake to finish (a stalled one is cut off sooner if --idle is shorter). */
const HANDSHAKE_MS = 30_000;

/** `::ffff:127.0.0.1` (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function clientAddressOf(socket: Socket): string | undefined {
  const a = socket.remoteAddress;
  if (!a) return undefined;
  return a.toLowerCase().startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

interface Connection {
  /** The TCP socket accepted. */
  readonly raw: Socket;
  /** Where replies are written: the TCP socket, or the TLS socket over it. */
  socket: Socket;
  /** Null until the session starts (on an implicit-TLS port: after the handshake). */
  session: Session | null;
  /** Counted against --max-connections (refused connections are not). */
  readonly counted: boolean;
  /** A TLS handshake is under way: nothing is read or written by the session. */
  handshaking: boolean;
  /** Something was written: the greeting (or a refusal) goes first. */
  greeted: boolean;
  ended: boolean;
  /** Writes wire text; ends the socket when the session has closed. */
  send(text: string): void;
  /** Ends the connection from our side (after a 421 or 221). */
  finish(): void;
}

/** Errors that only mean the client went away. */
const GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

export async function startBridge(options: BridgeOptions = {}): Promise<Bridge> {
  const problem = checkOptions(options);
  if (problem) throw new RangeError(problem);

  const host = options.host ?? DEFAULTS.host;
  const maxConnections = options.maxConnections ?? DEFAULTS.maxConnections;
  const idleSeconds = options.idleSeconds ?? DEFAULTS.idleSeconds;
  const dataSeconds = options.dataSeconds ?? DEFAULTS.dataSeconds;
  const idleMs = Math.round(idleSeconds * 1000);
  const handshakeMs = Math.min(idleMs, HANDSHAKE_MS);
  const specs: readonly ListenSpec[] = options.listen ?? [
    {
      port: options.port ?? DEFAULTS.port,
      ...(options.profile ? { profile: options.profile } : {}),
    },
  ];
  const ports = specs.map((spec) => {
    const world = worldFor(spec.profile, options);
    return { spec, world, tls: tlsModeOf(world) };
  });
  const hostname = makeWorld(options.world).hostname;
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const spoolDir = options.spool;
  if (spoolDir !== undefined) mkdirSync(spoolDir, { recursive: true });
  const spool = spoolDir === undefined ? null : new Spool(spoolDir, options.spoolIo);
  // POP3 and IMAP (--pop3, --imap) read what the SMTP port delivers.
  const mailboxes = await startMailboxPorts(options, ports[0]!.world, host, maxConnections, warn);
  if (ports.some((p) => p.world.dataEnding === 'lenient'))
    warn(
      'bridge: WARNING: lenient data ending is on: <LF>.<LF> ends a message, so SMTP smuggling works against this server (RFC 5321 §4.1.1.4 allows only <CRLF>.<CRLF>). Use it only to demonstrate the attack.',
    );

  // One certificate for all ports, made only if some port does TLS.
  let certificate: Bridge['certificate'] = null;
  let secureContext: SecureContext | null = null;
  if (ports.some((p) => p.tls !== 'none')) {
    let credentials: TlsCredentials & Partial<Credentials> = options.tls ?? {
      ...selfSignedCertificate({ hostname }),
    };
    if (credentials.subject === undefined) {
      const x509 = new X509Certificate(credentials.cert);
      credentials = {
        ...credentials,
        subject: x509.subject.replace(/\n/g, ', '),
        fingerprint256: x509.fingerprint256,
      };
    }
    secureContext = createSecureContext({ key: credentials.key, cert: credentials.cert });
    certificate = {
      pem: credentials.cert,
      subject: credentials.subject!,
      fingerprint256: credentials.fingerprint256!,
    };
  }

  const connections = new Set<Connection>();
  let closing = false;
  let connectionCount = 0;
  const served = () => [...connections].filter((c) => c.counted).length;

  /** A bug in the session must not take the server down: drop this connection only. */
  const failed = (what: string, conn: Connection | null, e: unknown) => {
    warn(`bridge: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    conn?.socket.destroy();
    conn?.raw.destroy();
  };
  const safely = (what: string, conn: Connection | null, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      failed(what, conn, e);
    }
  };

  /** What the session is told about a finished handshake: the real protocol, cipher and certificate. */
  const tlsInfoOf = (socket: TLSSocket): TlsInfo => ({
    protocol: socket.getProtocol() ?? 'TLS',
    cipher: socket.getCipher()?.standardName ?? socket.getCipher()?.name ?? 'unknown',
    certificate: certificate!.subject,
    simulated: false,
  });

  const onConnection = (raw: Socket, port: (typeof ports)[number]) => {
    // Replies go out at once: with Nagle's algorithm a reply written while the
    // previous one is unacknowledged waits for the client's (delayed) ACK.
    raw.setNoDelay(true);
    const clientAddress = clientAddressOf(raw);
    const who = clientAddress ?? '?';
    const refuse = closing
      ? ('closingShutdown' as const)
      : served() >= maxConnections
        ? ('closingBusy' as const)
        : null;
    connectionCount++;
    const number = connectionCount;
    const accepted = new Date();
    // Queue ids name the connection too, so they differ across connections.
    const idPrefix = `${connectionCount.toString(16).toUpperCase()}.`;

    const conn: Connection = {
      raw,
      socket: raw,
      session: null,
      counted: refuse === null,
      handshaking: false,
      greeted: false,
      ended: false,
      send(text) {
        const socket = conn.socket;
        if (conn.ended || socket.destroyed) return;
        if (text) {
          conn.greeted = true;
          // Backpressure: a client that pipelines without reading waits for us.
          if (!socket.write(text)) {
            socket.pause();
            socket.once('drain', () => {
              if (conn.socket === socket && !conn.handshaking) socket.resume();
            });
          }
        }
        if (conn.session?.closed) conn.finish();
      },
      finish() {
        if (conn.ended) return;
        conn.ended = true;
        unit.stop();
        const socket = conn.socket;
        socket.setTimeout(0);
        socket.end(); // on TLS: close_notify, then FIN
        // A client that never closes its side is cut off after a while.
        setTimeout(() => {
          socket.destroy();
          raw.destroy();
        }, LINGER_MS).unref();
      },
    };
    connections.add(conn);
    raw.on('close', () => connections.delete(conn));
    raw.on('error', (e: NodeJS.ErrnoException) => {
      // ECONNRESET, EPIPE...: the client went away. Nothing to answer.
      if (!GONE.has(e.code ?? '')) warn(`bridge: socket error from ${who}: ${e.message}`);
    });

    /** Reads commands from `socket` into the session; upgrades to TLS after `220 Ready to start TLS`. */
    const read = (session: Session, socket: Socket) => {
      socket.setTimeout(idleMs);
      const onTimeout = () =>
        safely('idle timeout', conn, () =>
          conn.send(wireOf(session, session.abort('closingTimeout'))),
        );
      /** RFC 3207 §4: after `220 Ready to start TLS` the bytes are the TLS handshake, not commands. */
      const startTls = (text: string) => {
        // The session dropped whatever followed STARTTLS in this chunk.
        socket.off('data', onData);
        socket.off('timeout', onTimeout);
        socket.setTimeout(0);
        socket.pause();
        conn.handshaking = true;
        // The 220 must be on the wire, in plaintext, before the first TLS record.
        socket.write(text, (e) => {
          if (e || socket.destroyed || conn.ended) return socket.destroy();
          safely('TLS setup', conn, () =>
            handshake((info) => {
              read(session, conn.socket);
              conn.send(wireOf(session, session.tlsEstablished(info)));
            }),
          );
        });
      };
      const onData = (chunk: Buffer) => {
        if (conn.ended || conn.handshaking || session.closed) return; // after 221/421: input is ignored
        // try/catch here rather than `safely` and a closure: this runs for every chunk.
        try {
          watch?.input(chunk.length, conn.greeted);
          const text = session.feedWire(chunk);
          unit.time(session);
          if (session.awaitingTls) startTls(text);
          else conn.send(text);
        } catch (e) {
          failed('reading input', conn, e);
        }
      };
      socket.on('timeout', onTimeout);
      socket.on('data', onData);
    };

    /**
     * Runs a server-side TLS handshake over the current socket. Bytes the client
     * sent early (its ClientHello, already buffered) are read by the TLS socket.
     */
    const handshake = (then: (info: TlsInfo) => void) => {
      const plain = conn.socket;
      conn.handshaking = true;
      const secure = new TLSSocket(plain, {
        isServer: true,
        secureContext: secureContext!,
        requestCert: false,
      });
      conn.socket = secure;
      const timer = setTimeout(() => {
        if (conn.handshaking) secure.destroy();
      }, handshakeMs).unref();
      secure.on('error', (e: NodeJS.ErrnoException) => {
        if (GONE.has(e.code ?? '')) return;
        warn(
          conn.handshaking
            ? `bridge: TLS handshake with ${who} failed: ${e.message}`
            : `bridge: TLS error from ${who}: ${e.message}`,
        );
        secure.destroy();
      });
      secure.on('close', () => {
        clearTimeout(timer);
        connections.delete(conn);
        raw.destroy();
      });
      secure.once('secure', () => {
        clearTimeout(timer);
        conn.handshaking = false;
        safely('TLS handshake', conn, () => then(tlsInfoOf(secure)));
      });
    };

    /** Spools the messages of one reply (all or none) and logs each; throws if they cannot be. */
    const stored = (deliveries: readonly Delivery[]): string[] => {
      let files: string[];
      try {
        files = spool!.storeAll(deliveries);
      } catch (e) {
        warn(
          `bridge: could not spool ${deliveries.map((d) => d.id).join(', ')}: ${(e as Error).message} (answered 451)`,
        );
        throw e;
      }
      deliveries.forEach((d, i) => {
        const event: DeliveredEvent = {
          event: 'delivered',
          id: d.id,
          file: join(spool!.dir, files[i]!),
          from: d.reversePath,
          to: d.recipients.map((r) => r.text),
          size: d.size,
          client: clientAddress ?? '',
        };
        log(JSON.stringify(event));
      });
      return files.map((f) => join(spool!.dir, f));
    };

    /** A command line or message text must be complete in time (bridge-unit-timer.ts). */
    const unit = new UnitTimer({ command: idleSeconds, data: dataSeconds }, (kind, seconds) => {
      const session = conn.session;
      const why = kind === 'data' ? 'closingSlowData' : 'closingSlowCommand';
      if (session)
        safely('time limit', conn, () =>
          conn.send(wireOf(session, session.abort(why, { seconds }))),
        );
    });
    raw.on('close', () => unit.stop());

    /** Lab mode's watch on this connection. */
    let watch: LabWatch | null = null;

    /** Creates the session (after the handshake on an implicit-TLS port) and greets. */
    const begin = (implicitTls: TlsInfo | undefined) => {
      const session = createSession({
        ...(clientAddress ? { clientAddress } : {}),
        world: port.world,
        tls: 'external',
        ...(implicitTls ? { implicitTls } : {}),
        idPrefix,
        // Nobody reads the transcript's copy of message text here (the spool has the bytes),
        // except lab mode, which reads each text once for its line ends and dots.
        transcriptContentLimit: options.lab ? port.world.maxMessageSize : 256,
        retain: options.retain ?? { transcript: TRANSCRIPT_KEPT, mailbox: false },
        // RFC 5321 §6.1: the file is on disk before the 250 goes out; if it cannot be, 451.
        ...(spool || mailboxes
          ? {
              store: (deliveries: readonly Delivery[]) => {
                const files = spool ? stored(deliveries) : null;
                mailboxes?.deliver(deliveries, files);
              },
            }
          : {}),
        // RFC 5321 §3.1: a server that cannot serve answers 421 instead of 220.
        ...(refuse ? { refuse } : {}),
      });
      conn.session = session;
      if (refuse) return conn.send(session.feedWire(''));

      options.onSession?.(session, conn.socket);
      const lab = options.lab;
      if (lab) {
        const w = lab.open(session, {
          number,
          port: raw.localPort ?? port.spec.port,
          profile: port.spec.profile ?? null,
          client: clientAddress ?? '',
          started: accepted,
        });
        watch = w;
        raw.on('close', () => w.closed());
      }
      read(session, conn.socket);
      const greet = () => conn.send(session.feedWire(''));
      if (!lab || lab.greetingDelayMs <= 0) return greet();
      // Input that comes first is answered at once, the greeting ahead of its replies.
      const timer = setTimeout(() => safely('greeting', conn, greet), lab.greetingDelayMs);
      raw.on('close', () => clearTimeout(timer));
    };

    // RFC 8314 §3.3: on an implicit-TLS port the handshake comes first, even for a refusal.
    if (port.tls === 'implicit') safely('TLS setup', conn, () => handshake(begin));
    else safely('greeting', conn, () => begin(undefined));
  };

  const wireOf = (session: Session, replies: readonly Reply[]) =>
    replies.map((r) => session.wire(r)).join('');

  const servers: Server[] = [];
  const listeners: BridgeListener[] = [];
  const listen = (port: (typeof ports)[number]) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer((socket) => {
        try {
          onConnection(socket, port);
        } catch (e) {
          warn(`bridge: connection setup failed: ${(e as Error).message}`);
          socket.destroy();
        }
      });
      server.once('error', reject);
      server.listen({ port: port.spec.port, host }, () => {
        server.off('error', reject);
        server.on('error', (e) => warn(`bridge: server error: ${e.message}`));
        servers.push(server);
        listeners.push({
          port: (server.address() as AddressInfo).port,
          profile: port.spec.profile ?? null,
          tls: port.tls,
          world: port.world,
        });
        resolve();
      });
    });

  const closeServers = () =>
    Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));

  try {
    // In order, so `listeners` is in the order asked for.
    for (const port of ports) await listen(port);
  } catch (e) {
    await Promise.all([closeServers(), mailboxes?.close()]);
    throw e;
  }

  // After listening: connections are served between the warm-up's batches.
  const warming = options.warmUp
    ? warmUp(
        ports.map((p) => p.world),
        options.warmUp,
      )
    : null;

  const close = () => {
    warming?.stop();
    if (!closing) {
      closing = true;
      for (const conn of connections) {
        if (conn.ended) continue;
        const session = conn.session;
        if (conn.handshaking || session === null) {
          // Mid-handshake there is no channel to say 421 on.
          conn.socket.destroy();
          conn.raw.destroy();
          continue;
        }
        // RFC 5321 §3.8: forced to shut down, the server says 421 first.
        safely('shutdown', conn, () => {
          conn.send(wireOf(session, session.abort('closingShutdown')));
          conn.finish();
        });
      }
    }
    return Promise.all([closeServers(), mailboxes?.close()]).then(() => undefined);
  };

  const address = servers[0]!.address() as AddressInfo;
  return {
    port: listeners[0]!.port,
    host: address.address,
    hostname,
    listeners,
    certificate,
    retrieval: mailboxes?.ports ?? [],
    close,
    connections: served,
  };
}
