/**
 * Every quiz of the course says where to read after a wrong answer: its `see`
 * names a heading of its lesson's text, or a section of an RFC the lesson
 * lists (lessons/README.md, "Goals"). Without it a learner is only sent back
 * to the whole lesson text.
 */
import { describe, expect, it } from 'vitest';
import { loadPack } from '../../src/lessons/load.ts';
import { seeProblems, seeProblemsIn, seeTarget } from '../../src/lessons/quiz.ts';
import { knownRfc } from '../../src/lessons/rfcs.ts';

const pack = loadPack('lessons');
const quizzes = pack.lessons.flatMap((lesson) =>
  lesson.goals
    .filter((g) => g.kind === 'quiz')
    .map((goal) => ({ lesson, goal, at: `${lesson.id}: quiz "${String(goal.id)}"` })),
);

describe('the course quizzes', () => {
  it('are found', () => {
    expect(pack.problems).toEqual([]);
    expect(quizzes.length).toBeGreaterThan(0);
  });

  it('each have a `see`, well formed', () => {
    const missing = quizzes.filter((q) => typeof q.goal.see !== 'string').map((q) => q.at);
    expect(missing, 'quizzes without "see"').toEqual([]);
    for (const { goal, at } of quizzes) expect(seeProblems(String(goal.see)), at).toEqual([]);
  });

  it('each lead to a passage: a heading of the lesson text, or an RFC the lesson lists and the project knows', () => {
    for (const { lesson, goal, at } of quizzes) {
      const target = seeTarget(goal.see, lesson.body);
      expect(target.kind, `${at}: "see: ${String(goal.see)}" names no passage`).not.toBe('text');
      if (target.kind === 'rfc') {
        expect(lesson.rfcs, at).toContain(target.rfc);
        expect(knownRfc(target.rfc), at).toBeDefined();
      }
    }
    for (const lesson of pack.lessons) expect(seeProblemsIn(lesson), lesson.id).toEqual([]);
  });
});
