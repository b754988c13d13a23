/**
 * Completion report and practice tasks in the browser: a lesson completed by
 * typing, its report downloaded and verified in the teacher view; a practice
 * seed giving the same task twice, completed with the generator's solution.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../src/lessons/load.ts';
import { generatePractice } from '../../src/lessons/practice.ts';
import { focusConsole, goals, openApp, typeLine } from './app.ts';
import { SHOTS, newPage, useApp } from './browser.ts';

const LESSON = 'smtp-1982/helo-mail-rcpt-data';

describe('completion report and practice', () => {
  const app = useApp();

  it('complete a lesson by typing, export the report, verify it in the teacher view', async () => {
    const lesson = loadPack('lessons').lessons.find((l) => l.id === LESSON)!;
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/${LESSON}`);
    await page.getByTestId('lesson-panel').waitFor();
    await focusConsole(page);
    for (const line of lesson.solution!) await typeLine(page, line);
    await expect.poll(() => goals(page)).toEqual(lesson.goals.map(() => 'yes'));
    await page.getByTestId('lesson-done').waitFor();

    // Saving asks the learner's name: none typed, nothing saved, and the learner is told.
    await page.getByTestId('export-report').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.getByTestId('report-save').click();
    await expect
      .poll(() => page.getByTestId('lesson-message').textContent())
      .toContain('Type your name first');
    await page.getByTestId('report-name').fill('Zoë Lovelace');
    await page.getByTestId('report-name-form').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-name-wide.png` });
    await page.setViewportSize({ width: 412, height: 900 });
    await page.getByTestId('report-name-form').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-name-narrow.png` });
    await page.setViewportSize({ width: 1440, height: 1000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-save').click(),
    ]);
    expect(download.suggestedFilename()).toBe('smtp-simulator-report-zoe-lovelace.json');
    expect(await page.getByTestId('report-name-form').count()).toBe(0);
    const text = readFileSync((await download.path())!, 'utf8');
    const report = JSON.parse(text);
    expect(report.format).toBe('smtp-simulator-report');
    expect(report.learner).toBe('Zoë Lovelace');
    expect(report.lessons.map((l: { id: string }) => l.id)).toEqual([LESSON]);
    // The message text went as one group (the console holds it until "."): kept as one.
    expect(report.lessons[0].lines.filter((l: string) => !/^!(group|end)$/.test(l))).toEqual(
      lesson.solution,
    );
    const good = `${SHOTS}/report-good.json`;
    writeFileSync(good, text);
    // The same report with the last line (QUIT) taken out of the transcript.
    report.lessons[0].lines = report.lessons[0].lines.slice(0, -1);
    const bad = `${SHOTS}/report-bad.json`;
    writeFileSync(bad, JSON.stringify(report));

    await page.getByTestId('to-teacher').click();
    const view = page.getByTestId('teacher-view');
    await view.waitFor();
    await page.getByTestId('teacher-file').setInputFiles(good);
    const result = page.getByTestId('teacher-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('yes');
    const row = result.locator(`tr[data-lesson="${LESSON}"]`);
    expect(await row.getAttribute('data-status')).toBe('confirmed');
    expect(await page.getByTestId('teacher-summary').textContent()).toContain(
      '1 of 1 lesson(s) confirmed',
    );
    // Dates read in words, wherever the teacher reads them.
    const seen = await result.textContent();
    expect(seen).toMatch(
      /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}, \d\d:\d\d/,
    );
    expect(seen).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await page.getByTestId('teacher-class').locator('tbody tr').textContent()).toContain(
      'Zoë Lovelace',
    );
    expect(await page.getByTestId('teacher-other-pack').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/teacher-confirmed.png` });

    await page.getByTestId('teacher-file').setInputFiles(bad);
    await expect.poll(() => result.getAttribute('data-ok')).toBe('no');
    expect(await row.getAttribute('data-status')).toBe('rejected');
    expect(await row.textContent()).toContain('goal not met: "Close the session with QUIT"');

    // A report made with a teacher's pack, verified against the course: said so.
    const other = `${SHOTS}/report-other-pack.json`;
    writeFileSync(other, JSON.stringify({ ...JSON.parse(text), pack: 'week-3' }));
    await page.getByTestId('teacher-file').setInputFiles(other);
    await expect
      .poll(() => page.getByTestId('teacher-other-pack').textContent())
      .toContain('the pack "week-3"');

    const broken = `${SHOTS}/report-broken.json`;
    writeFileSync(broken, '{"format": "smtp-simulator-report", "version": 9, "lessons": []}');
    await page.getByTestId('teacher-file').setInputFiles(broken);
    await expect
      .poll(() => page.getByTestId('teacher-problem').textContent())
      .toContain('version (9)');
    await page.screenshot({ path: `${SHOTS}/teacher-rejected.png` });

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a practice seed gives the same task twice; its solution typed in completes it', async () => {
    const task = generatePractice('42');
    const [page, problems] = await newPage(app.browser);
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      await openApp(page, `${app.server.url}#/practice/42`);
      await page.getByTestId('lesson-panel').waitFor();
      expect(await page.getByTestId('practice-seed').textContent()).toBe('42');
      seen.push(
        [
          await page.locator('#lesson-title').textContent(),
          await page.getByTestId('lesson-text').textContent(),
          await page.getByTestId('goals').textContent(),
        ].join('\n'),
      );
      if (i === 0) await page.goto('about:blank');
    }
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0]).toContain('Practice 42');
    for (const g of task.goals) expect(seen[0]).toContain(g.label);
    expect(await page.getByTestId('practice-link').inputValue()).toMatch(/#\/practice\/42$/);

    await focusConsole(page);
    for (const line of task.solution!) await typeLine(page, line);
    await expect.poll(() => goals(page)).toEqual(task.goals.map(() => 'yes'));
    await page.getByTestId('lesson-done').waitFor();
    await page.screenshot({ path: `${SHOTS}/practice-done.png` });

    // "Another one": a new seed, a new task.
    await page.getByTestId('practice-another').click();
    await expect.poll(() => page.url()).not.toMatch(/#\/practice\/42$/);
    await expect.poll(() => page.getByTestId('practice-seed').textContent()).toMatch(/^\d{6}$/);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a bad seed or a malformed link gives a message, not a crash', async () => {
    const [page, problems] = await newPage(app.browser);
    for (const hash of ['#/practice/%E0', '#/practice/not%20a%20seed', '#/lesson/%E0%A4']) {
      await openApp(page, `${app.server.url}${hash}`);
      await expect
        .poll(() => page.getByTestId('lesson-message').textContent())
        .toContain(hash.startsWith('#/lesson/') ? '%E0%A4' : 'practice/');
      await page.goto('about:blank');
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
