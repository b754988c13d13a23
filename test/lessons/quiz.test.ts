/** Quiz goals: met once answered right, shown with their choices, and the passage to read after a wrong answer. */
import { describe, expect, it } from 'vitest';
import { evaluateGoals, validateGoal } from '../../src/lessons/goals.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { quizViews, seeProblems, seeProblemsIn, seeTarget } from '../../src/lessons/quiz.ts';
import { LessonSession, replay } from '../../src/lessons/run.ts';
import type { Goal } from '../../src/lessons/types.ts';

const QUIZ: Goal = {
  kind: 'quiz',
  id: 'last',
  question: 'Which command may only be the last of a group?',
  choices: ['MAIL', 'RCPT', 'DATA'],
  answer: 'c',
  see: 'RFC 2920 §3.1',
};
const BODY = '## Waiting costs time\n\nText.\n\n```\n## not a heading\n```\n\n## Your turn\n';

describe('a quiz goal', () => {
  it('stays met when a wrong answer follows the right one (console or form: the same line)', () => {
    const s = new LessonSession({});
    s.type('? last: c');
    expect(evaluateGoals([QUIZ], s.context())[0]!.met).toBe(true);
    s.type('? last: a');
    expect(s.answers.last).toBe('a');
    expect(evaluateGoals([QUIZ], s.context())[0]!.met).toBe(true);
    expect(
      replay({ settings: {}, faults: [], goals: [QUIZ] }, ['? last: c', '? last: b']).allMet,
    ).toBe(true);
  });

  it('is met by a later right answer, not by wrong ones', () => {
    expect(
      replay({ settings: {}, faults: [], goals: [QUIZ] }, ['? last: a', '? last: b']).allMet,
    ).toBe(false);
    expect(
      replay({ settings: {}, faults: [], goals: [QUIZ] }, ['? last: a', '? last: C']).allMet,
    ).toBe(true);
  });

  it('a practice task stays done when its question is answered b, then a', () => {
    // The data-421 scenario's quiz: "retry", answered b (right) then a.
    const goal: Goal = {
      kind: 'quiz',
      id: 'retry',
      question: 'q',
      choices: ['x', 'y'],
      answer: 'b',
    };
    const { results } = replay({ settings: {}, faults: [], goals: [goal] }, [
      '? retry: b',
      '? retry: a',
    ]);
    expect(results[0]!.met).toBe(true);
  });

  it('takes an optional `see`: a heading, or an RFC written as lessons cite them', () => {
    expect(validateGoal(QUIZ)).toEqual([]);
    expect(validateGoal({ ...QUIZ, see: 'Waiting costs time' })).toEqual([]);
    expect(validateGoal({ ...QUIZ, see: 3 })[0]).toMatch(/"see" must be a string/);
    expect(seeProblems('RFC 2920 section 3')[0]).toMatch(/RFC 2920 §3.1/);
    expect(seeProblems(' ')).toHaveLength(1);
    for (const ok of ['RFC 2920', 'RFC 2920 §3.1', 'RFC 772 p. 28', 'RFC 821 Appendix E'])
      expect(seeProblems(ok), ok).toEqual([]);
  });
});

describe('where a wrong answer sends the learner', () => {
  it('an RFC section, linked', () => {
    expect(seeTarget('RFC 2920 §3.1', BODY)).toEqual({
      kind: 'rfc',
      rfc: 2920,
      section: '§3.1',
      href: 'https://www.rfc-editor.org/rfc/rfc2920#section-3.1',
    });
    expect(seeTarget('RFC 772 p. 28', BODY)).toMatchObject({
      href: expect.stringMatching(/rfc772#page-28$/),
    });
  });

  it('a heading of the lesson text (any case), else the lesson text', () => {
    expect(seeTarget('waiting costs time', BODY)).toEqual({
      kind: 'section',
      heading: 'Waiting costs time',
    });
    expect(seeTarget('not a heading', BODY)).toEqual({ kind: 'text' });
    expect(seeTarget(undefined, BODY)).toEqual({ kind: 'text' });
  });

  it('lessons:check can say when `see` names nothing', () => {
    const lesson = { body: BODY, rfcs: [2920], goals: [QUIZ] };
    expect(seeProblemsIn(lesson)).toEqual([]);
    expect(seeProblemsIn({ ...lesson, rfcs: [821] })[0]).toMatch(/RFC 2920.*not in "rfcs"/);
    expect(seeProblemsIn({ ...lesson, goals: [{ ...QUIZ, see: 'Nowhere' }] })[0]).toMatch(
      /names no heading.*"Waiting costs time", "Your turn"/,
    );
  });

  it('every `see` of the curriculum names a passage', () => {
    for (const lesson of loadPack('lessons').lessons)
      expect(seeProblemsIn(lesson), lesson.id).toEqual([]);
  });
});

describe('the quiz views', () => {
  it('each question with its choices, its state and the last answer', () => {
    const typed: Goal = {
      kind: 'quiz',
      id: 'port',
      question: 'Port?',
      answer: '587',
      explain: 'RFC 6409.',
    };
    const views = quizViews(
      [{ kind: 'state', state: 'closed' }, QUIZ, typed],
      { last: ['a'], port: ['25', '587'] },
      BODY,
    );
    expect(views.map((v) => [v.id, v.state, v.last])).toEqual([
      ['last', 'wrong', 'a'],
      ['port', 'right', '587'],
    ]);
    expect(views[0]!.choices).toEqual(['MAIL', 'RCPT', 'DATA']);
    expect(views[1]!.choices).toBeNull();
    expect(views[1]!.explain).toBe('RFC 6409.');
    expect(quizViews([QUIZ], {}, BODY)[0]!.state).toBe('unanswered');
  });
});
