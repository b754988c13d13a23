import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchBrowser, recordProblems, startPreview, type PreviewHandle } from './browser.ts';

describe('built page', () => {
  let server: PreviewHandle;
  let browser: Browser;

  beforeAll(async () => {
    server = await startPreview();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the heading without console or page errors', async () => {
    const page = await browser.newPage();
    const problems = recordProblems(page);

    const response = await page.goto(server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);

    await expect.poll(() => page.locator('h1').textContent()).toBe('SMTP simulator');
    expect(await page.title()).toBe('SMTP simulator');
    await expect.poll(() => page.locator('main').count()).toBe(1);

    await page.close();
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
});
