import type { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import type { Scheduler } from '../../../src/ui/player/slices.ts';

/** What the pictures show of a simulator: its lines, state, envelope and mailbox. */
export const pictures = (sim: Simulator) => ({
  lines: sim.lines.map((l) => `${l.prefix} ${l.text}`),
  state: sim.state,
  inData: sim.inData,
  closed: sim.closed,
  envelope: sim.envelope,
  mailbox: sim.mailbox.map((d) => [d.trace, [...d.content]]),
  last: sim.lastTransition,
});

/** The pictures as one string, to compare states. */
export const snapshot = (sim: Simulator) => JSON.stringify(pictures(sim));

/** A scheduler on `now` whose later tasks wait in `queue` until the test runs them. */
export function queuedScheduler(now: () => number): {
  scheduler: Scheduler;
  queue: (() => void)[];
} {
  const queue: (() => void)[] = [];
  return {
    queue,
    scheduler: {
      now,
      later: (task) => {
        queue.push(task);
        return () => {
          const i = queue.indexOf(task);
          if (i >= 0) queue.splice(i, 1);
        };
      },
    },
  };
}
