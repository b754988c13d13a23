/**
 * End-to-end harness: serve the production build with `vite preview` and drive it
 * with the system's Chromium through playwright-core. No browser is ever downloaded:
 * the executable comes from CHROMIUM_PATH or Debian's `chromium` package.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';

/** Repository root (two levels above this file). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PreviewHandle {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close: () => Promise<void>;
}

/**
 * The built app the e2e tests serve: `dist/`, or the folder in E2E_DIST (a
 * relative path, from the repository root), so that several builds can be
 * tested side by side (`vite build --outDir <folder>`).
 */
const DIST = process.env.E2E_DIST ?? 'dist';

/** The absolute path of that build folder (for tests that serve it themselves). */
export const distPath = (): string => join(ROOT, DIST);

/**
 * Serve the build (run `vite build` first) on 127.0.0.1 at a port chosen by the OS.
 */
export async function startPreview(): Promise<PreviewHandle> {
  if (!existsSync(join(ROOT, DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html not found: run \`vite build\` before the e2e tests`);
  }
  const server = await preview({
    root: ROOT,
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') {
    await server.close();
    throw new Error(`vite preview is not listening on a TCP port: ${String(address)}`);
  }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

/** Path of the Chromium executable to drive. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

/** Launch headless Chromium (Debian's package by default, or CHROMIUM_PATH). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: install Debian's chromium package or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** `console.error` messages. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Requests that failed at the network level (DNS, refused, aborted). */
  failedRequests: string[];
}

/** Start recording console errors, page errors and failed requests of `page`. */
export function recordProblems(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    problems.pageErrors.push(error.stack ?? error.message);
  });
  page.on('requestfailed', (request) => {
    problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  return problems;
}

/** A fresh page at desktop size that accepts downloads, with its problems recorded. */
export async function newPage(browser: Browser): Promise<[Page, PageProblems]> {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 1000 },
    acceptDownloads: true,
  });
  return [page, recordProblems(page)];
}

/** Where the e2e tests leave screenshots and exported files. */
export const SHOTS = `${ROOT}test-results`;

/**
 * The built app and a browser for one test file: started before its tests,
 * closed after them. Read `app.server` and `app.browser` inside the tests.
 */
export function useApp(): { readonly server: PreviewHandle; readonly browser: Browser } {
  const app = {} as { server: PreviewHandle; browser: Browser };
  beforeAll(async () => {
    app.server = await startPreview();
    app.browser = await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}
