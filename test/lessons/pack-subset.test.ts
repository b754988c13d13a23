/**
 * lessons:pack on any part of a course: an era folder, a lesson folder, or
 * several. Links to lessons left out become text with a note; the first
 * message names what is really wrong.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main as checkMain } from '../../src/cli/lessons-check.ts';
import { main as packMain } from '../../src/cli/lessons-pack.ts';
import { checkPack, unlinkOutside } from '../../src/lessons/check.ts';
import { readPackFiles } from '../../src/lessons/load.ts';
import { folderKind, packFromFolder, readPackJson } from '../../src/lessons/pack-file.ts';
import { buildPack } from '../../src/lessons/tree.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COURSE = join(ROOT, 'lessons');
const pack = (...argv: string[]) => {
  const io = recordIo();
  const code = packMain(argv, io);
  return { code, out: io.out, err: io.err };
};

const ERA = '---\ntitle: Basics\ndialect: rfc821\n---\n\nOur class.\n';
const lesson = (title: string, body: string) =>
  `---\ntitle: ${title}\nrfcs: [821]\ngoals:\n  - kind: reply\n    verb: HELO\n    code: 250\n---\n\n${body}\n`;

/** A small course: two eras, three lessons linking to each other. */
function course(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pack-subset-'));
  dirs.push(dir);
  const root = join(dir, 'course');
  const files: Record<string, string> = {
    '01-basics/index.md': ERA,
    '01-basics/01-hello/index.md': lesson(
      'Hello',
      'Next: [the second](../02-again) and [later](../../02-more/01-more "a title").',
    ),
    '01-basics/01-hello/solution.smtp': 'HELO client.test\n',
    '01-basics/02-again/index.md': lesson('Again', 'Back to [the first](../01-hello).'),
    '01-basics/02-again/solution.smtp': 'HELO client.test\n',
    '02-more/index.md': '---\ntitle: More\n---\n\nSee [the basics](../01-basics).\n',
    '02-more/01-more/index.md': lesson('More', 'As in [hello](../../01-basics/01-hello).'),
    '02-more/01-more/solution.smtp': 'HELO client.test\n',
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Packs the folders, then reads the JSON it printed: the pack's files. */
function packed(...folders: string[]) {
  const r = pack(...folders);
  expect(r.code, r.err).toBe(0);
  const read = readPackJson(r.out);
  if (!read.ok) throw new Error(read.reason);
  return { ...r, files: read.pack.files, name: read.pack.name };
}

describe('what a folder is', () => {
  it('a course, an era or a lesson, from its files', () => {
    expect(folderKind(['01-a/index.md', '01-a/01-b/index.md'])).toBe('course');
    expect(folderKind(['index.md', '01-b/index.md', '01-b/solution.smtp'])).toBe('era');
    expect(folderKind(['index.md', 'solution.smtp'])).toBe('lesson');
  });
});

describe('npm run lessons:pack on part of a course', () => {
  it('an era folder: the era under its own name, links out of it as text with a note', () => {
    const root = course();
    const r = packed(join(root, '01-basics'));
    expect([...r.files.keys()].sort()).toEqual([
      '01-basics/01-hello/index.md',
      '01-basics/01-hello/solution.smtp',
      '01-basics/02-again/index.md',
      '01-basics/02-again/solution.smtp',
      '01-basics/index.md',
    ]);
    expect(r.name).toBe('01-basics');
    const hello = r.files.get('01-basics/01-hello/index.md')!;
    expect(hello).toContain('[the second](../02-again)');
    expect(hello).toContain('and later (not in this pack: more/more in the full course).');
    expect(r.err).toMatch(
      /^01-basics\/01-hello\/index\.md: note: the link "\.\.\/\.\.\/02-more\/01-more" leads to 02-more\/01-more, which is not in this pack; it is written as plain text with a note\n/,
    );
    // The frontmatter is untouched; the pack checks clean.
    expect(hello.split('---')[1]).toBe(lesson('Hello', '').split('---')[1]);
    expect(checkPack(buildPack(r.files))).toEqual([]);
  });

  it('a link that leads nowhere in the course either is still a problem', () => {
    const root = course();
    const file = join(root, '01-basics', '02-again', 'index.md');
    writeFileSync(file, lesson('Again', 'Back to [nowhere](../09-none).'));
    for (const folder of [join(root, '01-basics'), root]) {
      const r = pack(folder);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        '01-basics/02-again/index.md: link "../09-none" points to 01-basics/09-none, which is not a lesson or era of this pack\n\n1 problem(s): the pack was not written.\n',
      );
    }
  });

  it('a lesson folder: with its era index.md (its dialect), other lessons as text', () => {
    const root = course();
    const r = packed(join(root, '02-more', '01-more'));
    expect([...r.files.keys()].sort()).toEqual([
      '02-more/01-more/index.md',
      '02-more/01-more/solution.smtp',
      '02-more/index.md',
    ]);
    expect(r.files.get('02-more/01-more/index.md')).toContain(
      'As in hello (not in this pack: basics/hello in the full course).',
    );
    // The era's own text links out too.
    expect(r.files.get('02-more/index.md')).toContain(
      'See the basics (not in this pack: basics in the full course).',
    );
  });

  it('several folders: one pack, an era given twice taken once', () => {
    const root = course();
    const r = packed(join(root, '02-more'), join(root, '01-basics', '02-again'), '--name', 'mix');
    expect(r.name).toBe('mix');
    expect([...r.files.keys()].sort()).toEqual([
      '01-basics/02-again/index.md',
      '01-basics/02-again/solution.smtp',
      '01-basics/index.md',
      '02-more/01-more/index.md',
      '02-more/01-more/solution.smtp',
      '02-more/index.md',
    ]);
    expect(r.files.get('01-basics/02-again/index.md')).toContain(
      'Back to the first (not in this pack: basics/hello in the full course).',
    );
    const both = packed(join(root, '01-basics'), join(root, '01-basics', '01-hello'));
    expect([...both.files.keys()]).toHaveLength(5);
  });

  it('the first message names the real cause', () => {
    const root = course();
    // A lesson folder without an era above it.
    const alone = join(root, '..', 'alone');
    mkdirSync(alone);
    writeFileSync(join(alone, 'index.md'), lesson('Alone', 'Hi.'));
    writeFileSync(join(alone, 'solution.smtp'), 'HELO client.test\n');
    const r = pack(alone);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(
      `${alone}: this is a lesson folder, and the folder above it has no index.md: a lesson takes its era's settings from there. Give the lesson folder inside its era (NN-era/NN-lesson), or the era folder`,
    );
    // An era folder not named NN-name.
    const era = join(root, '..', 'basics');
    mkdirSync(join(era, '01-x'), { recursive: true });
    writeFileSync(join(era, 'index.md'), ERA);
    writeFileSync(join(era, '01-x', 'index.md'), lesson('X', 'Hi.'));
    writeFileSync(join(era, '01-x', 'solution.smtp'), 'HELO client.test\n');
    expect(pack(era).err.split('\n')[0]).toBe(
      'basics/01-x/index.md: an era folder must be named NN-name (e.g. 03-smtp-1982)',
    );
    expect(pack('nope').err).toMatch(/^lessons:pack: nope is not a folder\nusage: /);
    expect(pack().code).toBe(2);
  });

  it('lesson files laid out where eras belong: one message saying so, no unknown fields', () => {
    // What packing an era folder as if it were a course gave (13 "unknown field" lines).
    const files = new Map([...readPackFiles(join(COURSE, '02-mtp'))]);
    const problems = checkPack(buildPack(files));
    expect(problems[0]).toEqual({
      file: '01-mail-in-one-command/index.md',
      message:
        'this is a lesson (it has a solution.smtp) where an era folder belongs: lessons go in NN-era/NN-lesson/; pack the era or course folder that holds it, or give lessons:pack the lesson folder inside its era',
    });
    expect(problems.some((p) => p.message.includes('unknown field'))).toBe(false);
  });
});

describe('the course itself, in parts', () => {
  it('an era and a lesson of the course pack and check clean', () => {
    const r = packed(
      join(COURSE, '02-mtp'),
      join(COURSE, '03-smtp-1982', '01-helo-mail-rcpt-data'),
    );
    // Their links to each other stay links: both ends are in the pack.
    expect(r.err).toBe('');
    expect(r.files.get('02-mtp/01-mail-in-one-command/index.md')).toContain(
      '](../../03-smtp-1982/01-helo-mail-rcpt-data)',
    );
    const dir = mkdtempSync(join(tmpdir(), 'pack-subset-'));
    dirs.push(dir);
    const file = join(dir, 'part.json');
    writeFileSync(file, r.out);
    const io = recordIo();
    expect(checkMain([file], io), io.err).toBe(0);
    expect(io.out).toMatch(/^5 lesson\(s\) in 2 era\(s\): all good\.\n$/);
    expect(readFileSync(file, 'utf8')).not.toMatch(/\]\(\.\.\/\.\.\/0[145]-/);
  });
});

describe('npm run lessons:check on part of a course', () => {
  it('checks an era or a lesson folder as it would be packed', () => {
    const root = course();
    for (const folder of [join(root, '01-basics'), join(root, '02-more', '01-more')]) {
      const io = recordIo();
      expect(checkMain([folder], io), io.err).toBe(0);
    }
    const io = recordIo();
    writeFileSync(join(root, '02-more', '01-more', 'solution.smtp'), 'NOOP\n');
    expect(checkMain([join(root, '02-more', '01-more')], io)).toBe(1);
    expect(io.err.split('\n')[0]).toBe(
      '02-more/01-more/solution.smtp: the solution does not meet the goal: "Get a 250 reply to HELO"',
    );
  });
});

describe('a folder chosen in the app', () => {
  const entries = (top: string, files: Record<string, string>) =>
    Object.entries(files).map(([p, text]) => ({ path: `${top}/${p}`, text }));

  it('an era folder is kept under its name; a lesson folder alone is refused, saying why', () => {
    const era = packFromFolder(
      entries('01-basics', {
        'index.md': ERA,
        '01-hello/index.md': lesson('Hello', 'Hi.'),
        '01-hello/solution.smtp': 'HELO client.test\n',
      }),
    );
    expect(era.ok && [...era.pack.files.keys()].sort()).toEqual([
      '01-basics/01-hello/index.md',
      '01-basics/01-hello/solution.smtp',
      '01-basics/index.md',
    ]);
    const one = packFromFolder(
      entries('01-hello', { 'index.md': lesson('Hello', 'Hi.'), 'solution.smtp': 'HELO x.test\n' }),
    );
    expect(one).toEqual({
      ok: false,
      reason:
        "\"01-hello\" is one lesson's folder: choose its era's folder (the folder above, which holds the era's settings) or the whole course",
    });
  });
});

describe('unlinkOutside', () => {
  it('changes only links to course folders the pack lacks, in the text after the frontmatter', () => {
    const files = new Map([
      [
        '01-a/index.md',
        '---\ntitle: "[x](../02-b)"\n---\n[b](../02-b) [c](../03-c) [w](https://example.test) [h](#top)\n',
      ],
    ]);
    const { files: out, notes } = unlinkOutside(files, new Set(['01-a', '02-b']));
    expect(out.get('01-a/index.md')).toBe(
      '---\ntitle: "[x](../02-b)"\n---\nb (not in this pack: b in the full course) [c](../03-c) [w](https://example.test) [h](#top)\n',
    );
    expect(notes).toEqual([{ file: '01-a/index.md', link: '../02-b', target: '02-b' }]);
  });
});
