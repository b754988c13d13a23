import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusConsole, goals, openApp, transcriptText, typeLine, waitForMonaco } from './app.ts';
import { SHOTS, newPage, useApp } from './browser.ts';

const LESSON = 'smtp-1982/helo-mail-rcpt-data';

const metCount = async (page: Page) => (await goals(page)).filter((m) => m === 'yes').length;

describe('lessons in the app', () => {
  const app = useApp();

  it('map, deep link, typing ticks the goals, progress survives a reload, export and import', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, app.server.url);
    // The sandbox shows the map: every era, nothing done.
    await page.locator('[data-testid=lessons] summary').click();
    const map = page.getByTestId('lesson-map');
    await map.waitFor();
    expect(await map.textContent()).toContain('SMTP (1981-1982)');
    expect(await page.locator(`[data-lesson="${LESSON}"]`).getAttribute('data-done')).toBe('no');

    // Open the lesson from the map: the deep link.
    await page.locator(`[data-lesson="${LESSON}"] a`).click();
    await expect.poll(() => page.url()).toContain(`#/lesson/${LESSON}`);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe('HELO, MAIL, RCPT, DATA');
    // The lesson's dialect configures the session.
    expect(await page.locator('.lead').textContent()).toContain('RFC 821');
    expect(await goals(page)).toEqual(['no', 'no', 'no', 'no']);

    await focusConsole(page);
    // An error is explained in the panel.
    await typeLine(page, 'DATA');
    await expect
      .poll(() => page.getByTestId('lesson-explanations').textContent())
      .toMatch(/503.*RFC/s);
    await typeLine(page, 'HELO client.test');
    await expect.poll(() => goals(page)).toEqual(['yes', 'no', 'no', 'no']);
    await typeLine(page, 'MAIL FROM:<alice@client.test>');
    await typeLine(page, 'RCPT TO:<bob@example.test>');
    await typeLine(page, 'DATA');
    await expect.poll(() => goals(page)).toEqual(['yes', 'yes', 'no', 'no']);
    await typeLine(page, 'Subject: hi');
    await typeLine(page, '');
    await typeLine(page, 'Hello Bob.');
    await typeLine(page, '.');
    await expect.poll(() => goals(page)).toEqual(['yes', 'yes', 'yes', 'no']);
    await typeLine(page, 'QUIT');
    await expect.poll(() => goals(page)).toEqual(['yes', 'yes', 'yes', 'yes']);
    await page.getByTestId('lesson-done').waitFor();
    await page.screenshot({ path: `${SHOTS}/lesson-done.png` });

    // Reload: the lesson is still done, the session replayed.
    await page.reload();
    await waitForMonaco(page);
    await expect.poll(() => metCount(page)).toBe(4);
    await page.locator('summary', { hasText: 'All lessons' }).click();
    expect(await page.locator(`[data-lesson="${LESSON}"]`).getAttribute('data-done')).toBe('yes');

    // Export, wipe, import.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-progress').click(),
    ]);
    expect(download.suggestedFilename()).toBe('smtp-simulator-progress.json');
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(exported).lessons[LESSON].done).toBe(true);
    const file = `${SHOTS}/progress-export.json`;
    writeFileSync(file, exported);

    await page.evaluate(() => localStorage.clear());
    await page.goto(`${app.server.url}#/`);
    await page.reload();
    await page.locator('[data-testid=lessons] summary').click();
    await page.getByTestId('lesson-map').waitFor();
    expect(await page.locator(`[data-lesson="${LESSON}"]`).getAttribute('data-done')).toBe('no');
    await page.getByTestId('import-progress').setInputFiles(file);
    await expect
      .poll(() => page.locator(`[data-lesson="${LESSON}"]`).getAttribute('data-done'))
      .toBe('yes');
    expect(await page.getByTestId('lesson-message').textContent()).toContain('imported');

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('hint, undo, reset and show solution', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/${LESSON}`);
    await page.getByTestId('lesson-panel').waitFor();

    await page.getByTestId('hint').click();
    expect(await page.getByTestId('hints').locator('li').count()).toBe(1);
    await page.getByTestId('hint').click();
    expect(await page.getByTestId('hints').locator('li').count()).toBe(2);

    await focusConsole(page);
    await typeLine(page, 'HELO client.test');
    await expect.poll(() => metCount(page)).toBe(1);
    await page.getByTestId('undo').click();
    await expect.poll(() => metCount(page)).toBe(0);
    expect(await transcriptText(page)).not.toContain('HELO client.test');

    await focusConsole(page);
    await typeLine(page, 'HELO client.test');
    await typeLine(page, 'NOOP');
    await page.getByTestId('undo').click(); // only NOOP goes
    await expect.poll(() => transcriptText(page)).not.toContain('NOOP');
    expect(await metCount(page)).toBe(1);

    await page.getByTestId('reset').click();
    await expect.poll(() => metCount(page)).toBe(0);
    expect(await transcriptText(page)).not.toContain('HELO');

    await page.getByTestId('show-solution').click();
    await page.getByTestId('confirm-solution').click();
    await expect.poll(() => metCount(page), { timeout: 20_000 }).toBe(4);
    expect(await transcriptText(page)).toContain('HELO client.test');
    await page.screenshot({ path: `${SHOTS}/lesson-solution.png` });

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('corrupted stored progress gives a message, not a crash', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, app.server.url);
    await page.evaluate(() => localStorage.setItem('smtp-simulator/progress', '{not json'));
    await page.reload();
    await page.getByTestId('lesson-message').waitFor();
    expect(await page.getByTestId('lesson-message').textContent()).toContain('progress was reset');
    await page.locator('[data-testid=lessons] summary').click();
    await page.getByTestId('lesson-map').waitFor();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
