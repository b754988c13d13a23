/**
 * The browser benchmark's page work in Chromium: opening the app with Monaco, pasting and
 * waiting for the last reply, time to a usable console, Enter to the reply in the DOM and painted,
 * the heap after a long session.
 */
import type { Browser, Page } from 'playwright-core';
import { createSession } from '../src/machines/session.ts';
import { now } from './lib/util.ts';

/**
 * Lines of a long session: EHLO then numbered HELOs, CRLF-free (the paste adds the line
 * breaks). Not NOOPs: past 100 of them the junk-command limit ends the session with 421.
 */
export function noopLines(count: number, from = 0, ehlo = true): string[] {
  const lines = Array.from({ length: count }, (_, i) => `HELO c${from + i}.test`);
  if (ehlo) lines[0] = 'EHLO client.test';
  return lines;
}

/**
 * A fresh context (empty cache and localStorage). tsx compiles this file with esbuild's
 * keepNames, which wraps named functions in `__name(...)`; the functions handed to the page
 * carry those calls, so the page gets a no-op `__name`.
 */
async function newContext(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.addInitScript('globalThis.__name = (f) => f;');
  return context;
}

/** Opens the app in a fresh context (empty localStorage) and waits for Monaco in the console. */
export async function openWithMonaco(browser: Browser, url: string): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(url);
  return withMonaco(page);
}

/** Asks for Monaco (focus on the plain input: intent), waits for it and puts the caret in it. */
export async function withMonaco(page: Page): Promise<Page> {
  // Intent: fetches Monaco now (already asked for if the input was used: it goes when Monaco is in).
  const input = page.locator('#command');
  if ((await input.count()) > 0) await input.focus({ timeout: 5_000 }).catch(() => undefined);
  await page.locator('[data-editor=monaco]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=monaco-console] .view-lines').click();
  return page;
}

export async function closePage(page: Page) {
  await page.context().close();
}

/**
 * Pastes `text` as one chunk into the focused console and resolves, in the page, when a row
 * `-> lastLine` is in the transcript followed by a server reply, and that frame is painted
 * (requestAnimationFrame, then the next task). Returns milliseconds from the paste.
 */
export function pasteAndWait(
  page: Page,
  text: string,
  lastLine: string,
  timeoutMs: number,
): Promise<number> {
  return page.evaluate(
    ([text, lastLine, timeoutMs]) =>
      new Promise<number>((resolvePromise, reject) => {
        const viewport = document.querySelector('[data-testid=transcript]')!;
        const done = () => {
          const rows = [...viewport.querySelectorAll('.row')];
          let i = rows.length - 1;
          while (i >= 0 && rows[i]!.querySelector('.text')?.textContent !== lastLine) i--;
          return i >= 0 && rows.slice(i + 1).some((r) => r.classList.contains('server'));
        };
        const t0 = performance.now();
        const timer = setTimeout(() => reject(new Error(`no reply to ${lastLine}`)), timeoutMs);
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              clearTimeout(timer);
              resolvePromise(performance.now() - t0);
            };
            channel.port2.postMessage(0);
          });
        });
        observer.observe(viewport, { childList: true, subtree: true, characterData: true });
        const data = new DataTransfer();
        data.setData('text/plain', text);
        document.activeElement!.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      }),
    [text, lastLine, timeoutMs] as const,
  );
}

/**
 * Navigation to a console that took a typed NOOP and shows its reply; about:blank the same way.
 * With `keep` the page stays open and is returned (--quick goes on in it).
 */
