/** Helpers to drive the app's Monaco console like a person at a keyboard. */
import type { Page } from 'playwright-core';

/** Opens the app with a clean store and waits for the Monaco console. */
export async function openApp(page: Page, url: string, options: { keepStore?: boolean } = {}) {
  await page.goto(url);
  if (!options.keepStore) {
    await page.evaluate(() => localStorage.clear());
    await page.reload();
  }
  await page.locator('[data-editor=monaco]').waitFor({ timeout: 30_000 });
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
