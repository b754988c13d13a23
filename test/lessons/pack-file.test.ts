import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

  it('bundles a folder, and the check accepts the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pack-'));
    const folder = join(dir, 'class-a');
    mkdirSync(join(folder, '01-basics', '01-hello'), { recursive: true });
    writeFileSync(join(folder, '01-basics', 'index.md'), ERA);
    writeFileSync(join(folder, '01-basics', '01-hello', 'index.md'), LESSON);
    writeFileSync(join(folder, '01-basics', '01-hello', 'solution.smtp'), 'EHLO client.test\n');
    const out = join(dir, 'class-a.json');
    execFileSync(tsx, ['src/cli/lessons-pack.ts', folder, '--title', 'Class A', '-o', out], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const read = readPackJson(readFileSync(out, 'utf8'));
    expect(read.ok && read.pack.name).toBe('class-a');
    const ok = spawnSync(tsx, ['src/cli/lessons-check.ts', out], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.stdout).toMatch(/1 lesson\(s\) in 1 era\(s\): all good/);
    expect(ok.status).toBe(0);

    // A pack whose solution misses its goal is refused by both, with the reason.
    writeFileSync(join(folder, '01-basics', '01-hello', 'solution.smtp'), 'NOOP\n');
    const packed = spawnSync(tsx, ['src/cli/lessons-pack.ts', folder], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(packed.status).toBe(1);
    expect(packed.stderr).toMatch(/solution does not meet the goal/);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        ...SMALL,
        files: { ...SMALL.files, '01-basics/01-hello/solution.smtp': 'NOOP\n' },
      }),
    );
    const refused = spawnSync(tsx, ['src/cli/lessons-check.ts', bad], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /01-basics\/01-hello\/solution.smtp: the solution does not meet/,
    );
    const notPack = join(dir, 'other.json');
    writeFileSync(notPack, '{"format":"other"}');
    const other = spawnSync(tsx, ['src/cli/lessons-check.ts', notPack], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(other.status).toBe(1);
    expect(other.stderr).toMatch(/not a lesson pack/);
  }, 60_000);
});
