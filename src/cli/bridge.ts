/**
 * `npm run smtp -- --port 2525 [--host 127.0.0.1] [--spool DIR] [--max-connections N]
 *  [--max-size BYTES] [--idle SECONDS]`: serves the simulated SMTP server on a TCP port.
 */
import { parseArgs } from 'node:util';
import { checkOptions, DEFAULTS, startBridge, type BridgeOptions } from './bridge-server.ts';

const USAGE = `Usage: npm run smtp -- [options]

Serves the simulated SMTP server (RFC 5321) on a TCP port, one session per connection.

Options:
  --port N              TCP port (default ${DEFAULTS.port}; 0 picks a free one)
  --host ADDRESS        address to bind (default ${DEFAULTS.host})
  --spool DIR           write each accepted message to DIR/<time>-<id>.eml
                        (trace fields, then the content byte for byte) and
                        print one JSON line per message
  --max-connections N   connections served at once (default ${DEFAULTS.maxConnections});
                        one more gets 421 and is closed
  --max-size BYTES      largest message accepted (default ${DEFAULTS.maxSize}, at least 65536)
  --idle SECONDS        idle time before 421 and close (default ${DEFAULTS.idleSeconds})
  -h, --help            show this help
`;

class UsageError extends Error {}

function number(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const n = t === '' ? NaN : Number(t);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number (got "${text}")`);
  return n;
}

function parse(argv: string[]): BridgeOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        spool: { type: 'string' },
        'max-connections': { type: 'string' },
        'max-size': { type: 'string' },
        idle: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const options: BridgeOptions = {
    port: number('port', values.port) ?? DEFAULTS.port,
    ...(values.host !== undefined ? { host: values.host } : {}),
    ...(values.spool !== undefined ? { spool: values.spool } : {}),
    ...(values['max-connections'] !== undefined
      ? { maxConnections: number('max-connections', values['max-connections']) }
      : {}),
    ...(values['max-size'] !== undefined
      ? { maxSize: number('max-size', values['max-size']) }
      : {}),
    ...(values.idle !== undefined ? { idleSeconds: number('idle', values.idle) } : {}),
  };
  const problem = checkOptions(options);
  if (problem) throw new UsageError(problem);
  return options;
}

async function main(argv: string[]): Promise<void> {
  let options: BridgeOptions | 'help';
  try {
    options = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`smtp bridge: ${e.message}\nTry --help for usage.\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }

  let bridge;
  try {
    bridge = await startBridge(options);
  } catch (e) {
    process.stderr.write(`smtp bridge: cannot start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const shown = bridge.host.includes(':') ? `[${bridge.host}]` : bridge.host;
  process.stdout.write(`SMTP bridge listening on ${shown}:${bridge.port} (${bridge.hostname})\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`smtp bridge: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`smtp bridge: ${signal}, closing\n`);
    void bridge.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`smtp bridge: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
