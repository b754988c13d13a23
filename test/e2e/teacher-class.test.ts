/**
 * A whole class's reports in the teacher view: chosen at once, one row per
 * learner (lessons completed, verified or not, when, in words), each report's
 * lessons below, and the table exported as CSV.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../src/lessons/load.ts';
import { buildReport, reportFileName, serializeReport } from '../../src/lessons/report.ts';
import { openApp } from './app.ts';
import { SHOTS, newPage, useApp } from './browser.ts';

const course = loadPack('lessons');
const [first, second] = course.lessons;

function reportOf(learner: string, broken = false): string {
  const progress = Object.fromEntries(
    [first!, second!].map((l, i) => [
      l.id,
      {
        done: true,
        solvedWith: broken && i === 1 ? l.solution!.slice(0, 1) : l.solution!,
        doneAt: `2026-12-0${i + 3}T10:1${i}:00.000Z`,
      },
    ]),
  );
  const { report } = buildReport(progress, {
    app: '1.0',
    createdAt: '2026-12-07T14:05:00.000Z',
    learner,
  });
  return serializeReport(report);
}

describe('the teacher view with a class', () => {
  const app = useApp();

  it('several reports at once: a table by learner, the lessons of each, a CSV', async () => {
    const files = [
      ['Grace Hopper', reportOf('Grace Hopper')],
      ['Alan Turing', reportOf('Alan Turing', true)],
      ['Ada Lovelace', reportOf('Ada Lovelace')],
    ].map(([name, text]) => {
      const path = `${SHOTS}/${reportFileName(name!)}`;
      writeFileSync(path, text!);
      return path;
    });
    const junk = `${SHOTS}/not-a-report.json`;
    writeFileSync(junk, '{"hello": 1}');
    files.push(junk);

    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/teacher`);
    await page.getByTestId('teacher-view').waitFor();
    await page.getByTestId('teacher-file').setInputFiles(files);
    const result = page.getByTestId('teacher-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('no');
    const rows = page.getByTestId('teacher-class').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    const cells = async (i: number) =>
      (await rows.nth(i).locator('td').allTextContents()).map((c) => c.trim());
    expect(await cells(0)).toEqual([
      'Ada Lovelacesmtp-simulator-report-ada-lovelace.json',
      '2',
      '✓ yes',
      expect.stringMatching(/^4 December 2026, \d\d:\d\d$/),
      expect.stringMatching(/^7 December 2026, \d\d:\d\d$/),
    ]);
    expect((await cells(1)).slice(0, 3)).toEqual([
      'Alan Turingsmtp-simulator-report-alan-turing.json',
      '2',
      '✗ no: 1 of 2 rejected',
    ]);
    expect((await cells(2))[2]).toBe('✓ yes');
    expect((await cells(3)).slice(0, 3)).toEqual([
      '(no name given)not-a-report.json',
      '0',
      '✗ no: the report was refused',
    ]);
    expect(await page.getByTestId('teacher-class-summary').textContent()).toContain(
      '2 of 4 report(s) verified.',
    );
    // Each report's lessons below, in the same order; Alan's second lesson is rejected.
    const reports = page.getByTestId('teacher-report');
    expect(await reports.count()).toBe(4);
    const alan = reports.nth(1);
    expect(await alan.getAttribute('data-file')).toBe('smtp-simulator-report-alan-turing.json');
    await alan.locator('summary').click();
    expect(await alan.locator(`tr[data-lesson="${second!.id}"]`).getAttribute('data-status')).toBe(
      'rejected',
    );
    expect(await reports.nth(3).getByTestId('teacher-problem').textContent()).toContain(
      'not-a-report.json was not read',
    );
    expect(await result.textContent()).not.toMatch(/\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: `${SHOTS}/teacher-class-wide.png` });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('teacher-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('smtp-simulator-reports.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      '"Learner","Lessons completed","Confirmed","Verified","Last lesson done","Report saved","Report file"',
    );
    expect(csv[1]).toMatch(/^"Ada Lovelace","2","2","yes","4 December 2026, \d\d:\d\d",/);
    expect(csv[2]).toMatch(/^"Alan Turing","2","1","no: 1 of 2 rejected",/);
    expect(csv).toHaveLength(6);

    await page.setViewportSize({ width: 412, height: 900 });
    await page.getByTestId('teacher-class').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/teacher-class-narrow.png` });
    await alan.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/teacher-class-narrow-lessons.png` });
    // Nothing wider than the screen but the tables' own scrolling boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
