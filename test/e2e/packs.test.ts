/**
 * A teacher's lesson pack in the real app: opened from a file and from a
 * `?pack=` link, kept across a reload, and rendered inert whatever it holds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main as packMain } from '../../src/cli/lessons-pack.ts';
import { PACK_FORMAT } from '../../src/lessons/pack-file.ts';
import { focusConsole, gotoClean, openApp, typeLine, waitForMonaco } from './app.ts';
import { ROOT, SHOTS, recordProblems, useApp } from './browser.ts';

/** Every trick a hostile pack could try, in every text field the app shows. */
const HOSTILE_BODY = [
  '## Hello <script>window.__pwned = "script"</script>',
  '',
  '<img src=x onerror="window.__pwned = \'img\'"> <svg onload="window.__pwned = \'svg\'"></svg>',
  '',
  'Read [the RFC](javascript:window.__pwned=1) or [this](data:text/html,<script>1</script>)',
  'or [a safe one](https://www.rfc-editor.org/rfc/rfc5321) and <a href="javascript:1" onclick="window.__pwned=2">raw</a>.',
  '',
  '<iframe src="javascript:parent.__pwned=3"></iframe>',
].join('\n');

const PACK = {
  format: PACK_FORMAT,
  version: 1,
  name: 'hostile-class',
  title: 'Class <b onmouseover="window.__pwned=4">B</b>',
  files: {
    '01-basics/index.md':
      '---\ntitle: Basics <script>window.__pwned=5</script>\ndialect: rfc5321\n---\n\nHi.\n',
    '01-basics/01-hello/index.md': [
      '---',
      'title: \'Say <img src=x onerror="window.__pwned=6"> hello\'',
      'rfcs: [5321]',
      'goals:',
      '  - kind: reply',
      '    verb: EHLO',
      '    code: 250',
      '    label: "<script>window.__pwned=7</script> EHLO answered 250"',
      'hints:',
      '  - "<img src=x onerror=window.__pwned=8> Try EHLO client.test"',
      '---',
      '',
      HOSTILE_BODY,
      '',
    ].join('\n'),
    '01-basics/01-hello/solution.smtp': 'EHLO client.test\n',
  },
};

async function noScriptRan(page: Page) {
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
  ).toBeUndefined();
  // Nothing from the pack became an element that can run or load anything.
  const panel = page.getByTestId('lesson-panel');
  expect(await panel.locator('script, img, svg, iframe, object, embed').count()).toBe(0);
  const handlers = await page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes]
        .filter((a) => a.name.startsWith('on'))
        .map((a) => `${el.tagName} ${a.name}`),
    ),
  );
  expect(handlers).toEqual([]);
  const hrefs = await page
    .locator('a[href]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs.filter((h) => !/^(#|https:)/.test(h))).toEqual([]);
}

