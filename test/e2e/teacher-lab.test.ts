/**
 * Students' lab reports in the teacher view: real reports (the lab's own
 * analysis and report writer, as `npm run smtp -- --lab DIR` makes them) and
 * a file that is not one, loaded at once; a row group per student's client,
 * the bad file named, the CSV, screenshots wide and on a phone, and axe.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labReport } from '../../src/cli/lab/report.ts';
import { createSession } from '../../src/machines/session.ts';
import { ClientLab } from '../../src/protocol/client-lab.ts';
import { openApp } from './app.ts';
import { blockingViolations } from './axe.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

/**
 * A session run through the server and the lab's judge; its report file, as the bridge names it.
 * The lab's world takes LF-ended lines (bareLf 'accept'), so a sloppy client's session goes on
 * and shows its other mistakes; the default server would refuse each such line (RFC 5321 §2.3.8).
 */
function reportFile(reads: readonly string[], n: number, started: string): string {
  const s = createSession({ retain: { transcript: 0 }, world: { bareLf: 'accept' } });
  const lab = new ClientLab();
  s.subscribe((e) => lab.observe(e, s.buffered));
  for (const r of reads) s.feed(r);
  const report = labReport(
    { number: n, port: 2525, profile: null, client: '127.0.0.1', started: new Date(started) },
    'mail.example.test',
    lab.end(s.buffered),
    new Date(Date.parse(started) + 1500),
  );
  const path = `${SHOTS}/${started.replace(/[-:.]/g, '')}-${n}.json`;
  writeFileSync(path, JSON.stringify(report, null, 2));
  return path;
}

const CLEAN = [
  'EHLO ada.test\r\n',
  'MAIL FROM:<ada@example.test>\r\n',
  'RCPT TO:<bob@example.test>\r\n',
  'DATA\r\n',
  'Subject: hi\r\n\r\n..a dot\r\n.\r\n',
  'QUIT\r\n',
];
/** Lines ended by LF alone, a dot not doubled, and no QUIT. */
const SLOPPY = [
  'EHLO alan.test\n',
  'MAIL FROM:<alan@example.test>\n',
  'RCPT TO:<bob@example.test>\r\n',
  'DATA\r\n',
  'Subject: hi\r\n\r\n.oops\r\n.\r\n',
];

