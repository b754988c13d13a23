import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  animationsDone,
  currentState,
  focusConsole,
  openApp,
  suggestions,
  transcriptText,
  typeLine,
  waitForMonaco,
} from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const MESSAGE = [
  'From: Alice <alice@example.test>',
  'To: Bob <bob@example.test>',
  'Subject: hello',
  '',
  '..a line that starts with a dot',
  'Bye.',
];

/** The protocol core and the server machine run in the page: a whole session typed in Monaco. */
describe('a session typed in the Monaco console', () => {
  const app = useApp();

  async function newPage(): Promise<[Page, ReturnType<typeof recordProblems>]> {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    return [page, recordProblems(page)];
  }

  it('greeting, EHLO, MAIL, RCPT, DATA with a dot-stuffed body, QUIT: every picture follows', async () => {
    const [page, problems] = await newPage();
    await openApp(page, app.server.url);
    await expect.poll(() => transcriptText(page)).toContain('220 mail.example.test Service ready');
    expect(await currentState(page)).toBe('greeting');
    await focusConsole(page);

    // A sequence error: 503, explained.
    await typeLine(page, 'MAIL FROM:<alice@example.test>');
    await expect
      .poll(() => transcriptText(page))
      .toContain('503 5.5.1 Bad sequence of commands: send HELO or EHLO first');
    const explanation = page.getByTestId('explanation');
    await expect.poll(() => explanation.textContent()).toContain('RFC 5321 §4.1.4');
    expect(await explanation.textContent()).toMatch(/accepts now: EHLO, HELO/);

    await typeLine(page, 'EHLO client.test');
    await expect.poll(() => currentState(page)).toBe('ready');
    // In ready, the completions offer MAIL, never DATA.
    const offered = await suggestions(page);
    expect(offered).toContain('MAIL');
    expect(offered).not.toContain('DATA');
    expect(offered).not.toContain('RCPT');

    await typeLine(page, 'MAIL FROM:<alice@example.test>');
    await expect.poll(() => currentState(page)).toBe('transaction.mail');
    await typeLine(page, 'RCPT TO:<bob@example.test>');
    await typeLine(page, 'DATA');
    await expect.poll(() => currentState(page)).toBe('data');
    expect(await page.getByTestId('data-hint').textContent()).toMatch(
      /only\s+\.\s+ends the message/,
    );
    for (const line of MESSAGE) await typeLine(page, line);
    // The body waits in the console until the line holding only ".".
    expect(await transcriptText(page)).not.toContain('queued');
    await typeLine(page, '.');
    await expect.poll(() => transcriptText(page)).toContain('250 2.0.0 OK: queued as 00000001');
    const transcript = await transcriptText(page);
    // The line as it went on the wire (stuffed), the stored text beside it.
    expect(transcript).toContain('-> ..a line that starts with a dot');
    expect(transcript).toContain('The server removed 1 leading dot');

    // State chart: ready again, the last arrow (end of data) highlighted.
    expect(await currentState(page)).toBe('ready');
    expect(await page.locator('[data-testid="state-ready"]').getAttribute('class')).toContain(
      'current',
    );
    expect(await page.locator('[data-testid=state-chart] .edge.hot text').textContent()).toBe(
      'end of data',
    );

    // Sequence diagram: one arrow per command and reply, codes on the replies.
    const sequence = page.getByTestId('sequence-diagram');
    const arrows = Number(await sequence.getAttribute('data-arrows'));
    expect(arrows).toBe(13); // the greeting, then 5 commands and the message, each with its reply
    const seqText = (await sequence.textContent()) ?? '';
    for (const part of ['EHLO client.test', '503 5.5.1', '354', 'message (', '250 2.0.0'])
      expect(seqText).toContain(part);

    // Envelope versus content.
    expect(await page.getByTestId('env-from').textContent()).toBe('<alice@example.test>');
    expect(await page.getByTestId('env-rcpt').allTextContents()).toEqual(['<bob@example.test>']);
    expect(await page.getByTestId('header-subject').textContent()).toBe('hello');
    expect(await page.getByTestId('trace').textContent()).toMatch(
      /^Return-Path: <alice@example.test>/,
    );

    // Mailbox: the raw source, unstuffed, under the trace fields.
    expect(await page.getByTestId('mailbox').getAttribute('data-count')).toBe('1');
    const raw = (await page.getByTestId('raw-source').textContent()) ?? '';
    expect(raw).toMatch(/^Return-Path: <alice@example.test>\r?\nReceived: from client.test/);
    expect(raw).toContain('Subject: hello');
    expect(raw).toMatch(/\n\.a line that starts with a dot\r?\nBye\.\r?\n$/);

    // The transcript exports as text, swaks-style.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export .txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('smtp-session.txt');
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported).toContain('   2 -> EHLO client.test\n');
    expect(exported).toContain('   6 <- 250 2.0.0 OK: queued as 00000001\n');

    await focusConsole(page);
    await typeLine(page, 'QUIT');
    await expect.poll(() => currentState(page)).toBe('closed');
    await expect.poll(() => page.locator('.console').getAttribute('data-mode')).toBe('closed');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('underlines a syntax error with the reply the server would give; hovers explain verbs and codes', async () => {
    const [page, problems] = await newPage();
    await openApp(page, app.server.url);
    await focusConsole(page);
    await typeLine(page, 'EHLO client.test');
    await page.keyboard.type('MAIL FROM: <alice@example.test>');
    const marker = page.locator('[data-testid=monaco-console] .squiggly-error');
    await marker.first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    // Hovering the underline shows the server's reply.
    await marker.first().hover({ force: true });
    const hover = page.locator('.monaco-hover:not(.hidden)');
    await expect
      .poll(() => hover.first().textContent(), { timeout: 10_000 })
      .toContain('501 5.1.7 Bad sender address syntax');
    // Hovering the verb explains it: syntax and RFC section.
    await page.mouse.move(0, 0);
    const lines = await page.locator('[data-testid=monaco-console] .view-lines').boundingBox();
    await page.mouse.move(lines!.x + 6, lines!.y + lines!.height / 2);
    await page.mouse.move(lines!.x + 16, lines!.y + lines!.height / 2, { steps: 4 });
    await expect
      .poll(() => hover.allTextContents().then((t) => t.join(' ')), { timeout: 10_000 })
      .toContain('MAIL FROM:<reverse-path> [SP <mail-parameters>]');
    expect((await hover.allTextContents()).join(' ')).toContain('RFC 5321 §4.1.1.2');
    // Reply codes in the transcript carry the catalog's explanation.
    await page.keyboard.press('Escape');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('[data-testid=transcript] abbr').last().getAttribute('title'))
      .toContain('501 5.1.7 Bad sender address syntax: <reason> (RFC 5321 §4.1.2, §4.1.4)');
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  it("Monaco takes the plain input's place without moving what is below it", async () => {
    const [page, problems] = await newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { shifted: number };
      w.shifted = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as {
          value: number;
          hadRecentInput: boolean;
        }[])
          if (!e.hadRecentInput) w.shifted += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(app.server.url);
    await page.locator('.console:not([data-shell]) #command').waitFor();
    const before = await page.getByTestId('transcript').boundingBox();
    await waitForMonaco(page);
    await page.getByTestId('tab-note').waitFor();
    await page.evaluate(() => new Promise(requestAnimationFrame));
    const after = await page.getByTestId('transcript').boundingBox();
    // It moved 61 px down when Monaco's longer hint and its keyboard note came (CLS 0.017).
    expect(after!.y).toBe(before!.y);
    expect(
      await page.evaluate(() => (window as unknown as { shifted: number }).shifted),
    ).toBeLessThan(0.005);
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  it('keyboard only: Tab into the console, pipeline with Alt+Enter / Shift+Enter, history with Up', async () => {
    const [page, problems] = await newPage();
    await openApp(page, app.server.url);
    expect(await page.getByTestId('tab-note').isVisible()).toBe(true);
    let inConsole = false;
    for (let i = 0; i < 40 && !inConsole; i++) {
      await page.keyboard.press('Tab');
      inConsole = await page.evaluate(
        () => !!document.activeElement?.closest('[data-testid=monaco-console]'),
      );
    }
    expect(inConsole).toBe(true);

    await typeLine(page, 'EHLO client.test');
    await expect.poll(() => currentState(page)).toBe('ready');
    // Three commands composed, then sent as one chunk (RFC 2920 pipelining).
    await page.keyboard.type('MAIL FROM:<alice@example.test>');
    await page.keyboard.press('Alt+Enter');
    await page.keyboard.type('RCPT TO:<bob@example.test>');
    await page.keyboard.press('Alt+Enter');
    await page.keyboard.type('DATA');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => currentState(page)).toBe('data');
    expect(await transcriptText(page)).toContain('354 Start mail input');
    for (const line of MESSAGE) await typeLine(page, line);
    await typeLine(page, '.');
    await expect.poll(() => transcriptText(page)).toContain('250 2.0.0 OK: queued as 00000001');
    expect(await page.getByTestId('mailbox').getAttribute('data-count')).toBe('1');

    // Up recalls the last command sent.
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => page.locator('[data-testid=monaco-console] .view-lines').textContent())
      .toBe('DATA');
    await page.keyboard.press('ArrowDown');
    await typeLine(page, 'QUIT');
    await expect.poll(() => currentState(page)).toBe('closed');
    // Tab leaves the console again (no keyboard trap).
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => !!document.activeElement?.closest('[data-testid=monaco-console]')),
    ).toBe(false);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a reload keeps the transcript; a corrupted store is reset with a message', async () => {
    const [page, problems] = await newPage();
    await openApp(page, app.server.url);
    await focusConsole(page);
    await typeLine(page, 'EHLO client.test');
    await typeLine(page, 'MAIL FROM:<alice@example.test>');
    await expect.poll(() => currentState(page)).toBe('transaction.mail');
    const before = await transcriptText(page);
    await page.reload();
    await waitForMonaco(page);
    await expect.poll(() => transcriptText(page)).toBe(before);
    expect(await currentState(page)).toBe('transaction.mail');
    expect(await page.getByTestId('notice-info').textContent()).toMatch(/restored/);

    await page.evaluate(() => localStorage.setItem('smtp-simulator/session', '{"version":1,'));
    await page.reload();
    await expect
      .poll(() => page.getByTestId('notice-error').textContent())
      .toMatch(/could not be restored/);
    expect(await currentState(page)).toBe('greeting');
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  it('10,000 transcript lines: only the rows on screen are in the page', async () => {
    const [page, problems] = await newPage();
    await openApp(page, app.server.url);
    await focusConsole(page);
    // 5,000 commands pasted at once: a paste of several lines goes out as one chunk. HELOs,
    // not NOOPs: past 100 NOOPs the junk-command limit ends the session with 421.
    const lines = [
      'EHLO client.test',
      ...Array.from({ length: 4999 }, (_, i) => `HELO c${i}.test`),
    ];
    const started = Date.now();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement!.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, lines.join('\n'));
    const transcript = page.getByTestId('transcript');
    await expect
      .poll(() => transcript.getAttribute('data-count').then(Number), { timeout: 30_000 })
      .toBeGreaterThan(10_000);
    console.log(`10,000+ lines rendered ${Date.now() - started} ms after the paste`);
    expect(await transcript.locator('.row').count()).toBeLessThan(120);
    expect(await transcriptText(page)).toContain('-> HELO c4998.test');
    // Scrolling to the top brings the first rows in.
    await transcript.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(() => transcriptText(page)).toContain('220 mail.example.test Service ready');
    expect(await transcript.locator('.row').count()).toBeLessThan(120);
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  // One session typed once, pictured in both themes: the page opens dark (the scheme read at
  // load) and turns light when the system's preference changes (the scheme followed live).
  it('screenshots in the dark theme, then the light one', async () => {
    const [page, problems] = await newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await openApp(page, app.server.url);
    await focusConsole(page);
    for (const line of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<carol@example.test>',
      'DATA',
      ...MESSAGE,
      '.',
      'MAIL FROM:<alice@example.test>',
    ])
      await typeLine(page, line);
    await expect.poll(() => currentState(page)).toBe('transaction.mail');
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.dataset.scheme))
        .toBe(colorScheme);
      await animationsDone(page); // the last transition's animation, before the picture
      await page.screenshot({ path: `${SHOTS}/app-${colorScheme}.png`, fullPage: true });
    }
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
