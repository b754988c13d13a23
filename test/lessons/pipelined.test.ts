/** Lines sent at once: the `!group` syntax, the record of what was typed, the `pipelined` goal. */
import { describe, expect, it } from 'vitest';
import {
  GROUP_END,
  GROUP_START,
  groupMarker,
  inputsOf,
  linesOf,
} from '../../src/lessons/goal-groups.ts';
import { evaluateGoals, validateGoal } from '../../src/lessons/goals.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { LessonSession, replay } from '../../src/lessons/run.ts';
import { readLesson } from '../../src/lessons/schema.ts';

const GROUP = ['MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>', 'DATA'];
const GOAL = { kind: 'pipelined', verbs: ['MAIL', 'RCPT', 'DATA'] };

const met = (s: LessonSession) => evaluateGoals([GOAL], s.context())[0]!.met;

describe('the group syntax', () => {
  it('reads !group and !end (any case), and nothing else', () => {
    expect(groupMarker('!group')).toBe(GROUP_START);
    expect(groupMarker(' !END ')).toBe(GROUP_END);
    for (const l of ['!groups', '!raw x', 'group', '! end']) expect(groupMarker(l)).toBeNull();
  });

  it('cuts lines into inputs and back', () => {
    const lines = ['EHLO c.test', '!group', 'A', 'B', '!end', 'Q', '!end', '!group', 'C'];
    expect(inputsOf(lines)).toEqual(['EHLO c.test', ['A', 'B'], 'Q', ['C']]);
    expect(linesOf(inputsOf(lines))).toEqual(['EHLO c.test', '!group', 'A', 'B', '!end', 'Q', 'C']);
  });
});

describe('a LessonSession', () => {
  it('sends the lines of a !group as one input, and records them as typed', () => {
    const s = new LessonSession({});
    for (const l of ['EHLO client.test', '!group', ...GROUP, '!end']) s.type(l);
    const reads = s.transcript.flatMap((e) => (e.kind === 'client' ? [e.read] : []));
    expect(reads[1]).toBeDefined();
    expect(new Set(reads.slice(1)).size).toBe(1);
    expect(reads[0]).not.toBe(reads[1]);
    // Nothing reached the server before !end.
    expect(s.typed).toEqual(['EHLO client.test', '!group', ...GROUP, '!end']);
    expect(met(s)).toBe(true);
  });

  it('holds the group back until !end', () => {
    const s = new LessonSession({});
    s.type('!group');
    s.type('EHLO client.test');
    expect(s.transcript.filter((e) => e.kind === 'client')).toHaveLength(0);
    s.type('!end');
    expect(s.transcript.filter((e) => e.kind === 'client')).toHaveLength(1);
  });

  it('records a chunk of several lines (Shift+Enter, a paste) as a group, so a replay sends it together', () => {
    const s = new LessonSession({}, [], ['EHLO client.test']);
    s.typeLines(GROUP);
    s.typeLines(['Hello.']);
    expect(s.typed).toEqual(['!group', ...GROUP, '!end', 'Hello.']);
    const again = new LessonSession({}, [], ['EHLO client.test']);
    for (const l of s.typed) again.type(l);
    expect(met(again)).toBe(true);
    expect(again.transcript.map((e) => e.kind)).toEqual(s.transcript.map((e) => e.kind));
  });

  it('does not count the start lines as typed', () => {
    const s = new LessonSession({}, [], ['EHLO client.test']);
    expect(s.typed).toEqual([]);
    expect(s.transcript.some((e) => e.kind === 'client')).toBe(true);
  });
});

describe('the pipelined goal', () => {
  it('is met when the verbs came in one input, not when typed one by one', () => {
    const grouped = new LessonSession({});
    grouped.type('EHLO client.test');
    grouped.typeLines(GROUP);
    expect(met(grouped)).toBe(true);
    const single = new LessonSession({});
    for (const l of ['EHLO client.test', ...GROUP]) single.type(l);
    expect(met(single)).toBe(false);
  });

  it('counts a verb listed twice twice, in the same input', () => {
    const s = new LessonSession({});
    s.type('EHLO client.test');
    s.typeLines(['MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>']);
    s.type('RCPT TO:<alice@example.test>');
    const two = { kind: 'pipelined', verbs: ['MAIL', 'RCPT', 'RCPT'] };
    expect(evaluateGoals([two], s.context())[0]!.met).toBe(false);
    expect(evaluateGoals([{ ...two, verbs: ['RCPT', 'MAIL'] }], s.context())[0]!.met).toBe(true);
  });

  it('is checked by the schema: verbs, at least two', () => {
    expect(validateGoal(GOAL)).toEqual([]);
    expect(validateGoal({ kind: 'pipelined' })).toEqual(['"verbs" is required (string[])']);
    expect(validateGoal({ kind: 'pipelined', verbs: ['MAIL'] })[0]).toMatch(/at least two/);
    const { problems } = readLesson({
      title: 'x',
      rfcs: [2920],
      goals: [{ kind: 'pipelined', verbs: 'MAIL' }],
    });
    expect(problems[0]).toMatch(/goals\[0\].*pipelined.*verbs/);
  });
});

describe('the pipelining lesson', () => {
  const lesson = loadPack('lessons').lessons.find((l) => l.id === 'esmtp/pipelining')!;

  it('sends its group as one input in solution.smtp, and checks it', () => {
    expect(lesson.goals.some((g) => g.kind === 'pipelined')).toBe(true);
    expect(lesson.solution).toContain('!group');
    expect(replay(lesson, lesson.solution!).allMet).toBe(true);
  });

  it('is not done when the same lines are typed one by one', () => {
    const oneByOne = lesson.solution!.filter((l) => groupMarker(l) === null);
    const { results } = replay(lesson, oneByOne);
    expect(results.filter((r) => !r.met).map((r) => r.goal.kind)).toEqual(['pipelined']);
  });
});
