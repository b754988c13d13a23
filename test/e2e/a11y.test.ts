/**
 * Accessibility of every main view, checked by axe-core in Chromium at a wide
 * screen and a phone: the sandbox (empty, then after a session with a refused
 * RCPT and the lesson list open), the first lesson of each era, a practice task,
 * the teacher view (empty, then with a class's reports), an opened teacher
 * pack, the journey of a message (run, a hop opened, read over POP3), and the
 * player with RFC 821's Scenario 1 at its refused RCPT. A
 * serious or critical violation fails the test; every violation found,
 * whatever its impact, is printed with its rule, target and help.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main as packMain } from '../../src/cli/lessons-pack.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { buildReport, serializeReport } from '../../src/lessons/report.ts';
import { focusConsole, gotoClean, openApp, typeLine } from './app.ts';
import { blockingViolations } from './axe.ts';
import { ROOT, SHOTS, recordProblems, useApp } from './browser.ts';
import { fixture } from '../helpers.ts';

const VIEWPORTS = [
  { name: 'wide', width: 1440, height: 1000 },
  { name: 'phone', width: 412, height: 900 },
] as const;

/** The first lesson of each era (ids are `<era>/<lesson>`, in course order). */
const COURSE = loadPack(join(ROOT, 'lessons'));
const era = (id: string) => id.split('/')[0];
const FIRST_LESSONS = COURSE.lessons
  .map((l) => l.id)
  .filter((id, i, all) => all.findIndex((other) => era(other) === era(id)) === i);

/** A phone gets the plain input, never Monaco (Console.svelte); a wide screen waits for Monaco. */
async function openAt(page: Page, url: string) {
  if (page.viewportSize()!.width > 760) return openApp(page, url);
  await gotoClean(page, url);
  await page.locator('[data-editor=plain]').waitFor({ timeout: 30_000 });
}

/** Moves to another view of the same page, as a link in the app does (no reload). */
async function go(page: Page, hash: string) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

async function send(page: Page, line: string) {
  if (page.viewportSize()!.width > 760) return typeLine(page, line);
  await page.locator('#command').fill(line);
  await page.locator('#command').press('Enter');
}

interface View {
  name: string;
  /** Brings the page, already open at the sandbox, to the view. */
  open: (page: Page) => Promise<void>;
}

/**
 * In the order they are visited on one page per screen size: a learner's moves
 * from view to view, and far quicker than a fresh page with Monaco each time.
 */
