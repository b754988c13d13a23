/**
 * `npm run send`: the client machine over TCP. Sends one message to a real
 * server (the project's bridge, a student's server, any SMTP server) and
 * prints the dialogue in the transcript's swaks-style notation: `->` and `<-`
 * in the clear, `~>` and `<~` inside TLS, `**` why the client does what it
 * does. Exit code 0 only when every recipient got the message.
 *
 *   npm run send -- --server HOST:PORT --from ADDR --to ADDR [--to ADDR ...]
 *     [--file MESSAGE.eml] [--starttls | --tls] [--auth USER:PASS[:LOGIN]]
 *     [--dialect ID] [--helo NAME] [--no-pipelining] [--chunking]
 *     [--insecure] [--timeout SECONDS]
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ClientSession, type ClientLogEntry } from '../machines/client-session.ts';
import { DIALECTS, type DialectId } from '../protocol/dialects/index.ts';
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions } from '../protocol/client/outgoing.ts';
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE =
  'usage: npm run send -- --server HOST:PORT --from ADDR --to ADDR [--to ADDR ...] [--file MESSAGE.eml]\n' +
  '       [--starttls | --tls] [--auth USER:PASS[:LOGIN]] [--dialect ID] [--helo NAME]\n' +
  '       [--no-pipelining] [--chunking] [--insecure] [--timeout SECONDS]\n';

export interface SendArgs {
  readonly host: string;
  readonly port: number;
  readonly from: string;
  readonly to: readonly string[];
  readonly file: string | null;
  readonly tls: 'none' | 'starttls' | 'implicit';
  readonly dialect: DialectId;
  readonly options: ClientOptions;
  /** Accept a certificate that cannot be verified (the bridge's own, made for loopback). */
  readonly insecure: boolean;
  /** A cap on every wait, in seconds (RFC 5321 §4.5.3.2's minutes are the default). */
  readonly timeout: number | null;
}

export function parseSendArgs(argv: readonly string[]): SendArgs | string {
  let server: string | null = null;
  let from: string | null = null;
  const to: string[] = [];
  let file: string | null = null;
  let tls: SendArgs['tls'] = 'none';
  let dialect: DialectId = 'rfc5321';
  let auth: ClientOptions['auth'];
  let hello = DEFAULT_CLIENT_OPTIONS.hello;
  let pipelining = true;
  let chunking = false;
  let insecure = false;
  let timeout: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--server') server = value();
      else if (a === '--from') from = value();
      else if (a === '--to') to.push(value());
      else if (a === '--file') file = value();
      else if (a === '--starttls') tls = 'starttls';
      else if (a === '--tls') tls = 'implicit';
      else if (a === '--helo') hello = value();
      else if (a === '--no-pipelining') pipelining = false;
      else if (a === '--chunking') chunking = true;
      else if (a === '--insecure') insecure = true;
      else if (a === '--timeout') timeout = Number(value());
      else if (a === '--dialect') {
        const d = value();
        if (!(d in DIALECTS))
          return `unknown dialect ${d} (one of ${Object.keys(DIALECTS).join(', ')})`;
        dialect = d as DialectId;
      } else if (a === '--auth') {
        const [user, password, mechanism] = value().split(':');
        if (!user || password === undefined) return '--auth takes USER:PASS';
        if (mechanism !== undefined && mechanism !== 'PLAIN' && mechanism !== 'LOGIN')
          return '--auth mechanism is PLAIN or LOGIN';
        auth = { user, password, ...(mechanism ? { mechanism } : {}) };
      } else return `unknown option ${a}`;
    } catch (e) {
      return (e as Error).message;
    }
  }
  const m = server ? /^\[?([^\]]+?)\]?:(\d+)$/.exec(server) : null;
  if (!m) return '--server HOST:PORT is needed';
  if (from === null) return '--from ADDR is needed (use "" for the null reverse-path)';
  if (to.length === 0) return 'at least one --to ADDR is needed';
  if (timeout !== null && !(timeout > 0)) return '--timeout takes a number of seconds';
  return {
    host: m[1]!,
    port: Number(m[2]),
    from,
    to,
    file,
    tls,
    dialect,
    insecure,
    timeout,
    options: {
      ...DEFAULT_CLIENT_OPTIONS,
      hello,
      pipelining,
      chunking,
      starttls: tls === 'starttls' ? 'required' : 'never',
      ...(auth ? { auth } : {}),
    },
  };
}

/** A short message when no file is given: the headers RFC 5322 §3.6 asks for, and a line. */
function defaultMessage(from: string, to: readonly string[], hello: string): string {
  const id = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}@${hello}`;
  return [
    `From: <${from}>`,
    `To: ${to.map((t) => `<${t}>`).join(', ')}`,
    'Subject: a message from the SMTP simulator',
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}>`,
    '',
    "Sent by npm run send, the simulator's client machine.",
    '',
  ].join('\r\n');
}

