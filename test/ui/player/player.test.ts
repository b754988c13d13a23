import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTranscript, type TranscriptFile } from '../../../src/protocol/transcript.ts';
import {
  Player,
  setupLines,
  SIM_ENTRIES,
  type Timers,
} from '../../../src/ui/player/player.svelte.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW, fixture } from '../../helpers.ts';
import { memoryStore } from '../store.ts';
import { queuedScheduler, snapshot } from './pictures.ts';

const bytes = (path: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))));

const manual = () => {
  const ticks: (() => void)[] = [];
  const timers: Timers = {
    every: (_ms, tick) => {
      ticks.push(tick);
      return () => ticks.splice(ticks.indexOf(tick), 1);
    },
  };
  return { timers, tick: () => ticks.forEach((t) => t()), running: () => ticks.length };
};

/**
 * A player on a clock that never moves, so every slice runs to the end (test/property slices
 * them), and `goTo` that runs at once what waits for the next task (a run back begins there).
 */
function atOnce() {
  const { queue, scheduler } = queuedScheduler(() => 0);
  const p = new Player({ now: FIXED_NOW, scheduler });
  const goTo = (n: number) => {
    p.goTo(n);
    while (queue.length) queue.shift()!();
  };
  return { p, goTo };
}

describe('Player: import', () => {
  it('RFC 821 Appendix F Scenario 1: guessed as RFC text, its era and world, Green refused with 550', () => {
    const p = new Player({ now: FIXED_NOW });
    expect(p.load(fixture('rfc821/f1-typical.smtp'))).toBe(true);
    expect(p.loaded).toEqual({ source: 'rfc', problems: [] });
    expect(p.sim.session.dialect.id).toBe('rfc821');
    expect([...p.steps].map((s) => s.client)).toEqual([
      null,
      'HELO USC-ISIF.ARPA',
      'MAIL FROM:<Smith@USC-ISIF.ARPA>',
      'RCPT TO:<Jones@BBN-UNIX.ARPA>',
      'RCPT TO:<Green@BBN-UNIX.ARPA>',
      'RCPT TO:<Brown@BBN-UNIX.ARPA>',
      'DATA',
      'Blah blah blah...',
      '...etc. etc. etc.',
      '.',
      'QUIT',
    ]);
    expect([...p.steps].map((s) => s.recorded.map((r) => r.code).join())).toEqual(
      [...p.steps].map((s) => s.simulated.map((r) => r.code).join()),
    );
    expect([...p.steps].every((s) => s.differences.length === 0)).toBe(true);
    expect(p.sim.lines.map((l) => l.text)).toEqual(['220 BBN-UNIX.ARPA Service ready']);
  });

  it('a pcap capture read from its bytes: the 550 for nobody is the first error', () => {
    const p = new Player({ now: FIXED_NOW });
    expect(p.load(bytes('import/bridge-curl.pcap'))).toBe(true);
    expect(p.loaded?.source).toBe('pcap');
    expect(p.steps.at(1)!.client).toBe('EHLO msg.txt');
    expect(p.nextError()).toBe(true);
    expect(p.step?.client).toBe('RCPT TO:<nobody@example.test>');
    expect(p.step?.recorded.map((r) => r.code)).toEqual([550]);
    expect(p.sim.lines.at(-1)?.text).toMatch(/^550 /);
    expect(p.nextError()).toBe(false);
    expect(p.step?.index).toBe(4);
  });

  it('an input no importer reads: the guess says why, nothing is loaded', () => {
    const p = new Player();
    expect(p.load('hello\nworld\n')).toBe(false);
    expect(p.failure).toMatch(/^cannot tell which source .*; choose the source in the list above$/);
    expect(p.steps).toEqual([]);
  });

  it('lines the importer could not read are listed with why', () => {
    const p = new Player();
    expect(
      p.load('S: 220 mail.example.test ready\nC: HELO client.test\nS: 2x0 what\n', 'rfc'),
    ).toBe(true);
    expect(p.loaded?.problems).toHaveLength(1);
    expect(p.loaded?.problems[0]).toMatchObject({ line: 3, text: '2x0 what' });
    expect(p.loaded?.problems[0]!.why).not.toBe('');
  });

  it('a chosen dialect replaces the transcript era', () => {
    const p = new Player();
    p.load(fixture('rfc821/f1-typical.smtp'), 'rfc', 'rfc5321');
    expect(p.sim.session.dialect.id).toBe('rfc5321');
    expect(p.file?.meta.dialect).toBe('rfc5321');
  });
});

