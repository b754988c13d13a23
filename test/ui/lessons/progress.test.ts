import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  importProgress,
  unreadableKey,
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
  ])(
    'an unreadable store (%s) is reported with a reason and kept aside, never thrown',
    (_, raw) => {
      const store = memoryStore({ [PROGRESS_KEY]: raw });
      const loaded = loadProgress(store);
      expect(loaded.status).toBe('reset');
      if (loaded.status === 'reset')
        expect(loaded.reason).toMatch(/could not be read.*copy was kept/);
      expect(store.data.has(PROGRESS_KEY)).toBe(false);
      expect(store.data.get(unreadableKey(PROGRESS_KEY))).toBe(raw);
    },
  );

  it('a bad entry is left out, the others kept, and the learner told which', () => {
    const raw = JSON.stringify({
      format: 'smtp-simulator-progress',
      version: 1,
      lessons: {
        'a/ok': { done: true, solvedWith: ['HELO x'] },
        'a/yes': { done: 'yes' },
        'a/lines': { done: true, lines: [1] },
        'b/started': { done: false, lines: ['EHLO x'] },
      },
    });
    const store = memoryStore({ [PROGRESS_KEY]: raw });
    const loaded = loadProgress(store);
    expect(loaded).toMatchObject({
      status: 'ok',
      progress: {
        'a/ok': { done: true, solvedWith: ['HELO x'] },
        'b/started': { done: false, lines: ['EHLO x'] },
      },
    });
    if (loaded.status !== 'ok') return;
    expect(Object.keys(loaded.progress)).toEqual(['a/ok', 'b/started']);
    expect(loaded.note).toMatch(/2 lessons could not be read \(a\/yes, a\/lines\)/);
    // Nothing is wiped: the stored text stays, and a copy is kept from the next save.
    expect(store.data.get(PROGRESS_KEY)).toBe(raw);
    expect(store.data.get(unreadableKey(PROGRESS_KEY))).toBe(raw);
  });

  it('a newer version: what can be read is used, the learner is told, nothing is wiped', () => {
    const raw = JSON.stringify({
      format: 'smtp-simulator-progress',
      version: 3,
      lessons: { 'a/b': { done: true, stars: 3 }, 'a/c': { state: 'new-shape' } },
    });
    const store = memoryStore({ [PROGRESS_KEY]: raw });
    const loaded = loadProgress(store);
    expect(loaded).toMatchObject({ status: 'ok', progress: { 'a/b': { done: true } } });
    if (loaded.status === 'ok') expect(loaded.note).toMatch(/newer version.*format 3/);
    expect(store.data.get(PROGRESS_KEY)).toBe(raw);
    expect(store.data.get(unreadableKey(PROGRESS_KEY))).toBe(raw);
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
    expect(saveProgress(store, {})).toBe(
      "Your progress could not be saved: the browser's storage for this page is full.",
    );
  });

  it('export then import round-trips; a bad file is refused with a reason', () => {
    const progress = {
      'a/b': { done: true, solvedWith: ['QUIT'], doneAt: '2024-01-01T00:00:00Z' },
    };
    expect(importProgress(serializeProgress(progress))).toEqual({ progress, skipped: [] });
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
