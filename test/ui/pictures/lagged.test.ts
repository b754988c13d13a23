import { describe, expect, it } from 'vitest';
import { LaggedSimulator } from '../../../src/ui/pictures/lagged.svelte.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { nextTask } from '../../../src/ui/shared/next-task.ts';
import { FIXED_NOW } from '../../helpers.ts';

/** Resolves after the tasks already queued (a message posted after theirs). */
const afterQueuedTasks = () => new Promise<void>((done) => nextTask(done));

describe('the pictures follow the simulator in the next task', () => {
  it('shows the session as it was until the task after the input, then as it is', async () => {
    const sim = new Simulator({ session: { now: FIXED_NOW } });
    const lagged = new LaggedSimulator(sim);
    const view = lagged.view;
    expect(view.state).toBe('greeting');
    expect(view.entries).toBe(sim.entries);

    sim.send('EHLO client.test');
    sim.sendLines(['MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>']);
    lagged.follow(); // what Pictures.svelte's effect does on each change
    // The key's task: the pictures still draw the session before the input.
    expect(sim.state).toBe('transaction.rcpt');
    expect(view.state).toBe('greeting');
    expect(view.envelope).toBeNull();
    expect(view.entries.length).toBeLessThan(sim.entries.length);

    await afterQueuedTasks();
    expect(view.state).toBe('transaction.rcpt');
    expect(view.entries).toBe(sim.entries);
    expect(view.envelope).toBe(sim.envelope);
    expect(view.envelope?.recipients).toHaveLength(1);
    expect(view.lastTransition).toEqual(sim.lastTransition);
    expect(view.session).toBe(sim.session);
  });

  it('reads every other field and method from the simulator itself', () => {
    const sim = new Simulator({ session: { now: FIXED_NOW } });
    const { view } = new LaggedSimulator(sim);
    expect(view.settings).toBe(sim.settings);
    sim.send('NOOP');
    // A getter and a method run on the simulator (its state is in private fields).
    expect(view.typedLines).toEqual(['NOOP']);
    view.send('HELO client.test');
    expect(sim.typedLines).toEqual(['NOOP', 'HELO client.test']);
  });

  it('copies nothing more once stopped', async () => {
    const sim = new Simulator({ session: { now: FIXED_NOW } });
    const lagged = new LaggedSimulator(sim);
    sim.send('EHLO client.test');
    lagged.follow();
    lagged.stop();
    await afterQueuedTasks();
    expect(lagged.view.state).toBe('greeting');
  });
});

describe('nextTask', () => {
  it('runs after the current task and its microtasks, and can be cancelled', async () => {
    const order: string[] = [];
    nextTask(() => order.push('task'));
    const cancel = nextTask(() => order.push('cancelled'));
    cancel();
    queueMicrotask(() => order.push('microtask'));
    order.push('now');
    await afterQueuedTasks();
    expect(order).toEqual(['now', 'microtask', 'task']);
  });
});
