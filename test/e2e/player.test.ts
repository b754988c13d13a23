/**
 * The player in Chromium (issue 17): from the header's link to `#/player`,
 * RFC 821 Appendix F Scenario 1 pasted as text, scrubbed, stepped, the next
 * error reply found, the annotations toggled, exported (.txt and swaks),
 * continued from a step in the sandbox where a command is typed, then the
 * page reloaded (the sandbox still on the recorded server, the player back at
 * the step); a row and an arrow of the sequence diagram (click and Enter) go
 * to their step; the wire view (CRLF, the stuffed period); a pcap capture
 * opened through the file input. axe and screenshots wide and on a phone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { blockingViolations } from './axe.ts';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { fixture } from '../helpers.ts';
import { benchTranscript } from '../../bench/browser-player-text.ts';
import {
  currentState,
  focusConsole,
  openApp,
  transcriptText,
  typeLine,
  waitForMonaco,
} from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const SCENARIO = fixture('rfc821/f1-typical.smtp');
const PCAP = fileURLToPath(new URL('../fixtures/import/bridge-curl.pcap', import.meta.url));

const axe = (page: Page, name: string) => blockingViolations(page, name, '[data-testid=player]');

const position = (page: Page) => page.getByTestId('player-position').textContent();
const inPlayer = (page: Page) => page.getByTestId('player');

async function loadScenario(page: Page) {
  await page.getByTestId('player-text').fill(SCENARIO);
  await page.getByTestId('player-load').click();
  await page.getByTestId('player-controls').waitFor();
}

describe('the player of recorded sessions', () => {
  const app = useApp();

  it('plays RFC 821 Scenario 1: scrub, step, next error, explain, export, continue in the sandbox', async () => {
    const context = await app.browser.newContext({
      viewport: { width: 1440, height: 1000 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('to-player').click();
    await inPlayer(page).waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/player');
    await loadScenario(page);
    expect(await page.getByTestId('player-loaded').textContent()).toContain(
      'Read as RFC text (C:/S: or S:/R:): 10 client lines, 0 with a difference',
    );
    expect(await position(page)).toBe('Step 0 of 10');
    expect(await inPlayer(page).getByTestId('state-chart').getAttribute('data-current')).toBe(
      'greeting',
    );

    // Scrub to DATA (step 6): the machine is re-run to it.
    await page.getByTestId('player-scrub').fill('6');
    await expect.poll(() => position(page)).toBe('Step 6 of 10');
    expect(await inPlayer(page).getByTestId('state-chart').getAttribute('data-current')).toBe(
      'data',
    );
    expect(await inPlayer(page).getByTestId('last-reply').textContent()).toContain('354');
    expect(await page.getByTestId('player-step-client').textContent()).toBe('DATA');
    // A short session's transcript is whole: no word of lines left out.
    expect(await inPlayer(page).getByTestId('transcript').getAttribute('data-count')).not.toBe('0');
    expect(await page.getByTestId('transcript-window').count()).toBe(0);
    await page.getByTestId('player-back-step').click();
    expect(await position(page)).toBe('Step 5 of 10');
    expect(await inPlayer(page).getByTestId('state-chart').getAttribute('data-current')).toBe(
      'transaction.rcpt',
    );
    await page.getByTestId('player-forward').click();
    await page.getByTestId('player-forward').click();
    expect(await position(page)).toBe('Step 7 of 10');
    expect(await page.getByTestId('player-said').first().textContent()).toBe(
      'A line of the message text.',
    );

    // From the start, the next error reply is Green's 550, recorded and simulated alike.
    await page.getByTestId('player-first').click();
    await page.getByTestId('player-next-error').click();
    expect(await position(page)).toBe('Step 4 of 10');
    expect(await page.getByTestId('player-recorded').textContent()).toBe('550 No such user here');
    expect(await page.getByTestId('player-simulated').textContent()).toMatch(/^550 /);
    expect(await page.getByTestId('player-same').isVisible()).toBe(true);
    const said = await page.getByTestId('player-said').allTextContents();
    expect(said[0]).toContain('RCPT: ');
    expect(said[0]).toContain('(RFC 821 §4.1.1)');
    expect(said[1]).toMatch(/^550: .*\(RFC 821 §4\.2\.2\)$/);
    await page.getByTestId('player-annotate').uncheck();
    expect(await page.getByTestId('player-said').count()).toBe(0);
    await page.getByTestId('player-annotate').check();
    await page.getByTestId('player-next-difference').click();
    expect(await page.getByTestId('player-none').textContent()).toBe(
      'No difference after this step.',
    );
    expect(await axe(page, 'player wide')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/player-wide.png`, fullPage: true });

    // A row of the steps, then an arrow of the sequence diagram (MAIL's reply), by click and by Enter.
    await page.locator('[data-testid=player-row][data-index="9"]').click();
    expect(await position(page)).toBe('Step 9 of 10');
    const arrow = (n: number) => inPlayer(page).locator(`[data-testid=arrow-go][data-step="${n}"]`);
    expect(await arrow(2).last().getAttribute('aria-label')).toBe('Go to step 2: 250 OK');
    await arrow(2).last().click();
    expect(await position(page)).toBe('Step 2 of 10');
    expect(await page.getByTestId('player-step-client').textContent()).toBe(
      'MAIL FROM:<Smith@USC-ISIF.ARPA>',
    );
    await page.locator('[data-testid=player-row][data-index="6"]').click();
    await arrow(4).first().focus();
    await page.keyboard.press('Enter');
    expect(await position(page)).toBe('Step 4 of 10');

    // The wire at the end of the message text: CRLFs, the doubled period, the two sides.
    expect(await page.getByTestId('player-wire-lines').count()).toBe(0);
    await page.getByTestId('player-wire-toggle').click();
    expect(await page.getByTestId('player-wire-toggle').getAttribute('aria-expanded')).toBe('true');
    await page.locator('[data-testid=player-row][data-index="9"]').click();
    const wire = page.getByTestId('wire-line');
    expect(await wire.count()).toBe(17);
    expect(await wire.nth(0).getAttribute('data-side')).toBe('server');
    expect(await wire.nth(0).textContent()).toMatch(
      /^S server\s*220 BBN-UNIX\.ARPA Simple Mail Transfer Service Ready\\r\\nCR LF\s*$/,
    );
    const stuffed = page.locator('[data-testid=wire-line][data-role=stuffed]');
    expect(await stuffed.locator('mark').textContent()).toBe('.');
    expect(await stuffed.getByTestId('wire-content').textContent()).toBe(
      'the receiver keeps: ..etc. etc. etc.',
    );
    expect(await page.getByTestId('player-wire-sum').textContent()).toContain(
      'Up to step 9: the client sent',
    );
    expect(await axe(page, 'player wire wide')).toEqual([]);
    await page.getByTestId('player-wire').screenshot({ path: `${SHOTS}/player-wire-wide.png` });
    await page.getByTestId('player-wire-toggle').click();
    expect(await page.getByTestId('wire-line').count()).toBe(0);

    // Export: the .txt transcript reads back to the same dialogue; swaks replays the client side.
    const download = page.waitForEvent('download');
    await page.getByTestId('player-export-txt').click();
    const file = await (await download).path();
    const exported = parseTranscript(readFileSync(file, 'utf8'));
    const original = parseTranscript(SCENARIO);
    expect(exported.meta).toEqual(original.meta);
    expect(exported.steps).toEqual(original.steps);
    await page.getByTestId('player-export-server').fill('mail.example.test:2525');
    expect(await page.getByTestId('player-swaks').inputValue()).toBe(
      "swaks --server mail.example.test:2525 --helo USC-ISIF.ARPA --from Smith@USC-ISIF.ARPA --to Jones@BBN-UNIX.ARPA,Green@BBN-UNIX.ARPA,Brown@BBN-UNIX.ARPA --data 'Blah blah blah...\\n..etc. etc. etc.'",
    );

    // Continue from step 5 (after Brown's RCPT): the sandbox has that session, and DATA is typed on.
    await page.locator('[data-testid=player-row][data-index="5"]').click();
    expect(await position(page)).toBe('Step 5 of 10');
    await page.getByTestId('player-continue').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/');
    await page.locator('[data-editor=monaco]').waitFor({ timeout: 30_000 });
    await expect.poll(() => transcriptText(page)).toContain('RCPT TO:<Brown@BBN-UNIX.ARPA>');
    expect(await transcriptText(page)).toContain('220 BBN-UNIX.ARPA');
    await focusConsole(page);
    await typeLine(page, 'DATA');
    await expect.poll(() => page.getByTestId('last-reply').textContent()).toContain('354');
    await expect.poll(() => currentState(page)).toBe('data');

    // A reload: the continued session is still on the recorded server, and the player at its step.
    await page.reload();
    await waitForMonaco(page);
    await expect.poll(() => currentState(page)).toBe('data');
    expect(await transcriptText(page)).toContain('220 BBN-UNIX.ARPA');
    expect(await transcriptText(page)).toContain('354');
    await focusConsole(page);
    await typeLine(page, 'Hello again.');
    await typeLine(page, '.');
    await expect.poll(() => page.getByTestId('last-reply').textContent()).toContain('250');
    await page.evaluate(() => (location.hash = '#/player'));
    await page.getByTestId('player-controls').waitFor();
    expect(await position(page)).toBe('Step 5 of 10');
    expect(await page.getByTestId('player-step-client').textContent()).toBe(
      'RCPT TO:<Brown@BBN-UNIX.ARPA>',
    );
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('opens a pcap capture through the file input, on a phone', async () => {
    const context = await app.browser.newContext({ viewport: { width: 412, height: 900 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/player`);
    await inPlayer(page).waitFor();
    await page.getByTestId('player-file').setInputFiles(PCAP);
    await page.getByTestId('player-controls').waitFor();
    expect(await page.getByTestId('player-loaded').textContent()).toContain(
      'Read as Capture (pcap, pcapng): 13 client lines, 0 with a difference',
    );
    expect(await page.getByTestId('player-problems').count()).toBe(0);
    await page.getByTestId('player-next-error').click();
    expect(await page.getByTestId('player-step-client').textContent()).toBe(
      'RCPT TO:<nobody@example.test>',
    );
    expect(await inPlayer(page).getByTestId('last-reply').textContent()).toContain('550');
    // A text no importer reads: said, nothing loaded.
    await page.getByTestId('player-text').fill('hello\nworld');
    await page.getByTestId('player-load').click();
    expect(await page.getByTestId('player-failure').textContent()).toContain(
      'cannot tell which source',
    );
    expect(await page.getByTestId('player-controls').count()).toBe(0);
    await page.getByTestId('player-file').setInputFiles(PCAP);
    await page.getByTestId('player-controls').waitFor();
    expect(await axe(page, 'player phone')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/player-phone.png`, fullPage: true });
    // The wire view on a phone: the lines wrap, the labels stay.
    await page.getByTestId('player-wire-toggle').click();
    await page.locator('[data-testid=player-row][data-index="4"]').click();
    expect(await page.locator('[data-testid=wire-line][data-side=client]').count()).toBe(4);
    expect(await axe(page, 'player wire phone')).toEqual([]);
    await page.getByTestId('player-wire').screenshot({ path: `${SHOTS}/player-wire-phone.png` });
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it('a long capture: the steps at once, the comparison after, a far scrub, its link made when asked', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/player`);
    await inPlayer(page).waitFor();
    // 8,001 client lines: more than the import compares in its own task.
    const text = benchTranscript(8001);
    const lastLine = text
      .split('\n')
      .filter((l) => l.startsWith('C: '))
      .at(-1)!
      .slice(3);
    await page.getByTestId('player-file').setInputFiles({
      name: 'long.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(text),
    });
    await page.getByTestId('player-controls').waitFor();
    expect(await position(page)).toBe('Step 0 of 8001');
    const summary = page.locator('[data-testid=player-summary][data-checked=done]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.getAttribute('data-differences')).toBe('0');
    expect(await page.getByTestId('player-loaded').textContent()).toContain(
      '8001 client lines, 0 with a difference from the simulator',
    );
    await page.getByTestId('player-scrub').fill('8001');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=player-busy]')?.textContent?.trim() === '',
    );
    expect(await position(page)).toBe('Step 8001 of 8001');
    expect(await page.getByTestId('player-step-client').textContent()).toBe(lastLine);
    // The pictures' session keeps the newest entries of a long replay, and the transcript says so.
    await expect
      .poll(() => page.getByTestId('transcript-window').textContent())
      .toMatch(/keeps its newest lines, from session step \d+ on/);
    // The link of a long session is made when asked, then holds it: a new page opens that step.
    expect(await page.getByTestId('share-copy').isDisabled()).toBe(true);
    // No embed snippet before: one without the session would open the bare app in a course page.
    expect(await page.getByTestId('share-embed').inputValue()).toBe('');
    await page.getByTestId('share-make').click();
    const link = page.getByTestId('share-link');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=share-link]') as HTMLInputElement).value !== '',
    );
    expect(await page.getByTestId('share-make').count()).toBe(0);
    const fragment = new URL(await link.inputValue()).hash;
    expect(await page.getByTestId('share-embed').inputValue()).toContain(fragment);
    const shared = await context.newPage();
    await shared.goto(await link.inputValue());
    await shared.getByTestId('player-controls').waitFor({ timeout: 60_000 });
    expect(await position(shared)).toBe('Step 8001 of 8001');
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  }, 180_000);
});
