import { describe, expect, it } from 'vitest';

import { gotoClean } from './app.ts';
import { recordProblems, useApp } from './browser.ts';

describe('built page', () => {
  const app = useApp();

  it('has the SEO basics: a description and a robots.txt', async () => {
    const page = await app.browser.newPage();
    await page.goto(app.server.url, { waitUntil: 'load' });
    const description = await page.locator('meta[name=description]').getAttribute('content');
    expect(description).toMatch(/SMTP/);
    const robots = await page.request.get(new URL('robots.txt', app.server.url).href);
    expect(robots.status()).toBe(200);
    expect(await robots.text()).toMatch(/^User-agent: \*$/m);
    await page.close();
  });

  it('renders the heading without console or page errors', async () => {
    const page = await app.browser.newPage();
    const problems = recordProblems(page);

    const response = await page.goto(app.server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    await expect.poll(() => page.locator('h1').textContent()).toBe('SMTP simulator');
    expect(await page.title()).toBe('SMTP simulator');
    await expect.poll(() => page.locator('main').count()).toBe(1);
    await page.locator('[data-editor=monaco]').waitFor({ timeout: 30_000 });

    await page.close();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });

  it('fits narrow screens: the sandbox and a lesson have no sideways scroll, one column per 412 px phone, three on a wide screen', async () => {
    for (const [width, columns] of [
      [412, 1],
      [1000, 2],
      [1440, 3],
    ] as const) {
      const page = await app.browser.newPage({ viewport: { width, height: 900 } });
      for (const hash of ['#/', '#/lesson/smtp-1982/helo-mail-rcpt-data']) {
        await page.goto(`${app.server.url}${hash}`);
        if (hash !== '#/') await page.getByTestId('lesson-panel').waitFor({ timeout: 30_000 });
        // Wait for the lazy panels (pictures, settings) that take their place after the first screen.
        await page.getByTestId('state-chart').waitFor({ timeout: 30_000 });
        const layout = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - innerWidth,
          columns: getComputedStyle(document.querySelector('main.layout')!)
            .gridTemplateColumns.split(' ')
            .filter(Boolean).length,
        }));
        expect(layout.overflow, `${width}px ${hash}`).toBeLessThanOrEqual(0);
        expect(layout.columns, `${width}px ${hash}`).toBe(columns);
      }
      await page.close();
    }
  });

  it('is usable before Monaco arrives: the plain input works, then Monaco takes its place', async () => {
    const page = await app.browser.newPage();
    const problems = recordProblems(page);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let editorRequested = false;
    // Hold the lazily loaded editor chunk back.
    await page.route(/\/assets\/editor-[^/]*\.js$/, async (route) => {
      editorRequested = true;
      await held;
      await route.continue();
    });
    await gotoClean(page, app.server.url);
    const input = page.locator('#command');
    await input.fill('EHLO client.test');
    await input.press('Enter');
    const transcript = page.getByTestId('transcript');
    await expect
      .poll(() => transcript.textContent())
      .toContain('250-mail.example.test greets client.test');
    expect(editorRequested).toBe(true);
    expect(await page.locator('[data-editor=plain]').count()).toBe(1);
    await input.fill('NOOP');
    release();
    await page.locator('[data-editor=monaco]').waitFor({ timeout: 30_000 });
    // The half-typed line moved into Monaco.
    await expect
      .poll(() => page.locator('[data-testid=monaco-console] .view-lines').textContent())
      .toBe('NOOP');
    expect(await page.locator('#command').count()).toBe(0);
    // The caret moved with it: typing goes on in Monaco.
    await page.keyboard.type(' hi');
    await expect
      .poll(() =>
        page
          .locator('[data-testid=monaco-console] .view-lines')
          .textContent()
          // Monaco draws spaces as no-break spaces.
          .then((t) => t?.replace(/\u00a0/g, ' ')),
      )
      .toBe('NOOP hi');
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
