/**
 * Long work in slices that each hold the page at most SLICE_MS, the browser
 * getting its turn (a paint, the input waiting) between them: the player's
 * re-run to a step and its comparison with the simulator. The first slice runs
 * at once, so work that fits in one is done in the caller's task.
 */
import { nextTask } from '../shared/next-task.ts';

/**
 * How long one slice may hold the page. A long task starts at 50 ms; the rest
 * is left for what a slice cannot plan: a garbage collection of the young
 * objects (a long session keeps many), the redraw at its end, and the other
 * work of a busy machine taking the processor in the middle of one.
 */
export const SLICE_MS = 12;

/** The shortest stretch a unit's cost is learned from (ms): ten ticks of a page's clock. */
const MEASURED_MS = 1;

/** A clock and a way to run later; tests pass their own. */
export interface Scheduler {
  readonly now: () => number;
  /** Runs `task` in a later task (after a paint and the input waiting); returns a cancel. */
  readonly later: (task: () => void) => () => void;
}

/**
 * In a page, a message to itself (shared/next-task.ts): the next task without the 4 ms a chain
 * of timeouts is held to (the browser still paints and takes input between). Elsewhere (Node,
 * the tests), a timeout.
 */
function later(task: () => void): () => void {
  if (typeof window !== 'undefined' && typeof MessageChannel !== 'undefined') return nextTask(task);
  const id = setTimeout(task, 0);
  return () => clearTimeout(id);
}

export const browserScheduler: Scheduler = { now: () => performance.now(), later };

/** What a unit of the work cost last time (ms), learned batch by batch; a cautious guess to begin with. */
export class UnitCost {
  perUnit = 1;
}

export interface SlicedWork {
  /** Does up to `n` more units (n >= 1); true once nothing is left. */
  readonly step: (n: number) => boolean;
  /** After a slice that left work for the next. */
  readonly between?: () => void;
  /** Once all is done. */
  readonly done?: () => void;
}

/**
 * Runs `work` slice by slice; returns a cancel (the work stays where it got
 * to). Within a slice, each batch takes half of what is left of it at the
 * last cost seen, so a dearer stretch (a long message) overshoots by less and
 * the next batch knows.
 */
export function inSlices(
  work: SlicedWork,
  scheduler: Scheduler = browserScheduler,
  cost: UnitCost = new UnitCost(),
): () => void {
  let cancel: (() => void) | null = null;
  let over = false;
  const slice = () => {
    cancel = null;
    const start = scheduler.now();
    // The units done since `since`, not yet learned from.
    let [since, units] = [start, 0];
    for (;;) {
      const left = SLICE_MS - (scheduler.now() - start);
      if (left <= 0) break;
      const n = Math.max(1, Math.floor(left / 2 / cost.perUnit));
      over = work.step(n);
      // The last batch may have done fewer than n (what was left): its cost per unit would be
      // too low, and the next run's first batch, sized by it, far too long (a 77 ms slice when
      // scrubbing back after a far scrub had ended on a batch of one line).
      if (over) return work.done?.();
      units += n;
      // The latest cost seen, learned over at least MEASURED_MS: a page's clock is coarse
      // (0.1 ms outside cross-origin isolation), and a short batch read as free sized the next
      // slice's first batch at 6,000 comparisons, a 96 ms task.
      const spent = scheduler.now() - since;
      if (spent < MEASURED_MS) continue;
      cost.perUnit = Math.max(0.001, spent / units);
      [since, units] = [scheduler.now(), 0];
    }
    work.between?.();
    cancel = scheduler.later(slice);
  };
  slice();
  return () => {
    cancel?.();
    cancel = null;
  };
}