const VIEWS: View[] = [
  {
    name: 'sandbox',
    open: async () => {},
  },
  ...FIRST_LESSONS.map((id): View => ({
    name: `lesson-${id.replace('/', '--')}`,
    open: async (page) => {
      await go(page, `#/lesson/${id}`);
      await expect
        .poll(() => page.getByTestId('lesson-panel').getAttribute('data-lesson-shown'))
        .toBe(id);
    },
  })),
  {
    name: 'practice',
    open: async (page) => {
      await go(page, '#/practice/42');
      await expect
        .poll(() => page.getByTestId('lesson-panel').getAttribute('data-lesson-shown'))
        .toBe('practice/42');
    },
  },
  {
    name: 'teacher',
    open: async (page) => {
      await go(page, '#/teacher');
      await page.getByTestId('teacher-view').waitFor();
    },
  },
  {
    name: 'teacher-class',
    open: async (page) => {
      await page.getByTestId('teacher-file').setInputFiles(REPORT_FILES);
      await expect.poll(() => page.getByTestId('teacher-report').count()).toBe(2);
      await page.getByTestId('teacher-report').first().locator('summary').click();
    },
  },
  {
    name: 'sandbox-session',
    open: async (page) => {
      await go(page, '#/');
      await page.getByTestId('teacher-view').waitFor({ state: 'detached' });
      if (page.viewportSize()!.width > 760) await focusConsole(page);
      for (const line of [
        'EHLO client.test',
        'MAIL FROM:<alice@example.test>',
        'RCPT TO:<mallory@elsewhere.invalid>',
        'RCPT TO:<bob@example.test>',
      ]) {
        await send(page, line);
      }
      await expect.poll(() => page.getByTestId('transcript').textContent()).toMatch(/55\d/);
      // The course's lesson list, open beside the session.
      await page.locator('[data-testid=lessons] > summary').click();
      await page.getByTestId('lesson-map').waitFor();
    },
  },
  {
    name: 'pack',
    open: async (page) => {
      await page.getByTestId('open-pack').setInputFiles(PACK_FILE);
      await expect
        .poll(() => page.getByTestId('lesson-count').textContent())
        .toBe('0 of 4 lessons done');
    },
  },
  {
    name: 'journey',
    open: async (page) => {
      await go(page, '#/journey');
      await page.getByTestId('journey').waitFor();
      await page.getByTestId('journey-scenario').selectOption('backup-mx');
      await page.getByTestId('journey-end').click();
      await page.getByTestId('journey-hop').nth(1).click();
      await page.getByTestId('journey-read-button').click();
      await page.getByTestId('journey-pop3-log').waitFor();
    },
  },
  {
    name: 'player',
    open: async (page) => {
      await go(page, '#/player');
      await page.getByTestId('player-text').fill(fixture('rfc821/f1-typical.smtp'));
      await page.getByTestId('player-load').click();
      await page.getByTestId('player-next-error').click();
      await page.getByTestId('player-differs').or(page.getByTestId('player-same')).waitFor();
    },
  },
];

const PACK_FILE = `${SHOTS}/a11y-mtp-pack.json`;
/** Two learners' reports for the teacher view: one verified, one with a lesson rejected. */
const LEARNERS = ['Grace Hopper', 'Alan Turing'];
const REPORT_FILES = LEARNERS.map((_, n) => `${SHOTS}/a11y-report-${n}.json`);

function writeReports() {
  const [first, second] = COURSE.lessons;
  REPORT_FILES.forEach((file, n) => {
    const progress = Object.fromEntries(
      [first!, second!].map((l, i) => [
        l.id,
        {
          done: true,
          solvedWith: n === 1 && i === 1 ? l.solution!.slice(0, 1) : l.solution!,
          doneAt: `2026-12-0${i + 3}T10:1${i}:00.000Z`,
        },
      ]),
    );
    const { report } = buildReport(progress, {
      app: '1.0',
      createdAt: '2026-12-07T14:05:00.000Z',
      learner: LEARNERS[n]!,
    });
    writeFileSync(file, serializeReport(report));
  });
}

describe('accessibility (axe-core)', () => {
  const app = useApp();

  beforeAll(() => {
    const io = recordIo();
    expect(packMain([join(ROOT, 'lessons', '02-mtp'), '-o', PACK_FILE], io), io.err).toBe(0);
    writeReports();
  });

  for (const viewport of VIEWPORTS) {
    describe(`${viewport.width}x${viewport.height}`, () => {
      let context: BrowserContext;
      let page: Page;
      let problems: ReturnType<typeof recordProblems>;

      beforeAll(async () => {
        // AxeBuilder needs a page of an explicit context.
        context = await app.browser.newContext({
          viewport: { width: viewport.width, height: viewport.height },
        });
        page = await context.newPage();
        problems = recordProblems(page);
        await openAt(page, app.server.url);
      });
      afterAll(() => context?.close());

      for (const view of VIEWS) {
        it(`${view.name} at ${viewport.width}x${viewport.height}`, async () => {
          await view.open(page);
          await page.screenshot({ path: `${SHOTS}/a11y-${view.name}-${viewport.name}.png` });
          expect(await blockingViolations(page, `${view.name} ${viewport.name}`)).toEqual([]);
          expect(problems.pageErrors).toEqual([]);
        });
      }
    });
  }
});
