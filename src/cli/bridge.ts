/**
 * `npm run smtp -- --port 2525 [--profile NAME] [--host 127.0.0.1] [--spool DIR]
 *  [--max-connections N] [--max-size BYTES] [--idle SECONDS] [--lab DIR]
 *  [--pop3 PORT] [--imap PORT]`, or several `--listen PORT[:PROFILE]`: serves the
 * simulated SMTP server on TCP ports, and POP3 and IMAP on the mailboxes it delivers into.
 */
import { parseArgs } from 'node:util';
import { PROFILES } from '../protocol/profiles.ts';
import {
  checkOptions,
  DEFAULTS,
  PROFILE_IDS,
  startBridge,
  type Bridge,
  type BridgeListener,
  type BridgeOptions,
  type ListenSpec,
  type ProfileId,
} from './bridge-server.ts';
import { WARM_UP_COMMANDS } from './bridge-warm.ts';
import { isMain, processIo, type CliIo } from './io.ts';
import { DEFAULT_GREETING_DELAY_MS, labRecorder, SUMMARY_FILE } from './lab/recorder.ts';

const PROFILE_LINES = PROFILES.map(
  (p) => `                          ${p.id.padEnd(12)} ${p.title}`,
).join('\n');

const USAGE = `Usage: npm run smtp -- [options]

Serves the simulated SMTP server (RFC 5321) on TCP ports, one session per connection.

Options:
  --port N              TCP port (default ${DEFAULTS.port}; 0 picks a free one)
  --profile NAME        server profile for --port (default: none, the plain default server):
${PROFILE_LINES}
  --listen PORT[:NAME]  serve PORT with profile NAME; repeat for several ports
                        (instead of --port and --profile)
  --host ADDRESS        address to bind (default ${DEFAULTS.host})
  --spool DIR           write each accepted message to DIR/<time>-<id>.eml
                        (trace fields, then the content byte for byte) and
                        print one JSON line per message
  --max-connections N   connections served at once, all ports together (default
                        ${DEFAULTS.maxConnections}); one more gets 421 and is closed
  --max-size BYTES      largest message accepted (default ${DEFAULTS.maxSize}, at least 65536)
  --idle SECONDS        idle time before 421 and close, and the most a command line
                        may take from its first byte (default ${DEFAULTS.idleSeconds})
  --data-time SECONDS   the most the message text may take (default ${DEFAULTS.dataSeconds})
  --lenient-data-ending serve the vulnerable data ending (<LF>.<LF> ends a message,
                        so SMTP smuggling works), to demonstrate the attack; never
                        use it otherwise (a warning is printed)
  --lab DIR             lab mode, for students' own SMTP clients: each session's
                        protocol mistakes, with their RFC rules, go to
                        DIR/<time>-<connection>.json and one line to DIR/${SUMMARY_FILE}
  --lab-wait SECONDS    in lab mode, how long the greeting waits, so a client that
                        talks first shows (default ${DEFAULT_GREETING_DELAY_MS / 1000})
  --pop3 PORT           also serve POP3 (RFC 1939) on PORT: the mailboxes the SMTP
                        port delivers into, for the world's accounts
                        (alice/wonderland, bob/builder)
  --imap PORT           also serve IMAP4rev2's teaching subset (RFC 9051) on PORT,
                        on the same mailboxes
  -h, --help            show this help

TLS (STARTTLS on relay, submission and alternate; from the first byte on
submissions) uses a self-signed certificate made at start for the server's
name, localhost, 127.0.0.1 and ::1: tell clients not to verify it (curl -k).
`;

