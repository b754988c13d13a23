/**
 * `npm run replay` run through its main() in process: usage, exit codes and
 * what it prints. (Launching the script is the same one-line wiring as the
 * bridge's, which test/cli/bridge-cli.test.ts runs as a process.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/replay.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { SOURCES } from '../../src/protocol/import/index.ts';

const EX1 = fileURLToPath(new URL('../fixtures/rfc821/ex1-procedure.smtp', import.meta.url));
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
});
