/**
 * The journey view's model in Node: everything the view can do (pick a
 * scenario, a sender and recipients, send, play the simulated clock, step,
 * run to the end, open a hop's dialogue, read the message back over POP3)
 * and what it then shows: the path's steps with ports and deciding replies,
 * the queue, the POP3 dialogue and the message with its trace fields.
 */
import { describe, expect, it } from 'vitest';
import { JourneyController } from '../../../src/ui/journey/journey.svelte.ts';
import type { HopStep, PathStep } from '../../../src/ui/journey/path.ts';

const MINUTE = 60_000;

const arrows = (steps: readonly PathStep[]) =>
  steps
    .filter((s): s is HopStep => s.kind === 'hop')
    .map((s) => `${s.from} -> ${s.to}:${s.port} ${s.protocol} ${s.decided?.code ?? '-'}`);

describe('JourneyController', () => {
  it('the default scenario: 587 submission, a DNS lookup, 25 relay to the best MX, delivered', () => {
    const c = new JourneyController();
    expect(c.sent).toBe(false);
    expect(c.senders).toEqual(['carol@elsewhere.test', 'postmaster@elsewhere.test']);
    expect(c.recipientChoices).toContain('bob@example.test');
    c.runToEnd();
    expect(arrows(c.steps)).toEqual([
      'client.test -> submit.elsewhere.test:587 submission 250',
      'submit.elsewhere.test -> mx1.example.test:25 relay 250',
    ]);
    expect(c.steps.map((s) => s.kind)).toEqual(['hop', 'lookup', 'hop', 'delivered']);
    const lookup = c.steps[1]!;
    expect(lookup).toMatchObject({ kind: 'lookup', domain: 'example.test', result: 'hosts' });
    if (lookup.kind !== 'lookup') throw new Error('a lookup');
    expect(lookup.candidates.map((x) => `${x.preference} ${x.exchange}`)).toEqual([
      '10 mx1.example.test',
      '20 mx2.example.test',
    ]);
    expect(c.finished).toBe(true);
    expect(c.mailboxes.map((m) => `${m.host} ${m.mailbox}`)).toEqual([
      'mx1.example.test alice@example.test',
    ]);
  });

  it("a hop's dialogue is one click away: C:/S: lines and the client's notes", () => {
    const c = new JourneyController();
    c.runToEnd();
    c.select(1);
    const said = c.dialogue.map((l) => `${l.prefix} ${l.text}`);
    expect(said[0]).toMatch(/^S: 220 submit\.elsewhere\.test /);
    expect(said).toContain('C: EHLO client.test');
    expect(said.some((l) => l.startsWith('C: AUTH '))).toBe(true);
    expect(said).toContain('C: RCPT TO:<alice@example.test>');
    c.select(2);
    expect(c.dialogue.map((l) => l.text)).toContain('EHLO submit.elsewhere.test');
    c.select(null);
    expect(c.dialogue).toEqual([]);
  });

  it('the POP3 read-back: USER/PASS/STAT/LIST/RETR/QUIT, the message with Return-Path and Received lines', () => {
    const c = new JourneyController();
    c.runToEnd();
    c.read(c.mailboxes[0]!);
    const r = c.readBack!;
    if (!r.ok) throw new Error('read');
    const sent = r.lines.filter((l) => l.kind === 'client').map((l) => l.text);
    expect(sent).toEqual(['USER alice', 'PASS ****', 'STAT', 'LIST', 'RETR 1', 'QUIT']);
    const status = r.lines.filter((l) => l.kind === 'server').map((l) => l.text);
    expect(status[0]).toMatch(/^\+OK POP3 server ready <1\.\d+@mx1\.example\.test>$/);
    const size = c.mailboxes[0]!.text.length; // ASCII: one octet a character
    expect(status.slice(1, 8)).toEqual([
      '+OK alice is a valid mailbox',
      `+OK alice's maildrop has 1 message (${size} octets)`,
      `+OK 1 ${size}`,
      `+OK 1 message (${size} octets)`,
      `1 ${size}`,
      '.',
      `+OK ${size} octets`,
    ]);
    expect(
      r.message.startsWith(
        'Return-Path: <carol@elsewhere.test>\r\nReceived: from submit.elsewhere.test',
      ),
    ).toBe(true);
    expect(r.message).toContain('Received: from client.test');
    expect(r.message).toContain('Subject: Lunch on Friday?');
    expect(c.steps.at(-1)).toMatchObject({ kind: 'read', host: 'mx1.example.test', port: 110 });
  });

  it('primary MX down: the backup MX takes it, queues it, and hands it to the primary at minute 60', () => {
    const c = new JourneyController();
    c.choose('backup-mx');
    c.send();
    c.advance(MINUTE);
    expect(arrows(c.steps)).toEqual([
      'client.test -> submit.elsewhere.test:587 submission 250',
      'submit.elsewhere.test -> mx1.example.test:25 relay 421',
      'submit.elsewhere.test -> mx1.example.test:25 relay 421',
      'submit.elsewhere.test -> mx2.example.test:25 relay 250',
      'mx2.example.test -> mx1.example.test:25 relay 421',
      'mx2.example.test -> mx1.example.test:25 relay 421',
    ]);
    // mx2 is itself an MX of example.test: only the better preference is left (RFC 5321 §5.1).
    expect(c.steps.filter((s) => s.kind === 'lookup').at(-1)).toMatchObject({
      host: 'mx2.example.test',
      skipped: ['mx2.example.test'],
    });
    expect(c.queue).toHaveLength(1);
    expect(c.queue[0]).toMatchObject({ host: 'mx2.example.test', attempts: 1 });
    c.runToEnd();
    expect(c.mailboxes.map((m) => m.host)).toEqual(['mx1.example.test']);
    const last = c.steps.filter((s): s is HopStep => s.kind === 'hop').at(-1)!;
    expect(last).toMatchObject({ from: 'mx2.example.test', decided: { code: 250 } });
    expect(Math.round(last.waited / MINUTE)).toBe(60);
  });

  it('a 4xx: queued, retried on the clock played at 1 min/s, 10 min/s, then delivered', () => {
    const c = new JourneyController();
    c.choose('retry');
    c.setSpeed(60);
    c.play();
    expect(c.playing).toBe(true);
    c.tick(1000); // one real second: one simulated minute
    expect(c.now).toBeGreaterThanOrEqual(MINUTE);
    expect(c.queue[0]).toMatchObject({
      host: 'submit.elsewhere.test',
      attempts: 1,
      lastReply: { code: 421 },
    });
    c.pause();
    c.tick(60_000);
    expect(c.now).toBeLessThan(2 * MINUTE); // paused: the clock stands still
    c.step(); // the try at minute 30: still 421
    expect(Math.floor(c.now / MINUTE)).toBe(30);
    expect(c.queue[0]).toMatchObject({ attempts: 2 });
    c.setSpeed(600);
    c.play();
    for (let i = 0; i < 4 && c.playing; i++) c.tick(1000);
    expect(c.finished).toBe(true);
    expect(c.playing).toBe(false);
    expect(c.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
    const queued = c.steps.filter((s) => s.kind === 'queued');
    expect(queued.map((s) => s.kind === 'queued' && s.attempts)).toEqual([1, 2]);
  });

  it('a 5xx: the bounce (RFC 3464) goes back to the sender and is read there over POP3', () => {
    const c = new JourneyController();
    c.choose('unknown-user');
    expect(c.recipients).toEqual(['nobody@example.test']);
    c.runToEnd();
    expect(c.steps.find((s) => s.kind === 'bounced')).toMatchObject({
      host: 'submit.elsewhere.test',
      status: '5.1.1',
      to: 'carol@elsewhere.test',
    });
    const dsn = c.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(c.steps.at(-1)).toMatchObject({ kind: 'delivered', bounce: true });
    c.read(dsn);
    const r = c.readBack!;
    if (!r.ok) throw new Error('read');
    expect(r.user).toBe('carol');
    expect(r.message.startsWith('Return-Path: <>\r\n')).toBe(true);
    expect(r.message).toContain('Status: 5.1.1');
  });

  it('a host that never takes mail: the bounce travels back over SMTP, an arrow marked as a bounce', () => {
    const c = new JourneyController();
    c.choose('no-mail-host');
    c.runToEnd();
    const hops = c.steps.filter((s): s is HopStep => s.kind === 'hop');
    expect(hops.filter((h) => h.bounce).map((h) => `${h.from} -> ${h.to}:${h.port}`)).toEqual([
      'mx2.example.test -> submit.elsewhere.test:25',
    ]);
    expect(hops[1]).toMatchObject({ fate: 'no-mail', decided: { code: 521 }, bounce: false });
    const lookup = c.steps.filter((s) => s.kind === 'lookup').at(-1);
    expect(lookup).toMatchObject({
      host: 'mx2.example.test',
      domain: 'elsewhere.test',
      result: 'implicit',
    });
    expect(c.steps.at(-1)).toMatchObject({
      kind: 'delivered',
      host: 'submit.elsewhere.test',
      bounce: true,
    });
  });

  it('a null MX: refused at submission with 556 5.1.10, nothing queued, no bounce', () => {
    const c = new JourneyController();
    c.choose('null-mx');
    c.runToEnd();
    expect(arrows(c.steps)).toEqual(['client.test -> submit.elsewhere.test:587 submission 556']);
    expect(c.steps.find((s) => s.kind === 'refused')).toMatchObject({
      recipients: ['alice@nomail.test'],
      reply: { code: 556 },
    });
    expect(c.steps.some((s) => s.kind === 'bounced')).toBe(false);
  });

  it('the queue gives up after two hours: a bounce with the status of the last reply, 4.0.0', () => {
    const c = new JourneyController();
    c.choose('give-up');
    c.setSpeed(3600);
    c.play();
    c.tick(1000);
    expect(c.steps.some((s) => s.kind === 'bounced')).toBe(false);
    c.tick(2000);
    expect(c.steps.find((s) => s.kind === 'bounced')).toMatchObject({ status: '4.0.0' });
  });

  it('a mailbox without a POP3 account cannot be read; a changed choice starts again', () => {
    const c = new JourneyController();
    c.toggleRecipient('alice@example.test', false);
    c.toggleRecipient('postmaster@example.test', true);
    c.runToEnd();
    c.read(c.mailboxes[0]!);
    expect(c.readBack).toMatchObject({ ok: false, why: 'no-account' });
    c.setSender('postmaster@elsewhere.test');
    expect(c.sent).toBe(false);
    expect(c.steps).toEqual([]);
    expect(c.readBack).toBeNull();
  });
});

describe('the read-back over IMAP', () => {
  it('LOGIN, SELECT, FETCH of flags and envelope, BODY[] (which sets \\Seen), LOGOUT on port 143', () => {
    const c = new JourneyController();
    c.runToEnd();
    c.read(c.mailboxes[0]!, 'imap');
    const r = c.readBack!;
    if (!r.ok) throw new Error('read');
    expect([r.protocol, r.port, r.user]).toEqual(['imap', 143, 'alice']);
    expect(r.lines.filter((l) => l.kind === 'client').map((l) => l.text)).toEqual([
      'a1 LOGIN alice ****',
      'a2 SELECT INBOX',
      'a3 FETCH 1 (FLAGS ENVELOPE)',
      'a4 FETCH 1 BODY[]',
      'a5 FETCH 1 FLAGS',
      'a6 LOGOUT',
    ]);
    const said = r.lines.filter((l) => l.kind === 'server').map((l) => l.text);
    expect(said).toContain('* 1 EXISTS');
    expect(said).toContain('* 1 FETCH (FLAGS (\\Seen))');
    expect(said.filter((l) => /^a\d (OK|NO|BAD)/.test(l)).map((l) => l.slice(0, 5))).toEqual([
      'a1 OK',
      'a2 OK',
      'a3 OK',
      'a4 OK',
      'a5 OK',
      'a6 OK',
    ]);
    expect(r.message).toBe(c.mailboxes[0]!.text);
    expect(c.steps.at(-1)).toMatchObject({ kind: 'read', port: 143, protocol: 'imap' });
  });
});
