/** Shared pieces of the bridge tests: a bridge on a free port, a raw client, curl, bounded waits. */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startBridge,
  type Bridge,
  type BridgeOptions,
  type ProfileId,
} from '../../src/cli/bridge-server.ts';
import type { Session } from '../../src/machines/session.ts';

export interface TestBridge {
  readonly bridge: Bridge;
  readonly port: number;
  readonly spool: string;
  /** JSON lines the bridge logged, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly warnings: string[];
  /** Sessions in the order their connections were served. */
  readonly sessions: Session[];
  /** The port serving `profile` (null: no profile), the first one if several do. */
  portOf(profile: ProfileId | null): number;
  /** The spooled .eml files, sorted by name. */
  files(): string[];
  read(file: string): Buffer;
  stop(): Promise<void>;
}

export async function startTestBridge(options: BridgeOptions = {}): Promise<TestBridge> {
  const spool = mkdtempSync(join(tmpdir(), 'smtp-bridge-test-'));
  const logs: Record<string, unknown>[] = [];
  const warnings: string[] = [];
  const sessions: Session[] = [];
  const bridge = await startBridge({
    port: 0,
    spool,
    log: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    warn: (line) => warnings.push(line),
    onSession: (s) => sessions.push(s),
    // These tests read whole transcripts and mailboxes; a real bridge keeps little (trust.test.ts).
    retain: { transcript: Infinity, mailbox: true },
    ...options,
  });
  return {
    bridge,
    port: bridge.port,
    spool,
    logs,
    warnings,
    sessions,
    portOf(profile) {
      const l = bridge.listeners.find((x) => x.profile === profile);
      if (!l) throw new Error(`no listener with profile ${profile}`);
      return l.port;
    },
    files: () => readdirSync(spool).sort(),
    read: (file) => readFileSync(join(spool, file)),
    async stop() {
      await withTimeout(bridge.close(), 5000, 'bridge.close()');
      rmSync(spool, { recursive: true, force: true });
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 10 ms until it returns true, for at most `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw TCP (or TLS) client that records everything the server sends, as latin1 text. */
export class RawClient {
  readonly socket: Socket;
  received = '';
  /** The server ended its side (FIN). */
  ended = false;
  closed = false;
  error: Error | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (this.received += d));
    socket.on('end', () => (this.ended = true));
    socket.on('close', () => (this.closed = true));
    socket.on('error', (e) => (this.error = e));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return withTimeout(
      new Promise((resolve, reject) => {
        const socket = connect({ port, host });
        socket.once('connect', () => resolve(new RawClient(socket)));
        socket.once('error', reject);
      }),
      3000,
      `connect to ${host}:${port}`,
    );
  }

  /** Implicit TLS (RFC 8314): the handshake first, then the greeting arrives inside it. */
  static openTls(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return withTimeout(
      new Promise((resolve, reject) => {
        const socket = tlsConnect({ port, host, rejectUnauthorized: false });
        socket.once('secureConnect', () => resolve(new RawClient(socket)));
        socket.once('error', reject);
      }),
      3000,
      `TLS connect to ${host}:${port}`,
    );
  }

  /**
   * After `220 Ready to start TLS`: runs the client side of the handshake on
   * this socket and returns a client reading the TLS socket (this one gets
   * nothing more). The certificate is not checked unless `ca` is given.
   */
  startTls(ca?: string): Promise<RawClient> {
    return withTimeout(
      new Promise((resolve, reject) => {
        const socket: TLSSocket = tlsConnect({
          socket: this.socket,
          ...(ca ? { ca, servername: 'localhost' } : { rejectUnauthorized: false }),
        });
        socket.once('secureConnect', () => resolve(new RawClient(socket)));
        socket.once('error', reject);
      }),
      3000,
      'the TLS handshake',
    );
  }

  get tlsSocket(): TLSSocket {
    return this.socket as TLSSocket;
  }

  write(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  /** Waits until `count` complete replies (final lines "ddd ") have arrived in total. */
  async replies(count: number, ms = 3000): Promise<string[]> {
    await until(() => finalLines(this.received).length >= count, ms, `${count} replies`);
    return finalLines(this.received);
  }

  async waitClosed(ms = 3000): Promise<void> {
    await until(() => this.closed, ms, 'the server to close the connection');
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** The last line of each reply (RFC 5321 §4.2.1: "code SP text"). */
export function finalLines(text: string): string[] {
  return text.split('\r\n').filter((l) => /^\d{3}( |$)/.test(l));
}

export function codes(text: string): number[] {
  return finalLines(text).map((l) => Number(l.slice(0, 3)));
}

/** Whether the machine has curl (its SMTP tests are skipped without it). */
export const hasCurl = spawnSync('curl', ['--version'], { timeout: 5000 }).status === 0;

export interface CurlRun {
  /** curl's exit code (0: done; 8: weird server reply; 55: send error...), null if it was killed. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs curl with these arguments, for at most 15 s. */
export function curl(args: string[]): Promise<CurlRun> {
  return new Promise((resolve) => {
    execFile('curl', args, { timeout: 15_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
