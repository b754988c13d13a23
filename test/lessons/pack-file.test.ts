import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main as checkMain } from '../../src/cli/lessons-check.ts';
import { main as packMain } from '../../src/cli/lessons-pack.ts';
import { readPackFiles } from '../../src/lessons/load.ts';
import {
  PACK_FORMAT,
  PACK_LIMITS,
  packFromFolder,
  packName,
  readPackJson,
  writePackJson,
} from '../../src/lessons/pack-file.ts';
import { buildPack } from '../../src/lessons/tree.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COURSE = join(ROOT, 'lessons');

/** A CLI's main() run in this process: its exit code and what it printed. */
function inProcess(main: typeof packMain, argv: string[]) {
  const io = recordIo();
  const code = main(argv, io);
  return { code, out: io.out, err: io.err };
}
const lessonsPack = (...argv: string[]) => inProcess(packMain, argv);
const lessonsCheck = (...argv: string[]) => inProcess(checkMain, argv);

/**
 * Runs src/cli/NAME as its npm script does, with tsx, but as `node --import tsx`
 * (one process; the tsx command starts a second) and without npm in between.
 */
function spawnCli(name: string, argv: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join('src', 'cli', name), ...argv],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const ERA = '---\ntitle: A class\ndialect: rfc5321\n---\n\nOur class.\n';
const LESSON = [
  '---',
  'title: Say hello',
  'rfcs: [5321]',
  'goals:',
  '  - kind: reply',
  '    verb: EHLO',
  '    code: 250',
  '---',
  '',
  'Say EHLO (RFC 5321 section 4.1.1.1).',
  '',
].join('\n');
const SMALL = {
  format: PACK_FORMAT,
  version: 1,
  name: 'class-a',
  title: 'Class A',
  files: {
    '01-basics/index.md': ERA,
    '01-basics/01-hello/index.md': LESSON,
    '01-basics/01-hello/solution.smtp': 'EHLO client.test\n',
  },
};

describe('pack JSON files', () => {
  it('reads a pack and builds the same lessons as its folder would', () => {
    const read = readPackJson(JSON.stringify(SMALL));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.pack.name).toBe('class-a');
    expect(read.pack.title).toBe('Class A');
    const pack = buildPack(read.pack.files);
    expect(pack.problems).toEqual([]);
    expect(pack.lessons.map((l) => l.id)).toEqual(['basics/hello']);
  });

  it("names the file and the line of a lesson's YAML error, and still builds the rest", () => {
    const bad = LESSON.replace('    code: 250', '    code: 250\n    code: 354');
    const read = readPackJson(
      JSON.stringify({ ...SMALL, files: { ...SMALL.files, '01-basics/02-bad/index.md': bad } }),
    );
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const pack = buildPack(read.pack.files);
    expect(pack.problems).toEqual([
      { file: '01-basics/02-bad/index.md', message: 'frontmatter line 8: "code" is given twice' },
    ]);
    expect(pack.lessons.map((l) => l.id)).toEqual(['basics/hello']);
  });

  it('round-trips the whole course through one JSON file', () => {
    const files = readPackFiles(COURSE);
    const text = writePackJson({ name: 'course', title: 'The course', files });
    const read = readPackJson(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.pack.files).toEqual(files);
    expect(buildPack(read.pack.files).lessons.length).toBe(buildPack(files).lessons.length);
    // The same folder gives the same file.
    expect(writePackJson(read.pack)).toBe(text);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an array', '[]', /not a lesson pack/],
    ['another format', JSON.stringify({ ...SMALL, format: 'x' }), /"format"/],
    ['an unknown version', JSON.stringify({ ...SMALL, version: 2 }), /version \(2\)/],
    ['no name', JSON.stringify({ ...SMALL, name: undefined }), /"name"/],
    ['a name with a slash', JSON.stringify({ ...SMALL, name: '../x' }), /"name"/],
    ['no files', JSON.stringify({ ...SMALL, files: {} }), /no files/],
    [
      'a file that is not text',
      JSON.stringify({ ...SMALL, files: { '01-a/index.md': 1 } }),
      /not text/,
    ],
    [
      'a path leaving the pack',
      JSON.stringify({ ...SMALL, files: { '../01-a/index.md': 'x' } }),
      /not a lesson file path/,
    ],
    [
      'a script file',
      JSON.stringify({ ...SMALL, files: { '01-a/evil.js': 'x' } }),
      /not a lesson file path/,
    ],
    [
      'an absolute path',
      JSON.stringify({ ...SMALL, files: { '/etc/01-a/index.md': 'x' } }),
      /not a lesson file path/,
    ],
    [
      'a huge file',
      JSON.stringify({
        ...SMALL,
        files: { '01-a/index.md': 'x'.repeat(PACK_LIMITS.fileBytes + 1) },
      }),
      /larger than/,
    ],
  ])('refuses %s with a reason', (_, text, reason) => {
    const read = readPackJson(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(reason);
  });

  it('reads a chosen folder: drops its own name, skips the guide and other files', () => {
    const read = packFromFolder([
      { path: 'My Class 2026/README.md', text: '# guide' },
      { path: 'My Class 2026/01-basics/index.md', text: ERA },
      { path: 'My Class 2026/01-basics/01-hello/index.md', text: LESSON },
      { path: 'My Class 2026/01-basics/01-hello/solution.smtp', text: 'EHLO client.test\n' },
      { path: 'My Class 2026/01-basics/01-hello/notes.txt', text: 'x' },
    ]);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.pack.name).toBe('my-class-2026');
    expect([...read.pack.files.keys()].sort()).toEqual([
      '01-basics/01-hello/index.md',
      '01-basics/01-hello/solution.smtp',
      '01-basics/index.md',
    ]);
    expect(packFromFolder([{ path: 'x/notes.txt', text: '' }]).ok).toBe(false);
    expect(packName('   ')).toBe('pack');
  });
});

