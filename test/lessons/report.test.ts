/**
 * Completion reports: made by the app's own code path (LessonController records
 * the lines that met the goals), verified by the code `lessons:verify` and the
 * teacher view share; bad reports are rejected with the reason, never thrown.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/lessons-verify.ts';
import { bundledPack } from '../../src/lessons/browser.ts';
import { loadPack, readPackFiles } from '../../src/lessons/load.ts';
import { writePackJson } from '../../src/lessons/pack-file.ts';
import { generatePractice } from '../../src/lessons/practice.ts';
import {
  buildReport,
  formatVerification,
  lookupIn,
  REPORT_FORMAT,
  verifyReport,
} from '../../src/lessons/report.ts';
import { LessonController } from '../../src/ui/lessons/lesson.svelte.ts';
import { importProgress, PROGRESS_KEY } from '../../src/ui/lessons/progress.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { APP_VERSION } from '../../src/version.ts';
import { memoryStore } from '../ui/store.ts';

const pack = loadPack('lessons');
const lookup = lookupIn(pack);
const PRACTICE = ['42', 'class-7'];

/** A learner who does every lesson (and two practice tasks) by typing, in the app's controller. */
function learner() {
  const store = memoryStore();
  const sim = new Simulator({ store });
  let clock = 0;
  const lessons = new LessonController(sim, bundledPack(), {
    store,
    typingDelay: 0,
    now: () => new Date(Date.UTC(2024, 0, 1, 9, 0, clock++)).toISOString(),
  });
  const ids = [...lessons.pack.lessons.map((l) => l.id), ...PRACTICE.map((s) => `practice/${s}`)];
  for (const id of ids) {
    expect(lessons.open(id), id).toBe(true);
    // Playing the server (role: server), the lines are replies typed in the lesson's panel;
    // sending a message through the world (role: journey), actions on its journey.
    const type = (line: string) =>
      lessons.reverse
        ? lessons.reverse.input(line)
        : lessons.journey
          ? lessons.journey.input(line)
          : sim.send(line);
    for (const line of lessons.lesson!.solution ?? []) {
      type(line);
      lessons.update(); // what the app does on every change of the session
    }
    // A line typed after the goals were met is not part of the proof.
    type(lessons.reverse ? '250 one more' : lessons.journey ? 'run' : 'NOOP');
    lessons.update();
    expect(lessons.allMet, id).toBe(true);
  }
  return { store, lessons, ids };
}

/**
 * Runs src/cli/NAME as its npm script does, with tsx, but as `node --import tsx`
 * (one process; the tsx command starts a second) and without npm in between.
 */
function spawnCli(name: string, argv: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join('src', 'cli', name), ...argv],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const { store, lessons, ids } = learner();
const made = lessons.reportText();
const report = JSON.parse(made.text);

describe('a report made by the app', () => {
  it('lists every lesson done, with its lines and times, in a versioned format', () => {
    expect(made.skipped).toEqual([]);
    expect(made.count).toBe(ids.length);
    expect(report.format).toBe(REPORT_FORMAT);
    expect(report.version).toBe(1);
    expect(report.app).toBe(APP_VERSION);
    expect(report.lessons.map((l: { id: string }) => l.id)).toEqual(ids);
    const first = report.lessons[0];
    expect(first.lines).toEqual(pack.lessons[0]!.solution);
    expect(first.doneAt).toMatch(/^2024-01-01T09:00:\d\dZ|^2024-01-01T09:00:\d\d\.\d{3}Z$/);
    expect(first.startedAt <= first.doneAt).toBe(true);
    expect(first.title).toBe(pack.lessons[0]!.title);
    // The progress store keeps what the report needs, in a form the app reads back.
    const kept = importProgress(store.data.get(PROGRESS_KEY)!);
    expect('progress' in kept && kept.progress[ids[0]!]?.solvedWith).toEqual(first.lines);
  });

  it('verifies: every lesson confirmed, practice tasks from their seed', () => {
    const v = verifyReport(made.text, lookup);
    expect(v.problem).toBeNull();
    expect(v.verdicts.filter((x) => x.status !== 'confirmed')).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.verdicts.find((x) => x.id === 'practice/42')?.title).toBe('Practice 42');
    expect(formatVerification(v).at(-1)).toBe(
      `${ids.length} confirmed, 0 rejected, of ${ids.length} lesson(s).`,
    );
  });

  it('progress stored before startedAt existed still reads, and reports without it', () => {
    const old = JSON.stringify({
      format: 'smtp-simulator-progress',
      version: 1,
      lessons: { [ids[0]!]: { done: true, solvedWith: report.lessons[0].lines, doneAt: 'then' } },
    });
    const read = importProgress(old);
    expect('progress' in read).toBe(true);
    if (!('progress' in read)) return;
    const built = buildReport(read.progress, { app: '0', createdAt: 'now' });
    expect(built.report.lessons).toEqual([
      { id: ids[0], lines: report.lessons[0].lines, doneAt: 'then' },
    ]);
    expect(verifyReport(JSON.stringify(built.report), lookup).ok).toBe(true);
  });

  it('a lesson done before transcripts were kept is left out, and said so', () => {
    const built = buildReport(
      { 'a/b': { done: true }, 'a/c': { done: false, solvedWith: [] } },
      { app: '0', createdAt: 'x' },
    );
    expect(built.skipped).toEqual(['a/b']);
    expect(built.report.lessons).toEqual([]);
  });
});