class UsageError extends Error {}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = t === '' ? NaN : Number(t);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number (got "${text}")`);
  return n;
}

function profileId(name: string): ProfileId {
  if (!PROFILE_IDS.includes(name as ProfileId))
    throw new UsageError(`unknown profile "${name}" (profiles: ${PROFILE_IDS.join(', ')})`);
  return name as ProfileId;
}

/** `2525:submission` or `2525`. */
function listenSpec(text: string): ListenSpec {
  const m = /^([^:]*)(?::(.*))?$/.exec(text)!;
  const port = number('listen', m[1]);
  if (port === undefined) throw new UsageError(`--listen takes PORT[:PROFILE] (got "${text}")`);
  return { port, ...(m[2] !== undefined ? { profile: profileId(m[2]) } : {}) };
}

/** `(mail.example.test, profile submission: STARTTLS, AUTH required)`; the default server: `(mail.example.test)`. */
function summary(hostname: string, l: BridgeListener): string {
  if (l.profile === null) return `(${hostname})`;
  const traits = [
    l.tls === 'starttls' ? 'STARTTLS' : l.tls === 'implicit' ? 'implicit TLS' : 'no TLS',
    l.world.auth.required ? 'AUTH required' : l.world.extensions.includes('AUTH') ? 'AUTH' : null,
  ].filter((t) => t !== null);
  return `(${hostname}, profile ${l.profile}: ${traits.join(', ')})`;
}

interface Parsed {
  readonly options: BridgeOptions;
  /** Lab mode's folder and greeting wait; the recorder is made when the bridge starts. */
  readonly lab: { readonly dir: string; readonly greetingDelayMs: number } | null;
}

function parse(argv: string[]): Parsed | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        profile: { type: 'string' },
        listen: { type: 'string', multiple: true },
        host: { type: 'string' },
        spool: { type: 'string' },
        'max-connections': { type: 'string' },
        'max-size': { type: 'string' },
        idle: { type: 'string' },
        'data-time': { type: 'string' },
        'lenient-data-ending': { type: 'boolean' },
        lab: { type: 'string' },
        'lab-wait': { type: 'string' },
        pop3: { type: 'string' },
        imap: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  if (values.listen !== undefined && (values.port !== undefined || values.profile !== undefined))
    throw new UsageError('--listen replaces --port and --profile; give one or the other');
  const options: BridgeOptions = {
    ...(values.listen !== undefined
      ? { listen: values.listen.map(listenSpec) }
      : {
          port: number('port', values.port) ?? DEFAULTS.port,
          ...(values.profile !== undefined ? { profile: profileId(values.profile) } : {}),
        }),
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.spool !== undefined ? { spool: values.spool } : {}),
    ...(values['max-connections'] !== undefined
      ? { maxConnections: number('max-connections', values['max-connections']) }
      : {}),
    ...(values['max-size'] !== undefined
      ? { maxSize: number('max-size', values['max-size']) }
      : {}),
    ...(values.idle !== undefined ? { idleSeconds: number('idle', values.idle) } : {}),
    ...(values['data-time'] !== undefined
      ? { dataSeconds: number('data-time', values['data-time']) }
      : {}),
    ...(values['lenient-data-ending'] ? { lenientDataEnding: true } : {}),
    ...(values.pop3 !== undefined ? { pop3: number('pop3', values.pop3) } : {}),
    ...(values.imap !== undefined ? { imap: number('imap', values.imap) } : {}),
  };
  const problem = checkOptions(options);
  if (problem) throw new UsageError(problem);
  const wait = number('lab-wait', values['lab-wait']);
  if (wait !== undefined && values.lab === undefined)
    throw new UsageError('--lab-wait is for lab mode: give --lab DIR too');
  if (wait !== undefined && !(wait >= 0 && wait <= 60))
    throw new UsageError(`--lab-wait must be from 0 to 60 seconds (got ${wait})`);
  if (values.lab !== undefined && values.lab.trim() === '')
    throw new UsageError('--lab must not be empty');
  const lab =
    values.lab === undefined
      ? null
      : {
          dir: values.lab,
          greetingDelayMs: wait === undefined ? DEFAULT_GREETING_DELAY_MS : wait * 1000,
        };
  return { options, lab };
}

/** The bridge's IO: output, and the signals that stop it. */
export interface BridgeIo extends CliIo {
  /** Calls `handler` on SIGINT and SIGTERM until the returned function is called. */
  readonly onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

/**
 * Runs the bridge with these arguments: prints usage or an option error
 * (exit code 2), or serves until a signal and resolves when it has closed
 * (0), or at once on a second signal (1); 1 as well if it cannot start.
 */
export async function main(argv: string[], io: BridgeIo): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`smtp bridge: ${e.message}\nTry --help for usage.\n`);
    return 2;
  }
  if (parsed === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const { options, lab } = parsed;

  let bridge: Bridge;
  try {
    const log = (line: string) => io.stdout(`${line}\n`);
    const warn = (line: string) => io.stderr(`${line}\n`);
    bridge = await startBridge({
      log,
      warn,
      warmUp: WARM_UP_COMMANDS,
      ...options,
      ...(lab ? { lab: labRecorder({ ...lab, log, warn }) } : {}),
    });
  } catch (e) {
    io.stderr(`smtp bridge: cannot start: ${(e as Error).message}\n`);
    return 1;
  }
  const shown = bridge.host.includes(':') ? `[${bridge.host}]` : bridge.host;
  for (const l of bridge.listeners)
    io.stdout(`SMTP bridge listening on ${shown}:${l.port} ${summary(bridge.hostname, l)}\n`);
  for (const r of bridge.retrieval)
    io.stdout(
      `${r.protocol === 'pop3' ? 'POP3 (RFC 1939)' : 'IMAP (RFC 9051, a teaching subset)'} listening on ${shown}:${r.port}, reading the mailboxes SMTP delivers into\n`,
    );
  if (lab)
    io.stdout(
      `Lab mode: a report per session in ${lab.dir}, listed in ${SUMMARY_FILE}; the greeting waits ${lab.greetingDelayMs / 1000} s\n`,
    );
  if (bridge.certificate)
    io.stdout(
      `TLS certificate: ${bridge.certificate.subject}, self-signed, SHA-256 ${bridge.certificate.fingerprint256}\n`,
    );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const off = io.onSignal((signal) => {
      if (stopping) {
        io.stderr(`smtp bridge: ${signal} again, exiting now\n`);
        off();
        resolve(1);
        return;
      }
      stopping = true;
      io.stderr(`smtp bridge: ${signal}, closing\n`);
      void bridge.close().then(() => {
        off();
        resolve(0);
      });
    });
  });
}

let listening = false;
const processBridgeIo: BridgeIo = {
  ...processIo,
  onSignal(handler) {
    listening = true;
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

if (isMain(import.meta.url))
  main(process.argv.slice(2), processBridgeIo).then(
    (code) => {
      process.exitCode = code;
      // A bridge that has served ends the process once stopped, whatever is
      // still open: a second signal does not wait for the connections.
      if (listening) process.exit();
    },
    (e: unknown) => {
      process.stderr.write(
        `smtp bridge: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
      );
      process.exit(1);
    },
  );
