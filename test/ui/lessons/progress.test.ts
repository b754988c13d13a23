import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  importProgress,
  loadProgress,
  mergeProgress,
  saveProgress,
  serializeProgress,
} from '../../../src/ui/lessons/progress.ts';
import { memoryStore } from '../store.ts';

describe('lesson progress store', () => {
  it('saves and loads', () => {
    const store = memoryStore();
    const progress = { 'a/b': { done: true, solvedWith: ['HELO x'], lines: ['HELO x'] } };
    expect(saveProgress(store, progress)).toBeNull();
    expect(loadProgress(store)).toEqual({ status: 'ok', progress });
  });

  it('an empty store is no progress', () => {
    expect(loadProgress(memoryStore())).toEqual({ status: 'ok', progress: {} });
    expect(loadProgress(undefined)).toEqual({ status: 'ok', progress: {} });
  });

  it.each([
    ['not JSON', '{not json'],
    ['not an object', '42'],
    ['another format', JSON.stringify({ format: 'x', version: 1, lessons: {} })],
    [
      'an old version',
      JSON.stringify({ format: 'smtp-simulator-progress', version: 0, lessons: {} }),
    ],
    [
      'a bad entry',
      JSON.stringify({
        format: 'smtp-simulator-progress',
        version: 1,
        lessons: { x: { done: 'yes' } },
      }),
    ],
    [
      'bad lines',
      JSON.stringify({
        format: 'smtp-simulator-progress',
        version: 1,
        lessons: { x: { done: true, lines: [1] } },
      }),
    ],
  ])('a corrupted store (%s) is reset with a reason, never thrown', (_, raw) => {
    const store = memoryStore({ [PROGRESS_KEY]: raw });
    const loaded = loadProgress(store);
    expect(loaded.status).toBe('reset');
    if (loaded.status === 'reset') expect(loaded.reason).toMatch(/could not be read/);
    expect(store.data.has(PROGRESS_KEY)).toBe(false);
  });

  it('a storage that throws is reported, not thrown', () => {
    const store = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(loadProgress(store).status).toBe('reset');
    expect(saveProgress(store, {})).toMatch(/QuotaExceededError/);
  });

  it('export then import round-trips; a bad file is refused with a reason', () => {
    const progress = {
      'a/b': { done: true, solvedWith: ['QUIT'], doneAt: '2024-01-01T00:00:00Z' },
    };
    expect(importProgress(serializeProgress(progress))).toEqual({ progress });
    expect(importProgress('nope')).toEqual({ reason: 'the file is not valid JSON' });
    expect(importProgress('{}')).toHaveProperty('reason');
  });

  it('merging keeps a lesson done in either', () => {
    const merged = mergeProgress(
      { a: { done: true, solvedWith: ['x'] }, b: { done: false, lines: ['y'] } },
      { a: { done: false }, b: { done: true, solvedWith: ['z'] }, c: { done: true } },
    );
    expect(merged.a).toEqual({ done: true, solvedWith: ['x'] });
    expect(merged.b?.done).toBe(true);
    expect(merged.c?.done).toBe(true);
  });
});
