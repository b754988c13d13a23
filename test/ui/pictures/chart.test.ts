import { createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { serverMachine } from '../../../src/machines/server.ts';
import { createSession } from '../../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../../src/protocol/dialects/index.ts';
import {
  deriveChart,
  describeChart,
  transitionTaken,
  type ChartModel,
} from '../../../src/ui/pictures/chart.ts';
import { layoutChart } from '../../../src/ui/pictures/chart-layout.ts';

function chartOf(dialect: DialectId) {
  const s = createSession({ dialect });
  return deriveChart(serverMachine, { dialect: s.dialect, context: s.actor.getSnapshot().context });
}

/** Every state id of a machine, read from its definition. */
function stateIds(node: { path: string[]; states: Record<string, unknown> }): string[] {
  return Object.values(node.states).flatMap((child) => {
    const c = child as { path: string[]; states: Record<string, unknown> };
    return [c.path.join('.'), ...stateIds(c)];
  });
}

describe('state chart derived from the machine', () => {
  it('has every state of the machine when no dialect filters it', () => {
    const model = deriveChart(serverMachine);
    expect(model.states.map((s) => s.id).sort()).toEqual(stateIds(serverMachine.root).sort());
  });

  it('RFC 5321: the states and arrows of today', () => {
    const model = chartOf('rfc5321');
    expect(model.states.map((s) => s.id)).toEqual([
      'greeting',
      'ready',
      'transaction',
      'transaction.mail',
      'transaction.rcpt',
      'data',
      'closed',
    ]);
    expect(describeChart(model)).toEqual(
      expect.arrayContaining([
        'greeting → ready: EHLO/HELO',
        'ready → transaction: MAIL',
        'transaction.mail → transaction.rcpt: RCPT',
        'transaction.rcpt → data: DATA',
        'data → ready: end of data',
        'any state → closed: QUIT, abort',
      ]),
    );
    // A refused connection (a context guard) is not this session's case.
    expect(model.transitions.some((t) => t.from === 'greeting' && t.to === 'closed')).toBe(false);
  });

  it('each dialect shows its own verbs and states (RFC 780 has a pending state)', () => {
    const rfc821 = describeChart(chartOf('rfc821'));
    expect(rfc821).toContain('ready → transaction: MAIL/SEND/SOML/SAML');
    const rfc780 = chartOf('rfc780');
    expect(rfc780.states.map((s) => s.id)).toContain('pending');
    expect(rfc780.states.map((s) => s.id)).not.toContain('transaction.rcpt');
    for (const id of Object.keys(DIALECTS) as DialectId[]) {
      const model = chartOf(id);
      expect(model.states.find((s) => s.parent === null && s.initial)?.id).toBe('greeting');
    }
  });

  it('shows the delayed start (120, then CONT or ABRT) only where the world and the era have it', () => {
    const delayed = createSession({ dialect: 'rfc780', world: { delayedStart: 5 } });
    const model = deriveChart(serverMachine, {
      dialect: delayed.dialect,
      context: delayed.actor.getSnapshot().context,
    });
    const text = describeChart(model);
    expect(text).toContain('delayed → ready: CONT');
    expect(model.states.map((s) => s.id)).toContain('delayed');
    for (const id of ['rfc780', 'rfc5321'] as const)
      expect(chartOf(id).states.map((s) => s.id)).not.toContain('delayed');
  });

  it('follows a machine with a state it has never seen', () => {
    const machine = createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { on: { 'smtp.hello': 'pending' } },
        pending: { on: { 'smtp.continue': 'b', 'smtp.cancel': 'a' } },
        b: { type: 'final' },
      },
    });
    const model = deriveChart(machine);
    expect(model.states.map((s) => s.id)).toEqual(['a', 'pending', 'b']);
    expect(describeChart(model)).toEqual([
      'a → pending: HELO/EHLO',
      'pending → b: CONT',
      'pending → a: ABRT',
    ]);
    const layout = layoutChart(model);
    const y = (id: string) => layout.states.find((s) => s.id === id)!.box.y;
    expect(y('a')).toBeLessThan(y('pending'));
    expect(y('pending')).toBeLessThan(y('b'));
  });

  it('finds the arrow a step took, from the state or its parent', () => {
    const model = chartOf('rfc5321');
    expect(transitionTaken(model, 'transaction.rcpt', 'data')).toMatchObject({
      from: 'transaction.rcpt',
    });
    expect(transitionTaken(model, 'transaction.rcpt', 'ready')).toMatchObject({
      from: 'transaction',
    });
    expect(transitionTaken(model, 'ready', 'transaction.mail')).toMatchObject({
      to: 'transaction',
    });
  });

  it('lays out without overlapping states, top to bottom', () => {
    for (const id of Object.keys(DIALECTS) as DialectId[]) {
      const layout = layoutChart(chartOf(id));
      const leaves = layout.states.filter((s) => s.kind !== 'compound');
      for (const a of leaves)
        for (const b of leaves) {
          if (a === b) continue;
          const apart =
            a.box.x + a.box.w <= b.box.x ||
            b.box.x + b.box.w <= a.box.x ||
            a.box.y + a.box.h <= b.box.y ||
            b.box.y + b.box.h <= a.box.y;
          expect(apart, `${id}: ${a.id} / ${b.id}`).toBe(true);
        }
      expect(layout.transitions.every((t) => t.path.startsWith('M '))).toBe(true);
    }
  });

  it('describes an empty machine without failing', () => {
    const empty: ChartModel = { states: [], transitions: [], anywhere: [] };
    expect(describeChart(empty)).toEqual([]);
  });
});
