/** A newcomer's way in: "Start here" opens the first lesson of the course, the beginner's track. */
import { expect, it } from 'vitest';
import { openApp } from './app.ts';
import { newPage, SHOTS, useApp } from './browser.ts';

const app = useApp();

it('Start here opens the first lesson (SMTP today), on a wide screen and on a phone', async () => {
  for (const [width, height] of [
    [1440, 1000],
    [412, 900],
  ] as const) {
    const [page, problems] = await newPage(app.browser);
    await page.setViewportSize({ width, height });
    if (width > 760) await openApp(page, app.server.url);
    else await page.goto(app.server.url, { waitUntil: 'load' });
    await page.getByTestId('start-here').click();
    await page.waitForURL(/#\/lesson\/smtp-today\/a-whole-session$/);
    await expect
      .poll(() => page.locator('#lesson-title').textContent(), { timeout: 30_000 })
      .toBe('A whole session, from 220 to 221');
    await page.screenshot({ path: `${SHOTS}/start-here-${width}.png` });
    await page.close();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  }
});
