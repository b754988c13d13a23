/**
 * "Let a client send a message" in the sandbox, in Chromium: the client
 * machine stepped, then run to the end, against the page's own server; its
 * commands, the replies and its notes in the transcript, its arrows in the
 * sequence diagram, the state chart following, the message in the mailbox.
 * At 1440 px and on a 412 px phone, with screenshots and axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentState, gotoClean, openApp, transcriptText, typeLine } from './app.ts';
import { blockingViolations } from './axe.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const arrows = (page: Page) =>
  page
    .getByTestId('sequence-diagram')
    .locator('text')
    .evaluateAll((els) => els.map((e) => e.textContent ?? ''));

const mailboxCount = (page: Page) => page.getByTestId('mailbox').getAttribute('data-count');

/** Serious or critical axe findings in the client panel and the transcript. */
const axeFindings = (page: Page, name: string) =>
  blockingViolations(page, name, ['[data-testid=client-panel]', '[data-testid=transcript]']);

describe('the sandbox lets a client send a message', () => {
  const app = useApp();

  it('1440 px: Step sends one command at a time, Run to end delivers, every picture follows', async () => {
    // axe needs a page of a context of its own.
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    const panel = page.getByTestId('client-panel');
    await panel.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => panel.getByTestId('client-message').textContent())
      .toBe('Message: alice@example.test → bob@example.test');

    await page.getByTestId('client-step').click();
    // One step: EHLO and its 250; the client's note says why it sends the group next.
    await expect.poll(() => transcriptText(page)).toContain('EHLO client.test');
    let shown = await transcriptText(page);
    expect(shown).toContain('250-PIPELINING');
    expect(shown).toContain("client's note:");
    expect(shown).toMatch(/client: PIPELINING is offered: MAIL, 1 RCPT and DATA go as one group/);
    expect(shown).not.toContain('MAIL FROM');
    expect(await page.locator('.row.by-client').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('client-next').textContent()).toMatch(
      /^MAIL FROM:<alice@example\.test> SIZE=\d+$/,
    );
    expect(await panel.getByTestId('client-status').textContent()).toContain('and 2 more lines');
    expect(await arrows(page)).toContain('EHLO client.test');
    expect(await currentState(page)).toBe('ready');

    await page.getByTestId('client-step').click();
    await expect.poll(() => currentState(page)).toBe('data');
    shown = await transcriptText(page);
    expect(shown).toContain('RCPT TO:<bob@example.test>');
    expect(shown).toContain('354 Start mail input');
    const drawn = await arrows(page);
    expect(drawn).toContain('DATA');
    expect(drawn.some((a) => a.startsWith('MAIL FROM:<alice@example.test>'))).toBe(true);
    expect(drawn.some((a) => a.includes('354'))).toBe(true);
    expect(await page.getByTestId('client-next').textContent()).toMatch(/^Date: /);
    await page.screenshot({ path: `${SHOTS}/sandbox-client-1440-step.png`, fullPage: true });

    await page.getByTestId('client-run').click();
    await expect.poll(() => mailboxCount(page)).toBe('1');
    expect(await currentState(page)).toBe('closed');
    shown = await transcriptText(page);
    expect(shown).toMatch(/250 2\.0\.0 OK: queued as 00000001/);
    expect(shown).toContain('client: The server has taken the message: it is responsible');
    expect(shown).toContain('221 2.0.0 mail.example.test');
    expect(await arrows(page)).toContain('QUIT');
    const mailbox = (await page.getByTestId('mailbox').textContent()) ?? '';
    expect(mailbox).toContain('Subject: Hello from the client machine');
    expect(mailbox).toContain('The client machine sent this message');
    expect(await panel.getByTestId('client-status').textContent()).toContain(
      'the server took the message for every recipient',
    );
    expect(await panel.getByTestId('client-outcome').textContent()).toContain('bob@example.test');
    await page.screenshot({ path: `${SHOTS}/sandbox-client-1440-done.png`, fullPage: true });
    expect(await axeFindings(page, 'sandbox client 1440')).toEqual([]);

    // The session is closed now: the client opens a new one, and the notice says so.
    await page.getByTestId('client-step').click();
    await expect
      .poll(() => page.locator('.notice').allTextContents())
      .toContainEqual(expect.stringContaining('A new session started for the client machine'));
    await expect.poll(() => currentState(page)).toBe('ready');
    expect(await mailboxCount(page)).toBe('0');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it('1440 px: in the RFC 821 era the client says HELO; typing into its connection stops it', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await openApp(page, app.server.url);
    await page.getByTestId('dialect').selectOption('rfc821');
    await page.getByTestId('client-panel').waitFor();
    await page.getByTestId('client-step').click();
    await expect.poll(() => transcriptText(page)).toContain('HELO client.test');
    expect(await transcriptText(page)).toContain('250 mail.example.test');
    expect(await page.getByTestId('client-next').textContent()).toBe(
      'MAIL FROM:<alice@example.test>',
    );
    await page.locator('[data-testid=monaco-console] .view-lines').click();
    await typeLine(page, 'NOOP');
    await expect
      .poll(() => page.getByTestId('client-status').textContent())
      .toContain("Stopped: you typed into the client's connection");
    await page.close();
  });

  it('412 px: a refused recipient, shown in the panel; the other gets the message', async () => {
    const context = await app.browser.newContext({ viewport: { width: 412, height: 900 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await gotoClean(page, app.server.url);
    await page.locator('[data-editor=plain]').waitFor({ timeout: 30_000 });
    const panel = page.getByTestId('client-panel');
    await panel.waitFor({ timeout: 30_000 });
    await panel.getByTestId('client-message').click();
    await panel.getByTestId('client-to').fill('bob@example.test, nobody@example.test');
    await panel.getByTestId('client-subject').fill('Two recipients');
    await page.getByTestId('client-run').click();
    await expect.poll(() => mailboxCount(page)).toBe('1');
    const outcome = (await panel.getByTestId('client-outcome').textContent()) ?? '';
    expect(outcome).toContain('bob@example.test');
    expect(outcome).toMatch(/nobody@example\.test: 550 5\.1\.1/);
    expect(await panel.getByTestId('client-status').textContent()).toContain(
      'did not reach every recipient',
    );
    const drawn = await arrows(page);
    expect(drawn.some((a) => a.includes('550'))).toBe(true);
    const mailbox = (await page.getByTestId('mailbox').textContent()) ?? '';
    expect(mailbox).toContain('Subject: Two recipients');
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/sandbox-client-412.png`, fullPage: true });
    expect(await axeFindings(page, 'sandbox client 412')).toEqual([]);
    // A reload replays the session: the client's lines and its notes come back.
    await page.reload();
    await page.locator('[data-editor=plain]').waitFor({ timeout: 30_000 });
    await expect.poll(() => mailboxCount(page)).toBe('1');
    expect(await page.locator('.row.by-client').count()).toBeGreaterThan(0);
    expect(await transcriptText(page)).toContain('client: The server has taken the message');
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });
});
