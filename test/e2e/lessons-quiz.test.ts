/** A learner finishing the pipelining lesson: the group sent at once, the quizzes answered in their forms. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusConsole, goals, gotoClean, openApp, typeLine } from './app.ts';
import { SHOTS, newPage, useApp } from './browser.ts';

const LESSON = 'esmtp/pipelining';
const GROUP = [
  'MAIL FROM:<alice@client.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<postmaster@example.test>',
  'DATA',
];

/** Whether an element's box is inside the viewport (the learner sees it without scrolling). */
const inView = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });

describe('finishing a lesson', () => {
  const app = useApp();

  it('shows what to do, takes the group and the quiz answers (by keyboard), and gives feedback', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/${LESSON}`);
    await page.getByTestId('lesson-panel').waitFor();
    // "Your turn" is out of the scrolling text, in view; the text says there is more below.
    expect(await inView(page, 'lesson-turn')).toBe(true);
    expect(await page.getByTestId('lesson-turn').textContent()).toContain('as one group');
    expect(await page.getByTestId('lesson-text').textContent()).not.toContain('as one group');
    await page.getByTestId('more-text').waitFor();
    // Each question is a form: a legend, one labelled radio button per choice.
    const last = page.getByTestId('quiz-last');
    expect(await last.locator('legend').textContent()).toContain('last of a group');
    expect(await last.getByRole('radio').count()).toBe(3);
    expect(await last.getByLabel('DATA').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-start.png` });

    // The group, sent at once from the console (Alt+Enter adds a line, Shift+Enter sends).
    await focusConsole(page);
    await typeLine(page, 'EHLO client.test');
    for (const [i, line] of GROUP.entries()) {
      await page.keyboard.type(line);
      await page.keyboard.press(i === GROUP.length - 1 ? 'Shift+Enter' : 'Alt+Enter');
    }
    await expect.poll(async () => (await goals(page))[0]).toBe('yes');
    for (const line of ['Subject: hi', '', 'Hi.', '.']) await typeLine(page, line);
    await expect.poll(async () => (await goals(page)).slice(0, 3)).toEqual(['yes', 'yes', 'yes']);

    // A wrong answer, by keyboard: feedback and the passage to read.
    await last.getByLabel('MAIL').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // to the Check button
    await page.keyboard.press('Enter');
    await expect.poll(() => last.getAttribute('data-state')).toBe('wrong');
    const feedback = last.getByTestId('quiz-feedback');
    expect(await feedback.textContent()).toMatch(/“a \(MAIL\)” is not the answer/);
    expect(await last.getByTestId('quiz-see').getAttribute('href')).toBe(
      'https://www.rfc-editor.org/rfc/rfc2920#section-3.1',
    );
    // The other question, wrong: its pointer shows the section of the lesson text.
    const match = page.getByTestId('quiz-match');
    await match.getByLabel('By the reply code').check();
    await match.getByRole('button', { name: 'Check' }).click();
    await match.getByTestId('quiz-see').click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Waiting costs time');
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-wrong.png` });

    // Right, then a wrong answer typed in the console: the goal stays met.
    await last.getByLabel('DATA').check();
    await last.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => last.getAttribute('data-state')).toBe('right');
    await focusConsole(page);
    await typeLine(page, '? last: a');
    await typeLine(page, '? match: c');
    await expect.poll(() => match.getAttribute('data-state')).toBe('right');
    expect(await last.getAttribute('data-state')).toBe('right');
    await page.getByTestId('lesson-done').waitFor();
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-done.png` });
    await page.getByTestId('goals').screenshot({ path: `${SHOTS}/lessons-quiz-done-goals.png` });

    // Reload: the group is replayed as a group, the lesson still complete.
    await page.reload();
    await page.getByTestId('lesson-done').waitFor({ timeout: 30_000 });
    expect((await goals(page)).every((m) => m === 'yes')).toBe(true);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  // Every quiz of the course names its passage (test/lessons/quiz-see.test.ts); a pack's quiz
  // without one points to the whole lesson text (test/lessons/quiz.test.ts).
  it('a typed answer: a text field, and its pointer goes to the passage to read', async () => {
    const [page, problems] = await newPage(app.browser);
    await openApp(page, `${app.server.url}#/lesson/before-smtp/mail-over-ftp`);
    const code = page.getByTestId('quiz-code');
    await code.waitFor();
    await code.getByLabel('Your answer').fill('250');
    await code.getByLabel('Your answer').press('Enter');
    await expect.poll(() => code.getAttribute('data-state')).toBe('wrong');
    expect(await code.getByTestId('quiz-feedback').textContent()).toMatch(
      /“250” is not the answer\.\s*Read again:\s*“Already familiar” in the lesson text/,
    );
    await code.getByTestId('quiz-see').click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Already familiar');
    await code.getByLabel('Your answer').fill('354');
    await code.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => code.getAttribute('data-state')).toBe('right');
    await code.screenshot({ path: `${SHOTS}/lessons-quiz-typed.png` });
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('on a phone, what to do is one tap away and the forms fit', async () => {
    const page = await app.browser.newPage({ viewport: { width: 412, height: 900 } });
    // On a phone the console's editor loads when it is reached: wait for the lesson only.
    await gotoClean(page, `${app.server.url}#/lesson/${LESSON}`);
    await page.getByTestId('lesson-panel').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-phone.png` });
    await page.getByTestId('jump-turn').click();
    await expect.poll(() => inView(page, 'lesson-turn'), { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-phone-turn.png` });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(412);
    const last = page.getByTestId('quiz-last');
    await last.getByLabel('MAIL').check();
    await last.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => last.getAttribute('data-state')).toBe('wrong');
    await last.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/lessons-quiz-phone-form.png` });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    await page.close();
  });
});
