/**
 * "You are the server" in Chromium: from the header's link to `#/reverse`,
 * a whole session played at the keyboard (the greeting, EHLO's reply a line
 * at a time, the pipelined group's replies pasted at once, the text's 250 and
 * 221), each verdict shown in words and by a symbol; then, started again, a
 * 550 to RCPT that the RFC allows but this server would not give, and the
 * client dropping bob; the sandbox's era changed (the play starts again in
 * it) and back to the sandbox. Screenshots wide and on a phone; axe on the
 * view.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusConsole, openApp, transcriptText, typeLine } from './app.ts';
import { blockingViolations } from './axe.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

/** Types a reply line in the focused input and presses Enter. */
async function reply(page: Page, line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Several lines at once, as a paste from the clipboard brings them. */
async function paste(page: Page, text: string) {
  await page.getByTestId('reverse-input').evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

const latest = (page: Page) => page.locator('[data-testid=reverse-latest] [data-verdict]');
const waiting = (page: Page) => page.getByTestId('reverse-waiting').textContent();
const verdicts = (page: Page) =>
  page
    .locator('[data-testid=reverse-log] li[data-verdict]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-code')} ${e.getAttribute('data-verdict')}`),
    );

describe('you are the server', () => {
  const app = useApp();

  it('a whole session at the keyboard, then a 550 to RCPT after starting again', async () => {
    // AxeBuilder needs a page of an explicit context.
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('to-reverse').click();
    const panel = page.getByTestId('reverse');
    await panel.waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/reverse');
    expect(await panel.locator('h2').textContent()).toBe('You are the server');
    const input = page.getByTestId('reverse-input');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await waiting(page)).toContain('waits for your greeting');
    expect(await page.getByTestId('reverse-codes').textContent()).toMatch(
      /RFC 5321 §4\.3\.2 lists for this: positive 220; negative 554, 521/,
    );

    // A line that is no reply: refused with a reason, nothing sent.
    await reply(page, 'hello');
    expect(await page.getByTestId('reverse-problem').textContent()).toContain('not a reply line');
    await input.fill('');

    await reply(page, '220 mail.example.test ESMTP ready');
    expect(await latest(page).getAttribute('data-verdict')).toBe('right');
    expect(await latest(page).textContent()).toContain('✓');
    expect(await latest(page).textContent()).toContain('right: 220 is what this server answers');
    expect(await page.getByTestId('reverse-problem').count()).toBe(0);
    expect(await waiting(page)).toContain('The client waits for your reply to: EHLO client.test');

    // EHLO's reply a line at a time: the 250- lines wait for the last.
    await reply(page, '250-mail.example.test greets client.test');
    await reply(page, '250-PIPELINING');
    expect(await page.locator('[data-testid=reverse-log] li.pending').count()).toBe(2);
    await reply(page, '250 SIZE 10485760');
    expect(await page.locator('[data-testid=reverse-log] li.pending').count()).toBe(0);
    expect(await verdicts(page)).toEqual(['220 right', '250 right']);
    expect(await waiting(page)).toMatch(
      /reply to: MAIL FROM:<alice@example\.test> SIZE=\d+\s*Then, in order, to: RCPT TO:<bob@example\.test>, DATA/,
    );

    // The pipelined group's replies pasted at once.
    await paste(page, '250 OK\n250 OK\n354 Start mail input; end with <CRLF>.<CRLF>\n');
    expect(await verdicts(page)).toEqual([
      '220 right',
      '250 right',
      '250 right',
      '250 right',
      '354 right',
    ]);
    expect(await waiting(page)).toContain('has sent the message text');
    const log = page.getByTestId('reverse-log');
    expect(await log.textContent()).toContain('Hello Bob, this is Alice.');
    await reply(page, '250 OK queued as 1');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.screenshot({ path: `${SHOTS}/reverse-wide.png`, fullPage: true });
    expect(await blockingViolations(page, 'reverse mid-session wide')).toEqual([]);
    await reply(page, '221 Bye');
    const result = page.getByTestId('reverse-result');
    await result.waitFor();
    expect(await result.locator('li').allTextContents()).toEqual(['bob@example.test: ✓ delivered']);
    expect(await verdicts(page)).toEqual([
      ...['220', '250', '250', '250', '354', '250', '221'].map((c) => `${c} right`),
    ]);
    expect(await page.getByTestId('reverse-input').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/reverse-done-wide.png` });
    expect(await blockingViolations(page, 'reverse done wide')).toEqual([]);

    // Start again, at a phone's width: a 550 to RCPT, allowed by the RFC, not what this server says.
    await page.setViewportSize({ width: 412, height: 900 });
    await page.getByTestId('reverse-restart').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=reverse-log] li').count()).toBe(0);
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await reply(page, '220 mail.example.test');
    await paste(page, '250-mail.example.test\r\n250 PIPELINING\r\n');
    await reply(page, '250 OK');
    await reply(page, '550 No such user here');
    expect(await latest(page).getAttribute('data-verdict')).toBe('allowed');
    const said = await latest(page).textContent();
    expect(said).toContain('~');
    expect(said).toContain('allowed, but not what this server says');
    expect(said).toContain(
      'The RFC allows 550 to RCPT TO:<bob@example.test>, but this server would answer 250',
    );
    expect(await log.textContent()).toContain('bob@example.test is refused (550)');
    expect(await page.getByTestId('reverse-codes').textContent()).toContain('intermediate 354');
    await panel.screenshot({ path: `${SHOTS}/reverse-phone.png` });
    await page.screenshot({ path: `${SHOTS}/reverse-phone-screen.png` });
    expect(await blockingViolations(page, 'reverse phone')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );

    // No recipient left: the DATA reply, then QUIT.
    await reply(page, '554 No valid recipients');
    await reply(page, '221 Bye');
    await result.waitFor();
    expect(await result.locator('li').allTextContents()).toEqual([
      'bob@example.test: ✗ refused: 550 No such user here',
    ]);
    await panel.screenshot({ path: `${SHOTS}/reverse-phone-done.png` });

    // The client speaks the sandbox server's era: another era there starts the play again in it.
    await page.getByTestId('dialect').selectOption('rfc821');
    await expect.poll(() => panel.locator('.intro').textContent()).toContain('(RFC 821)');
    expect(await page.locator('[data-testid=reverse-log] li').count()).toBe(0);
    await page.getByTestId('reverse-input').fill('220 mail.example.test');
    await page.getByTestId('reverse-send').click();
    expect(await waiting(page)).toContain('reply to: HELO client.test');
    expect(await page.getByTestId('reverse-codes').textContent()).toContain('RFC 821 §4.3');

    // Back to the sandbox: the panel goes.
    await page.getByTestId('reverse-back').click();
    await expect.poll(() => panel.count()).toBe(0);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it("TURN accepted in the sandbox: the roles swap and the learner receives the simulator's mail (RFC 821 §4.1.1)", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('dialect').selectOption('rfc821');
    await page.getByTestId('server-turn').selectOption('accept');
    await page.getByRole('button', { name: 'Apply and start a new session' }).click();
    await focusConsole(page);
    await typeLine(page, 'HELO client.test');
    await typeLine(page, 'TURN');
    await expect.poll(() => transcriptText(page)).toContain('250 OK, changing roles');
    await page.getByTestId('turn-link').click();
    const panel = page.getByTestId('reverse');
    await page.getByTestId('reverse-turned').waitFor();
    expect(await panel.locator('.intro').allTextContents()).toEqual([
      expect.stringContaining('the roles are reversed'),
      expect.stringContaining('postmaster@client.test'),
    ]);
    await page.getByTestId('reverse-input').fill('220 client.test ready');
    await page.getByTestId('reverse-send').click();
    expect(await waiting(page)).toContain('reply to: HELO mail.example.test');
    await panel.screenshot({ path: `${SHOTS}/reverse-turn-wide.png` });
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
