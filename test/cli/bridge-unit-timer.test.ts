import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnitTimer, type UnitKind } from '../../src/cli/bridge-unit-timer.ts';
import type { Session } from '../../src/machines/session.ts';

/** The three things the timer reads of a session. */
function fakeSession() {
  const s = { closed: false, receiving: null as UnitKind | null, steps: 0 };
  return { s, session: s as unknown as Session };
}

describe('UnitTimer: one timer per connection for the unit being received', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('ends a command line that is not complete within its limit, counted from its first byte', () => {
    const expired: [UnitKind, number][] = [];
    const unit = new UnitTimer({ command: 10, data: 60 }, (k, s) => void expired.push([k, s]));
    const { s, session } = fakeSession();
    s.receiving = 'command';
    unit.time(session);
    vi.advanceTimersByTime(6_000);
    unit.time(session); // more bytes of the same line: the clock goes on
    vi.advanceTimersByTime(3_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([['command', 10]]);
  });

  it('between units the armed timer finds nothing to end; the next unit gets its whole limit', () => {
    const expired: UnitKind[] = [];
    const unit = new UnitTimer({ command: 10, data: 60 }, (k) => void expired.push(k));
    const { s, session } = fakeSession();
    s.receiving = 'command';
    unit.time(session);
    s.receiving = null; // the line ended
    s.steps = 1;
    unit.time(session);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(20_000); // long idle: still no unit
    s.receiving = 'command';
    unit.time(session); // a new line begins: 10 s from now, not from the first one
    vi.advanceTimersByTime(9_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['command']);
  });

  it('a new unit of the same kind restarts the clock; message text has its own limit', () => {
    const expired: [UnitKind, number][] = [];
    const unit = new UnitTimer({ command: 10, data: 60 }, (k, s) => void expired.push([k, s]));
    const { s, session } = fakeSession();
    s.receiving = 'command';
    unit.time(session);
    vi.advanceTimersByTime(8_000);
    s.steps = 1; // that line was read and another one begun in the same chunk
    unit.time(session);
    vi.advanceTimersByTime(8_000);
    expect(expired).toEqual([]);
    s.steps = 2;
    s.receiving = 'data'; // after 354
    unit.time(session);
    vi.advanceTimersByTime(59_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual([['data', 60]]);
  });

  it('stop() and a closed session end nothing afterwards', () => {
    const expired: UnitKind[] = [];
    const unit = new UnitTimer({ command: 10, data: 60 }, (k) => void expired.push(k));
    const { s, session } = fakeSession();
    s.receiving = 'data';
    unit.time(session);
    s.closed = true;
    unit.time(session);
    vi.advanceTimersByTime(120_000);
    s.closed = false;
    s.steps = 1;
    unit.time(session);
    unit.stop();
    vi.advanceTimersByTime(120_000);
    expect(expired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
