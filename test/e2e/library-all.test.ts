/**
 * Every session of the library (library/index.json) opened through the app in
 * Chromium, one page for all, by its address: an SMTP session in the player
 * (`#/player/library/<id>/0`), which compares it with the simulator in its own
 * era in the background; a POP3 or IMAP one replayed in the library
 * (`#/library/<id>`). Each shows no difference, except those the index marks
 * `notIdentical`: they show a difference and the index's reason. Then a POP3
 * and an IMAP session's link to a step, opened in a fresh page, land at that
 * step; a bad step says so in words; screenshots of the replay's share box at
 * 1440 and 412 px.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT, SHOTS, recordProblems, useApp } from './browser.ts';

interface Entry {
  readonly id: string;
  readonly era: string;
  readonly title: string;
  readonly notIdentical?: string;
}

const INDEX = JSON.parse(readFileSync(`${ROOT}library/index.json`, 'utf8')) as Entry[];
const retrieval = (e: Entry) => e.era === 'pop3' || e.era === 'imap';
const caveat = (e: Entry) =>
  e.notIdentical ? `Not replayed identically: ${e.notIdentical}` : null;
const POP3 = 'rfc1939/10-example-session';

/** What the page shows of a session once opened: its differences and the reason given, if any. */
interface Seen {
  readonly id: string;
  readonly differences: number;
  readonly caveat: string | null;
}

/** Goes to `hash` in the same page (no reload), as a link inside the app does. */
const go = (page: Page, hash: string) =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);

/**
 * The player's summary once its comparison with the simulator is done, for the session `id`
 * (the short link of the share box names it: the last session's view may still be there).
 */
async function playerSeen(page: Page, id: string): Promise<Seen> {
  const seen = await page.waitForFunction(
    (id) => {
      const short = document.querySelector<HTMLInputElement>('[data-testid=share-short]');
      const summary = document.querySelector<HTMLElement>('[data-testid=player-summary]');
      if (!short?.value.endsWith(`#/player/library/${id}/0`)) return null;
      if (summary?.dataset.checked !== 'done') return null;
      const why = document.querySelector('[data-testid=player-caveat]')?.textContent?.trim();
      return { id, differences: Number(summary.dataset.differences), caveat: why ?? null };
    },
    id,
    { timeout: 20_000 },
  );
  return (await seen.jsonValue()) as Seen;
}

/** The library's replay of the session `id` (its share link names it), its summary read. */
async function replaySeen(page: Page, id: string): Promise<Seen> {
  const seen = await page.waitForFunction(
    (id) => {
      const link = document.querySelector<HTMLInputElement>(
        '[data-testid=retr] [data-testid=share-link]',
      );
      const summary = document.querySelector<HTMLElement>('[data-testid=retr-summary]');
      if (!link?.value.endsWith(`#/library/${id}/1`) || !summary) return null;
      // Every step of the list marked, and the summary's count, agree.
      const marked = document.querySelectorAll('[data-testid=retr-goto].differs').length;
      const differences = Number(summary.dataset.differing);
      if (marked !== differences) return { id, differences: -1, caveat: `${marked} marked` };
      const why = document.querySelector('[data-testid=retr-caveat]')?.textContent?.trim();
      return { id, differences, caveat: why ?? null };
    },
    id,
    { timeout: 20_000 },
  );
  return (await seen.jsonValue()) as Seen;
}

/** What each entry should show: no difference and no reason, or a difference and its reason. */
function verdicts(seen: readonly Seen[]) {
  return seen.map((s) => {
    const e = INDEX.find((x) => x.id === s.id)!;
    return {
      id: s.id,
      differs: s.differences > 0,
      caveat: s.caveat,
      expected: { differs: !!e.notIdentical, caveat: caveat(e) },
    };
  });
}

