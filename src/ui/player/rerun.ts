/**
 * The player's re-run of the machine to a step, made cheap and non-blocking:
 * forward it types on from where the session is (playing 1..N costs what
 * going to N costs); back it starts a fresh session, since a session cannot
 * be rewound exactly. A long run goes in slices of at most SLICE_MS, giving
 * the browser its turn between them, and a newer run replaces one under way
 * (a scrub supersedes the last), keeping what it already typed when it goes on
 * forward from there.
 */

import { browserScheduler, inSlices, SLICE_MS, UnitCost, type Scheduler } from './slices.ts';

export { SLICE_MS, browserScheduler, type Scheduler } from './slices.ts';

/** What a re-run drives: the player's session. */
export interface RerunTarget {
  /** A fresh session at step 0 (the connection, the excerpt's set-up typed). */
  reset(): void;
  /** Types the client lines of steps from+1..to (step k's line is the k-th). */
  type(from: number, to: number): void;
}

export class Rerun {
  /** The step the session is at. */
  private at = 0;
  private cancel: (() => void) | null = null;
  /** Milliseconds a line takes, learned batch by batch. */
  private readonly cost = new UnitCost();

  constructor(
    private readonly target: RerunTarget,
    private readonly scheduler: Scheduler = browserScheduler,
  ) {}

  /** The step the session is at (behind the goal while a run is under way). */
  get done(): number {
    return this.at;
  }

  /** True while a run waits for its next slice. */
  get running(): boolean {
    return this.cancel !== null;
  }

  /** A fresh session at step 0, now (a new transcript); a run under way is dropped. */
  reset() {
    this.stop();
    this.target.reset();
    this.at = 0;
  }

  /**
   * Runs the session to step `to`: at once when it fits in a slice, else slice
   * by slice; `progress` after each slice, `settled` once there. A run under way
   * is cancelled first (its `settled` never comes).
   */
  run(to: number, settled: () => void = () => {}, progress: (at: number) => void = () => {}) {
    this.stop();
    const back = to < this.at;
    if (back) this.reset();
    if (this.at === to) return settled();
    const go = () => {
      let over = false;
      const cancel = inSlices(
        {
          step: (n) => {
            const upTo = Math.min(to, this.at + n);
            this.target.type(this.at, upTo);
            this.at = upTo;
            return this.at >= to;
          },
          between: () => progress(this.at),
          done: () => {
            over = true;
            this.cancel = null;
            settled();
          },
        },
        this.scheduler,
        this.cost,
      );
      this.cancel = over ? null : cancel;
    };
    // Back from a fresh session, a run that will take slices begins in the next task: the
    // fresh start (a new session, drawn empty) and a first slice together held the page past a
    // long task when scrubbing back.
    if (back && (to - this.at) * this.cost.perUnit > SLICE_MS) {
      this.cancel = this.scheduler.later(go);
    } else go();
  }

  /** Cancels a run under way; the session stays where it got to. */
  stop() {
    this.cancel?.();
    this.cancel = null;
  }
}