describe('"Show solution" is said in the report', () => {
  it('a lesson whose solution the app typed is confirmed with a note, one typed by hand without', async () => {
    const store = memoryStore();
    const sim = new Simulator({ store });
    const lessons = new LessonController(sim, bundledPack(), { store, typingDelay: 0 });
    const [shown, typed] = ['smtp-1982/helo-mail-rcpt-data', 'smtp-1982/rset-starts-over'];
    lessons.open(shown);
    lessons.showSolution();
    await vi.waitFor(() => expect(lessons.typing).toBe(false));
    expect(lessons.isDone(shown)).toBe(true);
    // Reset does not forget it: the learner has seen the solution.
    lessons.reset();
    expect(lessons.progress[shown]?.solutionShown).toBe(true);
    lessons.open(typed);
    for (const line of lessons.lesson!.solution!) {
      sim.send(line);
      lessons.update();
    }
    const built = JSON.parse(lessons.reportText().text);
    const entry = (id: string) => built.lessons.find((l: { id: string }) => l.id === id);
    expect(entry(shown).solutionShown).toBe(true);
    expect(entry(typed).solutionShown).toBeUndefined();
    const v = verifyReport(JSON.stringify(built), lookup);
    expect(v.ok).toBe(true);
    const reason = (id: string) => v.verdicts.find((x) => x.id === id)!.reason;
    expect(reason(shown)).toMatch(/meets all \d+ goals; the learner used "Show solution"$/);
    expect(reason(typed)).not.toMatch(/Show solution/);
    // A flag that is not true or false is a malformed entry.
    built.lessons[0].solutionShown = 'no';
    expect(verifyReport(JSON.stringify(built), lookup).verdicts[0]!.reason).toBe(
      'malformed entry: "solutionShown" must be true or false',
    );
  });
});

describe('a report that does not hold up', () => {
  const edited = (f: (lessons: { id: string; lines: string[] }[]) => void) => {
    const copy = structuredClone(report);
    f(copy.lessons);
    return verifyReport(JSON.stringify(copy), lookup);
  };

  it('a transcript that misses a goal is rejected, naming the goal', () => {
    const id = 'smtp-1982/helo-mail-rcpt-data';
    const v = edited((ls) => {
      const l = ls.find((x) => x.id === id)!;
      l.lines = l.lines.filter((x) => x !== 'QUIT' && x !== 'NOOP');
    });
    expect(v.ok).toBe(false);
    const verdict = v.verdicts.find((x) => x.id === id)!;
    expect(verdict.status).toBe('rejected');
    expect(verdict.reason).toBe('goal not met: "Close the session with QUIT"');
    // The others still stand.
    expect(v.verdicts.filter((x) => x.status === 'rejected')).toHaveLength(1);
  });

  it('a practice task is checked against its own seed, not another', () => {
    const v = edited((ls) => {
      ls.find((x) => x.id === 'practice/42')!.id = 'practice/43';
    });
    const verdict = v.verdicts.find((x) => x.id === 'practice/43')!;
    expect(verdict.status).toBe('rejected');
    expect(verdict.reason).toMatch(/^goals? not met: /);
    expect(generatePractice('43').title).toBe(verdict.title);
  });

  it('unknown lessons, duplicates and malformed entries are rejected one by one', () => {
    const v = edited((ls) => {
      ls.push({ id: 'no/such-lesson', lines: [] });
      ls.push({ ...ls[0]! });
      ls.push({ id: 'x/y', lines: 'HELO' as unknown as string[] });
      ls.push({ id: 'x/z', lines: ['HELO a\r\nMAIL FROM:<b@c.test>'] });
      ls.push(7 as unknown as { id: string; lines: string[] });
    });
    const tail = v.verdicts.slice(-5).map((x) => [x.id, x.status, x.reason]);
    expect(tail).toEqual([
      ['no/such-lesson', 'rejected', 'unknown lesson: there is no lesson with this id in the pack'],
      [ids[0], 'rejected', 'listed twice in the report'],
      ['x/y', 'rejected', 'malformed entry: "lines" is missing or not a list'],
      [
        'x/z',
        'rejected',
        'malformed entry: a line holds a line break (each typed line must be its own entry)',
      ],
      ['(no id)', 'rejected', 'malformed entry: not an object'],
    ]);
    expect(v.ok).toBe(false);
  });

  it('malformed JSON, another format and a wrong version are refused cleanly', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['[]', /not a JSON object/],
      [JSON.stringify({ format: 'smtp-simulator-progress', version: 1, lessons: {} }), /format/],
      [JSON.stringify({ ...report, version: 2 }), /version \(2\)/],
      [JSON.stringify({ ...report, lessons: {} }), /"lessons" is not a list/],
      [JSON.stringify({ ...report, lessons: [] }), /no lessons/],
      ['x'.repeat(5_000_001), /larger than/],
    ];
    for (const [text, reason] of cases) {
      const v = verifyReport(text, lookup);
      expect(v.ok).toBe(false);
      expect(v.verdicts).toEqual([]);
      expect(v.problem).toMatch(reason);
      expect(formatVerification(v)[0]).toMatch(/^rejected {2}the report: /);
    }
  });
});

