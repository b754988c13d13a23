/**
 * The player's re-run of the machine to a step, made cheap and non-blocking:
 * forward it types on from where the session is (playing 1..N costs what
 * going to N costs); back it starts a fresh session, since a session cannot
 * be rewound exactly. A long run goes in slices of at most SLICE_MS, giving
 * the browser its turn between them, and a newer run replaces one under way
 * (a scrub supersedes the last), keeping what it already typed when it goes on
 * forward from there.
 */

/** How long one slice of a re-run may hold the page (a long task starts at 50 ms). */
export const SLICE_MS = 30;

/** A clock and a way to run later; tests pass their own. */
export interface Scheduler {
  readonly now: () => number;
  /** Runs `task` in a later task (after a paint and the input waiting); returns a cancel. */
  readonly later: (task: () => void) => () => void;
}

export const browserScheduler: Scheduler = {
  now: () => performance.now(),
  later: (task) => {
    const id = setTimeout(task, 0);
    return () => clearTimeout(id);
  },
};

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
  /** Milliseconds a line takes, learned from the last batch (a cautious guess to begin with). */
  private perLine = 1;

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
    if (to < this.at) this.reset();
    const slice = () => {
      this.cancel = null;
      const start = this.scheduler.now();
      while (this.at < to) {
        const left = SLICE_MS - (this.scheduler.now() - start);
        if (left <= 0) break;
        // Half of what is left by the last cost seen: a dearer stretch of lines (a long message)
        // overshoots by less, and the next batch knows.
        const n = Math.max(1, Math.min(to - this.at, Math.floor(left / 2 / this.perLine)));
        const t0 = this.scheduler.now();
        this.target.type(this.at, this.at + n);
        this.at += n;
        // A cost per line that is the latest seen, never below a floor: the next batch fits.
        this.perLine = Math.max(0.001, (this.scheduler.now() - t0) / n);
      }
      if (this.at >= to) return settled();
      progress(this.at);
      this.cancel = this.scheduler.later(slice);
    };
    slice();
  }

  /** Cancels a run under way; the session stays where it got to. */
  stop() {
    this.cancel?.();
    this.cancel = null;
  }
}
