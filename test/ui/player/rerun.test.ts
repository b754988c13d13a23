import { describe, expect, it } from 'vitest';
import { Rerun, SLICE_MS, type RerunTarget, type Scheduler } from '../../../src/ui/player/rerun.ts';

/**
 * A target whose lines cost `cost` ms each on a clock the test owns, and a
 * scheduler that runs later tasks only when the test says so.
 */
function rig(cost = 1) {
  let clock = 0;
  const log: string[] = [];
  let line = 0;
  const queue: (() => void)[] = [];
  const target: RerunTarget = {
    reset: () => {
      log.push('reset');
      line = 0;
    },
    type: (from, to) => {
      // The session must be where the run says it is: lines are typed in order, none twice.
      if (from !== line) throw new Error(`typed from ${from}, session at ${line}`);
      log.push(`type ${from}..${to}`);
      clock += (to - from) * cost;
      line = to;
    },
  };
  const scheduler: Scheduler = {
    now: () => clock,
    later: (task) => {
      queue.push(task);
      return () => queue.splice(queue.indexOf(task), 1);
    },
  };
  /** Runs the next waiting task: one slice. */
  const next = () => {
    const task = queue.shift();
    if (!task) throw new Error('nothing waiting');
    const before = clock;
    task();
    return clock - before;
  };
  return {
    target,
    scheduler,
    log,
    next,
    waiting: () => queue.length,
    line: () => line,
    clock: () => clock,
  };
}

