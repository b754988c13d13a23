/**
 * A class's reports: each carries the learner's name and is saved under a file
 * name with it; a teacher verifies several at once (lessons:verify, the
 * teacher view) and gets one row per learner, as text and as CSV, dates in
 * words.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/lessons-verify.ts';
import { loadPack } from '../../src/lessons/load.ts';
import {
  buildReport,
  classCsv,
  classRows,
  cleanLearner,
  formatClass,
  formatVerification,
  formatWhen,
  lookupIn,
  nameReport,
  reportFileName,
  serializeReport,
  verifyReport,
} from '../../src/lessons/report.ts';

const pack = loadPack('lessons');
const lookup = lookupIn(pack);
const [first, second] = pack.lessons;

/** A report of the first lessons of the course, done with their solutions. */
function reportOf(
  learner: string | undefined,
  lessons = [first!, second!],
  createdAt = '2026-12-07T14:05:00.000Z',
) {
  const progress = Object.fromEntries(
    lessons.map((l, i) => [
      l.id,
      { done: true, solvedWith: l.solution!, doneAt: `2026-12-0${i + 1}T09:30:00.000Z` },
    ]),
  );
  return serializeReport(
    buildReport(progress, { app: '1.0', createdAt, ...(learner ? { learner } : {}) }).report,
  );
}

describe('a learner names the report', () => {
  it('the name is kept, cleaned, and carried to the verification', () => {
    expect(JSON.parse(reportOf('  Ada \n Lovelace ')).learner).toBe('Ada Lovelace');
    expect(JSON.parse(reportOf(undefined)).learner).toBeUndefined();
    expect(cleanLearner('x'.repeat(300))).toHaveLength(100);
    const v = verifyReport(reportOf('Ada Lovelace'), lookup);
    expect(v.ok).toBe(true);
    expect(v.learner).toBe('Ada Lovelace');
  });

  it('the app names the report it made: the name before the lessons, the rest as it was', () => {
    const made = reportOf(undefined);
    const named = nameReport(made, ' Grace\tHopper ');
    expect(Object.keys(JSON.parse(named))).toEqual([
      'format',
      'version',
      'app',
      'createdAt',
      'learner',
      'lessons',
    ]);
    expect(JSON.parse(named)).toEqual({ ...JSON.parse(made), learner: 'Grace Hopper' });
    expect(verifyReport(named, lookup).learner).toBe('Grace Hopper');
  });

  it('a name that is not one line of text refuses the report', () => {
    const report = JSON.parse(reportOf('Ada'));
    for (const learner of [42, 'Ada\nBob', 'x'.repeat(101), ' Ada'])
      expect(verifyReport(JSON.stringify({ ...report, learner }), lookup).problem).toMatch(
        /"learner" must be a name/,
      );
  });

  it('the file name holds the name, letters of any script kept', () => {
    expect(reportFileName('Ada Lovelace')).toBe('smtp-simulator-report-ada-lovelace.json');
    expect(reportFileName('Zoë Ñúñez-Díaz')).toBe('smtp-simulator-report-zoe-nunez-diaz.json');
    expect(reportFileName('李雷')).toBe('smtp-simulator-report-李雷.json');
    expect(reportFileName('../../etc/passwd')).toBe('smtp-simulator-report-etc-passwd.json');
    expect(reportFileName('  ')).toBe('smtp-simulator-report.json');
  });
});

describe('dates in words', () => {
  it('day, month name, year and time; not-a-date text as given', () => {
    expect(formatWhen('2026-12-07T14:05:00.000Z', 'utc')).toBe('7 December 2026, 14:05 UTC');
    expect(formatWhen('2024-01-01T09:00:03Z', 'utc')).toBe('1 January 2024, 09:00 UTC');
    const local = new Date(2026, 11, 7, 14, 5).toISOString();
    expect(formatWhen(local)).toBe('7 December 2026, 14:05');
    expect(formatWhen('yesterday')).toBe('yesterday');
    expect(formatWhen('2026-13-45T00:00:00Z')).toBe('2026-13-45T00:00:00Z');
  });

  it('the verification lines show dates in words, no ISO string', () => {
    const lines = formatVerification(verifyReport(reportOf('Ada'), lookup), 'utc');
    expect(lines[0]).toBe(
      'Report of Ada, made by the app version 1.0 on 7 December 2026, 14:05 UTC:',
    );
    expect(lines[1]).toContain('(done 1 December 2026, 09:30 UTC)');
    expect(lines.join('\n')).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });
});