describe('npm run lessons:pack and lessons:check on a JSON pack', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** A temp folder holding the pack folder class-a (one era, one lesson); both paths. */
  function classA(): { dir: string; folder: string } {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    dirs.push(dir);
    const folder = join(dir, 'class-a');
    mkdirSync(join(folder, '01-basics', '01-hello'), { recursive: true });
    writeFileSync(join(folder, '01-basics', 'index.md'), ERA);
    writeFileSync(join(folder, '01-basics', '01-hello', 'index.md'), LESSON);
    writeFileSync(join(folder, '01-basics', '01-hello', 'solution.smtp'), 'EHLO client.test\n');
    return { dir, folder };
  }

  it('bundles a folder, and the check accepts the file (main, in process)', () => {
    const { dir, folder } = classA();
    const out = join(dir, 'class-a.json');
    const written = lessonsPack(folder, '--title', 'Class A', '-o', out);
    expect(written.code).toBe(0);
    expect(written.out).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(written.err).toBe(`${out}: 3 files, ${(text.length / 1000).toFixed(1)} kB\n`);
    const read = readPackJson(text);
    expect(read.ok && read.pack.name).toBe('class-a');
    expect(read.ok && read.pack.title).toBe('Class A');
    const ok = lessonsCheck(out);
    expect(ok.out).toMatch(/1 lesson\(s\) in 1 era\(s\): all good/);
    expect(ok.out).toBe('1 lesson(s) in 1 era(s): all good.\n');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);

    // A pack whose solution misses its goal is refused by both, with the reason.
    writeFileSync(join(folder, '01-basics', '01-hello', 'solution.smtp'), 'NOOP\n');
    const packed = lessonsPack(folder);
    expect(packed.code).toBe(1);
    expect(packed.out).toBe('');
    expect(packed.err).toMatch(/solution does not meet the goal/);
    const missed =
      '01-basics/01-hello/solution.smtp: the solution does not meet the goal: "Get a 250 reply to EHLO"\n';
    expect(packed.err).toBe(`${missed}\n1 problem(s): the pack was not written.\n`);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...SMALL,
        files: { ...SMALL.files, '01-basics/01-hello/solution.smtp': 'NOOP\n' },
      }),
    );
    const refused = lessonsCheck(bad);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/01-basics\/01-hello\/solution.smtp: the solution does not meet/);
    expect(refused.err).toBe(`${missed}\n1 problem(s) in 1 lesson(s).\n`);
    const notPack = join(dir, 'other.json');
    writeFileSync(notPack, '{"format":"other"}');
    const other = lessonsCheck(notPack);
    expect(other.code).toBe(1);
    expect(other.out).toBe('');
    expect(other.err).toMatch(/not a lesson pack/);
    expect(other.err).toBe(
      `lessons:check: ${notPack}: the file is not a lesson pack ("format" is not "${PACK_FORMAT}")\n`,
    );
  });

  it('as a process (the wiring: argv, the file written, output, exit code): exit 0', async () => {
    const { dir, folder } = classA();
    const out = join(dir, 'class-a.json');
    const run = await spawnCli('lessons-pack.ts', [folder, '--title', 'Class A', '-o', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(run.stderr).toBe(`${out}: 3 files, ${(text.length / 1000).toFixed(1)} kB\n`);
    // The file is what main() prints without -o.
    const printed = lessonsPack(folder, '--title', 'Class A');
    expect(printed).toEqual({ code: 0, out: text, err: '' });
    const read = readPackJson(text);
    expect(read.ok && read.pack.name).toBe('class-a');
  }, 60_000);
});
