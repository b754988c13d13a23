/**
 * A `role: journey` lesson in the app's lesson controller: the journey view's
 * model shows the lesson's scenario and message, the buttons' actions are
 * the lesson's lines (send, step, run), the goals follow them, and progress
 * (undo, Start again, reload, Show solution, quiz answers, the report) works
 * as in other lessons. The sandbox's session is left alone.
 */
import { describe, expect, it, vi } from 'vitest';
import { bundledPack } from '../../src/lessons/browser.ts';
import { lookupIn, verifyReport } from '../../src/lessons/report.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { LessonController } from '../../src/ui/lessons/lesson.svelte.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { memoryStore } from '../ui/store.ts';

const ID = 'the-journey/retried-from-the-queue';

function make(store = memoryStore()) {
  const sim = new Simulator({ store });
  const lessons = new LessonController(sim, bundledPack(), {
    store,
    typingDelay: 0,
    now: () => '2024-01-01T00:00:00.000Z',
  });
  return { store, sim, lessons };
}

const met = (lessons: LessonController) => lessons.results.map((r) => r.met);

describe('a lesson where the learner sends a message through the world, in the lesson view', () => {
  it('opens the journey of the lesson scenario, nothing sent; the sandbox stays as it was', () => {
    const { sim, lessons } = make();
    expect(lessons.open(ID)).toBe(true);
    expect(lessons.journey).not.toBeNull();
    expect(lessons.reverse).toBeNull();
    expect(sim.lesson).toBeNull();
    const view = lessons.journey!.view;
    expect(view.scenario).toBe('retry');
    expect(view.sender).toBe('carol@elsewhere.test');
    expect(view.recipients).toEqual(['alice@example.test']);
    expect(view.sent).toBe(false);
    expect(met(lessons)).toEqual([false, false, false, false, false, false]);
  });

  it('each button is a line: the picture and the goals follow it, and progress keeps it', () => {
    const { store, lessons } = make();
    lessons.open(ID);
    lessons.journeyAction('send');
    lessons.journeyAction('step');
    const view = lessons.journey!.view;
    expect(view.hops.map((h) => `${h.to} ${h.decided?.code}`)).toEqual([
      'submit.elsewhere.test 250',
      'mx1.example.test 421',
      'mx1.example.test 421',
    ]);
    expect(view.queue).toHaveLength(1);
    expect(met(lessons)).toEqual([true, true, false, false, false, false]);
    lessons.journeyAction('step');
    expect(view.now).toBeGreaterThanOrEqual(30 * 60_000);
    expect(met(lessons)).toEqual([true, true, true, false, false, false]);
    lessons.journeyAction('run');
    expect(view.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
    expect(met(lessons)).toEqual([true, true, true, true, false, false]);
    expect(lessons.answerQuiz('interval', '30')).toBe(true);
    expect(lessons.answerQuiz('giveup', 'b')).toBe(true);
    expect(lessons.allMet).toBe(true);
    expect(lessons.progress[ID]).toMatchObject({ done: true });
    expect(lessons.progress[ID]!.solvedWith).toEqual([
      'send',
      'step',
      'step',
      'run',
      '? interval: 30',
      '? giveup: b',
    ]);

    // Opened again (a reload): the actions are done again, the picture and goals as they were.
    const again = make(store);
    again.lessons.open(ID);
    expect(again.lessons.allMet).toBe(true);
    expect(again.lessons.journey!.view.mailboxes).toHaveLength(1);

    // The report of it is confirmed by replaying the actions.
    const v = verifyReport(lessons.reportText().text, lookupIn(loadPack('lessons')));
    expect(v.verdicts.find((x) => x.id === ID)?.status).toBe('confirmed');
  });

  it('undo takes back the last action, reset all of them', () => {
    const { lessons } = make();
    lessons.open(ID);
    lessons.journeyAction('send');
    lessons.journeyAction('step');
    lessons.undo();
    expect(lessons.progress[ID]!.lines).toEqual(['send']);
    expect(lessons.journey!.view.hops).toHaveLength(1);
    lessons.reset();
    expect(lessons.progress[ID]!.lines).toEqual([]);
    expect(lessons.journey!.view.sent).toBe(false);
  });

  it('Show solution does the actions one at a time until every goal is met', () => {
    vi.useFakeTimers();
    try {
      const { lessons } = make();
      lessons.open('the-journey/a-bounce');
      lessons.askSolution();
      lessons.showSolution();
      expect(lessons.typing).toBe(true);
      // No button works while the solution is typed.
      lessons.journeyAction('send');
      expect(lessons.journey!.run.typed).toEqual([]);
      vi.runAllTimers();
      expect(lessons.allMet).toBe(true);
      expect(lessons.progress['the-journey/a-bounce']).toMatchObject({
        done: true,
        solutionShown: true,
      });
      expect(lessons.journey!.view.mailboxes.map((m) => [m.mailbox, m.from])).toEqual([
        ['carol@elsewhere.test', ''],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaving for a client lesson gives the console its lesson session again, and no journey', () => {
    const { sim, lessons } = make();
    lessons.open(ID);
    lessons.open('smtp-1982/helo-mail-rcpt-data');
    expect(lessons.journey).toBeNull();
    expect(sim.lesson).not.toBeNull();
    lessons.open(ID);
    expect(sim.lesson).toBeNull();
    lessons.close();
    expect(lessons.journey).toBeNull();
  });
});
