import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, recordProblems, startPreview, type PreviewHandle } from './browser.ts';

/** The protocol core and the server machine run in the page itself: a whole session typed by hand. */
describe('a session typed in the browser', () => {
  let server: PreviewHandle;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPreview();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function type(page: Page, line: string) {
    await page.locator('#command').fill(line);
    await page.locator('#command').press('Enter');
  }

  it('EHLO, MAIL, RCPT, DATA with a dot-stuffed line, QUIT', async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);
    await page.goto(server.url);
    const transcript = page.getByRole('list', { name: 'Transcript' });
    await expect
      .poll(() => transcript.textContent())
      .toContain('220 mail.example.test Service ready');

    await type(page, 'MAIL FROM:<alice@example.test>');
    await expect
      .poll(() => transcript.textContent())
      .toContain('503 5.5.1 Bad sequence of commands: send HELO or EHLO first');

    for (const line of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ]) {
      await type(page, line);
    }
    await expect.poll(() => page.getByTestId('state').textContent()).toBe('data');
    await expect.poll(() => page.locator('label[for=command]').textContent()).toBe('Message line');
    for (const line of ['Subject: hello', '', '..a line that starts with a dot', '.'])
      await type(page, line);
    await expect.poll(() => transcript.textContent()).toContain('250 2.0.0 OK: queued as 00000001');
    expect(await page.getByTestId('delivered').textContent()).toBe('1');

    await type(page, 'QUIT');
    await expect.poll(() => page.getByTestId('state').textContent()).toBe('closed');
    expect(await page.locator('#command').isDisabled()).toBe(true);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
