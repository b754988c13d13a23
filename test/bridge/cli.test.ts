import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
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

const running: Cli[] = [];
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

afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await withTimeout(cli.exit, 5000, 'the CLI to die').catch(() => {});
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('bridge CLI', () => {
  it('serves on --port 0, spools a message, and exits on SIGTERM', async () => {
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
  }, 40_000);

  it('serves several --listen ports, one profile each, and says so per port', async () => {
    const cli = run(['--listen', '0:submission', '--listen', '0:submissions', '--listen', '0']);
    await until(
      () =>
        (cli.stdout.match(/listening/g) ?? []).length === 3 && /TLS certificate/.test(cli.stdout),
      20_000,
      `three listening lines (${cli.stderr})`,
    );
    const lines = cli.stdout.trim().split('\n');
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

    cli.child.kill('SIGTERM');
    expect(await withTimeout(cli.exit, 10_000, 'exit')).toEqual({ code: 0, signal: null });
  }, 40_000);

  it('serves --port with --profile', async () => {
    const cli = run(['--port', '0', '--profile', 'relay']);
    await until(() => /TLS certificate/.test(cli.stdout), 20_000, `the lines (${cli.stderr})`);
    expect(cli.stdout).toMatch(
      /^SMTP bridge listening on 127\.0\.0\.1:\d+ \(mail\.example\.test, profile relay: STARTTLS\)$/m,
    );
    cli.child.kill('SIGTERM');
    expect(await withTimeout(cli.exit, 10_000, 'exit')).toEqual({ code: 0, signal: null });
  }, 30_000);

  it('prints usage for --help and exits 0', async () => {
    const cli = run(['--help']);
    const exit = await withTimeout(cli.exit, 20_000, 'the CLI to exit');
    expect(exit.code).toBe(0);
    expect(cli.stdout).toMatch(/^Usage: npm run smtp -- \[options\]/);
    expect(cli.stdout).toContain('--max-connections N');
    expect(cli.stdout).toContain('--listen PORT[:NAME]');
    for (const profile of ['relay', 'submission', 'submissions', 'alternate'])
      expect(cli.stdout).toMatch(new RegExp(`^ +${profile} +\\S`, 'm'));
  }, 30_000);

  it.each([
    [['--port', 'nope'], /--port takes a number/],
    [['--max-size', '1000'], /--max-size must be .* at least 65536/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['stray'], /Unexpected argument 'stray'/],
    [
      ['--profile', 'nope'],
      /unknown profile "nope" \(profiles: relay, submission, submissions, alternate\)/,
    ],
    [['--listen', '2525:relay', '--port', '2526'], /--listen replaces --port and --profile/],
    [['--listen', '2525:relay', '--profile', 'relay'], /--listen replaces --port and --profile/],
    [['--listen', 'x:relay'], /--listen takes a number/],
    [['--listen', '2525:bogus'], /unknown profile "bogus"/],
    [['--listen', '2525:relay', '--listen', '2525:submission'], /--listen names port 2525 twice/],
  ])(
    'rejects %j with exit code 2',
    async (args, message) => {
      const cli = run(args);
      const exit = await withTimeout(cli.exit, 20_000, 'the CLI to exit');
      expect(exit.code).toBe(2);
      expect(cli.stderr).toMatch(message);
      expect(cli.stderr).toContain('--help');
      expect(cli.stdout).toBe('');
    },
    30_000,
  );
});