describe('every library session in Chromium', () => {
  const app = useApp();

  it('replays each in its own era with no difference, or shows the difference and why', async () => {
    const started = Date.now();
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/library`);
    await page.getByTestId('library').waitFor();

    // The list holds every session of the index, each marked one with its reason.
    const listed = await page.getByTestId('library-entry').evaluateAll((els) =>
      els.map((el) => ({
        id: (el as HTMLElement).dataset.id!,
        caveat: el.querySelector('[data-testid=library-caveat]')?.textContent?.trim() ?? null,
      })),
    );
    expect(listed.map((l) => l.id).sort()).toEqual(INDEX.map((e) => e.id).sort());
    for (const l of listed) expect(l.caveat, l.id).toBe(caveat(INDEX.find((e) => e.id === l.id)!));

    const seen: Seen[] = [];
    for (const e of INDEX) {
      if (retrieval(e)) {
        await go(page, `#/library/${e.id}`);
        seen.push(await replaySeen(page, e.id));
      } else {
        await go(page, `#/player/library/${e.id}/0`);
        seen.push(await playerSeen(page, e.id));
      }
    }
    expect(seen.map((s) => s.id)).toEqual(INDEX.map((e) => e.id));
    for (const v of verdicts(seen))
      expect({ differs: v.differs, caveat: v.caveat }, v.id).toEqual(v.expected);
    // Both kinds were opened, and the marked ones really are the only ones that differ.
    expect(INDEX.filter(retrieval).length).toBeGreaterThanOrEqual(5);
    expect(seen.filter((s) => s.differences > 0).map((s) => s.id)).toEqual(
      INDEX.filter((e) => e.notIdentical).map((e) => e.id),
    );
    expect(problems.pageErrors).toEqual([]);
    await context.close();
    console.info(`library-all: ${INDEX.length} sessions in ${Date.now() - started} ms`);
  }, 180_000);

  it("links a POP3 and an IMAP session's step: a fresh page lands there; a bad step says so", async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/library`);
    await page
      .locator(`[data-testid=library-entry][data-id="${POP3}"]`)
      .getByTestId('library-replay')
      .click();
    const replay = page.getByTestId('retr');
    await replay.waitFor();
    expect(await page.evaluate(() => location.hash)).toBe(`#/library/${POP3}/1`);
    // Step 7 (RETR 2) from the step list: the link names that step, its snippet the embed layout.
    await page.getByTestId('retr-goto').nth(6).click();
    const box = replay.getByTestId('share');
    const link = `${app.server.url}#/library/${POP3}/7`;
    expect(await box.getByTestId('share-link').inputValue()).toBe(link);
    expect(await box.getByTestId('share-short').count()).toBe(0);
    const snippet = await box.getByTestId('share-embed').inputValue();
    expect(snippet).toBe(
      `<iframe src="${app.server.url}?embed=1#/library/${POP3}/7" title="POP3 session" width="100%" height="640" style="border:0"></iframe>`,
    );
    // One heading level below the replay's own.
    expect(await box.locator('h4').textContent()).toBe('Share this step');
    await box.screenshot({ path: `${SHOTS}/library-retr-share-wide.png` });
    await page.setViewportSize({ width: 412, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      412,
    );
    await box.screenshot({ path: `${SHOTS}/library-retr-share-phone.png` });

    // A step past the end, or not a number, is answered in words; the nearest step is shown.
    await go(page, `#/library/${POP3}/12`);
    await page.getByTestId('library-link-problem').waitFor();
    expect(await page.getByTestId('library-link-problem').textContent()).toBe(
      'This session has steps 1 to 9, not 12: the replay shows the nearest one.',
    );
    expect(await page.getByTestId('retr-live').textContent()).toContain('Step 9 of 9');
    await go(page, `#/library/${POP3}/two`);
    await expect
      .poll(() => page.getByTestId('library-link-problem').textContent())
      .toBe('"two" is not a step: a step is a number from 1 to 9. The replay starts at step 1.');
    expect(await page.getByTestId('retr-live').textContent()).toContain('Step 1 of 9');
    // An unknown session: said, and the list is there to pick another.
    await go(page, '#/library/rfc1939/no-such-session/3');
    await expect
      .poll(() => page.getByTestId('library-link-problem').textContent())
      .toContain('The library has no session "rfc1939/no-such-session"');
    expect(await page.getByTestId('retr').count()).toBe(0);
    expect(await page.getByTestId('library-entry').count()).toBe(INDEX.length);
    // A POP3 session's address in the player is the library's replay, at the same step.
    await go(page, `#/player/library/${POP3}/6`);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/library/${POP3}/7`);
    await expect
      .poll(() => page.getByTestId('retr-live').textContent())
      .toContain('Step 7 of 9, same: RETR 2');
    // An SMTP session's address under #/library is the player's.
    await go(page, '#/library/rfc821/f1-typical/2');
    await page.getByTestId('player-controls').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/player/library/rfc821/f1-typical/2');
    expect(await page.getByTestId('player-position').textContent()).toBe('Step 2 of 10');

    // The link in a fresh page (a new context: nothing shared with the first) lands at step 7.
    const fresh = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const other = await fresh.newPage();
    const otherProblems = recordProblems(other);
    await other.goto(link);
    await other.getByTestId('retr').waitFor();
    expect(await other.getByTestId('retr-live').textContent()).toContain(
      'Step 7 of 9, same: RETR 2',
    );
    expect(await other.getByTestId('retr-goto').nth(6).getAttribute('aria-current')).toBe('step');
    expect(await other.getByTestId('retr-line').count()).toBe(11);
    expect(await other.getByTestId('library-link-problem').count()).toBe(0);
    await other.getByTestId('retr-next').click();
    expect(await other.getByTestId('retr-live').textContent()).toContain('Step 8 of 9');
    expect(await other.getByTestId('share-link').inputValue()).toBe(
      `${app.server.url}#/library/${POP3}/8`,
    );

    // An IMAP session's link too.
    await other.goto(`${app.server.url}#/library/rfc9051/6-7-command-examples/6`);
    await expect
      .poll(() => other.getByTestId('retr-note').textContent())
      .toBe('BLURDYBLOOP is not an IMAP command: the server answers BAD (RFC 9051 §7.1.3).');
    expect(await other.getByTestId('retr-live').textContent()).toContain('Step 6 of');

    // The snippet's address: the replay alone at that step, with a link to the full app.
    await other.goto(`${app.server.url}?embed=1#/library/${POP3}/7`);
    await other.getByTestId('retr').waitFor();
    expect(await other.getByTestId('retr-live').textContent()).toContain('Step 7 of 9');
    expect(await other.getByTestId('library-entry').count()).toBe(0);
    expect(await other.getByTestId('embed-full').getAttribute('href')).toBe(link);
    // The first Tab stop goes to the replay's controls: the library's search is not shown here.
    expect(await other.getByTestId('skip').textContent()).toBe("Skip to the replay's controls");
    await other.getByTestId('skip').focus();
    await other.keyboard.press('Enter');
    expect(
      await other.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null),
    ).toBe('retr-first');

    expect(problems.pageErrors).toEqual([]);
    expect(otherProblems.pageErrors).toEqual([]);
    await fresh.close();
    await context.close();
  }, 120_000);
});
