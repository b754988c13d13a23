/**
 * The journey view's small parts: the simulated clock as written, the world's
 * tables (the null MX marked), and the view rendered on the server from a
 * model run to the end (arrows with port, protocol and reply; the queue; the
 * hop opened; the POP3 read-back), as the browser shows it.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NETWORK } from '../../../src/protocol/network/index.ts';
import { scenarioNetwork } from '../../../src/protocol/network/scenarios.ts';
import JourneyView from '../../../src/ui/journey/JourneyView.svelte';
import { JourneyController } from '../../../src/ui/journey/journey.svelte.ts';
import { duration, elapsed, wallTime } from '../../../src/ui/journey/time.ts';
import { dnsRows, hostRows } from '../../../src/ui/journey/world-rows.ts';

const START = Date.parse('2026-01-05T09:00:00Z');
const MINUTE = 60_000;

describe('the clock as written', () => {
  it('wall time in UTC, with the day once past the first; time since the start; waits', () => {
    expect(wallTime(START, 30 * MINUTE + 3000)).toBe('09:30:03');
    expect(wallTime(START, 15 * 60 * MINUTE)).toBe('Tue 00:00:00');
    expect(elapsed(3_723_000)).toBe('+1:02:03');
    expect(elapsed(2 * 86_400_000 + 60_000)).toBe('+2d 0:01:00');
    expect([30, 60, 125].map((m) => duration(m * MINUTE))).toEqual(['30 min', '1 h', '2 h 5 min']);
  });
});

describe("the world's tables", () => {
  it('hosts with their state at the start; DNS records with MX by preference and the null MX', () => {
    const busy = hostRows(scenarioNetwork('backup-mx')).find((h) => h.name === 'mx1.example.test');
    expect(busy).toMatchObject({ state: 'busy', until: 45 });
    expect(hostRows(scenarioNetwork('no-mail-host'))[2]).toMatchObject({ state: 'no-mail' });
    const forEver = hostRows(scenarioNetwork('give-up'))[2]!;
    expect([forEver.state, 'until' in forEver]).toEqual(['busy', false]);
    const rows = dnsRows(DEFAULT_NETWORK).map((r) => `${r.name} ${r.type} ${r.value}`);
    expect(rows.slice(0, 2)).toEqual([
      'example.test MX 10 mx1.example.test',
      'example.test MX 20 mx2.example.test',
    ]);
    expect(
      dnsRows(DEFAULT_NETWORK)
        .filter((r) => r.nullMx)
        .map((r) => r.name),
    ).toEqual(['nomail.test']);
  });
});

describe('the view rendered', () => {
  it('before sending: ready, nothing on the path, the world shown', () => {
    const { body } = render(JourneyView, { props: { controller: new JourneyController() } });
    expect(body).toContain('Ready: nothing sent yet.');
    expect(body).toContain('Nothing has happened yet: send the message.');
    expect(body).toContain('(null MX: no mail, RFC 7505)');
  });

  it('a 4xx mid-way: the arrows, the queue entry with its next try and last reply', () => {
    const c = new JourneyController();
    c.choose('retry');
    c.send();
    c.step();
    const { body } = render(JourneyView, { props: { controller: c } });
    expect(body).toContain('587 · SMTP submission');
    expect(body).toContain('25 · SMTP relay');
    expect(body).toMatch(/data-testid="journey-queue-entry" data-attempts="1"/);
    expect(body).toContain('Next try at 09:30:03 UTC.');
    expect(body).toContain('busy, 421 until minute 45');
    expect(body).toMatch(/<code[^>]*>421<\/code>\s*mx1\.example\.test Too many connections/);
  });

  it('run to the end, a hop opened and the message read: the dialogue and the POP3 session', () => {
    const c = new JourneyController();
    c.runToEnd();
    c.select(2);
    c.read(c.mailboxes[0]!);
    const { body } = render(JourneyView, { props: { controller: c } });
    expect(body).toContain('Hop 2: submit.elsewhere.test to mx1.example.test, port 25');
    expect(body).toContain('EHLO submit.elsewhere.test');
    expect(body).toContain('110 · POP3 retrieval');
    expect(body).toContain('RETR 1');
    expect(body).toContain('Return-Path: &lt;carol@elsewhere.test>');
  });
});