export async function timeToUsable(browser: Browser, url: string, keep = false) {
  const context = await newContext(browser);
  let page: Page | null = null;
  try {
    page = await context.newPage();
    const t0 = now();
    await page.goto(url, { waitUntil: 'commit' });
    const input = page.locator('#command:enabled');
    await input.waitFor({ timeout: 30_000 });
    await input.fill('NOOP');
    await input.press('Enter');
    const inPage = (await page
      .waitForFunction(
        () => {
          const rows = [...document.querySelectorAll('[data-testid=transcript] .row')];
          const i = rows.findIndex((r) => r.querySelector('.text')?.textContent === 'NOOP');
          return i >= 0 && rows.slice(i + 1).some((r) => r.classList.contains('server'))
            ? performance.now()
            : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      )
      .then((h) => h.jsonValue())) as number;
    const ours = now() - t0;
    const blank = await context.newPage();
    const b0 = now();
    await blank.goto('about:blank');
    await blank.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    const reference = now() - b0;
    await blank.close();
    return { ours, reference, inPage, page: keep ? page : null };
  } finally {
    if (!keep || !page) await context.close();
  }
}

/** Node: the session API fed the same chunk (what the UI does below its rendering). */
export function nodeReplay(text: string): number {
  const session = createSession();
  session.feed('');
  const t0 = now();
  const replies = session.feed(text);
  const ms = now() - t0;
  if (replies.length < 2) throw new Error('session API: no replies to the replay chunk');
  return ms;
}

export const p95 = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!;
};

interface EnterSample {
  /** keydown to the reply row in the DOM (MutationObserver): the app's own work. */
  readonly dom: number;
  /** keydown to the frame with the reply painted (rAF after the mutation, then the next task). */
  readonly paint: number;
  /** The reply was in the DOM before the first frame after the keydown began. */
  readonly firstFrame: boolean;
}

/**
 * Enter to reply per command (in page), and empty rAF round trips (same page). Headless
 * Chromium paints at 60 Hz: keydown to a painted frame includes the wait for the next frame
 * whatever the app does, so the time to the DOM update and whether the reply made the first
 * frame after the keydown are recorded too.
 */
export async function enterToPaint(page: Page, commands: number) {
  await page.evaluate(() => {
    type Bench = {
      t0: number;
      frameBegan: boolean;
      expect: string;
      samples: { dom: number; paint: number; firstFrame: boolean }[];
    };
    const w = window as unknown as { __bench: Bench };
    w.__bench = { t0: 0, frameBegan: false, expect: '', samples: [] };
    const viewport = document.querySelector('[data-testid=transcript]')!;
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key !== 'Enter') return;
        const b = w.__bench;
        b.t0 = performance.now();
        b.frameBegan = false;
        // Runs at the start of the first frame after the keydown (before its style and paint).
        requestAnimationFrame(() => (b.frameBegan = true));
      },
      true,
    );
    new MutationObserver(() => {
      // When the observer is called: its own search below is the benchmark's work, not the app's.
      const at = performance.now();
      const b = w.__bench;
      if (!b.expect) return;
      const rows = [...viewport.querySelectorAll('.row')];
      let i = rows.length - 1;
      while (i >= 0 && rows[i]!.querySelector('.text')?.textContent !== b.expect) i--;
      if (i < 0 || !rows.slice(i + 1).some((r) => r.classList.contains('server'))) return;
      b.expect = '';
      const t0 = b.t0;
      const dom = at - t0;
      const firstFrame = !b.frameBegan;
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          b.samples.push({ dom, paint: performance.now() - t0, firstFrame });
        channel.port2.postMessage(0);
      });
    }).observe(viewport, { childList: true, subtree: true, characterData: true });
  });
  for (let i = 0; i < commands; i++) {
    const line = `HELO p${i}.test`;
    await page.keyboard.insertText(line);
    await page.evaluate((l) => {
      (window as unknown as { __bench: { expect: string } }).__bench.expect = l;
    }, line);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) => (window as unknown as { __bench: { samples: number[] } }).__bench.samples.length > n,
      i,
      { timeout: 10_000 },
    );
  }
  const samples = await page.evaluate(
    () => (window as unknown as { __bench: { samples: EnterSample[] } }).__bench.samples,
  );
  // The reference: the same wait (rAF, then the next task) with nothing to do, from a task.
  const empty = await page.evaluate(async (n) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 5 + (i % 7)));
      const t0 = performance.now();
      await new Promise<void>((r) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => r();
          channel.port2.postMessage(0);
        }),
      );
      out.push(performance.now() - t0);
    }
    return out;
  }, commands);
  return { samples, empty };
}

export async function heapAfter(page: Page, gcFirst = true): Promise<number> {
  if (gcFirst) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
  }
  return page.evaluate(
    () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
  );
}
