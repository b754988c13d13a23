/**
 * Nothing lost across reloads, in the page: a reload in the middle of a
 * message keeps the lines sent so far (the final "." delivers them), and a
 * full browser storage is said in words on the page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gotoClean, transcriptText } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const BODY = ['Subject: before the reload', '', 'first line typed before the reload'];

describe('persistence in the browser', () => {
  const app = useApp();

  /**
   * A page whose console stays the plain input (#command), as on a phone:
   * the editor's chunk is held back, so each Enter sends its line at once.
   */
  async function plainPage(width = 412, height = 900): Promise<Page> {
    const page = await app.browser.newPage({ viewport: { width, height } });
    await page.route(/\/assets\/editor-[^/]*\.js$/, () => new Promise(() => {}));
    await gotoClean(page, app.server.url);
    await page.locator('#command').waitFor();
    return page;
  }

  async function send(page: Page, line: string) {
    const input = page.locator('#command');
    await input.fill(line);
    await input.press('Enter');
  }

  it('reload in the middle of DATA, then ".": the message has the lines typed before the reload', async () => {
    const page = await plainPage();
    const problems = recordProblems(page);
    for (const line of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ])
      await send(page, line);
    await expect.poll(() => transcriptText(page)).toContain('354');
    for (const line of BODY) await send(page, line);
    await expect.poll(() => transcriptText(page)).toContain('first line typed before the reload');
    await page.reload();
    await page.locator('#command').waitFor();
    // The server is back in DATA, holding the same lines.
    await expect.poll(() => transcriptText(page)).toContain('first line typed before the reload');
    await expect.poll(() => page.locator('.console').getAttribute('data-mode')).toBe('data');
    await page.screenshot({ path: `${SHOTS}/persist-reload-412.png`, fullPage: false });
    await send(page, 'after the reload');
    await send(page, '.');
    await expect.poll(() => transcriptText(page)).toContain('queued as');
    const raw = (await page.getByTestId('raw-source').textContent()) ?? '';
    expect(raw).toMatch(
      /Subject: before the reload\r?\n\r?\nfirst line typed before the reload\r?\nafter the reload\r?\n$/,
    );
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });

  it('a full storage is said in words on the page, and the session goes on', async () => {
    const page = await plainPage(1440, 1000);
    await send(page, 'EHLO client.test');
    await expect.poll(() => transcriptText(page)).toContain('250');
    // Fill the origin's storage to the brim, as a big paste would.
    const filled = await page.evaluate(() => {
      let size = 1 << 24;
      let total = 0;
      for (let i = 0; size >= 16; i++) {
        try {
          localStorage.setItem(`fill-${i}`, 'x'.repeat(size));
          total += size;
        } catch {
          size = Math.floor(size / 2);
        }
      }
      return total;
    });
    expect(filled).toBeGreaterThan(1_000_000);
    await send(page, 'NOOP this line no longer fits in the browser storage');
    const notice = page.getByTestId('notice-error');
    await expect
      .poll(() => notice.first().textContent(), { timeout: 10_000 })
      .toContain("the browser's storage for this page is full");
    expect(await notice.first().isVisible()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/persist-quota-1440.png` });
    // The session still answers.
    await send(page, 'NOOP');
    await expect.poll(() => transcriptText(page)).toMatch(/250[^]*250[^]*250/);
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });
});
