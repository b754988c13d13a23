/**
 * The library, share links and the embed layout in Chromium (issue 17): the
 * header's link to `#/library`, RFC 821 Appendix F Scenario 1 found by the
 * filters and opened in the player at step 0 in its own era, stepped, its
 * link to that step copied and opened in a new page at that step; the embed
 * snippet's address opened (no site header, a link to the full app); a
 * damaged link and a lesson embedded. RFC 1939 §10's POP3 session replayed
 * step by step in the library to its end, with no difference, and an IMAP
 * one with literals and an unknown command. axe and
 * screenshots wide and on a phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingViolations } from './axe.ts';
import { openApp } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const F1 = 'rfc821/f1-typical';

const axe = (page: Page, name: string, within: string) => blockingViolations(page, name, within);

const position = (page: Page) => page.getByTestId('player-position').textContent();
const chartState = (page: Page) =>
  page.getByTestId('player').getByTestId('state-chart').getAttribute('data-current');
const hash = (page: Page) => page.evaluate(() => location.hash);

/** The test id of the element that has the focus. */
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('the library, share links and embedding', () => {
  const app = useApp();

  it('opens RFC 821 Scenario 1 from the library, shares a step, opens the link and its embed', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(app.server.url).origin,
    });
    // Every Content-Security-Policy violation of any page of this context (the built page's policy).
    await context.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const violations = (p: Page) =>
      p.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('to-library').click();
    const library = page.getByTestId('library');
    await library.waitFor();
    expect(await hash(page)).toBe('#/library');
    expect(await page.getByTestId('library-entry').count()).toBe(96);
    expect(await page.getByTestId('library-count').textContent()).toContain('96 sessions');
    // The eras in time order, POP3 and IMAP last.
    const eras = await library
      .locator('section.era')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(eras).toEqual([
      'library-era-rfc772',
      'library-era-rfc780',
      'library-era-rfc788',
      'library-era-rfc821',
      'library-era-rfc1869',
      'library-era-rfc5321',
      'library-era-pop3',
      'library-era-imap',
    ]);
    // The sessions not replayed identically say why (SMTP ones only: POP3 and IMAP replay identically).
    expect(await page.getByTestId('library-caveat').count()).toBe(8);
    expect(await axe(page, 'library wide', '[data-testid=library]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/library-wide.png`, fullPage: false });

    // Filters: RFC 821's era, the Appendix F tag, the words "scenario 1 " narrow it to one.
    await page.getByTestId('library-era').selectOption('rfc821');
    await page.getByTestId('library-tag').selectOption('Appendix F');
    expect(await page.getByTestId('library-entry').count()).toBe(14);
    await page.getByTestId('library-text').fill('scenario 1 typical');
    expect(await page.getByTestId('library-count').textContent()).toContain('1 session');
    const entry = page.locator(`[data-testid=library-entry][data-id="${F1}"]`);
    expect(await entry.textContent()).toContain('RFC 821, Appendix F, Scenario 1');
    await entry.getByTestId('library-open').click();

    await page.getByTestId('player-controls').waitFor();
    expect(await hash(page)).toBe(`#/player/library/${F1}/0`);
    expect(await position(page)).toBe('Step 0 of 10');
    expect(await chartState(page)).toBe('greeting');
    // Its own era and world: RFC 821's server named as in the RFC.
    expect(await page.getByTestId('player').getByTestId('last-reply').textContent()).toContain(
      'BBN-UNIX.ARPA',
    );
    await page.getByTestId('player-forward').click();
    await page.getByTestId('player-forward').click();
    expect(await position(page)).toBe('Step 2 of 10');
    expect(await page.getByTestId('player-step-client').textContent()).toBe(
      'MAIL FROM:<Smith@USC-ISIF.ARPA>',
    );
    expect(await page.getByTestId('share-short').inputValue()).toBe(
      `${app.server.url}#/player/library/${F1}/2`,
    );
    await expect
      .poll(() => page.getByTestId('share-link').inputValue())
      .toMatch(/#\/player\/shared\/2\/[A-Za-z0-9_-]+$/);
    await page.getByTestId('share-copy').click();
    await expect
      .poll(() => page.getByTestId('share-status').textContent())
      .toBe('Copied. Step 2 of this session.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(await page.getByTestId('share-link').inputValue());
    expect(link.startsWith(app.server.url)).toBe(true);
    expect(await axe(page, 'library player wide', '[data-testid=player]')).toEqual([]);
    expect(await axe(page, 'share box wide', '[data-testid=share]')).toEqual([]);
    await page.getByTestId('share').screenshot({ path: `${SHOTS}/share-box-wide.png` });

    // The link in a new page: the same session at the same step, nothing fetched but the app.
    const other = await context.newPage();
    const otherProblems = recordProblems(other);
    await other.goto(link);
    await other.getByTestId('player-controls').waitFor();
    expect(await position(other)).toBe('Step 2 of 10');
    expect(await chartState(other)).toBe('transaction.mail');
    expect(await other.getByTestId('player-step-client').textContent()).toBe(
      'MAIL FROM:<Smith@USC-ISIF.ARPA>',
    );
    await other.getByTestId('player-forward').click();
    expect(await position(other)).toBe('Step 3 of 10');

    // The embed snippet's address: the player alone, with a link to the full app.
    const snippet = await page.getByTestId('share-embed').inputValue();
    const src = /src="([^"]+)"/.exec(snippet)![1]!.replaceAll('&amp;', '&');
    // A library session's snippet uses its short address.
    const short = `${app.server.url}#/player/library/${F1}/2`;
    expect(src).toBe(short.replace('/#/', '/?embed=1#/'));
    await other.goto(src);
    await other.getByTestId('player-controls').waitFor();
    expect(await position(other)).toBe('Step 2 of 10');
    expect(await other.getByTestId('to-library').count()).toBe(0);
    expect(await other.getByTestId('player-import').isVisible()).toBe(false);
    expect(await other.getByTestId('embed-full').getAttribute('href')).toBe(short);
    expect(await other.getByTestId('embed-full').getAttribute('target')).toBe('_blank');
    // The first Tab stop goes to the replay's controls, not to the import box hidden here.
    expect(await other.getByTestId('skip').textContent()).toBe("Skip to the replay's controls");
    await other.getByTestId('skip').focus();
    await other.keyboard.press('Enter');
    expect(await focused(other)).toBe('player-scrub');
    await other.screenshot({ path: `${SHOTS}/embed-player-wide.png`, fullPage: true });

    // A link cut short says so, and the import box stays for another try.
    await other.goto(`${link.slice(0, link.length - 30)}`);
    await other.reload();
    await other.getByTestId('share-problem').waitFor();
    expect(await other.getByTestId('share-problem').textContent()).toContain(
      'damaged or cut short',
    );
    expect(await other.getByTestId('player-import').isVisible()).toBe(true);

    // A lesson embedded: no site header either.
    await other.goto(`${app.server.url}?embed=1#/start`);
    await other.getByTestId('lesson-panel').waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('to-library').count()).toBe(0);
    expect(await other.getByTestId('embed-full').count()).toBe(1);

    expect(await violations(page)).toEqual([]);
    expect(await violations(other)).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(otherProblems.pageErrors).toEqual([]);
    await context.close();
  }, 240_000);

  it('works on a phone: the library, a session opened, its share box', async () => {
    const context = await app.browser.newContext({ viewport: { width: 412, height: 900 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await page.goto(`${app.server.url}#/library`);
    await page.getByTestId('library').waitFor();
    expect(await page.getByTestId('library-entry').count()).toBe(96);
    // The first Tab stop leads to the library's search field (there is no console here).
    await page.keyboard.press('Tab');
    expect(await page.getByTestId('skip').textContent()).toBe("Skip to the library's search");
    await page.keyboard.press('Enter');
    expect(
      await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? ''),
    ).toBe('library-text');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(412);
    expect(await axe(page, 'library phone', '[data-testid=library]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/library-phone.png`, fullPage: false });
    await page.getByTestId('library-rfc').selectOption('2920');
    expect(await page.getByTestId('library-entry').count()).toBe(5);
    await page
      .locator('[data-testid=library-entry][data-id="modern/pipelined-transfer"]')
      .getByTestId('library-open')
      .click();
    await page.getByTestId('player-controls').waitFor();
    // The real run: 18 client lines (five pipelined commands, the message's lines, QUIT).
    expect(await position(page)).toBe('Step 0 of 18');
    expect(await axe(page, 'library player phone', '[data-testid=player]')).toEqual([]);
    expect(await axe(page, 'share box phone', '[data-testid=share]')).toEqual([]);
    await page.getByTestId('share').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/share-box-phone.png` });
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  }, 240_000);

  it('works offline after one visit: the library and a session from the cache', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), {
        timeout: 60_000,
      })
      .toBe('activated');
    // The library's files are a chunk of the build, so the worker has them too.
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const lists = await Promise.all(
        keys.map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)),
      );
      return lists.flat();
    });
    expect(cached.some((u) => /\/assets\/sessions-[\w-]+\.js$/.test(u))).toBe(true);
    await context.setOffline(true);
    await page.goto(`${app.server.url}#/library`);
    await page.reload();
    await page.getByTestId('library').waitFor();
    expect(await page.getByTestId('library-entry').count()).toBe(96);
    await page
      .locator(`[data-testid=library-entry][data-id="rfc5321/d1-typical"]`)
      .getByTestId('library-open')
      .click();
    await page.getByTestId('player-controls').waitFor();
    expect(await position(page)).toBe('Step 0 of 10');
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  }, 240_000);

  it.each([
    ['wide', 1440],
    ['phone', 412],
  ] as const)(
    "replays RFC 1939 §10's POP3 session step by step to its end, no difference (%s)",
    async (name, width) => {
      const context = await app.browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = recordProblems(page);
      await page.goto(`${app.server.url}#/library`);
      await page.getByTestId('library').waitFor();
      const entry = page.locator(
        '[data-testid=library-entry][data-id="rfc1939/10-example-session"]',
      );
      expect(await entry.getByTestId('library-caveat').count()).toBe(0);
      await entry.getByTestId('library-replay').click();
      const replay = page.getByTestId('retr');
      await replay.waitFor();
      // The heading takes the focus, so a screen reader starts at the replay.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('retr-title');
      const live = page.getByTestId('retr-live');
      expect(await live.getAttribute('role')).toBe('status');
      expect(await live.textContent()).toContain('Step 1 of 9, same: The greeting');
      expect(await page.getByTestId('retr-note').textContent()).toContain('RFC 1939 §4');
      expect(await page.getByTestId('retr-first').isDisabled()).toBe(true);
      const seen: string[] = [];
      for (let i = 1; i < 9; i++) {
        await page.getByTestId('retr-next').click();
        expect(await live.textContent()).toContain(`Step ${i + 1} of 9, same`);
        expect(await page.getByTestId('retr-step').getAttribute('data-same')).toBe('true');
        seen.push((await page.getByTestId('retr-note').textContent()) ?? '');
      }
      expect(seen[0]).toContain('APOP');
      expect(seen.at(-1)).toMatch(/^QUIT ends the session/);
      expect(await page.getByTestId('retr-next').isDisabled()).toBe(true);
      expect(await page.getByTestId('retr-last').isDisabled()).toBe(true);
      // No line anywhere differs: the summary, the step list and the last step say so.
      expect(await page.getByTestId('retr-summary').getAttribute('data-differing')).toBe('0');
      expect(await page.getByTestId('retr-summary').textContent()).toContain(
        'all 9 steps as the RFC records them',
      );
      expect(await replay.locator('.differs').count()).toBe(0);
      expect(await page.getByTestId('retr-goto').count()).toBe(9);
      expect(await page.locator('[data-testid=retr-line][data-same=false]').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      );
      // Back to RETR 2 through the step list, then to the first step.
      await page.getByTestId('retr-goto').nth(6).click();
      expect(await live.textContent()).toContain('Step 7 of 9, same: RETR 2');
      expect(await page.getByTestId('retr-line').count()).toBe(11);
      expect(await axe(page, `pop3 replay ${name}`, '[data-testid=library]')).toEqual([]);
      await replay.screenshot({ path: `${SHOTS}/library-pop3-replay-${name}.png` });
      await page.getByTestId('retr-first').click();
      expect(await live.textContent()).toContain('Step 1 of 9');
      await page.getByTestId('retr-close').click();
      expect(await replay.count()).toBe(0);
      expect(
        await page.evaluate(() => document.activeElement?.getAttribute('data-replay') ?? ''),
      ).toBe('rfc1939/10-example-session');
      // An IMAP session too: LOGIN's literals are followed, and nothing differs to its end.
      await page
        .locator('[data-testid=library-entry][data-id="rfc9051/6-7-command-examples"]')
        .getByTestId('library-replay')
        .click();
      await replay.waitFor();
      expect(await page.getByTestId('retr-summary').getAttribute('data-differing')).toBe('0');
      await page.getByTestId('retr-goto').nth(3).click();
      expect(await page.getByTestId('retr-note').textContent()).toContain('literal');
      await page.getByTestId('retr-goto').nth(5).click();
      expect(await page.getByTestId('retr-note').textContent()).toBe(
        'BLURDYBLOOP is not an IMAP command: the server answers BAD (RFC 9051 §7.1.3).',
      );
      await page.getByTestId('retr-goto').nth(6).click();
      expect(await axe(page, `imap replay ${name}`, '[data-testid=library]')).toEqual([]);
      await replay.screenshot({ path: `${SHOTS}/library-imap-replay-${name}.png` });
      expect(problems.pageErrors).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
