/**
 * `npm run replay` run through its main() in process: usage, exit codes and
 * what it prints. (Launching the script is the same one-line wiring as the
 * bridge's, which test/cli/bridge-cli.test.ts runs as a process.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/replay.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { SOURCES } from '../../src/protocol/import/index.ts';
import { withProfile } from '../../src/protocol/profiles.ts';

const EX1 = fileURLToPath(new URL('../../library/rfc821/ex1-procedure.smtp', import.meta.url));
const imported = (name: string) =>
  fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));
const USAGE = `usage: npm run replay -- FILE [--from ${SOURCES.join('|')}] [--dialect ${Object.keys(DIALECTS).join('|')}] [--world JSON]\n`;

const dir = mkdtempSync(join(tmpdir(), 'smtp-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replay(...argv: string[]) {
  const io = recordIo();
  const code = main(argv, io);
  return { code, out: io.out, err: io.err };
}

describe('replay CLI', () => {
  it('says every reply matches, exit 0', () => {
    expect(replay(EX1)).toEqual({
      code: 0,
      out: `${EX1} (Example of the SMTP Procedure): all 6 replies match rfc821\n`,
      err: '',
    });
  });

  it('lists each reply that differs, with its line, exit 1', () => {
    const file = join(dir, 'differs.smtp');
    const lines = readFileSync(EX1, 'utf8').split('\n');
    const at = lines.indexOf('S: 550 No such user here');
    expect(at).toBeGreaterThan(0);
    lines[at] = 'S: 250 OK';
    writeFileSync(file, lines.join('\n'));
    const r = replay(file);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(Example of the SMTP Procedure\\): 1 of 6 replies differ under rfc821\\n` +
          `  line ${at + 1}: expected 250 OK\\n` +
          ` {2}${' '.repeat(`line ${at + 1}`.length)} {2}got {6}550 No such user here\\n` +
          ` {2}${' '.repeat(`line ${at + 1}`.length)} {2}answers  RCPT TO:<Green@Beta\\.ARPA>\\n` +
          ` {2}${' '.repeat(`line ${at + 1}`.length)} {2}rule {5}RFC 821 §4\\.2\\.2[^\\n]*\\n$`,
      ),
    );
  });

  it('prints usage for --help, exit 0', () => {
    expect(USAGE).toContain('--dialect rfc772|rfc780|rfc788|rfc821|');
    expect(USAGE).toContain('--from pcap|swaks|smtp-server|postfix|raw|rfc|commands] ');
    expect(replay('--help')).toEqual({ code: 0, out: USAGE, err: '' });
  });

  it.each([[[]], [['a.smtp', 'b.smtp']]])('wants one file: %j is exit 2 with usage', (argv) => {
    expect(replay(...argv)).toEqual({ code: 2, out: '', err: USAGE });
  });

  it('an unknown option: exit 2, the reason and usage', () => {
    const r = replay('--frobnicate', EX1);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Unknown option '--frobnicate'.*\n/);
    expect(r.err.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it('an unknown dialect: exit 2', () => {
    expect(replay(EX1, '--dialect', 'rfc9999')).toEqual({
      code: 2,
      out: '',
      err: `unknown dialect "rfc9999"\n${USAGE}`,
    });
  });

  it('a file that cannot be read: exit 2, naming it', () => {
    const missing = join(dir, 'missing.smtp');
    const r = replay(missing);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(
      new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*ENOENT.*\\n$`),
    );
  });

  it('replays a pcap capture, its source guessed: every reply matches', () => {
    const file = imported('bridge-curl.pcap');
    expect(replay(file)).toEqual({
      code: 0,
      out: `${file} (pcap): all 8 replies match rfc5321\n`,
      err: '',
    });
  });

  it('replays a pcapng capture named with --from', () => {
    const file = imported('bridge-swaks-ipv6.pcapng');
    expect(replay(file, '--from', 'pcap').out).toBe(
      `${file} (pcap): all 8 replies match rfc5321\n`,
    );
  });

  it('swaks output: the lines not read are listed; a world without STARTTLS differs with the rule', () => {
    const file = imported('swaks-starttls.txt');
    const r = replay(file);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `${file} (swaks): 2 of 10 replies differ under rfc5321\n` +
        '  line 17: expected 220 2.0.0 Ready to start TLS\n' +
        '           got      500 Syntax error, command unrecognized\n' +
        '           answers  STARTTLS\n' +
        '           rule     RFC 5321 §4.2.2\n',
    );
    expect(r.out).toContain(
      '  not read, line 18: swaks\'s own information, not a line of the dialogue: "=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256"\n',
    );
  });

  it('--world sets up the server the session was made with: then every reply matches', () => {
    const file = imported('swaks-starttls.txt');
    const world = JSON.stringify(withProfile('submission'));
    const r = replay(file, '--world', world);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`${file} (swaks): all 10 replies match rfc5321`);
  });

  it('--dialect replays a session under another era: RFC 772 MRSQ under RFC 821', () => {
    const file = fileURLToPath(
      new URL('../../library/rfc772/appendix-b-mrsq-t.smtp', import.meta.url),
    );
    const r = replay(file, '--dialect', 'rfc821');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^\S+ \(Example of MRSQ T \(Text-first\)\): 10 of 10 replies differ under rfc821, and the simulator gave 1 more than recorded\n {2}line 8: expected 215 T Text first, please\n {10}got {6}500 Syntax error, command unrecognized\n {10}answers {2}MRSQ \?\n {10}rule {5}RFC 821 §4\.2\.2\n/,
    );
    expect(r.out).toContain('  extra reply: expected (no reply)\n');
  });

  it('a list of commands prints the dialogue the simulator gives, with the fixed clock of --world', () => {
    const file = join(dir, 'commands.txt');
    writeFileSync(
      file,
      'EHLO client.test\nMAIL FROM:<alice@client.test>\nRCPT TO:<bob@example.test>\nDATA\nHi\n.\nQUIT\n',
    );
    const world = '{"now":"2026-12-07T11:00:00Z","idPrefix":"LAB."}';
    const r = replay(file, '--from', 'commands', '--world', world);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`${file} (commands): the simulator's replies under rfc5321`);
    expect(r.out).toContain(
      `# world: ${world}\nS: 220 mail.example.test Service ready\nC: EHLO client.test\nS: 250-mail.example.test greets client.test\n`,
    );
    expect(r.out).toContain('C: .\nS: 250 2.0.0 OK: queued as LAB.00000001\nC: QUIT\nS: 221 ');
    // Deterministic: the same twice.
    expect(replay(file, '--from', 'commands', '--world', world).out).toBe(r.out);
  });

  it('an input it cannot place: exit 2 with the reason', () => {
    const file = join(dir, 'letter.txt');
    writeFileSync(file, 'Dear class,\nplease read chapter 3.\n');
    const r = replay(file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /: cannot tell which source this is \(lines read by each: .*\); say it with --from\n$/,
    );
  });

  it('an input with no dialogue in it: exit 2, the lines not read listed', () => {
    const file = imported('swaks-refused.txt');
    const r = replay(file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `${file}: no step of a dialogue found (read as swaks)\n` +
        '  not read, line 1: swaks\'s own information, not a line of the dialogue: "=== Trying 127.0.0.1:2699..."\n' +
        '  not read, line 2: swaks\'s own error message, not a line of the dialogue: "*** Error connecting to 127.0.0.1:2699:"\n' +
        '  not read, line 3: swaks\'s own error message, not a line of the dialogue: "*** \\tIO::Socket::INET6: connect: Connection refused"\n',
    );
  });

  it.each([
    [['--from', 'wireshark'], 'unknown source "wireshark"'],
    [['--world', '{nope'], '--world is not JSON: '],
  ])('%j: exit 2', (args, message) => {
    const r = replay(EX1, ...args);
    expect(r.code).toBe(2);
    expect(r.err.startsWith(message)).toBe(true);
    expect(r.err.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it('reads every RFC fixture as RFC text, with no line left unread', () => {
    const root = fileURLToPath(new URL('../../library/', import.meta.url));
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.smtp'),
    );
    expect(files.length).toBeGreaterThanOrEqual(88);
    const codes = files.map((f) => {
      const r = replay(join(root, f));
      expect(r.err).toBe('');
      expect(r.out).not.toContain('not read');
      return r.code;
    });
    // 1 where a fixture records replies this simulator does not give (library/INDEX.md §5.3).
    expect(codes.every((c) => c === 0 || c === 1)).toBe(true);
    expect(codes.filter((c) => c === 0).length).toBeGreaterThan(files.length / 2);
  });
});