describe('teacher packs in the app', () => {
  const app = useApp();

  it('a pack from a file opens, renders inert, is completed by typing and survives a reload', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = recordProblems(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openApp(page, app.server.url);
    await page.locator('[data-testid=lessons] > summary').click();
    const file = `${SHOTS}/hostile-pack.json`;
    writeFileSync(file, JSON.stringify(PACK));
    await page.getByTestId('open-pack').setInputFiles(file);
    await expect.poll(() => page.getByTestId('pack-title').textContent()).toContain('Class <b');
    await expect
      .poll(() => page.getByTestId('lesson-count').textContent())
      .toBe('0 of 1 lessons done');
    await page.locator('[data-lesson="basics/hello"] a').click();
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor();
    // The markup is shown as text, the safe link stays a link.
    expect(await panel.locator('h2').textContent()).toContain('<img src=x onerror=');
    expect(await page.getByTestId('lesson-text').textContent()).toContain(
      '<script>window.__pwned = "script"</script>',
    );
    expect(await page.getByTestId('lesson-text').locator('a').getAttribute('href')).toBe(
      'https://www.rfc-editor.org/rfc/rfc5321',
    );
    await page.getByTestId('hint').click();
    expect(await page.getByTestId('hints').textContent()).toContain('<img src=x');
    await noScriptRan(page);

    await focusConsole(page);
    await typeLine(page, 'EHLO client.test');
    await page.getByTestId('lesson-done').waitFor();
    await page.screenshot({ path: `${SHOTS}/pack-lesson.png` });

    // A reload keeps the pack, the lesson and its progress.
    await page.reload();
    await page.getByTestId('lesson-done').waitFor({ timeout: 30_000 });
    await noScriptRan(page);

    // Back to the course: its lessons, its own progress.
    await page.getByTestId('to-sandbox').click();
    await page.locator('[data-testid=lessons] > summary').click();
    await page.getByTestId('back-to-course').click();
    await expect
      .poll(() => page.getByTestId('lesson-count').textContent())
      .toMatch(/^0 of \d\d lessons done$/);
    expect(dialogs).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('one era of the course, packed or chosen as a folder: its lessons, links out of it as text', async () => {
    const io = recordIo();
    const file = `${SHOTS}/mtp-era.json`;
    expect(packMain([join(ROOT, 'lessons', '02-mtp'), '-o', file], io), io.err).toBe(0);
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.locator('[data-testid=lessons] > summary').click();
    await page.getByTestId('open-pack').setInputFiles(file);
    await expect
      .poll(() => page.getByTestId('lesson-count').textContent())
      .toBe('0 of 4 lessons done');
    await page.locator('[data-lesson="mtp/mail-in-one-command"] a').click();
    const text = page.getByTestId('lesson-panel');
    await expect
      .poll(() => text.textContent())
      .toContain(
        'the SMTP way (not in this pack: smtp-1982/helo-mail-rcpt-data in the full course)',
      );
    expect(await text.locator('a[href*="smtp-1982"]').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/pack-era-unlinked.png` });

    // The era's folder chosen in the app (Open a pack folder…) gives the same lessons.
    await page.getByTestId('to-sandbox').click();
    await page.locator('[data-testid=lessons] > summary').click();
    await page.getByTestId('back-to-course').click();
    await expect
      .poll(() => page.getByTestId('lesson-count').textContent())
      .toMatch(/^0 of \d\d lessons done$/);
    await page.getByTestId('open-pack-folder').setInputFiles(join(ROOT, 'lessons', '02-mtp'));
    await expect
      .poll(() => page.getByTestId('lesson-count').textContent())
      .toBe('0 of 4 lessons done');
    await page.locator('[data-lesson="mtp/recipients-first"]').waitFor();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await page.close();
  });

  it('a pack from a link opens at its deep link; a bad link gives a message, not a crash', async () => {
    const page = await app.browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const problems = recordProblems(page);
    await page.route('**/packs/class.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(PACK) }),
    );
    await page.route('**/packs/broken.json', (route) =>
      route.fulfill({ body: '{"format": "nope"' }),
    );
    await gotoClean(page, `${app.server.url}?pack=packs/class.json#/lesson/basics/hello`);
    const panel = page.getByTestId('lesson-panel');
    await panel.waitFor({ timeout: 30_000 });
    expect(await panel.locator('h2').textContent()).toContain('Say');
    await noScriptRan(page);

    await page.evaluate(() => localStorage.clear());
    await page.goto(`${app.server.url}?pack=packs/broken.json`);
    await waitForMonaco(page);
    await expect
      .poll(() => page.getByTestId('lesson-message').textContent(), { timeout: 15_000 })
      .toMatch(/The lesson pack was not opened: the file is not valid JSON/);
    // The course is still there, and the console works.
    await focusConsole(page);
    await typeLine(page, 'NOOP');
    await expect.poll(() => page.getByTestId('transcript').textContent()).toContain('250');
    expect(problems.pageErrors).toEqual([]);
    await page.close();
  });
});
