/**
 * `npm run send`, the client machine over TCP: against the project's bridge
 * (plain, STARTTLS with AUTH on the submission profile, implicit TLS with AUTH
 * on the submissions profile) and against Nodemailer's smtp-server started
 * here; the message arrives byte for byte, and the exit code says whether
 * every recipient took it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/send.ts';
import { startTestBridge, withTimeout, type TestBridge } from './helpers.ts';

const MESSAGE =
  'From: <alice@example.test>\r\nTo: <bob@example.test>\r\nSubject: sent by the client machine\r\n' +
  'Message-ID: <send-1@client.test>\r\n\r\n.a line that starts with a dot\r\nline two\r\n';
const dir = mkdtempSync(join(tmpdir(), 'smtp-send-test-'));
const FILE = join(dir, 'message.eml');
writeFileSync(FILE, MESSAGE);

async function send(argv: string[]) {
  const io = recordIo();
  const code = await withTimeout(main([...argv, '--timeout', '5'], io), 10_000, 'npm run send');
  return { code, out: io.out, err: io.err };
}

/** The arguments every run gives: the server, the envelope and the message file. */
const to = (port: number, from: string, rcpts: string[], ...more: string[]) => [
  '--server',
  `127.0.0.1:${port}`,
  '--from',
  from,
  ...rcpts.flatMap((r) => ['--to', r]),
  '--file',
  FILE,
  ...more,
];

let tb: TestBridge;
beforeAll(async () => {
  tb = await startTestBridge({
    listen: [
      { port: 0, profile: 'relay' },
      { port: 0, profile: 'submission' },
      { port: 0, profile: 'submissions' },
    ],
  });
});
afterAll(() => tb.stop());

/** The spooled message with this Message-ID, without the trace lines the server added. */
function spooledBody(): string {
  const file = tb.files().at(-1)!;
  const text = tb.read(file).toString('utf8');
  return text.slice(text.indexOf('From: <alice@example.test>'));
}

describe('npm run send against the bridge', () => {
  it('plain, port 25 profile: pipelined, delivered byte for byte, exit 0', async () => {
    const r = await send(to(tb.portOf('relay'), 'alice@example.test', ['bob@example.test']));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(' -> EHLO client.test');
    expect(r.out).toContain(' -> ..a line that starts with a dot');
    expect(r.out).toMatch(/<- {2}250 .*queued/);
    expect(r.out).toContain('=== delivered: 1 of 1 recipient(s) took the message');
    expect(spooledBody()).toBe(MESSAGE);
  });

  it('a refused recipient: the other gets it, exit 1, the refusal said', async () => {
    const r = await send(
      to(tb.portOf('relay'), 'alice@example.test', [
        'bob@example.test',
        'mallory@elsewhere.invalid',
      ]),
    );
    expect(r.code).toBe(1);
    expect(r.out).toContain('refused: mallory@elsewhere.invalid (550)');
    expect(r.out).toContain('1 of 2 recipient(s)');
  });

  it('STARTTLS, EHLO again and AUTH PLAIN on the submission profile (RFC 3207, RFC 4954)', async () => {
    const r = await send(
      to(
        tb.portOf('submission'),
        'alice@example.test',
        ['bob@example.test'],
        '--starttls',
        '--insecure',
        '--auth',
        'alice:wonderland',
      ),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(' -> STARTTLS');
    expect(r.out).toMatch(/=== TLS started: TLSv1\.[23]/);
    expect(r.out).toContain(' ~> EHLO client.test');
    expect(r.out).toMatch(/ ~> AUTH PLAIN \S+/);
    expect(r.out).toMatch(/<~ {2}235 /);
    expect(spooledBody()).toBe(MESSAGE);
  });

  it('implicit TLS with AUTH LOGIN on the submissions profile (RFC 8314)', async () => {
    const r = await send(
      to(
        tb.portOf('submissions'),
        'bob@example.test',
        ['alice@example.test'],
        '--tls',
        '--insecure',
        '--auth',
        'bob:builder:LOGIN',
      ),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/=== TLS started: TLSv1\.[23]/);
    expect(r.out).toContain(' ~> AUTH LOGIN');
    expect(spooledBody()).toBe(MESSAGE);
  });

  it("the certificate is checked unless --insecure: the bridge's own is refused", async () => {
    const r = await send(
      to(tb.portOf('submissions'), 'bob@example.test', ['alice@example.test'], '--tls'),
    );
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/self.signed|certificate/i);
  });

  it('an era without EHLO: RFC 821 HELO session', async () => {
    const r = await send(
      to(tb.portOf('relay'), 'alice@example.test', ['bob@example.test'], '--dialect', 'rfc821'),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(' -> HELO client.test');
    expect(r.out).not.toContain('EHLO');
  });

  it('bad arguments and an unreachable server: exit 2 with a message', async () => {
    expect((await send(['--from', 'a@b.test'])).code).toBe(2);
    const r = await send([
      '--server',
      '127.0.0.1:1',
      '--from',
      'a@client.test',
      '--to',
      'b@example.test',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ECONNREFUSED/);
  });
});

describe("npm run send against Nodemailer's smtp-server", () => {
  let server: SMTPServer;
  let port = 0;
  const received: { from: string; to: string[]; body: string }[] = [];
  beforeAll(async () => {
    server = new SMTPServer({
      name: 'peer.test',
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: (session.envelope.mailFrom as { address: string }).address,
            to: session.envelope.rcptTo.map((r) => r.address),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers byte for byte, with pipelining as smtp-server offers it', async () => {
    const r = await send(
      to(port, 'alice@example.test', ['bob@example.test', 'carol@example.test']),
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('PIPELINING is offered');
    expect(received.at(-1)).toEqual({
      from: 'alice@example.test',
      to: ['bob@example.test', 'carol@example.test'],
      body: MESSAGE,
    });
  });
});
