/** Helpers to drive the app's Monaco console like a person at a keyboard. */
import type { Page } from 'playwright-core';

/**
 * Opens the app with a clean store and waits for the Monaco console.
 * The pointer "comes to the console" (a pointerenter on its input) so Monaco
 * is fetched at once rather than after the page's idle delay (Console.svelte).
 */
export async function openApp(page: Page, url: string, options: { keepStore?: boolean } = {}) {
  if (options.keepStore) await page.goto(url);
  else await gotoClean(page, url);
  await waitForMonaco(page);
}

/**
 * Goes to `url` with an empty store for its origin. A page of a fresh context
 * has one already: one load then, not a load, a clear and a reload (the app and
 * its chunks twice). Otherwise the store is cleared in the page and reloaded.
 */
export async function gotoClean(page: Page, url: string) {
  const fresh = page.url() === 'about:blank' && (await storeIsEmpty(page, url));
  await page.goto(url);
  if (fresh) return;
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

/** Whether the page's context holds nothing in localStorage for the origin of `url`. */
async function storeIsEmpty(page: Page, url: string): Promise<boolean> {
  const origin = new URL(url).origin;
  const { origins } = await page.context().storageState();
  return !origins.some((o) => o.origin === origin && o.localStorage.length > 0);
}

/**
 * Waits for the Monaco console, after showing intent as a learner's pointer
 * does: Monaco comes at once, not after the idle delay. Wide screens only (a
 * phone never gets Monaco).
 */
export async function waitForMonaco(page: Page) {
  const monaco = page.locator('[data-editor=monaco]');
  await page.locator('#command').or(monaco).first().waitFor({ timeout: 30_000 });
  await page.evaluate(() =>
    document.getElementById('command')?.dispatchEvent(new PointerEvent('pointerenter')),
  );
  await monaco.waitFor({ timeout: 30_000 });
}

/** Waits until every animation and transition of the page that ends has ended. */
export async function animationsDone(page: Page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
}

/** Puts the caret in the console (Monaco listens on its own edit element). */
export async function focusConsole(page: Page) {
  await page.locator('[data-testid=monaco-console] .view-lines').click();
}

/** Types a line and presses Enter: the line is sent (in DATA mode, Enter breaks the line). */
export async function typeLine(page: Page, line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Each goal of the lesson panel's checklist: 'yes' when met, 'no' when not yet. */
export const goals = (page: Page) =>
  page
    .locator('[data-testid=goals] li')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.met));

export const transcriptText = (page: Page) =>
  page
    .getByTestId('transcript')
    .textContent()
    .then((t) => t ?? '');

export const currentState = (page: Page) =>
  page.getByTestId('state-chart').getAttribute('data-current');

/** The labels in Monaco's suggest list, opened with Ctrl+Space. */
export async function suggestions(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  const rows = page.locator('.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ timeout: 10_000 });
  const labels = await rows.evaluateAll((els) =>
    els.map((e) => e.querySelector('.label-name')?.textContent?.trim() ?? ''),
  );
  await page.keyboard.press('Escape');
  return labels;
}
