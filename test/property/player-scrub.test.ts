/**
 * The player's re-run (issue 17): going to step N, however it gets there
 * (forward on from where it is, back from a fresh session, slice by slice,
 * a run cut short by a newer scrub), shows the state of playing 1..N. Random
 * scrubs, slices and waits interleaved (fast-check), on a long transcript,
 * against the states of one plain play, line by line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Player } from '../../src/ui/player/player.svelte.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../helpers.ts';
import { pictures, queuedScheduler } from '../ui/player/pictures.ts';

/** The pictures and the session's own step count (which runs ahead of them while a re-run types). */
const snapshot = (sim: Simulator) => JSON.stringify({ ...pictures(sim), steps: sim.session.steps });
const drawn = (state: string) => JSON.stringify({ ...JSON.parse(state), steps: undefined });

/** Transactions of every kind: accepted, a refused recipient, VRFY, stuffed dots, RSET; QUIT at the end. */
const txn = (i: number) => [
  `MAIL FROM:<alice${i}@client.test>`,
  i % 3 ? 'RCPT TO:<bob@example.test>' : 'RCPT TO:<nobody@example.test>',
  i % 4 ? 'DATA' : 'VRFY bob',
  `Subject: ${i}`,
  '..a dotted line',
  '.',
  i % 5 ? 'NOOP' : 'RSET',
];
const COMMANDS = [
  'EHLO client.test',
  ...Array.from({ length: 40 }, (_, i) => txn(i)).flat(),
  'QUIT',
];

/** A clock that moves 8 ms at each look, so a slice types a few lines; later tasks run when told. */
function steppedScheduler() {
  let clock = 0;
  return queuedScheduler(() => (clock += 8));
}

type Op = { go: number } | { slice: number } | { settle: true };

describe('player re-run (property)', () => {
  const played = new Simulator({ session: { now: FIXED_NOW } });
  played.replayTyped([], { dialect: 'rfc5321' });
  const states = [snapshot(played)];
  for (const line of COMMANDS) {
    played.send(line);
    states.push(snapshot(played));
  }

  it('random scrubs, slices and waits: the session shown is always the plain play at its step', () => {
    const last = COMMANDS.length;
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.nat(last).map((go) => ({ go })) },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 8 }).map((slice) => ({ slice })) },
      { weight: 1, arbitrary: fc.constant({ settle: true as const }) },
    );
    let scrubs = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 60, maxLength: 140 }), (ops) => {
        const { scheduler, queue } = steppedScheduler();
        const p = new Player({ now: FIXED_NOW, scheduler });
        expect(p.load(COMMANDS.join('\n'), 'commands')).toBe(true);
        const runAll = (max: number) => {
          for (let i = 0; i < max && queue.length; i++) queue.shift()!();
        };
        for (const o of ops) {
          if ('go' in o) {
            p.goTo(o.go);
            scrubs++;
          } else runAll('slice' in o ? o.slice : Infinity);
          // Whatever is under way, the pictures are exactly the play at the step they say they show;
          // once there, the session too.
          expect(JSON.stringify(pictures(p.sim))).toBe(drawn(states[p.shown]!));
          expect(p.busy).toBe(queue.length > 0);
          if (!p.busy) expect(snapshot(p.sim)).toBe(states[p.at]);
        }
        runAll(Infinity);
        expect(p.busy).toBe(false);
        expect(snapshot(p.sim)).toBe(states[p.at]);
      }),
      { numRuns: 22, seed: 1717 },
    );
    expect(scrubs).toBeGreaterThanOrEqual(1000);
  }, 60_000);

  it('settled() resolves once a sliced run gets there', async () => {
    const { scheduler, queue } = steppedScheduler();
    const p = new Player({ now: FIXED_NOW, scheduler });
    p.load(COMMANDS.join('\n'), 'commands');
    p.goTo(p.last);
    expect(p.busy).toBe(true);
    let done = false;
    void p.settled().then(() => (done = true));
    while (queue.length) queue.shift()!();
    await Promise.resolve();
    expect(done).toBe(true);
    expect(snapshot(p.sim)).toBe(states[p.last]);
    expect(p.sim.closed).toBe(true);
  });
});
