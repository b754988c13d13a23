/**
 * A `role: server` lesson in the app's lesson controller: the Play-the-server
 * panel's model plays the lesson's run, the goals follow each reply typed in
 * it, and progress (lines, undo, Start again, reload, Show solution, quiz
 * answers) works as in other lessons. The sandbox's session is left alone.
 */
import { describe, expect, it, vi } from 'vitest';
import { bundledPack } from '../../src/lessons/browser.ts';
import { lookupIn, verifyReport } from '../../src/lessons/report.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { LessonController } from '../../src/ui/lessons/lesson.svelte.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { memoryStore } from '../ui/store.ts';

const ID = 'play-the-server/refuse-one-recipient';

function make(store = memoryStore()) {
  const sim = new Simulator({ store });
  const lessons = new LessonController(sim, bundledPack(), {
    store,
    typingDelay: 0,
    now: () => '2024-01-01T00:00:00.000Z',
  });
  return { store, sim, lessons };
}

const metCount = (lessons: LessonController) => lessons.results.filter((r) => r.met).length;

describe('a lesson where the learner plays the server, in the lesson view', () => {
  it('opens the panel on the lesson run, with the lesson client; the sandbox stays as it was', () => {
    const { sim, lessons } = make();
    expect(lessons.open(ID)).toBe(true);
    expect(lessons.reverse).not.toBeNull();
    expect(sim.lesson).toBeNull();
    const game = lessons.reverse!.game;
    expect(game.message.to).toEqual(['bob@example.test', 'carol@example.test']);
    expect(game.waitingFor.map((w) => w.verb)).toEqual(['CONNECTION']);
    expect(lessons.results.map((r) => r.met)).toEqual([false, false, false, false, false, false]);
  });

  it('ticks the goals as replies are typed in the panel, and saves them as progress', () => {
    const { store, lessons } = make();
    lessons.open(ID);
    const game = lessons.reverse!.game;
    for (const l of ['220 mail.example.test', '250 mail.example.test', '250 OK', '250 OK'])
      game.answer(l);
    // bob taken: the goal on his RCPT is met, carol's not yet.
    expect(lessons.results[0]!.met).toBe(true);
    expect(lessons.results[1]!.met).toBe(false);
    game.answer('550 No such user here');
    expect(metCount(lessons)).toBe(3);
    for (const l of ['354 go ahead', '250 OK', '221 bye']) game.answer(l);
    expect(metCount(lessons)).toBe(5);
    expect(lessons.answerQuiz('defer', 'b')).toBe(true);
    expect(lessons.allMet).toBe(true);
    expect(lessons.progress[ID]).toMatchObject({ done: true });
    expect(lessons.progress[ID]!.solvedWith).toEqual([
      '220 mail.example.test',
      '250 mail.example.test',
      '250 OK',
      '250 OK',
      '550 No such user here',
      '354 go ahead',
      '250 OK',
      '221 bye',
      '? defer: b',
    ]);

    // Opened again (a reload): the replies are played again, the goals as they were.
    const again = make(store);
    again.lessons.open(ID);
    expect(again.lessons.allMet).toBe(true);
    expect(again.lessons.reverse!.game.done).toBe(true);

    // The report of it is confirmed by replaying the replies.
    const report = lessons.reportText().text;
    const v = verifyReport(report, lookupIn(loadPack('lessons')));
    expect(v.verdicts.find((x) => x.id === ID)?.status).toBe('confirmed');
  });

  it('a multi-line reply typed a line at a time is kept line by line; undo takes back the last line', () => {
    const { lessons } = make();
    lessons.open(ID);
    const game = lessons.reverse!.game;
    game.answer('220 hi');
    game.answer('250-mail.example.test');
    expect(game.pending).toEqual(['250-mail.example.test']);
    game.answer('250 8BITMIME');
    expect(game.waitingFor.map((w) => w.verb)).toEqual(['MAIL']);
    expect(lessons.progress[ID]!.lines).toEqual([
      '220 hi',
      '250-mail.example.test',
      '250 8BITMIME',
    ]);
    lessons.undo();
    expect(lessons.progress[ID]!.lines).toEqual(['220 hi', '250-mail.example.test']);
    expect(lessons.reverse!.game.pending).toEqual(['250-mail.example.test']);
    expect(lessons.reverse!.game.waitingFor.map((w) => w.verb)).toEqual(['EHLO']);
  });

  it("the panel's Start again and the lesson's reset begin a new session with no line typed", () => {
    const { lessons } = make();
    lessons.open(ID);
    lessons.reverse!.game.answer('220 hi');
    expect(lessons.progress[ID]!.lines).toEqual(['220 hi']);
    lessons.reverse!.game.restart();
    expect(lessons.progress[ID]!.lines).toEqual([]);
    expect(lessons.reverse!.game.waitingFor.map((w) => w.verb)).toEqual(['CONNECTION']);
    lessons.reverse!.game.answer('220 hi');
    lessons.reset();
    expect(lessons.progress[ID]!.lines).toEqual([]);
  });

  it('Show solution types the replies in the panel, one at a time, until every goal is met', () => {
    vi.useFakeTimers();
    try {
      const { lessons } = make();
      lessons.open(ID);
      lessons.askSolution();
      lessons.showSolution();
      vi.runAllTimers();
      expect(lessons.allMet).toBe(true);
      expect(lessons.progress[ID]).toMatchObject({ done: true, solutionShown: true });
      expect(lessons.reverse!.game.lines.some((l) => l.text === '550 No such user here')).toBe(
        true,
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaving for a client lesson gives the console its lesson session again, and no panel', () => {
    const { sim, lessons } = make();
    lessons.open(ID);
    lessons.open('smtp-1982/helo-mail-rcpt-data');
    expect(lessons.reverse).toBeNull();
    expect(sim.lesson).not.toBeNull();
    lessons.open(ID);
    expect(sim.lesson).toBeNull();
  });
});
