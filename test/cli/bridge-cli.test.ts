import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type BridgeIo } from '../../src/cli/bridge.ts';
import { recordIo, type RecordedIo } from '../../src/cli/io.ts';
import { until, withTimeout } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const ENTRY = join('src', 'cli', 'bridge.ts');

interface Cli {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The bridge's main() run in this process, with its output recorded and signals sent by hand. */
interface InProcess {
  readonly io: RecordedIo;
  /** main()'s exit code, once it returns. */
  readonly exit: Promise<number>;
  /** Delivers a signal to the handler main() registered (throws if none is). */
  signal(name: NodeJS.Signals): void;
  /** Whether main() is listening for signals now. */
  listening(): boolean;
}

const running: Cli[] = [];
const inProcess: InProcess[] = [];
const dirs: string[] = [];

/** Runs the entry the way `npm run smtp` does (tsx), without npm in between. */
function run(args: string[]): Cli {
  const child = spawn(process.execPath, [TSX, ENTRY, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cli: Cli = {
    child,
    stdout: '',
    stderr: '',
    exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal }))),
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (cli.stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (cli.stderr += d));
  running.push(cli);
  return cli;
}

/** Runs the bridge's main() in this process: the options, the output and the exit code, without a process. */
function runHere(args: string[]): InProcess {
  const io = recordIo();
  let handler: ((signal: NodeJS.Signals) => void) | null = null;
  const bridgeIo: BridgeIo = {
    stdout: io.stdout,
    stderr: io.stderr,
    onSignal(h) {
      handler = h;
      return () => {
        if (handler === h) handler = null;
      };
    },
  };
  const cli: InProcess = {
    io,
    exit: main(args, bridgeIo),
    signal(name) {
      if (!handler) throw new Error(`main() does not listen for ${name}`);
      handler(name);
    },
    listening: () => handler !== null,
  };
  inProcess.push(cli);
  return cli;
}

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await withTimeout(cli.exit, 5000, 'the CLI to die').catch(() => {});
    }
  }
  for (const cli of inProcess.splice(0)) {
    if (cli.listening()) cli.signal('SIGTERM');
    await withTimeout(cli.exit, 5000, 'the bridge to close').catch(() => {});
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bridge CLI, as a process (the wiring: argv, output, signals, exit code)', () => {
  it('serves on --port 0, spools a message, and exits 0 on SIGTERM', async () => {
    const spool = mkdtempSync(join(tmpdir(), 'smtp-bridge-cli-'));
    dirs.push(spool);
    const cli = run(['--port', '0', '--spool', join(spool, 'new')]);
    await until(() => /listening/.test(cli.stdout), 20_000, `the listening line (${cli.stderr})`);
    const m = /^SMTP bridge listening on 127\.0\.0\.1:(\d+) \(mail\.example\.test\)$/m.exec(
      cli.stdout,
    );
    expect(m).not.toBeNull();
    const port = Number(m![1]);
    expect(port).toBeGreaterThan(0);

    const info = await withTimeout(
      nodemailer
        .createTransport({
          host: '127.0.0.1',
          port,
          secure: false,
          ignoreTLS: true,
          name: 'client.test',
        })
        .sendMail({
          from: 'alice@example.test',
          to: 'bob@example.test',
          subject: 'from the CLI test',
          text: '.dot\nplain\n',
        }),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(['bob@example.test']);

    await until(() => /"event":"delivered"/.test(cli.stdout), 5000, 'the delivered line');
    const event = JSON.parse(cli.stdout.split('\n').find((l) => l.startsWith('{'))!) as Record<
      string,
      unknown
    >;
    expect(event).toMatchObject({
      event: 'delivered',
      from: '<alice@example.test>',
      to: ['<bob@example.test>'],
      client: '127.0.0.1',
    });
    const files = readdirSync(join(spool, 'new'));
    expect(files).toHaveLength(1);
    expect(event.file).toBe(join(spool, 'new', files[0]!));
    const eml = readFileSync(join(spool, 'new', files[0]!), 'utf8');
    expect(eml).toMatch(/^Return-Path: <alice@example\.test>\r\nReceived: from client\.test /);
    expect(eml).toContain('\r\n\r\n.dot\r\nplain\r\n');

    cli.child.kill('SIGTERM');
    const exit = await withTimeout(cli.exit, 10_000, 'the CLI to exit after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(cli.stderr).toBe('smtp bridge: SIGTERM, closing\n');
  }, 40_000);
});

describe('bridge CLI, main() in process', () => {
  it('serves several --listen ports, one profile each, and says so per port', async () => {
    const cli = runHere(['--listen', '0:submission', '--listen', '0:submissions', '--listen', '0']);
    await until(
      () =>
        (cli.io.out.match(/listening/g) ?? []).length === 3 && /TLS certificate/.test(cli.io.out),
      20_000,
      `three listening lines (${cli.io.err})`,
    );
    const lines = cli.io.out.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^SMTP bridge listening on 127\.0\.0\.1:\d+ \(mail\.example\.test, profile submission: STARTTLS, AUTH required\)$/,
    );
    expect(lines[1]).toMatch(
      /^SMTP bridge listening on 127\.0\.0\.1:\d+ \(mail\.example\.test, profile submissions: implicit TLS, AUTH required\)$/,
    );
    expect(lines[2]).toMatch(/^SMTP bridge listening on 127\.0\.0\.1:\d+ \(mail\.example\.test\)$/);
    expect(lines[3]).toMatch(
      /^TLS certificate: CN=mail\.example\.test, self-signed, SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/,
    );
    const [submission, submissions] = lines.slice(0, 2).map((l) => Number(/:(\d+) /.exec(l)![1]));

    const info = await withTimeout(
      nodemailer
        .createTransport({
          host: '127.0.0.1',
          port: submissions!,
          secure: true,
          auth: { user: 'alice', pass: 'wonderland' },
          tls: { rejectUnauthorized: false },
          name: 'client.test',
        })
        .sendMail({ from: 'alice@example.test', to: 'bob@example.test', text: 'hi\n' }),
      10_000,
      'sendMail over implicit TLS',
    );
    expect(info.accepted).toEqual(['bob@example.test']);
    const refused = await withTimeout(
      nodemailer
        .createTransport({
          host: '127.0.0.1',
          port: submission!,
          requireTLS: true,
          tls: { rejectUnauthorized: false },
          name: 'client.test',
        })
        .sendMail({ from: 'alice@example.test', to: 'bob@example.test', text: 'hi\n' })
        .then(
          () => null,
          (e: { responseCode?: number }) => e,
        ),
      10_000,
      'sendMail without AUTH',
    );
    expect(refused).toMatchObject({ responseCode: 530 });

    cli.signal('SIGTERM');
    expect(await withTimeout(cli.exit, 10_000, 'exit')).toBe(0);
    expect(cli.io.err).toBe('smtp bridge: SIGTERM, closing\n');
    expect(cli.listening()).toBe(false);
  }, 40_000);

  it('serves --port with --profile', async () => {
    const cli = runHere(['--port', '0', '--profile', 'relay']);
    await until(() => /TLS certificate/.test(cli.io.out), 20_000, `the lines (${cli.io.err})`);
    expect(cli.io.out).toMatch(
      /^SMTP bridge listening on 127\.0\.0\.1:\d+ \(mail\.example\.test, profile relay: STARTTLS\)$/m,
    );
    cli.signal('SIGINT');
    expect(await withTimeout(cli.exit, 10_000, 'exit')).toBe(0);
    expect(cli.io.err).toBe('smtp bridge: SIGINT, closing\n');
  }, 30_000);

  it('exits 1 at once on a second signal, while a connection keeps it closing', async () => {
    const cli = runHere(['--port', '0']);
    await until(() => /listening/.test(cli.io.out), 20_000, `the listening line (${cli.io.err})`);
    const port = Number(/:(\d+) /.exec(cli.io.out)![1]);
    // A client that does not close its side when the server closes: the bridge waits for it.
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let received = '';
    client.setEncoding('latin1').on('data', (d: string) => (received += d));
    let ended = false;
    client.on('end', () => (ended = true));
    try {
      await until(() => received.startsWith('220 '), 5000, 'the greeting');
      cli.signal('SIGINT');
      await until(() => ended, 5000, 'the 421 and the server closing its side');
      expect(received).toMatch(/\r\n421 [^\r]*\r\n$/);
      cli.signal('SIGTERM');
      expect(await withTimeout(cli.exit, 1000, 'exit')).toBe(1);
      expect(cli.io.err).toBe(
        'smtp bridge: SIGINT, closing\nsmtp bridge: SIGTERM again, exiting now\n',
      );
      expect(cli.listening()).toBe(false);
    } finally {
      client.destroy();
    }
  }, 30_000);

  it('exits 1 when it cannot start (the port is taken)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const cli = runHere(['--port', String(port)]);
      expect(await withTimeout(cli.exit, 10_000, 'exit')).toBe(1);
      expect(cli.io.err).toMatch(/^smtp bridge: cannot start: .*EADDRINUSE.*\n$/);
      expect(cli.io.out).toBe('');
      expect(cli.listening()).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 30_000);

  it('prints usage for --help and exits 0', async () => {
    const cli = runHere(['--help']);
    expect(await withTimeout(cli.exit, 5000, 'exit')).toBe(0);
    const stdout = cli.io.out;
    expect(stdout).toMatch(/^Usage: npm run smtp -- \[options\]/);
    expect(stdout).toContain('--max-connections N');
    expect(stdout).toContain('--listen PORT[:NAME]');
    for (const profile of ['relay', 'submission', 'submissions', 'alternate'])
      expect(stdout).toMatch(new RegExp(`^ +${profile} +\\S`, 'm'));
    expect(cli.io.err).toBe('');
    await expect(runHere(['-h']).exit).resolves.toBe(0);
  });

  it.each([
    [['--port', 'nope'], 'smtp bridge: --port takes a number (got "nope")'],
    [
      ['--max-size', '1000'],
      'smtp bridge: --max-size must be a whole number of octets, at least 65536 (RFC 5321 §4.5.3.1.7) (got 1000)',
    ],
    [['--frobnicate'], /^smtp bridge: Unknown option '--frobnicate'/],
    [['stray'], /^smtp bridge: Unexpected argument 'stray'/],
    [
      ['--profile', 'nope'],
      'smtp bridge: unknown profile "nope" (profiles: relay, submission, submissions, alternate)',
    ],
    [
      ['--listen', '2525:relay', '--port', '2526'],
      'smtp bridge: --listen replaces --port and --profile; give one or the other',
    ],
    [
      ['--listen', '2525:relay', '--profile', 'relay'],
      'smtp bridge: --listen replaces --port and --profile; give one or the other',
    ],
    [['--listen', 'x:relay'], 'smtp bridge: --listen takes a number (got "x")'],
    [
      ['--listen', '2525:bogus'],
      'smtp bridge: unknown profile "bogus" (profiles: relay, submission, submissions, alternate)',
    ],
    [
      ['--listen', '2525:relay', '--listen', '2525:submission'],
      'smtp bridge: --listen names port 2525 twice',
    ],
  ])('rejects %j with exit code 2', async (args, message) => {
    const cli = runHere(args);
    expect(await withTimeout(cli.exit, 5000, 'exit')).toBe(2);
    if (typeof message === 'string') expect(cli.io.err).toBe(`${message}\nTry --help for usage.\n`);
    else {
      expect(cli.io.err).toMatch(message);
      expect(cli.io.err).toMatch(/\nTry --help for usage\.\n$/);
    }
    expect(cli.io.out).toBe('');
    expect(cli.listening()).toBe(false);
  });
});
