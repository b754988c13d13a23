/**
 * The built page's Content-Security-Policy (vite.config.ts): it is in the
 * built index.html, and the app (Monaco, its worker, a lesson) runs under it
 * with no violation reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { focusConsole, suggestions, transcriptText, typeLine, waitForMonaco } from './app.ts';
import { distPath, newPage, useApp } from './browser.ts';

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

/** Every `securitypolicyviolation` the page reports, from its first script on. */
async function watchViolations(page: Page) {
  // An init script comes in through the DevTools protocol, not as inline script.
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations!.push(
        `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return () => page.evaluate(() => window.cspViolations ?? []);
}

const policyOf = (html: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/
    .exec(html)?.[1]
    ?.replaceAll('&#39;', "'");

describe('Content-Security-Policy', () => {
  const app = useApp();

  it('the built page carries a strict policy', () => {
    const policy = policyOf(readFileSync(join(distPath(), 'index.html'), 'utf8'));
    expect(policy).toBeDefined();
    const directives = new Map(
      policy!.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https:']);
    expect(policy).not.toContain('unsafe-eval');
    // No inline script in the page.
    const html = readFileSync(join(distPath(), 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('no violation while typing a session in Monaco and doing a lesson', async () => {
    const [page, problems] = await newPage(app.browser);
    const violations = await watchViolations(page);
    await page.goto(app.server.url);
    await waitForMonaco(page);
    const meta = await page.evaluate(
      () =>
        document
          .querySelector('meta[http-equiv="Content-Security-Policy"]')
          ?.getAttribute('content') ?? '',
    );
    expect(meta).toContain("script-src 'self'");

    await focusConsole(page);
    // The suggest list and diagnostics come from Monaco's worker and widgets.
    await page.keyboard.type('EH');
    expect(await suggestions(page)).toContain('EHLO');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    for (const line of [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'Subject: policy',
      '',
      'Hello.',
      '.',
      'QUIT',
    ])
      await typeLine(page, line);
    await expect.poll(() => transcriptText(page)).toContain('221');
    await page.keyboard.type('NOPE');
    await page.locator('[data-testid=monaco-console] .view-lines').hover();

    // A lesson (its chunk) and the dark theme (Monaco's run-time styles).
    await page.goto(`${app.server.url}#/lesson/smtp-1982/helo-mail-rcpt-data`);
    await page.getByTestId('lesson-panel').waitFor({ timeout: 30_000 });
    await focusConsole(page);
    await typeLine(page, 'HELO client.test');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(500);

    expect(await violations()).toEqual([]);
    expect(problems.consoleErrors.filter((m) => /Content Security Policy/i.test(m))).toEqual([]);
    expect(problems.pageErrors).toEqual([]);

    // The policy is enforced (and the listener hears it): an inline script is refused.
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
      return (window as { inlineRan?: boolean }).inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src-elem inline/)]);
    await page.close();
  });
});
