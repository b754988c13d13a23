/**
 * The journey of a message in Chromium (issue 16): from the header's link to
 * `#/journey`, the default scenario run to the end (submission on 587, the
 * DNS lookup with the MX order, relay on 25 to the best MX, the mailbox), a
 * hop's dialogue opened, the message read back over POP3 on 110 with its
 * Return-Path and Received lines, then over IMAP on 143; the primary MX busy
 * (the backup MX takes it); a host that never takes mail (the bounce goes
 * back over SMTP); a 4xx (the queue shows the entry, the clock is played and
 * the entry is retried and delivered). axe and screenshots wide and on a
 * phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { blockingViolations } from './axe.ts';
import { openApp } from './app.ts';
import { SHOTS, recordProblems, useApp } from './browser.ts';

const axe = (page: Page, name: string) => blockingViolations(page, name, '[data-testid=journey]');

/** Each arrow of the picture: `from -> to:port code`. */
const arrows = (page: Page) =>
  page
    .getByTestId('journey-hop')
    .evaluateAll((els) =>
      els.map(
        (e) =>
          `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}:${e.getAttribute('data-port')} ${e.getAttribute('data-code')}`,
      ),
    );

const delivered = (page: Page) =>
  page
    .getByTestId('journey-delivered')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-host')} ${e.getAttribute('data-mailbox')}`),
    );

