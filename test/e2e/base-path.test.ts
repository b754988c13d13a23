/**
 * The static build works from any folder or path prefix (base './'): served
 * under /some/prefix/ by a plain file server, the app and a lesson load, and
 * the service worker's scope is that prefix; a new build's worker replaces
 * the old cache.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusConsole, goals, typeLine, waitForMonaco } from './app.ts';
import { distPath, newPage, useBrowser } from './browser.ts';

const PREFIX = '/some/prefix/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/** When set, sw.js is served as if from a new build with this version. */
let nextVersion: string | null = null;

/** Serves the build folder at PREFIX only; anything else is a 404, as it would be on a shared host. */
function serveUnderPrefix(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) return void response.writeHead(404).end();
    const file = normalize(join(root, path.slice(PREFIX.length) || 'index.html'));
    if (!file.startsWith(root + sep)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
          .end(
            nextVersion && file.endsWith(`${sep}sw.js`)
              ? String(body).replace(
                  /const OFFLINE_VERSION = "[^"]*"/,
                  `const OFFLINE_VERSION = "${nextVersion}"`,
                )
              : body,
          ),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('served under a path prefix', () => {
  let server: Server | undefined;
  const app = useBrowser();
  let origin = '';
  beforeAll(async () => {
    server = await serveUnderPrefix(distPath());
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('the app and a lesson load, every file from the prefix; the worker is scoped to it, and a new build replaces its cache', async () => {
    const [page, problems] = await newPage(app.browser);
    const outside: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400 || !r.url().startsWith(origin + PREFIX)) outside.push(r.url());
    });
    await page.goto(`${origin}${PREFIX}#/lesson/smtp-1982/helo-mail-rcpt-data`);
    await waitForMonaco(page);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    expect(await panel.locator('h2').textContent()).toBe('HELO, MAIL, RCPT, DATA');
    await focusConsole(page);
    await typeLine(page, 'HELO client.test');
    await expect.poll(() => goals(page)).toEqual(['yes', 'no', 'no', 'no']);

    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${origin}${PREFIX}`);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? ''))
      .toBe(`${origin}${PREFIX}sw.js`);

    // A new build: its worker takes over and drops the old cache, not another app's.
    const cacheNames = () => page.evaluate(async () => (await caches.keys()).sort());
    await page.evaluate(() => caches.open('another-app'));
    const [old] = (await cacheNames()).filter((k) => k.startsWith('smtp-simulator-'));
    expect(old).toBeDefined();
    nextVersion = 'next';
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    await expect
      .poll(cacheNames, { timeout: 30_000 })
      .toEqual(['another-app', 'smtp-simulator-next']);

    expect(outside).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });
});