describe('Player: moving', () => {
  it('steps forward and back, clamped at both ends', () => {
    const p = new Player({ now: FIXED_NOW });
    p.load(fixture('rfc821/f1-typical.smtp'));
    p.back();
    expect(p.at).toBe(0);
    p.forward();
    expect(p.sim.state).toBe('ready');
    p.goTo(99);
    expect(p.at).toBe(10);
    expect(p.sim.closed).toBe(true);
    p.back();
    expect(p.at).toBe(9);
    expect(p.sim.mailbox).toHaveLength(1);
    expect(p.sim.closed).toBe(false);
  });

  it('plays at the chosen speed and stops at the end', () => {
    const clock = manual();
    const p = new Player({ now: FIXED_NOW, timers: clock.timers });
    p.load(fixture('rfc821/f1-typical.smtp'));
    p.setSpeed(4);
    p.play();
    expect(p.playing).toBe(true);
    clock.tick();
    clock.tick();
    expect(p.at).toBe(2);
    p.pause();
    clock.tick();
    expect(p.at).toBe(2);
    p.play();
    for (let i = 0; i < 20; i++) clock.tick();
    expect(p.at).toBe(p.last);
    expect(p.playing).toBe(false);
    expect(clock.running()).toBe(0);
  });

  it('jumps to the next difference from the simulator, with the RFC rule', () => {
    const p = new Player({ now: FIXED_NOW });
    // Recorded as accepted; the simulated server (default world) has no user nobody.
    const text = [
      '# dialect: rfc5321',
      'S: 220 mail.example.test ESMTP',
      'C: EHLO client.test',
      'S: 250 mail.example.test',
      'C: MAIL FROM:<alice@client.test>',
      'S: 250 OK',
      'C: RCPT TO:<nobody@example.test>',
      'S: 250 OK',
      'C: RSET',
      'S: 250 OK',
      'C: VRFY',
      'S: 250 OK',
    ].join('\n');
    p.load(text, 'rfc');
    expect(p.nextDifference()).toBe(true);
    expect(p.at).toBe(3);
    const d = p.step!.differences[0]!;
    expect(d.expected).toBe('250 OK');
    expect(d.actual).toMatch(/^550 /);
    expect(d.rule).toMatch(/^RFC 5321 §/);
    expect(p.nextDifference()).toBe(true);
    expect(p.step?.client).toBe('VRFY');
    expect(p.step?.simulated[0]?.code).toBe(501);
    expect(p.nextDifference()).toBe(false);
  });

  it('re-running to step N is the state of playing 1..N: 1000 random scrubs on a long transcript', () => {
    const txn = (i: number) => [
      `MAIL FROM:<alice${i}@client.test>`,
      i % 3 ? 'RCPT TO:<bob@example.test>' : 'RCPT TO:<nobody@example.test>',
      'RCPT TO:<postmaster@example.test>',
      i % 4 ? 'DATA' : 'VRFY bob',
      `Subject: ${i}`,
      'Hello.',
      '..a dotted line',
      '.',
      i % 5 ? 'NOOP' : 'RSET',
    ];
    const commands = ['EHLO client.test', ...Array.from({ length: 20 }, (_, i) => txn(i)).flat()];
    const { p, goTo } = atOnce();
    expect(p.load(commands.join('\n'), 'commands')).toBe(true);
    expect(p.last).toBe(commands.length);
    // Played once, line by line, in a simulator of the same server.
    const played = new Simulator({ session: { now: FIXED_NOW } });
    goTo(0);
    played.replayTyped([], { dialect: 'rfc5321' });
    const states = [snapshot(played)];
    expect(p.linesTo(p.last)).toEqual(commands);
    for (const line of commands) {
      played.send(line);
      states.push(snapshot(played));
    }
    expect(snapshot(p.sim)).toBe(states[0]);
    fc.assert(
      fc.property(fc.array(fc.nat(p.last), { minLength: 1000, maxLength: 1000 }), (scrubs) => {
        for (const n of scrubs) {
          goTo(n);
          if (snapshot(p.sim) !== states[n]) return false;
        }
        return true;
      }),
      { numRuns: 1 },
    );
  }, 30_000);

  it("a long replay's pictures keep the newest entries, the same however the step is reached", () => {
    const cycle = (i: number) =>
      i % 40 === 39
        ? [
            'MAIL FROM:<alice@client.test>',
            'RCPT TO:<bob@example.test>',
            'DATA',
            `Subject: ${i}`,
            '.',
          ]
        : ['NOOP', i % 2 ? 'RSET' : 'VRFY bob'];
    const commands = [
      'EHLO client.test',
      ...Array.from({ length: 1500 }, (_, i) => cycle(i)).flat(),
    ];
    const { p, goTo } = atOnce();
    expect(p.load(commands.join('\n'), 'commands')).toBe(true);
    // Played once, line by line, in a simulator of the same server keeping as many entries.
    const at = [
      ...new Set([0, 3, 1999, 2500, p.last, ...[7, 11, 13].map((k) => (k * 331) % p.last)]),
    ];
    const played = new Simulator({
      session: { now: FIXED_NOW, retain: { transcript: SIM_ENTRIES } },
    });
    played.replayTyped([], { dialect: 'rfc5321' });
    const states = new Map<number, string>();
    commands.forEach((line, i) => {
      if (at.includes(i)) states.set(i, snapshot(played));
      played.send(line);
    });
    states.set(commands.length, snapshot(played));
    // Far forward, back, forward again: each time what playing 1..N showed.
    for (const n of [p.last, 3, 2500, 0, 1999, ...at]) {
      goTo(n);
      expect(snapshot(p.sim), `step ${n}`).toBe(states.get(n));
      expect(p.sim.entries.length).toBeLessThanOrEqual(2 * SIM_ENTRIES + 16);
    }
    goTo(p.last);
    expect(p.sim.entries[0]!.step).toBeGreaterThan(0);
    expect(p.sim.session.steps).toBeGreaterThan(p.last - 100);
    expect(p.sim.mailbox).toHaveLength(37);
    goTo(3);
    expect(p.sim.entries[0]!.step).toBe(0);
  });

  it('setup lines for an excerpt that starts after HELO or inside a transaction', () => {
    expect(setupLines('G')).toEqual([]);
    expect(setupLines('-G +H +M')).toEqual(['HELO client.test', 'MAIL FROM:<setup@client.test>']);
  });
});