describe('the journey of a message', () => {
  const app = useApp();

  it('travels through DNS, relays and a queue to a mailbox and is read back over POP3', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const problems = recordProblems(page);
    await openApp(page, app.server.url);
    await page.getByTestId('to-journey').click();
    const view = page.getByTestId('journey');
    await view.waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/journey');
    expect(await page.getByTestId('journey-state').textContent()).toBe('Ready: nothing sent yet.');
    expect(await page.getByTestId('journey-dns').textContent()).toContain('0 .');

    // The default scenario, to the end.
    await page.getByTestId('journey-end').click();
    await expect
      .poll(() => page.getByTestId('journey-state').textContent())
      .toBe('Done: every queue is empty.');
    expect(await arrows(page)).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      'submit.elsewhere.test -> mx1.example.test:25 250',
    ]);
    const hops = page.getByTestId('journey-hop');
    expect(await hops.nth(0).textContent()).toContain('587 · SMTP submission');
    expect(await hops.nth(1).textContent()).toContain('25 · SMTP relay');
    expect(await page.getByTestId('journey-mx-order').locator('li').allTextContents()).toEqual([
      'mx1.example.test (MX 10): 192.0.2.10, 2001:db8::10',
      'mx2.example.test (MX 20): 192.0.2.20',
    ]);
    expect(await delivered(page)).toEqual(['mx1.example.test alice@example.test']);

    // A hop's dialogue, one click away; the focus goes to it.
    await hops.nth(1).click();
    const dialogue = page.getByTestId('journey-dialogue');
    await expect
      .poll(() => dialogue.locator('h3').evaluate((h) => h === document.activeElement))
      .toBe(true);
    expect(await dialogue.locator('h3').textContent()).toContain(
      'Hop 2: submit.elsewhere.test to mx1.example.test, port 25',
    );
    const said = await dialogue.locator('li').allTextContents();
    expect(said.some((l) => l.includes('C:') && l.includes('EHLO submit.elsewhere.test'))).toBe(
      true,
    );
    expect(said.some((l) => l.includes('S:') && l.includes('250 2.0.0 OK: queued'))).toBe(true);

    // The last hop: the reader fetches it over POP3 on port 110.
    await page.getByTestId('journey-read-button').click();
    const pop3 = page.getByTestId('journey-pop3-log');
    await pop3.waitFor();
    const lines = (await pop3.locator('li').allTextContents()).map((l) =>
      l.replace(/\s+/g, ' ').trim(),
    );
    expect(
      lines.filter((l) => l.startsWith('Reader:')).map((l) => l.replace(/^Reader:\s*C:\s*/, '')),
    ).toEqual(['USER alice', 'PASS ****', 'STAT', 'LIST', 'RETR 1', 'QUIT']);
    expect(lines).toContain('Server: S: +OK 1 message (503 octets)');
    const message = await page.getByTestId('journey-pop3-message').textContent();
    expect(message).toMatch(
      /^Return-Path: <carol@elsewhere\.test>\nReceived: from submit\.elsewhere\.test /,
    );
    expect(message).toContain('Received: from client.test');
    expect(await page.getByTestId('journey-read').getAttribute('data-port')).toBe('110');
    await page.screenshot({ path: `${SHOTS}/journey-wide.png`, fullPage: true });

    // Or with IMAP, on 143: the message stays on the server, marked \Seen.
    await page.getByTestId('journey-read-imap').click();
    await expect
      .poll(() => page.getByTestId('journey-pop3').getAttribute('data-protocol'))
      .toBe('imap');
    const imap = await page.getByTestId('journey-pop3-log').textContent();
    expect(imap).toContain('a1 LOGIN alice ****');
    expect(imap).toContain('a4 FETCH 1 BODY[]');
    expect(imap).toContain('* 1 FETCH (FLAGS (\\Seen))');
    expect(await page.getByTestId('journey-read').getAttribute('data-port')).toBe('143');
    expect(await page.getByTestId('journey-pop3-message').textContent()).toMatch(/^Return-Path: /);
    expect(await axe(page, 'journey default wide')).toEqual([]);

    // The primary MX is busy: the backup MX takes the message and hands it on.
    await page.getByTestId('journey-scenario').selectOption('backup-mx');
    expect(await page.getByTestId('journey-hop').count()).toBe(0);
    await page.getByTestId('journey-end').click();
    await expect.poll(() => delivered(page)).toEqual(['mx1.example.test alice@example.test']);
    const backup = await arrows(page);
    expect(backup.slice(0, 4)).toEqual([
      'client.test -> submit.elsewhere.test:587 250',
      'submit.elsewhere.test -> mx1.example.test:25 421',
      'submit.elsewhere.test -> mx1.example.test:25 421',
      'submit.elsewhere.test -> mx2.example.test:25 250',
    ]);
    expect(backup.at(-1)).toBe('mx2.example.test -> mx1.example.test:25 250');

    // A host that never takes mail: the backup bounces it, and the bounce travels back over SMTP.
    await page.getByTestId('journey-scenario').selectOption('no-mail-host');
    await page.getByTestId('journey-end').click();
    const bounce = page.locator('[data-testid=journey-hop][data-bounce=true]');
    await expect.poll(() => bounce.count()).toBe(1);
    expect(await bounce.getAttribute('data-from')).toBe('mx2.example.test');
    expect(await bounce.getAttribute('data-to')).toBe('submit.elsewhere.test');
    expect(await bounce.textContent()).toContain('25 · SMTP relay · bounce');
    expect(await page.getByTestId('journey-bounced').textContent()).toContain(
      'a bounce from <> goes back to carol@elsewhere.test',
    );
    expect(await delivered(page)).toEqual(['submit.elsewhere.test carol@elsewhere.test']);

    // A 4xx: the queue holds the message; the clock, played, retries it until it is delivered.
    await page.getByTestId('journey-scenario').selectOption('retry');
    await page.getByTestId('journey-send').click();
    await page.getByTestId('journey-step').click();
    const entry = page.getByTestId('journey-queue-entry');
    await expect.poll(() => entry.getAttribute('data-attempts')).toBe('1');
    expect(await entry.textContent()).toContain('421');
    expect(await page.getByTestId('journey-next').textContent()).toBe('Next try at 09:30:03 UTC.');
    await page.getByTestId('journey-speed').selectOption('600');
    await page.getByTestId('journey-play').click();
    await expect.poll(() => entry.getAttribute('data-attempts'), { timeout: 10_000 }).toBe('2');
    await expect
      .poll(() => page.getByTestId('journey-state').textContent(), { timeout: 15_000 })
      .toBe('Done: every queue is empty.');
    expect(await page.getByTestId('journey-queue-empty').isVisible()).toBe(true);
    expect(await delivered(page)).toEqual(['mx1.example.test alice@example.test']);
    expect(await page.getByTestId('journey-queued').count()).toBe(2);
    expect((await arrows(page)).at(-1)).toBe('submit.elsewhere.test -> mx1.example.test:25 250');
    expect(await page.getByTestId('journey-time').textContent()).toMatch(/^10:0\d:\d\d UTC$/);
    expect(await page.getByTestId('journey-path').textContent()).toContain(
      'after 1 h in the queue',
    );
    await page.getByTestId('journey-read-button').click();
    expect(await page.getByTestId('journey-pop3-message').textContent()).toContain(
      'Subject: Lunch on Friday?',
    );

    // On a phone.
    await page.setViewportSize({ width: 412, height: 900 });
    await page.screenshot({ path: `${SHOTS}/journey-phone.png`, fullPage: true });
    expect(await axe(page, 'journey retry phone')).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});
