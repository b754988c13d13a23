/**
 * End-to-end harness: serve the production build with `vite preview` and drive it
 * with the system's Chromium through playwright-core. No browser is ever downloaded:
 * the executable comes from CHROMIUM_PATH or Debian's `chromium` package.
 *
 * One run serves the build once (global-setup.ts) and, when the files share a
 * worker (the e2e project's `isolate: false`), launches Chromium once: starting
 * Vite and Chromium again for each of the ~30 files was a good part of the run.
 * Each file still gets fresh browser contexts, closed after it.
 */
import { existsSync, mkdirSync } from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

import { ROOT, startPreview, type PreviewHandle } from './serve.ts';

export { ROOT, distPath, startPreview, type PreviewHandle } from './serve.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The build served once for the whole run (global-setup.ts), when it is. */
    e2eServerUrl?: string;
    /** Whether the test files run in one worker, one after another, that can keep one browser. */
    e2eShareBrowser?: boolean;
  }
}

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

/** Path of the Chromium executable to drive. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
}

/** Launch headless Chromium (Debian's package by default, or CHROMIUM_PATH): a browser of its own. */
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

/** The worker's one Chromium, kept on globalThis: the module registry is reset between files. */
const SHARED = Symbol.for('smtp-simulator/e2e-browser');
type Holder = { [SHARED]?: Promise<Browser> };

/**
 * The Chromium this worker keeps for all its test files, launched on first use
 * (again if it was closed or crashed). Close the contexts you open, not it.
 */
export async function sharedBrowser(): Promise<Browser> {
  const holder = globalThis as Holder;
  const kept = await holder[SHARED]?.catch(() => undefined);
  if (kept?.isConnected()) return kept;
  holder[SHARED] = launchBrowser();
  return holder[SHARED];
}

/**
 * A browser for one test file, ready before its tests: the worker's shared one
 * when the files share a worker, else one of the file's own, closed after it.
 * Either way the contexts (and pages) the file opened are closed after it, so
 * the next file starts with none. Read `.browser` inside the tests.
 */
export function useBrowser(): { readonly browser: Browser } {
  const holder = {} as { browser: Browser };
  let shared = false;
  beforeAll(async () => {
    shared = inject('e2eShareBrowser') === true;
    holder.browser = shared ? await sharedBrowser() : await launchBrowser();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    if (shared) await closeContexts(holder.browser);
    else await holder.browser?.close();
  });
  return holder;
}

/**
 * The built app and a browser for one test file (useBrowser): ready before its
 * tests, released after them. Read `app.server` and `app.browser` inside the
 * tests. The server is the run's (global-setup.ts) or, without one, the file's
 * own, closed after it.
 */
export function useApp(): { readonly server: PreviewHandle; readonly browser: Browser } {
  const app = useBrowser() as { server: PreviewHandle; browser: Browser };
  let own = false;
  beforeAll(async () => {
    const url = inject('e2eServerUrl');
    own = url === undefined;
    app.server = url === undefined ? await startPreview() : { url, close: async () => {} };
  });
  afterAll(async () => {
    if (own) await app.server?.close();
  });
  return app;
}

/** Closes every context of `browser` (a shared browser, after a test file). */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  if (!browser?.isConnected()) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}