describe('the teacher view with lab reports', () => {
  const app = useApp();

  it('a table by student, the bad file named, a CSV, axe clean wide and on a phone', async () => {
    const files = [
      reportFile(CLEAN, 1, '2026-03-01T10:00:00.123Z'),
      reportFile(SLOPPY, 2, '2026-03-01T10:02:00.000Z'),
      reportFile(['EHLO ada.test\r\n', 'QUIT\r\n'], 3, '2026-03-01T10:05:00.000Z'),
    ];
    const junk = `${SHOTS}/lab-not-a-report.json`;
    writeFileSync(junk, '{"format": "something-else", "version": 1}');
    files.push(junk);

    const context = await app.browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, `${app.server.url}#/teacher`);
    const view = page.getByTestId('lab-reports');
    await view.waitFor();
    expect(await view.getByRole('heading').first().textContent()).toBe(
      "Lab sessions (students' clients)",
    );
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByTestId('lab-open-files').click(),
    ]);
    await chooser.setFiles(files);

    const students = page.getByTestId('lab-student');
    await expect.poll(() => students.count()).toBe(2);
    expect(await page.getByTestId('lab-summary').textContent()).toContain(
      '3 session(s) from 2 client(s), 2 clean.',
    );
    expect(await page.getByTestId('lab-problems').textContent()).toContain(
      'lab-not-a-report.json was not read: it is not a lab session report (format "something-else").',
    );
    // Ada's two sessions under her client's name, oldest first; then Alan's.
    const ada = students.nth(0);
    expect(await ada.locator('th[scope=rowgroup]').textContent()).toMatch(
      /ada\.test\s*from 127\.0\.0\.1\s*· 2 session\(s\), 2 clean/,
    );
    const cells = async (row: ReturnType<typeof page.locator>) =>
      (await row.locator('th, td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
    const adaRows = ada.getByTestId('lab-session');
    expect(await adaRows.count()).toBe(2);
    expect(await cells(adaRows.nth(0))).toEqual([
      expect.stringMatching(
        /^1 March 2026, \d\d:\d\d ?connection #1 ?20260301T100000123Z-1\.json$/,
      ),
      '✓ 0',
      'clean: no mistake found',
    ]);
    expect(await adaRows.nth(1).getAttribute('data-clean')).toBe('yes');
    const alan = students.nth(1).getByTestId('lab-session');
    expect(await alan.count()).toBe(1);
    const alanCells = await cells(alan);
    expect(alanCells[1]).toBe('✗ 4');
    expect(alanCells[2]).toContain('bare-lf x2 (RFC 5321 §2.3.8)');
    expect(alanCells[2]).toContain('unstuffed-dot (RFC 5321 §4.5.2)');
    expect(alanCells[2]).toContain('no-quit (RFC 5321 §4.1.1.10)');
    // Each kind's rule, in words, behind its summary.
    const dot = alan.locator('details[data-kind="unstuffed-dot"]');
    await dot.locator('summary').click();
    expect(await dot.locator('.rule').textContent()).toMatch(/^RFC 5321 §4\.5\.2: A line of text/);
    await alan.locator('details[data-kind="bare-lf"] summary').click();
    expect(await view.textContent()).not.toMatch(/\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: `${SHOTS}/teacher-lab-wide.png`, fullPage: true });
    await view.screenshot({ path: `${SHOTS}/teacher-lab-wide-section.png` });
    await expectAxeClean(page, 'wide');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('lab-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('smtp-simulator-lab-sessions.csv');
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      '"Started","Connection","Address","Hello","Mistakes","Kinds","Report file"',
    );
    expect(csv[1]).toMatch(
      /^"1 March 2026, \d\d:\d\d","1","127\.0\.0\.1","ada\.test","0","clean","20260301T100000123Z-1\.json"$/,
    );
    expect(csv[2]).toMatch(
      /^"1 March 2026, \d\d:\d\d","3","127\.0\.0\.1","ada\.test","0","clean",/,
    );
    expect(csv[3]).toMatch(
      /^"1 March 2026, \d\d:\d\d","2","127\.0\.0\.1","alan\.test","4","bare-lf x2 /,
    );
    expect(csv).toHaveLength(5);

    await page.setViewportSize({ width: 412, height: 900 });
    await page.getByTestId('lab-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/teacher-lab-narrow.png` });
    await view.screenshot({ path: `${SHOTS}/teacher-lab-narrow-section.png` });
    // Nothing wider than the screen but the table's own scrolling box, which has a Tab stop and a name.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    const box = page.getByRole('group', { name: 'The lab sessions table (scrolls)' });
    expect(await box.getAttribute('tabindex')).toBe('0');
    // Scrolled sideways (as by the keyboard, from its Tab stop): the kinds and their rules.
    await box.focus();
    await box.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    await page.getByTestId('lab-session').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/teacher-lab-narrow-scrolled.png` });
    await expectAxeClean(page, 'phone');

    // The same files again add nothing; closing empties the section.
    await page.getByTestId('lab-files').setInputFiles(files.slice(0, 2));
    await expect.poll(() => page.getByTestId('lab-session').count()).toBe(3);
    await page.getByTestId('lab-clear').click();
    expect(await page.getByTestId('lab-table').count()).toBe(0);

    // A whole folder, as the lab leaves it: its reports read, sessions.txt skipped.
    const folder = `${SHOTS}/lab-folder`;
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    for (const f of files.slice(0, 2)) copyFileSync(f, `${folder}/${basename(f)}`);
    writeFileSync(`${folder}/sessions.txt`, 'lines\n');
    await page.getByTestId('lab-folder').setInputFiles(folder);
    await expect.poll(() => page.getByTestId('lab-session').count()).toBe(2);
    expect(await page.getByTestId('lab-skipped').textContent()).toContain(
      'Not read (not .json): sessions.txt.',
    );
    expect(await page.getByTestId('lab-problems').count()).toBe(0);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});

async function expectAxeClean(page: import('playwright-core').Page, name: string) {
  expect(
    await blockingViolations(page, `teacher lab ${name}`, '[data-testid=teacher-view]'),
  ).toEqual([]);
}
