import fc from 'fast-check';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { Replayer, replay } from '../../../src/machines/replay.ts';
import { parseTranscript } from '../../../src/protocol/transcript.ts';
import { Player } from '../../../src/ui/player/player.svelte.ts';
import { buildSteps } from '../../../src/ui/player/steps.ts';
import WireView from '../../../src/ui/player/WireView.svelte';
import { FIXED_NOW } from '../../helpers.ts';
import { queuedScheduler } from './pictures.ts';

/**
 * A long recorded session (longer than what the import compares at once) with
 * differences planted: a 250 recorded where the simulator refuses (550), one
 * recorded 550 where it accepts, and a last command whose reply is missing.
 */
function longTranscript(cycles: number) {
  const lines = [
    '# world: {"maxJunkCommands":1000000000,"maxErrors":1000000000}',
    'S: 220 mail.example.test ESMTP',
    'C: EHLO client.test',
    'S: 250 mail.example.test',
  ];
  for (let i = 0; i < cycles; i++) {
    const wrongRcpt = i === 7 || i === Math.floor(cycles / 2);
    lines.push(
      'C: MAIL FROM:<alice@client.test>',
      'S: 250 OK',
      wrongRcpt ? 'C: RCPT TO:<nobody@example.test>' : 'C: RCPT TO:<bob@example.test>',
      'S: 250 OK',
      'C: NOOP',
      i === cycles - 3 ? 'S: 550 no' : 'S: 250 OK',
      'C: RSET',
      'S: 250 OK',
    );
  }
  lines.push('C: NOOP');
  return parseTranscript(`${lines.join('\n')}\n`);
}

/** A player on the real clock 30 times faster (slices well under 1 ms), its later tasks run when the test says. */
function fastPlayer() {
  const { queue, scheduler } = queuedScheduler(() => performance.now() * 30);
  return { queue, p: new Player({ now: FIXED_NOW, scheduler }) };
}

describe('the comparison with the simulator, taken in slices', () => {
  it('a Replayer advanced by any stretches finds what one replay finds', () => {
    const file = longTranscript(60);
    const whole = replay(file, { now: FIXED_NOW });
    expect(whole.differences.map((d) => d.step)).toEqual([31, 123, 232, 242]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), (stretches) => {
        const r = new Replayer(file, { now: FIXED_NOW });
        for (let i = 0; !r.advance(stretches[i % stretches.length]!); i++);
        const got = r.result();
        expect(got.differences).toEqual(whole.differences);
        expect(got.simulated).toEqual(whole.simulated);
        expect(got.sessionSteps).toEqual(whole.sessionSteps);
      }),
      { numRuns: 25 },
    );
  });

  it('the player shows the steps at once, compares the rest slice by slice, and ends where one replay ends', () => {
    const file = longTranscript(400);
    const text = [
      '# world: {"maxJunkCommands":1000000000,"maxErrors":1000000000}',
      ...file.steps.map((s) =>
        s.who === 'C' ? `C: ${s.text}` : `S: ${s.code} ${s.lines.join('')}`,
      ),
    ].join('\n');
    const { queue, p } = fastPlayer();
    expect(p.load(text, 'rfc')).toBe(true);
    expect(p.steps).toHaveLength(1603);
    // Compared in part: the first stretch within the import, the rest waits for its slices.
    expect(p.checkDone).toBe(false);
    expect(p.checked).toBeGreaterThan(200);
    expect(p.checked).toBeLessThan(1602);
    expect(p.steps.at(1602)!.simulated).toEqual([]);
    expect(p.steps.at(1)!.simulated.map((r) => r.code)).toEqual([250]);
    // The early difference is found already; the learner may step meanwhile.
    expect(p.differing).toBe(1);
    p.goTo(5);
    expect(p.shown).toBe(5);
    const seen = [p.checked];
    for (let guard = 0; queue.length && guard < 10_000; guard++) {
      queue.shift()!();
      seen.push(p.checked);
    }
    expect(queue).toHaveLength(0);
    expect(p.checkDone).toBe(true);
    expect(seen.length).toBeGreaterThan(3);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    // The same steps as one whole replay gives, the missing reply at the last step included.
    const whole = buildSteps(file, replay(file, { now: FIXED_NOW }));
    expect([...p.steps]).toEqual(whole);
    expect(p.differing).toBe(4);
    expect(p.steps.at(1602)!.differences[0]).toMatchObject({
      expected: '(no reply)',
      command: 'NOOP',
    });
    p.goTo(0);
    expect(p.nextDifference()).toBe(true);
    expect(p.at).toBe(31);
    expect([...p.steps].filter((s) => s.differences.length).map((s) => s.index)).toEqual([
      31, 803, 1592, 1602,
    ]);
  });

  it('the wire view waits for the comparison, then shows the bytes up to the step', () => {
    const long = longTranscript(400);
    const text = long.steps.map((s) =>
      s.who === 'C' ? `C: ${s.text}` : `S: ${s.code} ${s.lines.join('')}`,
    );
    const { queue, p } = fastPlayer();
    expect(p.load(text.join('\n'), 'rfc')).toBe(true);
    p.wire = true;
    p.goTo(3);
    const shown = () => render(WireView, { props: { player: p } }).body;
    expect(p.checkDone).toBe(false);
    expect(shown()).toContain('data-testid="player-wire-waiting"');
    expect(shown()).not.toContain('data-testid="wire-line"');
    while (queue.length) queue.shift()!();
    expect(shown()).not.toContain('player-wire-waiting');
    // The greeting, EHLO and its reply, MAIL and its reply, the RCPT line and its reply.
    expect(shown().match(/data-testid="wire-line"/g)).toHaveLength(7);
    expect(shown()).toContain('RCPT TO:&lt;bob@example.test>');
  });

  it('a new import stops the comparison of the last one', () => {
    const { queue, p } = fastPlayer();
    const long = longTranscript(400);
    const text = long.steps.map((s) =>
      s.who === 'C' ? `C: ${s.text}` : `S: ${s.code} ${s.lines.join('')}`,
    );
    expect(p.load(text.join('\n'), 'rfc')).toBe(true);
    expect(queue).toHaveLength(1);
    expect(p.load('S: 220 mail.example.test\nC: QUIT\nS: 221 bye', 'rfc')).toBe(true);
    expect(queue).toHaveLength(0);
    expect(p.checkDone).toBe(true);
    expect(p.steps).toHaveLength(2);
  });
});
