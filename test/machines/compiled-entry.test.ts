/**
 * The compiled runner runs entry and exit actions as XState does for
 * transitions into the source state itself (with and without `reenter`), into
 * a child, and between siblings of a compound state: each action logs its
 * name, and both runs must log the same names in the same order.
 */
import { createActor, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { CompiledMachine, Runner } from '../../src/machines/compiled.ts';

type Ev = { type: 'self' } | { type: 'again' } | { type: 'down' } | { type: 'side' };
type Log = { type: 'log'; name: string };

const machine = setup({
  types: { context: {} as object, events: {} as Ev, emitted: {} as Log },
  actions: {
    rootIn: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'root entry' })),
    aIn: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a entry' })),
    aOut: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a exit' })),
    xIn: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a.x entry' })),
    xOut: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a.x exit' })),
    yIn: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a.y entry' })),
    yOut: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'a.y exit' })),
    own: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'log', name: 'transition' })),
  },
}).createMachine({
  context: {},
  entry: 'rootIn',
  initial: 'a',
  states: {
    a: {
      entry: 'aIn',
      exit: 'aOut',
      initial: 'x',
      on: {
        self: { target: 'a', actions: 'own' },
        again: { target: 'a', reenter: true, actions: 'own' },
        down: { target: '.y', actions: 'own' },
      },
      states: {
        x: { entry: 'xIn', exit: 'xOut', on: { side: { target: 'y', actions: 'own' } } },
        y: { entry: 'yIn', exit: 'yOut', on: { side: { target: 'x', actions: 'own' } } },
      },
    },
  },
});

function viaXState(events: readonly Ev[]): string[] {
  const out: string[] = [];
  const actor = createActor(machine);
  actor.on('log', (e) => void out.push(e.name));
  actor.start();
  for (const e of events) actor.send(e);
  return out;
}

function viaRunner(events: readonly Ev[]): string[] {
  const out: string[] = [];
  const runner = new Runner(new CompiledMachine<object, Ev, Log>(machine), {}, (e) =>
    out.push(e.name),
  );
  runner.start({ type: 'self' });
  for (const e of events) runner.send(e);
  return out;
}

describe('entry and exit actions in the compiled runner, as in XState', () => {
  const cases: Record<string, Ev[]> = {
    'a transition into its own state, no reenter': [{ type: 'self' }],
    'a transition into its own state with reenter': [{ type: 'again' }],
    'into a child of the source': [{ type: 'down' }],
    'between siblings, then back to the source': [{ type: 'side' }, { type: 'self' }],
    'all of them in turn': [
      { type: 'side' },
      { type: 'again' },
      { type: 'down' },
      { type: 'self' },
    ],
  };
  for (const [name, events] of Object.entries(cases))
    it(name, () => {
      const expected = viaXState(events);
      expect(expected.length).toBeGreaterThan(3);
      expect(viaRunner(events)).toEqual(expected);
    });

  it('the root entry runs once, at the start', () => {
    expect(
      viaRunner([{ type: 'self' }, { type: 'self' }]).filter((n) => n === 'root entry'),
    ).toEqual(['root entry']);
  });
});
