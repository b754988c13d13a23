/**
 * The sandbox's mail reader in Chromium: a message sent in the console is
 * read back as the recipient's client, over POP3 (RETR shows its Subject)
 * and over IMAP (FETCH), on the mailbox host the SMTP session delivered
 * into; the state chart, the sequence diagram and the transcript follow;
 * back to SMTP the session is as it was. At 1440 px with Monaco (its verb
 * completions) and on a 412 px phone with the plain input; axe on both.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  currentState,
  focusConsole,
  gotoClean,
  openApp,
  suggestions,
  transcriptText,
  typeLine,
} from './app.ts';
import { blockingViolations } from './axe.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const arrows = (page: Page) =>
  page
    .getByTestId('sequence-diagram')
    .locator('text')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));

/** The chart's states drawn, and whether two edge labels overlap, as the browser measures them. */
async function chartCheck(page: Page) {
  const chart = page.getByTestId('state-chart');
  const states = await chart
    .locator('[data-testid^=state-]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.state ?? ''));
  const boxes = await chart.locator('.edge text').evaluateAll((els) =>
    els.map((e) => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { text: e.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
    }),
  );
  const overlaps: string[] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (!(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y))
        overlaps.push(`"${a.text}" / "${b.text}"`);
  return { states, labels: boxes.map((b) => b.text), overlaps };
}

const MESSAGE = [
  'EHLO client.test',
  'MAIL FROM:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'DATA',
];

describe('the sandbox reads the mail as the recipient’s client', () => {
  const app = useApp();

  it('1440 px: send in the console, read it over POP3, then FETCH it over IMAP', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await focusConsole(page);
    for (const line of MESSAGE) await typeLine(page, line);
    // In data mode Enter breaks the line; the line holding only "." sends the message.
    for (const line of ['Subject: Tea at four', '', 'Bring the jam.', '.'])
      await typeLine(page, line);
    await expect.poll(() => page.getByTestId('mailbox').getAttribute('data-count')).toBe('1');
    const smtpShown = await transcriptText(page);

    // The left-out list comes from the IMAP rooms' LEFT_OUT.
    const picker = page.getByTestId('mail-reader');
    const leftOut = (await page.getByTestId('imap-left-out').textContent()) ?? '';
    expect(leftOut).toContain('IDLE');
    expect(leftOut).toContain('SEARCH');
    expect(leftOut).toContain('BODYSTRUCTURE');

    await picker.getByTestId('speak-pop3').check();
    await expect.poll(() => currentState(page)).toBe('authorization.waiting');
    expect(await page.locator('.console').getAttribute('data-protocol')).toBe('pop3');
    // The header says who the learner is now: the recipient's client, not the mail client of SMTP.
    expect(await page.locator('header').textContent()).toContain('the console speaks POP3');
    // The POP3 machine's chart (RFC 1939 §3: AUTHORIZATION, TRANSACTION; UPDATE after QUIT).
    const pop3Chart = await chartCheck(page);
    expect(pop3Chart.states).toEqual([
      'authorization.waiting',
      'authorization.named',
      'transaction',
      'closed',
    ]);
    expect(pop3Chart.labels).toEqual(expect.arrayContaining(['USER', 'PASS', 'APOP']));
    expect(pop3Chart.overlaps).toEqual([]);
    expect(await transcriptText(page)).toContain('+OK POP3 server ready');
    await focusConsole(page);
    await typeLine(page, 'USER bob');
    await typeLine(page, 'PASS builder');
    await expect.poll(() => currentState(page)).toBe('transaction');
    // Ctrl+Space lists the commands of the TRANSACTION state (RFC 1939 §5), USER no more.
    const inTransaction = await suggestions(page);
    expect(inTransaction).toEqual(expect.arrayContaining(['STAT', 'LIST', 'RETR', 'DELE', 'QUIT']));
    expect(inTransaction).not.toContain('USER');
    await typeLine(page, 'STAT');
    await typeLine(page, 'RETR 1');
    await expect.poll(() => transcriptText(page)).toContain('Subject: Tea at four');
    const popShown = await transcriptText(page);
    expect(popShown).toMatch(/\+OK 1 \d+/);
    expect(popShown).toContain('Return-Path: <alice@example.test>');
    expect(popShown).toContain('Bring the jam.');
    expect(popShown).not.toContain('PASS builder'); // the password is not shown
    expect(await arrows(page)).toContain('RETR 1');
    expect(await page.getByTestId('last-reply').textContent()).toMatch(/\+OK \d+ octets/);
    await page.screenshot({ path: `${SHOTS}/mail-reader-pop3-1440.png`, fullPage: true });
    expect(await blockingViolations(page, 'mail reader POP3 1440')).toEqual([]);

    await picker.getByTestId('speak-imap').check();
    await expect.poll(() => currentState(page)).toBe('notAuthenticated');
    const imapChart = await chartCheck(page);
    expect(imapChart.states).toEqual(['notAuthenticated', 'authenticated', 'selected', 'logout']);
    expect(imapChart.labels).toEqual(expect.arrayContaining(['LOGIN', 'SELECT/EXAMINE']));
    expect(imapChart.overlaps).toEqual([]);
    await expect
      .poll(() => page.locator('.notice').allTextContents())
      .toContainEqual(expect.stringContaining('dropped without QUIT'));
    await focusConsole(page);
    await typeLine(page, 'a1 LOGIN bob builder');
    // After the tag: the commands of the authenticated state (RFC 9051 §6.3), no FETCH yet.
    await page.keyboard.type('a2 ');
    const authenticated = await suggestions(page);
    expect(authenticated).toEqual(expect.arrayContaining(['SELECT', 'EXAMINE', 'LOGOUT']));
    expect(authenticated).not.toContain('FETCH');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await typeLine(page, 'a2 SELECT INBOX');
    await expect.poll(() => currentState(page)).toBe('selected');
    await typeLine(page, 'a3 FETCH 1 (FLAGS ENVELOPE BODY[])');
    await expect.poll(() => transcriptText(page)).toContain('a3 OK FETCH completed');
    const imapShown = await transcriptText(page);
    expect(imapShown).toContain('ENVELOPE (');
    expect(imapShown).toContain('"Tea at four"');
    expect(imapShown).toContain('Bring the jam.');
    expect(await arrows(page)).toContain('a3 FETCH 1 (FLAGS ENVELOPE BODY[])');
    await page.screenshot({ path: `${SHOTS}/mail-reader-imap-1440.png`, fullPage: true });
    expect(await blockingViolations(page, 'mail reader IMAP 1440')).toEqual([]);

    // Back to SMTP: the session as it was.
    await picker.getByTestId('speak-smtp').check();
    await expect.poll(() => currentState(page)).toBe('ready');
    expect(await transcriptText(page)).toBe(smtpShown);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it('412 px: the plain input reads over POP3; a reload brings the reading back', async () => {
    const context = await app.browser.newContext({ viewport: { width: 412, height: 900 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await gotoClean(page, app.server.url);
    await page.locator('[data-editor=plain]').waitFor({ timeout: 30_000 });
    const input = page.locator('#command');
    const send = async (line: string) => {
      await input.fill(line);
      await input.press('Enter');
    };
    for (const line of [...MESSAGE, 'Subject: From the phone', '', 'Short.', '.']) await send(line);
    await expect.poll(() => page.getByTestId('mailbox').getAttribute('data-count')).toBe('1');
    // Typing is intent, but a phone never fetches Monaco: the plain input stays the console.
    expect(await page.locator('[data-editor]').getAttribute('data-editor')).toBe('plain');
    await page.getByTestId('speak-pop3').check();
    await expect.poll(() => input.getAttribute('placeholder')).toContain('USER bob');
    for (const line of ['USER bob', 'PASS builder', 'RETR 1']) await send(line);
    await expect.poll(() => transcriptText(page)).toContain('Subject: From the phone');
    await page.getByTestId('mail-reader').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/mail-reader-pop3-412.png`, fullPage: true });
    expect(await blockingViolations(page, 'mail reader POP3 412')).toEqual([]);
    await page.evaluate(() => dispatchEvent(new Event('pagehide')));
    await page.reload();
    await page.locator('[data-editor=plain]').waitFor({ timeout: 30_000 });
    await expect.poll(() => currentState(page)).toBe('transaction');
    expect(await page.getByTestId('speak-pop3').isChecked()).toBe(true);
    expect(await transcriptText(page)).toContain('Subject: From the phone');
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
