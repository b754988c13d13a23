import { describe, expect, it } from 'vitest';
import { allGoalsMet, statusAfter, withSolutionShown } from '../../src/lessons/status.ts';
import type { GoalResult } from '../../src/lessons/goals.ts';

const clock = () => {
  let n = 0;
  return () => `2024-01-01T00:00:0${n++}Z`;
};
const result = (met: boolean) => ({ met }) as GoalResult;

describe('lesson status', () => {
  it('is met only when there are goals and every one is met', () => {
    expect(allGoalsMet([])).toBe(false);
    expect(allGoalsMet([result(true), result(false)])).toBe(false);
    expect(allGoalsMet([result(true), result(true)])).toBe(true);
  });

  it('keeps the lines and starts with the first line typed', () => {
    const now = clock();
    expect(statusAfter(undefined, [], false, now)).toEqual({ done: false, lines: [] });
    expect(statusAfter(undefined, ['HELO a'], false, now)).toEqual({
      done: false,
      lines: ['HELO a'],
      startedAt: '2024-01-01T00:00:00Z',
    });
  });

  it('is done the first time every goal is met, with those lines and that time', () => {
    const now = clock();
    const started = statusAfter(undefined, ['HELO a'], false, now);
    const done = statusAfter(started, ['HELO a', 'QUIT'], true, now);
    expect(done).toEqual({
      done: true,
      lines: ['HELO a', 'QUIT'],
      startedAt: '2024-01-01T00:00:00Z',
      solvedWith: ['HELO a', 'QUIT'],
      doneAt: '2024-01-01T00:00:01Z',
    });
  });

  it('stays done: a later attempt changes the lines, not what solved it', () => {
    const now = clock();
    const done = statusAfter(undefined, ['X'], true, now);
    const again = statusAfter(done, [], false, now);
    expect(again).toMatchObject({ done: true, solvedWith: ['X'], doneAt: done.doneAt, lines: [] });
    expect(statusAfter(again, ['Y'], true, now).solvedWith).toEqual(['X']);
  });

  it('marks the solution shown without touching done', () => {
    expect(withSolutionShown(undefined)).toEqual({ done: false, solutionShown: true });
    expect(withSolutionShown({ done: true, doneAt: 'd' })).toEqual({
      done: true,
      doneAt: 'd',
      solutionShown: true,
    });
  });
});
