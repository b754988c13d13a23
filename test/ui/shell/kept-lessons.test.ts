import { describe, expect, it } from 'vitest';
import { KEPT_LESSON_KEYS, lessonsToRestore } from '../../../src/ui/shell/kept-lessons.ts';
import { PROGRESS_KEY } from '../../../src/ui/lessons/progress.ts';
import { ACTIVE_PACK_KEY } from '../../../src/ui/teacher/teacher-pack.ts';

function store(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('lessons to restore at load', () => {
  it('uses the keys the lessons and the teacher pack keep', () => {
    expect([...KEPT_LESSON_KEYS]).toEqual([PROGRESS_KEY, ACTIVE_PACK_KEY]);
  });

  it('a first visit has none: the lessons wait for the learner', () => {
    expect(lessonsToRestore('', store())).toBe(false);
    expect(lessonsToRestore('?embed=1', store({ 'smtp-simulator/theme': 'dark' }))).toBe(false);
    expect(lessonsToRestore('', undefined)).toBe(false);
  });

  it('a linked pack, kept progress (even unreadable) or a kept pack are read at load', () => {
    expect(lessonsToRestore('?pack=packs/class.json', store())).toBe(true);
    expect(lessonsToRestore('', store({ [PROGRESS_KEY]: '{not json' }))).toBe(true);
    expect(lessonsToRestore('', store({ [ACTIVE_PACK_KEY]: '{}' }))).toBe(true);
  });

  it('a store that throws on access (a sandboxed frame) counts as empty', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(lessonsToRestore('', throwing)).toBe(false);
  });
});