/** swaks' notation: what was sent and read, `~` once TLS is on; notes and events apart. */
function formatEntry(e: ClientLogEntry, tls: boolean): string {
  switch (e.kind) {
    case 'client':
      return `${tls ? ' ~>' : ' ->'} ${e.text}`;
    case 'server':
      return `${tls ? '<~ ' : '<- '} ${e.text}`;
    case 'note':
      return ` ** ${e.text} (${e.rfc})`;
    case 'bad':
      return `<** ${e.text} (${e.why})`;
    default:
      return `=== ${e.text}`;
  }
}

/** Runs one session; resolves with the exit code when the connection is over. */
export function send(args: SendArgs, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = args.file
      ? readFileSync(args.file, 'utf8')
      : defaultMessage(args.from, args.to, args.options.hello);
  } catch (e) {
    io.stderr(`send: cannot read ${args.file}: ${(e as Error).message}\n`);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    let socket: Socket | TLSSocket;
    let printed = 0;
    let tlsOn = args.tls === 'implicit';
    let finished = false;
    const print = () => {
      for (; printed < client.log.length; printed++) {
        const e = client.log[printed]!;
        if (e.kind === 'tls') tlsOn = true;
        io.stdout(`${formatEntry(e, tlsOn && e.kind !== 'tls')}\n`);
      }
    };
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      print();
      socket.destroy();
      const r = client.result;
      io.stdout(
        `=== ${r.delivered ? 'delivered' : 'not delivered'}: ${r.accepted.length} of ${args.to.length} recipient(s) took the message` +
          (r.refused.length
            ? `; refused: ${r.refused.map((x) => `${x.to} (${x.code})`).join(', ')}`
            : '') +
          (r.deferred.length
            ? `; deferred: ${r.deferred.map((x) => `${x.to} (${x.code})`).join(', ')}`
            : '') +
          (client.ended ? `; ${client.ended}` : '') +
          '\n',
      );
      resolve(code);
    };
    const tlsOptions = { servername: args.host, rejectUnauthorized: !args.insecure };
    const wait = () => {
      const seconds = Math.min(client.timeoutSeconds, args.timeout ?? Infinity);
      socket.setTimeout(seconds * 1000);
    };
    const listen = (s: Socket | TLSSocket) => {
      s.setEncoding('utf8');
      s.on('data', (chunk: string) => {
        client.receive(chunk);
        print();
        if (!client.done) wait();
      });
      s.on('timeout', () => {
        client.timeout();
        finish(1);
      });
    };
    const client = new ClientSession(
      {
        dialect: DIALECTS[args.dialect],
        message: { from: args.from, to: args.to, text },
        options: args.options,
      },
      {
        send: (t) => void socket.write(t),
        starttls: () => {
          // RFC 3207 §4: the handshake starts right after the 220, on the same connection.
          socket.removeAllListeners('data');
          socket.removeAllListeners('timeout');
          const secure = tlsConnect({ ...tlsOptions, socket });
          secure.once('secureConnect', () => {
            socket = secure;
            listen(secure);
            client.tlsReady(
              `TLS started: ${secure.getProtocol()} ${secure.getCipher()?.name ?? ''}`.trim(),
            );
            print();
            wait();
          });
          secure.once('error', (e) => {
            io.stderr(`send: TLS failed: ${e.message}\n`);
            finish(1);
          });
        },
        close: () => {
          socket.end();
          finish(client.result.delivered ? 0 : 1);
        },
      },
    );
    socket =
      args.tls === 'implicit'
        ? tlsConnect({ host: args.host, port: args.port, ...tlsOptions })
        : connect({ host: args.host, port: args.port });
    socket.on('error', (e) => {
      io.stderr(`send: ${e.message}\n`);
      finish(client.log.length === 0 ? 2 : 1);
    });
    socket.on('close', () => {
      client.closed();
      finish(client.result.delivered ? 0 : 1);
    });
    // RFC 8314 §3: on an implicit-TLS port the handshake comes before the greeting.
    if (args.tls === 'implicit')
      socket.once('secureConnect', () => {
        const s = socket as TLSSocket;
        io.stdout(
          `=== TLS started: ${s.getProtocol()} ${s.getCipher()?.name ?? ''}`.trimEnd() + '\n',
        );
      });
    listen(socket);
    wait();
  });
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseSendArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`send: ${args}\n${USAGE}`);
    return 2;
  }
  return send(args, io);
}

if (isMain(import.meta.url))
  void main(process.argv.slice(2), processIo).then((code) => (process.exitCode = code));
