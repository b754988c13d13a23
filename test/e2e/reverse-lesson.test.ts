/**
 * A lesson where the learner plays the server, in Chromium: the lesson opens
 * with the Play-the-server panel in the console's place, the replies are typed at the
 * keyboard (EHLO's reply a line at a time, carol refused with 550), each
 * goal turns done as its reply comes, the quiz is answered in its form and
 * the lesson is complete; after a reload the replies are played again and
 * the lesson is still done. Screenshots wide and on a phone; axe on the view.
 */
import type { Page } from 'playwright-core';
import { blockingViolations } from './axe.ts';
import { describe, expect, it } from 'vitest';
import { goals, gotoClean } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const LESSON = 'play-the-server/refuse-one-recipient';
const blocking = (page: Page, name: string) => blockingViolations(page, name);

/** Types a reply line in the panel's field and presses Enter. */
async function reply(page: Page, line: string) {
  await page.getByTestId('reverse-input').focus();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

const done = (list: readonly (string | undefined)[]) => list.filter((m) => m === 'yes').length;

describe('a lesson where the learner plays the server', () => {
  const app = useApp();

  it('is completed by typing the replies in the lesson, the goals turning done one by one', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    // No console in this lesson: the page is ready when the lesson's panel is.
    await gotoClean(page, `${app.server.url}#/lesson/${LESSON}`);
    await page.getByTestId('lesson-panel').waitFor();
    const panel = page.getByTestId('reverse');
    await panel.waitFor();
    // In the console's place: the page holds the lesson's dialogue only, no client console,
    // no transcript or pictures of the sandbox; no way out to the sandbox of its own.
    expect(await panel.locator('h2#reverse-title').textContent()).toBe('You are the server');
    expect(await panel.getByTestId('reverse-back').count()).toBe(0);
    expect(await page.locator('#console-title').count()).toBe(0);
    expect(await page.getByTestId('transcript').count()).toBe(0);
    expect(await page.getByTestId('sequence-diagram').count()).toBe(0);
    expect(await page.locator('header').textContent()).toContain('You are the server');
    expect(await panel.locator('.intro').textContent()).toContain(
      'bob@example.test, carol@example.test',
    );
    expect(await goals(page)).toEqual(['no', 'no', 'no', 'no', 'no', 'no']);

    // The first Tab stop leads to the reply field: there is no console in this lesson.
    await page.keyboard.press('Tab');
    const skip = page.getByTestId('skip');
    expect(await skip.textContent()).toBe('Skip to your reply');
    await skip.press('Enter');
    await expect
      .poll(() => page.getByTestId('reverse-input').evaluate((el) => el === document.activeElement))
      .toBe(true);

    // "To your reply" in Your turn puts the caret in the panel's field.
    await page.getByTestId('lesson-turn').getByRole('button', { name: 'To your reply' }).click();
    const input = page.getByTestId('reverse-input');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);

    await reply(page, '220 mail.example.test ESMTP ready');
    await reply(page, '250-mail.example.test greets client.test');
    await reply(page, '250 8BITMIME');
    await reply(page, '250 OK');
    await reply(page, '250 OK');
    // bob taken: the first goal is done, carol's not yet.
    await expect.poll(async () => (await goals(page))[0]).toBe('yes');
    expect(await page.getByTestId('reverse-waiting').textContent()).toContain(
      'RCPT TO:<carol@example.test>',
    );
    await reply(page, '550 No such user here');
    await expect.poll(async () => (await goals(page)).slice(0, 3)).toEqual(['yes', 'yes', 'yes']);
    expect(
      await page
        .locator('[data-testid=reverse-latest] [data-verdict]')
        .getAttribute('data-verdict'),
    ).toBe('right');
    await page.screenshot({ path: `${SHOTS}/reverse-lesson-wide.png`, fullPage: true });
    expect(await blocking(page, 'reverse lesson wide')).toEqual([]);

    await reply(page, '354 Start mail input; end with <CRLF>.<CRLF>');
    await reply(page, '250 OK: queued');
    await reply(page, '221 mail.example.test closing connection');
    await expect.poll(async () => done(await goals(page))).toBe(5);
    expect(await panel.getByTestId('reverse-result').locator('li').allTextContents()).toEqual([
      'bob@example.test: ✓ delivered',
      'carol@example.test: ✗ refused: 550 No such user here',
    ]);
    expect(await page.getByTestId('lesson-done').count()).toBe(0);

    // The question, in its form.
    const quiz = page.getByTestId('quiz-defer');
    // No console shortcut offered: this lesson has no console.
    expect(await quiz.locator('small').count()).toBe(0);
    await quiz.getByLabel('It keeps her, to try again later').check();
    await quiz.getByRole('button').first().click();
    await expect.poll(() => quiz.getAttribute('data-state')).toBe('right');
    await expect.poll(async () => done(await goals(page))).toBe(6);
    await page.getByTestId('lesson-done').waitFor();

    // A reload plays the saved replies again: still done, the dialogue as it was.
    await page.reload();
    await page.getByTestId('reverse').waitFor();
    await expect.poll(async () => done(await goals(page))).toBe(6);
    expect(await page.getByTestId('reverse-log').textContent()).toContain('550 No such user here');
    await page.getByTestId('lesson-done').waitFor();

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 412, height: 900 });
    await page
      .getByTestId('lesson-panel')
      .screenshot({ path: `${SHOTS}/reverse-lesson-phone.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    expect(await blocking(page, 'reverse lesson phone')).toEqual([]);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});
