/**
 * `npm run check-server -- HOST:PORT [--profile relay|submission] [--json]
 * [--domain D] [--rcpt ADDR] [--timeout S]`: holds a fixed set of short SMTP
 * sessions with any server (a student's, or any other) and prints each
 * deviation from RFC 5321 with its rule (RFC, section, plain words), as text
 * or JSON. Exit code: 0 no deviation, 1 deviations, 2 bad usage or the server
 * cannot be reached. The rules are src/protocol/conformance.ts; the sessions
 * check-server/sessions.ts.
 */
import { parseArgs } from 'node:util';
import { isMain, processIo, type CliIo } from './io.ts';
import type { Finding } from './check-server/probe.ts';
import {
  checkServer,
  Unreachable,
  type CheckOptions,
  type CheckResult,
  type ProfileName,
} from './check-server/sessions.ts';

const USAGE =
  'usage: npm run check-server -- HOST:PORT [--profile relay|submission] [--json] ' +
  '[--domain D] [--rcpt ADDR]... [--timeout SECONDS]';

const HELP = `${USAGE}

Holds short SMTP sessions with the server and reports each deviation from
RFC 5321 (and RFC 6409 for --profile submission) with its rule.
  --profile   relay (default): the server takes mail for its own domain;
              submission: AUTH is required before MAIL (530 expected)
  --domain    the server's mail domain (default example.test)
  --rcpt      a local mailbox to send RCPT for (default postmaster@DOMAIN;
              RFC 5321 §4.5.1 requires every server to take postmaster)
  --timeout   longest wait for a connection or a reply (default 10 s)
  --json      the report as JSON
Exit code: 0 no deviation, 1 deviations, 2 bad usage or no connection.
`;

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
const MAILBOX = /^[^\s<>@]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;

/** How long to watch for replies that must not come: enough for loopback and most links. */
const SETTLE_MS = 500;

/** "host:port", "[v6]:port" */
function parseServer(text: string): { host: string; port: number } | null {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:[\]]+):(\d+)$/.exec(text);
  const port = Number(m?.[2]);
  return m && port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}

type Parsed = { options: CheckOptions; json: boolean } | { error: string } | 'help';

function parse(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: 'string', default: 'relay' },
        json: { type: 'boolean', default: false },
        domain: { type: 'string', default: 'example.test' },
        rcpt: { type: 'string', multiple: true },
        timeout: { type: 'string', default: '10' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1) return { error: 'name one server as HOST:PORT' };
  const server = parseServer(positionals[0]!);
  if (!server) return { error: `not HOST:PORT: "${positionals[0]}"` };
  if (values.profile !== 'relay' && values.profile !== 'submission')
    return { error: `--profile must be relay or submission (got "${values.profile}")` };
  if (!DOMAIN.test(values.domain)) return { error: `--domain is not a domain: "${values.domain}"` };
  const rcpts = values.rcpt ?? [`postmaster@${values.domain}`];
  const bad = rcpts.find((r) => !MAILBOX.test(r));
  if (bad !== undefined) return { error: `--rcpt is not a mailbox (local@domain): "${bad}"` };
  const seconds = Number(values.timeout);
  if (!(seconds > 0 && seconds <= 600))
    return {
      error: `--timeout must be a number of seconds from 0 to 600 (got "${values.timeout}")`,
    };
  const timeoutMs = seconds * 1000;
  return {
    options: {
      ...server,
      profile: values.profile as ProfileName,
      rcpts,
      timeoutMs,
      settleMs: Math.min(SETTLE_MS, timeoutMs),
    },
    json: values.json,
  };
}

/** Checks the server named in `argv`; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const parsed = parse(argv);
  if (parsed === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if ('error' in parsed) {
    io.stderr(`${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const { options, json } = parsed;
  let result: CheckResult;
  try {
    result = await checkServer(options);
  } catch (e) {
    if (!(e instanceof Unreachable)) throw e;
    io.stderr(`check-server: ${e.message}\n`);
    return 2;
  }
  const server = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const deviations = result.findings.filter((f) => f.kind === 'deviation');
  const notes = result.findings.filter((f) => f.kind === 'note');
  if (json) {
    const strip = ({ kind: _kind, ...f }: Finding) => f;
    const report = {
      server,
      profile: options.profile,
      sessions: result.sessions,
      passed: result.checked,
      deviations: deviations.map(strip),
      notes: notes.map(strip),
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout(
      `check-server ${server} (${options.profile} profile): ${result.sessions} sessions, ` +
        `${result.checked} steps passed, ${count(deviations.length, 'deviation')}, ` +
        `${count(notes.length, 'note')}\n`,
    );
    for (const f of [...deviations, ...notes]) io.stdout(`\n${describe(f)}`);
  }
  return deviations.length > 0 ? 1 : 0;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

function describe(f: Finding): string {
  const head =
    f.kind === 'deviation'
      ? `DEVIATION  ${f.title}: ${f.rfc} (${f.level})`
      : `note       ${f.title}: ${f.rfc}`;
  const rows: [string, string | undefined][] = [
    ['session', f.session],
    ['sent', f.sent],
    ['got', f.times > 1 ? `${f.got} (${f.times} times)` : f.got],
    ['expected', f.expected],
    ['rule', f.rule],
  ];
  return `${head}\n${rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `  ${`${k}:`.padEnd(10)}${v}\n`)
    .join('')}`;
}

if (isMain(import.meta.url))
  main(process.argv.slice(2), processIo).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`check-server: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
