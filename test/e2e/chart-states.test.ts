/**
 * The state chart in the page: after STARTTLS and AUTH on the submission
 * port, and in the RFC 780 era, every state is drawn and no two edge labels
 * overlap, as the browser measures the text. Screenshots at desktop and
 * phone width.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { currentState } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const PLAIN = Buffer.from('\0alice\0wonderland').toString('base64');

/** The saved session the page restores: settings and the lines typed (persistence.ts). */
function saved(settings: Record<string, unknown>, lines: string[]) {
  return JSON.stringify({
    version: 1,
    settings: {
      dialect: 'rfc5321',
      profile: 'none',
      extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES'],
      users: [{ local: 'alice' }, { local: 'bob' }, { local: 'postmaster' }],
      localDomains: ['example.test'],
      relayDomains: [],
      vrfy: 'verify',
      expn: 'verify',
      ...settings,
    },
    inputs: lines.map((l) => `${l}\r\n`),
  });
}

async function labelBoxes(page: Page) {
  return page.locator('[data-testid=state-chart] .edge text').evaluateAll((els) =>
    els.map((e) => {
      const b = (e as SVGGraphicsElement).getBBox();
      return { text: e.textContent ?? '', x: b.x, y: b.y, w: b.width, h: b.height };
    }),
  );
}

describe('the state chart in the page', () => {
  const app = useApp();

  const cases: [string, string, Record<string, unknown>, string[], string[]][] = [
    [
      'submission-after-auth',
      'ready',
      {
        profile: 'submission',
        extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'AUTH'],
      },
      ['EHLO client.test', 'STARTTLS', 'EHLO client.test', `AUTH PLAIN ${PLAIN}`],
      [
        'greeting',
        'ready',
        'tls',
        'auth',
        'transaction.mail',
        'transaction.rcpt',
        'data',
        'closed',
      ],
    ],
    [
      'submission-after-starttls',
      'greeting',
      {
        profile: 'submission',
        extensions: ['PIPELINING', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'AUTH'],
      },
      ['EHLO client.test', 'STARTTLS'],
      ['greeting', 'ready', 'tls', 'auth', 'data', 'closed'],
    ],
    ['rfc780', 'ready', { dialect: 'rfc780', extensions: [] }, [], ['ready', 'pending', 'data']],
  ];

  for (const [name, state, settings, lines, states] of cases)
    it(`${name}: every state drawn, no labels on top of one another`, async () => {
      for (const [width, height] of [
        [1440, 1000],
        [412, 900],
      ] as const) {
        const page = await app.browser.newPage({ viewport: { width, height } });
        const problems = recordProblems(page);
        // The fresh context's store gets the saved session before the app's first script: one
        // load, where storing it from the page would need a load and a reload.
        await page.addInitScript(
          ([value, origin]) => {
            if (location.origin === origin) localStorage.setItem('smtp-simulator/session', value!);
          },
          [saved(settings, lines), new URL(app.server.url).origin],
        );
        await page.goto(app.server.url);
        const chart = page.getByTestId('state-chart');
        await chart.waitFor({ timeout: 30_000 });
        await expect.poll(() => currentState(page)).toBe(state);
        for (const id of states)
          expect(await page.getByTestId(`state-${id}`).count(), `${name}: ${id}`).toBe(1);
        const boxes = await labelBoxes(page);
        expect(boxes.length).toBeGreaterThan(3);
        for (const [i, a] of boxes.entries())
          for (const b of boxes.slice(i + 1)) {
            const apart =
              a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            expect(apart, `${name}: "${a.text}" / "${b.text}"`).toBe(true);
          }
        // Drawn at its own size, not blown up to fill the column: one unit of the
        // viewBox is at most one CSS pixel. (A box's outline is not measured: the
        // current state's stroke animates from 8 to 3 px when it arrives.)
        const scale = await chart.evaluate(
          (svg) => svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width,
        );
        expect(scale).toBeGreaterThan(0.2);
        expect(scale).toBeLessThanOrEqual(1.001);
        await chart.scrollIntoViewIfNeeded();
        await chart.screenshot({ path: `${SHOTS}/chart-${name}-${width}.png` });
        expect(problems.pageErrors).toEqual([]);
        await page.close();
      }
    });
});