describe('Player: continue from here and export', () => {
  it('the sandbox takes the server and the lines up to the step, and types on', () => {
    const p = new Player({ now: FIXED_NOW });
    p.load(fixture('rfc821/f1-typical.smtp'));
    p.goTo(4);
    const sandbox = new Simulator({ session: { now: FIXED_NOW } });
    p.continueIn(sandbox);
    expect(sandbox.typedLines).toEqual([...p.steps].slice(1, 5).map((s) => s.client));
    expect(sandbox.session.world.hostname).toBe('BBN-UNIX.ARPA');
    expect(sandbox.state).toBe('transaction.rcpt');
    sandbox.send('RCPT TO:<Brown@BBN-UNIX.ARPA>');
    expect(sandbox.lines.at(-1)?.text).toBe('250 OK');
    // New settings give the sandbox its own server back.
    sandbox.applySettings({ ...sandbox.settings, vrfy: 'deny' });
    expect(sandbox.session.world.hostname).toBe('mail.example.test');
  });

  it('a reload keeps the continued session on the recorded server, and the recording at its step', () => {
    const store = memoryStore();
    const p = new Player({ now: FIXED_NOW });
    p.load(fixture('rfc821/f1-typical.smtp'));
    p.goTo(4);
    const sandbox = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(new Player().resume(store)).toBe(false);
    p.continueIn(sandbox, store);
    sandbox.send('RCPT TO:<Brown@BBN-UNIX.ARPA>');
    const before = sandbox.lines.map((l) => l.text);
    // The page again: a new sandbox and a new player on the same store.
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.session.world.hostname).toBe('BBN-UNIX.ARPA');
    expect(again.session.dialect.id).toBe('rfc821');
    expect(again.lines.map((l) => l.text)).toEqual(before);
    expect(again.state).toBe('transaction.rcpt');
    again.send('DATA');
    expect(again.state).toBe('data');
    expect(again.lines.filter((l) => /^\d{3} /.test(l.text)).at(-1)?.text).toMatch(/^354 /);
    const player = new Player({ now: FIXED_NOW });
    expect(player.resume(store)).toBe(true);
    expect(player.at).toBe(4);
    expect(player.step?.client).toBe('RCPT TO:<Green@BBN-UNIX.ARPA>');
    expect([...player.steps].map((s) => s.client)).toEqual([...p.steps].map((s) => s.client));
    // New settings drop the recorded server, and a reload after them does not bring it back.
    again.applySettings({ ...again.settings, vrfy: 'deny' });
    expect(new Simulator({ store }).session.world.hostname).toBe('mail.example.test');
  });

  it('an arrow of the sequence diagram is the step that sent its command', async () => {
    const p = new Player({ now: FIXED_NOW });
    p.load(fixture('rfc821/f1-typical.smtp'));
    p.goTo(p.last);
    await p.settled();
    const client = p.sim.entries.filter((e) => e.kind === 'client');
    expect(client.map((e) => p.stepOfSession(e.step))).toEqual([1, 2, 3, 4, 5, 6, 10]);
    const content = p.sim.entries.find((e) => e.kind === 'content')!;
    // The message text is one unit of the session, sent with its final dot (step 9).
    expect(p.stepOfSession(content.step)).toBe(9);
    const greeting = p.sim.entries.find((e) => e.kind === 'server')!;
    expect(p.stepOfSession(greeting.step)).toBe(0);
  });

  it('the .txt export parses back to the same transcript', () => {
    const p = new Player();
    p.load(bytes('import/bridge-swaks-ipv6.pcapng'));
    const text = p.exportText();
    // The same header and steps; only `line` (where each stands in its file) differs.
    const strip = ({ meta, steps }: TranscriptFile) => ({
      meta,
      steps: steps.map(({ line: _line, ...rest }) => rest),
    });
    expect(strip(parseTranscript(text))).toEqual(strip(p.file!));
    const again = new Player();
    expect(again.load(text)).toBe(true);
    expect(again.loaded?.source).toBe('rfc');
    expect([...again.steps].map((s) => s.client)).toEqual([...p.steps].map((s) => s.client));
  });
});
