/**
 * A lesson where the learner sends a message through a world of hosts, in
 * Chromium: the backup-MX lesson opens with the journey in the console's
 * place, Send and Step show the submission, the DNS lookup with MX 10 and
 * 20, mx1's 421 and mx2's 250, each goal turning done as it happens; Run to
 * the end brings it to alice's mailbox on mx1, a hop's dialogue opens, the
 * quizzes are answered in their forms and the lesson is complete; after a
 * reload the actions are done again and the lesson is still done.
 * Screenshots wide and on a phone; axe on both.
 */
import type { Page } from 'playwright-core';
import { blockingViolations } from './axe.ts';
import { describe, expect, it } from 'vitest';
import { goals } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const LESSON = 'the-journey/mx-and-the-backup';
const blocking = (page: Page, name: string) => blockingViolations(page, name);

const hops = (page: Page) =>
  page
    .getByTestId('journey-hop')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-to')}:${e.getAttribute('data-port')} ${e.getAttribute('data-code')}`,
      ),
    );

describe('a lesson where the learner sends a message through the world', () => {
  const app = useApp();

  it('is completed with the journey buttons and the quiz forms, the goals turning done one by one', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/lesson/${LESSON}`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('lesson-panel').waitFor();
    const work = page.getByTestId('journey-work');
    await work.waitFor();
    // In the console's place: no client console, no sandbox transcript beside it.
    expect(await page.locator('#console-title').count()).toBe(0);
    expect(await page.getByTestId('transcript').count()).toBe(0);
    expect(await work.getByTestId('journey-work-message').textContent()).toContain(
      'carol@elsewhere.test to alice@example.test',
    );
    expect(await page.locator('header').textContent()).toContain(
      'You send a message through a world of hosts',
    );
    expect(await goals(page)).toEqual(['no', 'no', 'no', 'no', 'no', 'no']);

    // "To the journey" in Your turn puts the focus on Send.
    await page.getByTestId('lesson-turn').getByRole('button', { name: 'To the journey' }).click();
    const send = work.getByTestId('journey-send');
    await expect.poll(() => send.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await expect.poll(() => hops(page)).toEqual(['submit.elsewhere.test:587 250']);
    await work.getByTestId('journey-step').click();
    await expect
      .poll(() => hops(page))
      .toEqual([
        'submit.elsewhere.test:587 250',
        'mx1.example.test:25 421',
        'mx1.example.test:25 421',
        'mx2.example.test:25 250',
      ]);
    expect(
      await work.getByTestId('journey-mx-order').first().locator('li').allTextContents(),
    ).toEqual([
      expect.stringContaining('mx1.example.test'),
      expect.stringContaining('mx2.example.test'),
    ]);
    await expect
      .poll(async () => (await goals(page)).slice(0, 4))
      .toEqual(['yes', 'yes', 'yes', 'no']);
    await page.screenshot({ path: `${SHOTS}/journey-lesson-wide.png`, fullPage: true });
    expect(await blocking(page, 'journey lesson wide')).toEqual([]);

    await work.getByTestId('journey-end').click();
    await expect.poll(async () => (await goals(page))[3]).toBe('yes');
    const delivered = work.getByTestId('journey-delivered');
    expect(await delivered.getAttribute('data-mailbox')).toBe('alice@example.test');
    expect(await delivered.getAttribute('data-host')).toBe('mx1.example.test');
    expect(await work.getByTestId('journey-state').textContent()).toBe(
      'Done: every queue is empty.',
    );
    // The hop to mx2 opens its dialogue: the 250 to the message.
    await work.locator('[data-testid=journey-hop][data-to="mx2.example.test"]').click();
    expect(await work.getByTestId('journey-dialogue').textContent()).toContain(
      'RCPT TO:<alice@example.test>',
    );
    expect(await page.getByTestId('lesson-done').count()).toBe(0);

    for (const [id, choice] of [
      ['order', 'mx1, because lower numbers are more preferred'],
      ['backup', 'On mx1; mx2 keeps it in its queue and hands it to mx1 once mx1 takes mail again'],
    ] as const) {
      const quiz = page.getByTestId(`quiz-${id}`);
      // No console shortcut offered: this lesson has no console.
      expect(await quiz.locator('small').count()).toBe(0);
      await quiz.getByLabel(choice).check();
      await quiz.getByRole('button').first().click();
      await expect.poll(() => quiz.getAttribute('data-state')).toBe('right');
    }
    await expect.poll(async () => (await goals(page)).every((m) => m === 'yes')).toBe(true);
    await page.getByTestId('lesson-done').waitFor();

    // A reload does the saved actions again: still done, the journey as it was.
    await page.reload();
    await page.getByTestId('journey-work').waitFor();
    await expect.poll(async () => (await goals(page)).every((m) => m === 'yes')).toBe(true);
    await expect.poll(() => hops(page).then((h) => h.at(-1))).toBe('mx1.example.test:25 250');
    await page.getByTestId('lesson-done').waitFor();

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 412, height: 900 });
    await page.screenshot({ path: `${SHOTS}/journey-lesson-phone.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    expect(await blocking(page, 'journey lesson phone')).toEqual([]);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});
