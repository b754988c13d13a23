import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../src/lessons/browser.ts';
import { ConsoleState } from '../../src/console/console.svelte.ts';
import { LessonController } from '../../src/ui/lessons/lesson.svelte.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { memoryStore } from '../ui/store.ts';

const LESSON = 'then-and-now/same-mail-1981-and-today';

describe('the console after the server closed', () => {
  it('in the sandbox: nothing more can be typed', () => {
    const sim = new Simulator({ store: memoryStore() });
    const cs = new ConsoleState(sim);
    cs.draft = 'QUIT';
    cs.submitDraft();
    expect(sim.closed).toBe(true);
    expect(cs.inputClosed()).toBe(true);
    cs.draft = 'NOOP';
    cs.submitDraft();
    expect(sim.typedLines).toEqual(['QUIT']);
  });

  it('in a lesson: quiz answers are still taken after QUIT, other lines get a notice', () => {
    const store = memoryStore();
    const sim = new Simulator({ store });
    const lessons = new LessonController(sim, bundledPack(), { store, typingDelay: 0 });
    const cs = new ConsoleState(sim);
    expect(lessons.open(LESSON)).toBe(true);
    const lesson = lessons.find(LESSON)!;
    for (const line of lesson.solution!.filter((l) => !l.startsWith('?'))) {
      cs.draft = line;
      cs.submitDraft();
    }
    lessons.update();
    expect(sim.closed).toBe(true);
    expect(cs.mode).toBe('closed');
    expect(cs.inputClosed()).toBe(false);
    expect(lessons.allMet).toBe(false);

    cs.draft = 'NOOP';
    cs.submitDraft();
    expect(sim.notices.at(-1)?.text).toMatch(/only quiz answers/);

    for (const line of lesson.solution!.filter((l) => l.startsWith('?'))) {
      cs.draft = line;
      cs.submitDraft();
    }
    lessons.update();
    expect(lessons.allMet).toBe(true);
  });
});
