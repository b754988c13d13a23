/**
 * The learner takes the keyboard at a hop of the journey, in Chromium (issue
 * 16): the default journey run, hop 2 opened, "I'll be the client here": the
 * commands typed to mx1's server (one line put in the field from the
 * simulated client's list), the queued text sent with its button, QUIT; the
 * journey goes on and delivers. Then "I'll be the server here" at the same
 * hop: the replies typed, each judged; a 550 to RCPT, and the sender's host
 * bounces the message back to Carol. axe and screenshots at 1440 and 412 px.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingViolations } from './axe.ts';
import { openApp } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const axe = (page: Page, name: string) => blockingViolations(page, name, '[data-testid=journey]');

const arrows = (page: Page) =>
  page
    .getByTestId('journey-hop')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}:${e.getAttribute('data-port')} ${e.getAttribute('data-code')}`,
      ),
    );

const delivered = (page: Page) =>
  page
    .getByTestId('journey-delivered')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-host')} ${e.getAttribute('data-mailbox')}`),
    );

/** Types a line in the takeover's field and sends it with Enter. */
async function typeLine(page: Page, line: string) {
  const input = page.getByTestId('journey-take-input');
  await input.fill(line);
  await input.press('Enter');
}

const focused = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('h3')
    .evaluate((h) => h === document.activeElement);

describe('taking over a hop of the journey', () => {
  const app = useApp();

  it('as the client, then as the server, the journey goes on from what the learner did', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('to-journey').click();
    await page.getByTestId('journey').waitFor();
    await page.getByTestId('journey-end').click();
    await expect.poll(() => delivered(page)).toEqual(['mx1.example.test alice@example.test']);

    // Hop 2, relay to the MX on 25: the learner is the sending host's client.
    await page.getByTestId('journey-hop').nth(1).click();
    await page.getByTestId('journey-take-client').click();
    const panel = page.getByTestId('journey-takeover');
    await expect.poll(() => focused(page, 'journey-takeover')).toBe(true);
    expect(await panel.locator('h3').textContent()).toContain(
      'you are submit.elsewhere.test, the client, connected to mx1.example.test on port 25',
    );
    // The journey waits at the hop: only the submission happened.
    expect(await arrows(page)).toEqual(['client.test -> submit.elsewhere.test:587 250']);
    expect(await delivered(page)).toEqual([]);
    expect(await page.getByTestId('journey-state').textContent()).toBe(
      'Waiting for you: hop 2 is yours to type.',
    );
    expect(await page.getByTestId('journey-end').isDisabled()).toBe(true);
    const log = page.getByTestId('journey-take-log');
    expect(await log.textContent()).toContain('220 mx1.example.test');
    // A line of the simulated client's, put in the field by its button, sent by keyboard.
    await panel.getByRole('button', { name: 'EHLO submit.elsewhere.test' }).first().click();
    expect(await page.getByTestId('journey-take-input').inputValue()).toBe(
      'EHLO submit.elsewhere.test',
    );
    await page.getByTestId('journey-take-input').press('Enter');
    await typeLine(page, 'MAIL FROM:<carol@elsewhere.test>');
    await typeLine(page, 'RCPT TO:<alice@example.test>');
    expect(await page.getByTestId('journey-take-text').isDisabled()).toBe(true);
    await typeLine(page, 'DATA');
    await expect.poll(() => page.getByTestId('journey-take-text').isDisabled()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/journey-takeover-client-wide.png`, fullPage: true });
    expect(await axe(page, 'takeover client wide')).toEqual([]);
    await page.getByTestId('journey-take-text').click();
    expect(await log.textContent()).toContain('250 2.0.0 OK: queued');
    await typeLine(page, 'QUIT');

    // The hop is over: its dialogue says so and takes the focus; the journey goes on.
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => focused(page, 'journey-dialogue')).toBe(true);
    expect(await page.getByTestId('journey-dialogue-learner').textContent()).toContain(
      "You typed the client's side",
    );
    expect(await page.getByTestId('journey-take-done').textContent()).toContain(
      'Hop 2 is over: 250',
    );
    expect(await page.getByTestId('journey-hop-learner').textContent()).toBe(
      'you typed the client',
    );
    // mx1 took it for its own mailbox: delivered at once, every queue empty.
    await expect.poll(() => delivered(page)).toEqual(['mx1.example.test alice@example.test']);
    expect(await page.getByTestId('journey-state').textContent()).toBe(
      'Done: every queue is empty.',
    );

    // The same hop, the other side: the learner is mx1's server, on a phone.
    await page.setViewportSize({ width: 412, height: 900 });
    await page.getByTestId('journey-take-server').click();
    await expect.poll(() => focused(page, 'journey-takeover')).toBe(true);
    const waiting = page.getByTestId('journey-take-waiting');
    expect(await waiting.textContent()).toContain('waits for your greeting');
    await typeLine(page, 'hello');
    expect(await page.getByTestId('journey-take-problem').textContent()).toContain(
      'not a reply line',
    );
    await typeLine(page, '220 mx1.example.test ESMTP');
    expect(
      await page
        .getByTestId('journey-take-latest')
        .locator('[data-verdict]')
        .getAttribute('data-verdict'),
    ).toBe('right');
    await typeLine(page, '250 mx1.example.test');
    await expect.poll(() => waiting.textContent()).toContain('MAIL FROM:<carol@elsewhere.test>');
    await typeLine(page, '250 OK');
    await expect.poll(() => waiting.textContent()).toContain('RCPT TO:<alice@example.test>');
    await page.screenshot({ path: `${SHOTS}/journey-takeover-server-phone.png`, fullPage: true });
    await panel.screenshot({ path: `${SHOTS}/journey-takeover-panel-phone.png` });
    expect(await axe(page, 'takeover server phone')).toEqual([]);
    await typeLine(page, '550 5.1.1 No such user here');
    expect(
      await page
        .getByTestId('journey-take-latest')
        .locator('[data-verdict]')
        .getAttribute('data-verdict'),
    ).toBe('allowed');
    await expect.poll(() => waiting.textContent()).toContain('QUIT');
    await typeLine(page, '221 Bye');
    await expect.poll(() => page.getByTestId('journey-takeover').count()).toBe(0);
    expect(await page.getByTestId('journey-take-done').textContent()).toContain(
      'Hop 2 is over: 550',
    );
    await page.getByTestId('journey-end').click();
    await expect
      .poll(() => page.getByTestId('journey-bounced').textContent())
      .toContain('a bounce from <> goes back to carol@elsewhere.test');
    expect(await delivered(page)).toEqual(['submit.elsewhere.test carol@elsewhere.test']);
    expect(await page.getByTestId('journey-state').textContent()).toBe(
      'Done: every queue is empty.',
    );
    // Nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    await page.screenshot({ path: `${SHOTS}/journey-takeover-done-phone.png`, fullPage: true });
    await page
      .getByTestId('journey-path')
      .screenshot({ path: `${SHOTS}/journey-takeover-path-phone.png` });
    await page
      .getByTestId('journey-dialogue')
      .screenshot({ path: `${SHOTS}/journey-takeover-dialogue-phone.png` });
    expect(await axe(page, 'takeover done phone')).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
    // Two sessions typed line by line, three axe runs: longer than one view's test on a shared machine.
  }, 180_000);
});