describe('a class table', () => {
  const reports = [
    { file: 'b.json', verification: verifyReport(reportOf('Grace Hopper'), lookup) },
    { file: 'a.json', verification: verifyReport(reportOf('Ada Lovelace', [first!]), lookup) },
    { file: 'c.json', verification: verifyReport(reportOf(undefined), lookup) },
    { file: 'd.json', verification: verifyReport('{', lookup) },
  ];
  const broken = JSON.parse(reportOf('=HYPERLINK("x")'));
  broken.lessons[0].lines = [];
  reports.push({ file: 'e.json', verification: verifyReport(JSON.stringify(broken), lookup) });

  it('one row per report, by name, unnamed last; completed, confirmed, verified, when', () => {
    const rows = classRows(reports);
    expect(rows.map((r) => [r.learner, r.completed, r.confirmed, r.verified])).toEqual([
      ['=HYPERLINK("x")', 2, 1, false],
      ['Ada Lovelace', 1, 1, true],
      ['Grace Hopper', 2, 2, true],
      [null, 2, 2, true],
      [null, 0, 0, false],
    ]);
    expect(rows[2]!.lastDoneAt).toBe('2026-12-02T09:30:00.000Z');
    expect(rows[4]!.problem).toMatch(/not valid JSON/);
  });

  it('as text: a line per learner, dates in words, a summary', () => {
    const lines = formatClass(classRows(reports), 'utc');
    expect(lines[0]).toMatch(/^Learner +Lessons completed +Confirmed +Verified +Last lesson done/);
    expect(lines[2]).toMatch(
      /^Ada Lovelace +1 +1 +yes +1 December 2026, 09:30 UTC +7 December 2026, 14:05 UTC +a\.json$/,
    );
    expect(lines[1]).toMatch(/no: 1 of 2 rejected/);
    expect(lines[5]).toMatch(/^\(no name given\) .* no: the report was refused \(malformed report/);
    expect(lines.at(-1)).toBe('3 of 5 report(s) verified.');
  });

  it('the same name twice is noted', () => {
    const twice = [...reports.slice(0, 2), { ...reports[1]!, file: 'a2.json' }];
    expect(formatClass(classRows(twice)).at(-1)).toBe(
      'note: more than one report gives the name "ada lovelace".',
    );
  });

  it('as CSV: quoted fields, CRLF, formulas defused', () => {
    const csv = classCsv(classRows(reports), 'utc');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      '"Learner","Lessons completed","Confirmed","Verified","Last lesson done","Report saved","Report file"',
    );
    expect(lines[1]).toBe(
      `"'=HYPERLINK(""x"")","2","1","no: 1 of 2 rejected","2 December 2026, 09:30 UTC","7 December 2026, 14:05 UTC","e.json"`,
    );
    expect(lines[2]).toBe(
      '"Ada Lovelace","1","1","yes","1 December 2026, 09:30 UTC","7 December 2026, 14:05 UTC","a.json"',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(7);
  });
});

describe('npm run lessons:verify with a class', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lessons-class-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const io = recordIo();
    const code = main(args, io);
    return { code, stdout: io.out, stderr: io.err };
  };
  const folder = join(dir, 'week-3');
  mkdirSync(folder);
  writeFileSync(join(folder, reportFileName('Grace Hopper')), reportOf('Grace Hopper'));
  writeFileSync(join(folder, reportFileName('Ada Lovelace')), reportOf('Ada Lovelace', [first!]));
  writeFileSync(join(folder, 'notes.txt'), 'not a report');

  it('several files or a folder: the table, exit 0 when all are verified, CSV written', () => {
    const csv = join(dir, 'class.csv');
    const all = run(folder, '--csv', csv);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toMatch(/^Learner +Lessons completed/);
    expect(lines[1]).toMatch(/^Ada Lovelace +1 +1 +yes /);
    expect(lines[2]).toMatch(/^Grace Hopper +2 +2 +yes /);
    expect(lines[3]).toBe('2 of 2 report(s) verified.');
    expect(all.stderr).toBe(`${csv}: 2 report(s) as CSV\n`);
    expect(readFileSync(csv, 'utf8').split('\r\n')[1]).toMatch(/^"Ada Lovelace","1","1","yes",/);
    const files = run(
      join(folder, reportFileName('Grace Hopper')),
      join(folder, reportFileName('Ada Lovelace')),
    );
    expect(files.stdout).toBe(all.stdout);
  });

  it('a rejected lesson or a refused report: exit 1, the table, then what was rejected', () => {
    const bad = JSON.parse(reportOf('Alan Turing'));
    bad.lessons[1].lines = bad.lessons[1].lines.slice(0, 1);
    const badFile = join(dir, 'turing.json');
    writeFileSync(badFile, JSON.stringify(bad));
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '[]');
    const r = run(folder, badFile, junk);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Alan Turing +2 +1 +no: 1 of 2 rejected /m);
    expect(r.stdout).toMatch(/^\(no name given\) +0 +0 +no: the report was refused/m);
    expect(r.stdout).toContain('2 of 4 report(s) verified.');
    expect(r.stdout).toContain(`\n${badFile} (Alan Turing):\n  rejected  ${second!.id}`);
    expect(r.stdout).toContain(`\n${junk}:\n  rejected  the report: malformed report`);
    expect(r.stdout).not.toMatch(/confirmed +\S+\/\S+ +the transcript/);
  });

  it('a folder without reports, a missing file: usage (exit 2)', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(run(empty).code).toBe(2);
    expect(run(empty).stderr).toMatch(/^lessons:verify: .*empty holds no \.json report\n/);
    expect(run('--csv').stderr).toMatch(/--csv needs a file name/);
  });
});