describe('Rerun: slices', () => {
  it('a near step is reached at once, in the same task', () => {
    const r = rig(1);
    const run = new Rerun(r.target, r.scheduler);
    let settled = false;
    run.run(10, () => (settled = true));
    expect(settled).toBe(true);
    expect(run.done).toBe(10);
    expect(r.waiting()).toBe(0);
    expect(run.running).toBe(false);
  });

  it('a far step goes slice by slice, none over the slice budget, and settles once there', () => {
    const r = rig(1);
    const run = new Rerun(r.target, r.scheduler);
    const progress: number[] = [];
    let settled = 0;
    run.run(
      1000,
      () => settled++,
      (at) => progress.push(at),
    );
    expect(run.done).toBeLessThan(1000);
    expect(run.running).toBe(true);
    let slices = 1;
    while (r.waiting()) {
      expect(r.next()).toBeLessThanOrEqual(SLICE_MS);
      slices++;
    }
    expect(run.done).toBe(1000);
    expect(r.line()).toBe(1000);
    expect(settled).toBe(1);
    // 1,000 lines of 1 ms in slices of at most SLICE_MS: at least 1000 / SLICE_MS slices, progress said between.
    expect(slices).toBeGreaterThanOrEqual(Math.ceil(1000 / SLICE_MS));
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.length).toBe(slices - 1);
  });

  it('forward goes on from where the session is; back starts a fresh session', () => {
    const r = rig(0.01);
    const run = new Rerun(r.target, r.scheduler);
    run.run(5);
    run.run(8);
    expect(r.log).toEqual(['type 0..5', 'type 5..8']);
    run.run(3);
    expect(r.log.slice(2)).toEqual(['reset', 'type 0..3']);
    run.run(3);
    expect(r.log).toHaveLength(4);
  });

  it('a newer scrub cancels the run under way: its settled never comes, and forward keeps what was typed', () => {
    const r = rig(1);
    const run = new Rerun(r.target, r.scheduler);
    const said: string[] = [];
    run.run(500, () => said.push('500'));
    const reached = run.done;
    expect(reached).toBeGreaterThan(0);
    run.run(800, () => said.push('800'));
    // Went on from `reached`, no reset.
    expect(r.log).not.toContain('reset');
    while (r.waiting()) r.next();
    expect(said).toEqual(['800']);
    expect(run.done).toBe(800);
  });

  it('a scrub back while a run is under way drops it and restarts from step 0', () => {
    const r = rig(1);
    const run = new Rerun(r.target, r.scheduler);
    run.run(500);
    r.next();
    let settled = false;
    run.run(10, () => (settled = true));
    expect(settled).toBe(true);
    expect(r.log.filter((l) => l === 'reset')).toHaveLength(1);
    expect(r.waiting()).toBe(0);
    expect(run.done).toBe(10);
  });

  it("back to a far step: the fresh start in the caller's task, the first line typed in the next", () => {
    const r = rig(1);
    const run = new Rerun(r.target, r.scheduler);
    run.run(1000);
    while (r.waiting()) r.next();
    r.log.length = 0;
    let settled = false;
    run.run(500, () => (settled = true));
    // The start alone now (a new session, drawn): a slice after it made one long task.
    expect(r.log).toEqual(['reset']);
    expect(run.running).toBe(true);
    expect(r.next()).toBeLessThanOrEqual(SLICE_MS);
    expect(r.log[1]).toMatch(/^type 0\.\./);
    while (r.waiting()) expect(r.next()).toBeLessThanOrEqual(SLICE_MS);
    expect(settled).toBe(true);
    expect(run.done).toBe(500);
  });

  it("a run that ended on a short last batch does not make the next run's first slice long", () => {
    // Lines of 0.01 ms: small batches until 1 ms of them teaches the cost (100 lines), then one
    // sized for about 550 that has 150 left: 1.5 ms, long enough to be learned from, were it.
    const r = rig(0.01);
    const run = new Rerun(r.target, r.scheduler);
    run.run(250);
    while (r.waiting()) r.next();
    const before = r.clock();
    run.run(5000);
    // A slice may end with one line past its budget (a batch is at least one line): 0.01 ms here.
    const budget = SLICE_MS + 0.02;
    expect(r.clock() - before).toBeLessThanOrEqual(budget);
    while (r.waiting()) expect(r.next()).toBeLessThanOrEqual(budget);
    expect(run.done).toBe(5000);
  });

  it("a page's coarse clock: a batch too short to measure is not taken as free", () => {
    // Comparisons of 0.016 ms read on a clock of 0.1 ms ticks, as performance.now() is in a
    // page that is not cross-origin isolated: a short batch reads 0 ms.
    const r = rig(0.016);
    // Each reading is rounded at a tick whose edge moves a little (browsers add such jitter).
    let seed = 1;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 0.1;
    const scheduler: Scheduler = {
      now: () => Math.floor((r.clock() + jitter()) / 0.1) * 0.1,
      later: r.scheduler.later,
    };
    const run = new Rerun(r.target, scheduler);
    run.run(100_000);
    const times: number[] = [];
    while (r.waiting()) times.push(r.next());
    expect(run.done).toBe(100_000);
    // A slice ends within a batch of its budget; the first (in the caller's task) learns the cost.
    expect(Math.max(...times)).toBeLessThanOrEqual(SLICE_MS + 1);
    // And the slices are full: about as many as the work needs at the budget.
    expect(times.length).toBeLessThan((100_000 * 0.016) / SLICE_MS + 20);
  });

  it('learns the cost of a line: the slices of a run stay within the budget when lines get dearer', () => {
    let cost = 0.25;
    const r = rig(0);
    const target: RerunTarget = {
      reset: () => r.target.reset(),
      type: (from, to) => {
        r.target.type(from, to);
        clock.t += (to - from) * cost;
      },
    };
    const clock = { t: 0 };
    const scheduler: Scheduler = { now: () => clock.t, later: r.scheduler.later };
    const run = new Rerun(target, scheduler);
    run.run(100);
    cost = 1;
    run.run(2000);
    const times: number[] = [];
    while (r.waiting()) {
      const before = clock.t;
      r.next();
      times.push(clock.t - before);
    }
    expect(run.done).toBe(2000);
    // Only the first batch after the change overshoots (it had not seen the new cost yet).
    expect(times.every((t) => t <= SLICE_MS)).toBe(true);
  });
});
