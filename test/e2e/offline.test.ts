/**
 * Offline after one visit: the service worker (src/offline/sw.ts) precaches
 * the build, so with the server stopped the app reloads and a lesson can be
 * done by typing its solution in Monaco.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusConsole, goals, openApp, typeLine, waitForMonaco } from './app.ts';
import { newPage, startPreview, useBrowser, type PreviewHandle } from './browser.ts';

const LESSON = 'smtp-1982/helo-mail-rcpt-data';

describe('offline after one visit', () => {
  // A server of its own: the test stops it.
  let server: PreviewHandle | undefined;
  const app = useBrowser();
  beforeAll(async () => {
    server = await startPreview();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the worker precaches the build; with the server gone a lesson still loads and is done', async () => {
    const url = server!.url;
    const [page, problems] = await newPage(app.browser);
    await openApp(page, url);

    // The worker is active, controls the page, and its cache holds every built file.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), {
        timeout: 30_000,
      })
      .toBe('activated');
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const requests = await Promise.all(
        keys.map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)),
      );
      return { keys, urls: requests.flat() };
    });
    expect(cached.keys).toHaveLength(1);
    expect(cached.keys[0]).toMatch(/^smtp-simulator-/);
    const names = cached.urls.map((u) => u.slice(url.length));
    expect(names).toContain('index.html');
    for (const part of [
      /^assets\/editor-.*\.js$/,
      /worker-.*\.js$/,
      /^assets\/lessons-chunk-.*\.js$/,
      /\.ttf$/,
    ])
      expect(
        names.some((n) => part.test(n)),
        String(part),
      ).toBe(true);

    // Stop the server: nothing is served any more.
    await server!.close();
    server = undefined;
    expect(
      await page.evaluate(() =>
        fetch('./not-cached.txt').then(
          () => 'answered',
          () => 'unreachable',
        ),
      ),
    ).toBe('unreachable');

    // A full reload, straight into a lesson, from the cache alone.
    await page.goto(`${url}#/lesson/${LESSON}`);
    await page.reload();
    await waitForMonaco(page);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe('HELO, MAIL, RCPT, DATA');

    await focusConsole(page);
    for (const line of [
      'HELO client.test',
      'MAIL FROM:<alice@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'Subject: hi',
      '',
      'Hello Bob.',
      '.',
      'QUIT',
    ])
      await typeLine(page, line);
    await expect.poll(() => goals(page)).toEqual(['yes', 'yes', 'yes', 'yes']);
    await page.getByTestId('lesson-done').waitFor();

    expect(problems.pageErrors).toEqual([]);
    // The probe above fails, and a reload may abort a chunk still loading; nothing else may fail.
    expect(
      problems.failedRequests.filter(
        (r) => !r.includes('not-cached.txt') && !r.endsWith('net::ERR_ABORTED'),
      ),
    ).toEqual([]);
    await page.close();
  });
});