describe('npm run lessons:verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lessons-verify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const USAGE =
    'usage: npm run lessons:verify -- REPORT.json|FOLDER... [--pack PATH] [--csv FILE.csv]\n';
  /** The command's main(), in this process: its exit code and what it printed. */
  const run = (...args: string[]) => {
    const io = recordIo();
    const code = main(args, io);
    return { code, stdout: io.out, stderr: io.err };
  };

  it('confirms a good report (exit 0) and rejects a bad one with the reason (exit 1)', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, made.text);
    const ok = run(good);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(
      /^confirmed +smtp-1982\/helo-mail-rcpt-data +the transcript replays/m,
    );
    expect(ok.stdout).toContain(`${ids.length} confirmed, 0 rejected`);
    expect(ok.stdout).toBe(
      formatVerification(verifyReport(made.text, lookup))
        .map((line) => `${line}\n`)
        .join(''),
    );

    const copy = structuredClone(report);
    copy.lessons[0].lines = copy.lessons[0].lines.slice(0, 1);
    copy.lessons.push({ id: 'no/such-lesson', lines: [] });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(copy));
    const no = run(bad, '--pack', 'lessons');
    expect(no.code).toBe(1);
    expect(no.stdout).toMatch(new RegExp(`^rejected +${ids[0]} +goals? not met: "`, 'm'));
    expect(no.stdout).toMatch(/^rejected +no\/such-lesson +unknown lesson/m);

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{');
    const b = run(broken);
    expect(b.code).toBe(1);
    expect(b.stdout).toContain(
      'rejected  the report: malformed report: the file is not valid JSON',
    );
  });

  it('verifies against another pack with --pack, and explains wrong usage (exit 2)', () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, made.text);
    // An empty pack knows none of the lessons (practice tasks still verify from their seed).
    const empty = join(dir, 'empty-pack');
    mkdirSync(empty);
    const other = run(good, `--pack=${empty}`);
    expect(other.code).toBe(1);
    expect(other.stdout).toMatch(/^rejected +smtp-1982\/helo-mail-rcpt-data +unknown lesson/m);
    expect(other.stdout).toMatch(/^confirmed +practice\/42 /m);
    expect(run().code).toBe(2);
    expect(run()).toEqual({
      code: 2,
      stdout: '',
      stderr: `lessons:verify: no report given\n${USAGE}`,
    });
    const missing = join(dir, 'missing.json');
    expect(run(missing).stderr).toMatch(/could not be read \(ENOENT\)/);
    expect(run(missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `lessons:verify: ${missing} could not be read (ENOENT)\n${USAGE}`,
    });
    const nope = join(dir, 'nope');
    expect(run(good, '--pack', nope).stderr).toMatch(/is neither a folder nor a file/);
    expect(run(good, '--pack', nope)).toEqual({
      code: 2,
      stdout: '',
      stderr: `lessons:verify: ${nope} is neither a folder nor a file\n${USAGE}`,
    });
    // A pack JSON file (what lessons:pack writes) works as well as a folder; a report made
    // with a teacher's pack says so when verified against another.
    const packFile = join(dir, 'pack.json');
    writeFileSync(
      packFile,
      writePackJson({ name: 'course', title: 'Course', files: readPackFiles('lessons') }),
    );
    const withPack = join(dir, 'with-pack.json');
    writeFileSync(withPack, JSON.stringify({ ...report, pack: 'week-3' }));
    const viaFile = run(withPack, '--pack', packFile);
    expect(viaFile.code, viaFile.stderr).toBe(0);
    expect(viaFile.stderr).toContain('the report was made with the pack "week-3"');
    expect(viaFile.stderr).toBe(
      'lessons:verify: note: the report was made with the pack "week-3"; ' +
        'give that pack with --pack (verifying against "course")\n',
    );
  });

  it('as a process (the wiring: argv, output, exit code): a good report, exit 0', async () => {
    const good = join(dir, 'spawned.json');
    writeFileSync(good, made.text);
    const ok = await spawnCli('lessons-verify.ts', [good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(
      /^confirmed +smtp-1982\/helo-mail-rcpt-data +the transcript replays/m,
    );
    expect(ok.stdout).toContain(`${ids.length} confirmed, 0 rejected`);
    // What the process printed is what main() writes.
    expect(ok).toEqual({ ...run(good), code: 0 });
  }, 60_000);
});
