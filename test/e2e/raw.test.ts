/**
 * SMTP smuggling in the app: the raw line (`!raw`) typed in the Monaco console
 * sends a LF alone; on the lenient lesson's server the same bytes leave two
 * messages, on the strict one (the default) one. And Show solution replays it.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusConsole, goals, openApp, transcriptText, typeLine } from './app.ts';
import { ROOT, SHOTS, newPage, useApp } from './browser.ts';

const solution = (dir: string) =>
  readFileSync(`${ROOT}lessons/05-today/${dir}/solution.smtp`, 'utf8').trimEnd().split('\n');

const mailboxCount = (page: Page) => page.getByTestId('mailbox').getAttribute('data-count');
const allMet = async (page: Page) => (await goals(page)).every((m) => m === 'yes');

describe('raw lines in the app: SMTP smuggling', () => {
  const app = useApp();

  it.each([
    ['today/smtp-smuggling', '13-smtp-smuggling', '2'],
    ['today/smuggling-on-a-strict-server', '14-smuggling-on-a-strict-server', '1'],
  ])('%s: typed in the Monaco console', async (id, dir, messages) => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/${id}`);
    await page.getByTestId('lesson-panel').waitFor();
    // The console says how to send a raw line.
    expect(await page.getByTestId('raw-note').textContent()).toContain('!raw');
    await focusConsole(page);
    for (const line of solution(dir)) {
      await typeLine(page, line);
      // Let the session answer before the next line (the console stays in step with it).
      await page.waitForTimeout(30);
    }
    await expect.poll(() => mailboxCount(page)).toBe(messages);
    await expect.poll(() => allMet(page)).toBe(true);
    // The transcript says what the server made of the LF alone (RFC 5321 §2.3.8, §4.1.1.4).
    expect(await transcriptText(page)).toContain('§4.1.1.4');
    await page.screenshot({ path: `${SHOTS}/raw-${dir}.png` });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('Show solution types the raw line too', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/today/smtp-smuggling`);
    await page.getByTestId('lesson-panel').waitFor();
    await page.getByTestId('show-solution').click();
    await page.getByTestId('confirm-solution').click();
    await expect.poll(() => allMet(page), { timeout: 20_000 }).toBe(true);
    expect(await mailboxCount(page)).toBe('2');
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });
});
