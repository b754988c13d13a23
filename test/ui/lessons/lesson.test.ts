import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledPack, packFiles } from '../../../src/lessons/browser.ts';
import { loadPack } from '../../../src/lessons/load.ts';
import { LessonController } from '../../../src/ui/lessons/lesson.svelte.ts';
import { PROGRESS_KEY } from '../../../src/ui/lessons/progress.ts';
import { STORAGE_KEY } from '../../../src/ui/sandbox/persistence.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { memoryStore } from '../store.ts';
import { splitTurn } from '../../../src/ui/lessons/turn.ts';
import { lookupIn, verifyReport } from '../../../src/lessons/report.ts';
import { parseMarkdown } from '../../../src/ui/shared/markdown.ts';

const LESSON = 'smtp-1982/helo-mail-rcpt-data';

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

/** What the app does on every session change. */
function type(sim: Simulator, lessons: LessonController, line: string) {
  // A lesson where the learner plays the server takes replies in its panel, not commands;
  // one where the learner sends a message through the world takes actions on its journey.
  if (lessons.reverse) lessons.reverse.input(line);
  else if (lessons.journey) lessons.journey.input(line);
  else sim.send(line);
  lessons.update();
}

describe('lessons in the browser bundle', () => {
  it('discovers the same lessons as the Node loader', () => {
    const node = loadPack(fileURLToPath(new URL('../../../lessons', import.meta.url)));
    const browser = bundledPack();
    expect(browser.problems).toEqual([]);
    expect(browser.lessons.map((l) => l.id)).toEqual(node.lessons.map((l) => l.id));
    expect(packFiles({ '/lessons/README.md': 'x', '/lessons/01-a/index.md': 'y' })).toEqual(
      new Map([['01-a/index.md', 'y']]),
    );
  });
});

const GROUP_OF_FIVE = [
  'MAIL FROM:<alice@client.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<postmaster@example.test>',
  'DATA',
];

describe('LessonController', () => {
  it('configures the session from the lesson and ticks goals as lines are typed', () => {
    const { sim, lessons } = make();
    expect(lessons.open(LESSON)).toBe(true);
    expect(sim.session.dialect.rfc).toBe(821);
    expect(met(lessons)).toEqual([false, false, false, false]);
    type(sim, lessons, 'DATA');
    expect(lessons.explanations.join('\n')).toMatch(/503/);
    type(sim, lessons, 'HELO client.test');
    expect(met(lessons)).toEqual([true, false, false, false]);
    for (const l of ['MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>', 'DATA'])
      type(sim, lessons, l);
    expect(met(lessons)).toEqual([true, true, false, false]);
    for (const l of ['Subject: x', '', 'hi', '.', 'QUIT']) type(sim, lessons, l);
    expect(lessons.allMet).toBe(true);
    expect(lessons.isDone(LESSON)).toBe(true);
    expect(lessons.progress[LESSON]?.solvedWith).toContain('QUIT');
  });

  it('keeps progress and the current lines across a reload, and the sandbox apart', () => {
    const { store, sim, lessons } = make();
    sim.send('EHLO sandbox.test'); // the sandbox session
    lessons.open(LESSON);
    type(sim, lessons, 'HELO client.test');
    const again = make(store);
    expect(again.lessons.progress[LESSON]?.lines).toEqual(['HELO client.test']);
    again.lessons.open(LESSON);
    expect(met(again.lessons)).toEqual([true, false, false, false]);
    // The sandbox session is untouched by the lesson and comes back on leaving it.
    expect(store.data.get(STORAGE_KEY)).toContain('EHLO sandbox.test');
    again.lessons.close();
    expect(again.sim.typedLines).toEqual(['EHLO sandbox.test']);
    expect(again.sim.session.dialect.rfc).toBe(5321);
  });

  it('undo re-runs the session without the last line; reset starts over', () => {
    const { sim, lessons } = make();
    lessons.open(LESSON);
    type(sim, lessons, 'HELO client.test');
    type(sim, lessons, 'MAIL FROM:<alice@client.test>');
    lessons.undo();
    expect(sim.typedLines).toEqual(['HELO client.test']);
    expect(sim.state).toBe('ready');
    lessons.reset();
    expect(sim.typedLines).toEqual([]);
    expect(met(lessons)).toEqual([false, false, false, false]);
  });

  it('hints come one at a time; the solution is typed after confirmation and meets the goals', async () => {
    const { sim, lessons } = make();
    lessons.open(LESSON);
    const lesson = lessons.lesson!;
    for (let i = 0; i < lesson.hints.length + 2; i++) lessons.hint();
    expect(lessons.hintsShown).toBe(lesson.hints.length);
    lessons.askSolution();
    expect(lessons.confirmingSolution).toBe(true);
    lessons.showSolution();
    expect(lessons.typing).toBe(true);
    await expect.poll(() => lessons.typing).toBe(false);
    expect(sim.typedLines).toEqual(lesson.solution);
    expect(lessons.allMet).toBe(true);
  });

  it('every lesson solution, typed in the app, meets its goals (faults and quizzes included)', () => {
    const { sim, lessons } = make();
    for (const lesson of lessons.pack.lessons) {
      lessons.open(lesson.id);
      for (const line of lesson.solution ?? []) type(sim, lessons, line);
      expect(lessons.allMet, lesson.id).toBe(true);
    }
  });

  it('a corrupted progress store gives a message and an empty progress', () => {
    const { lessons } = make(memoryStore({ [PROGRESS_KEY]: '{broken' }));
    expect(lessons.message?.kind).toBe('error');
    expect(lessons.message?.text).toMatch(/progress was reset/);
    expect(lessons.progress).toEqual({});
  });

  it('one bad progress entry is left out, the rest kept, and the learner told which', () => {
    const stored = JSON.stringify({
      format: 'smtp-simulator-progress',
      version: 1,
      lessons: { [LESSON]: { done: true }, 'mtp/mail-in-one-command': 'not an entry' },
    });
    const { lessons } = make(memoryStore({ [PROGRESS_KEY]: stored }));
    expect(lessons.isDone(LESSON)).toBe(true);
    expect(lessons.message?.kind).toBe('error');
    expect(lessons.message?.text).toContain('mtp/mail-in-one-command');
    // Importing a file with a bad entry merges the good ones and names the bad one.
    const fresh = make().lessons;
    expect(fresh.importText(stored)).toBe(true);
    expect(fresh.isDone(LESSON)).toBe(true);
    expect(fresh.message?.text).toContain('mtp/mail-in-one-command');
  });

  it('an unknown lesson id is refused with a message', () => {
    const { lessons } = make();
    expect(lessons.open('no/such-lesson')).toBe(false);
    expect(lessons.message?.text).toMatch(/no lesson/);
  });

  it('links in lesson text to other lessons become deep links; others stay text', () => {
    const { lessons } = make();
    const lesson = lessons.find(LESSON)!;
    const json = JSON.stringify(lessons.blocks(lesson));
    expect(json).toContain('"href":"#/lesson/mtp/mail-in-one-command"');
  });

  it('import merges a file; a bad file is refused with a message', () => {
    const { lessons } = make();
    expect(lessons.importText('not json')).toBe(false);
    expect(lessons.message?.kind).toBe('error');
    const file = JSON.stringify({
      format: 'smtp-simulator-progress',
      version: 1,
      lessons: { [LESSON]: { done: true } },
    });
    expect(lessons.importText(file)).toBe(true);
    expect(lessons.isDone(LESSON)).toBe(true);
    expect(JSON.parse(lessons.exportText()).lessons[LESSON].done).toBe(true);
  });

  it('keeps a pipelined group a group: in progress, across a reload, in undo and in the solution', async () => {
    const PIPE = 'esmtp/pipelining';
    const GROUP = [
      'MAIL FROM:<alice@client.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<nobody@example.test>',
      'RCPT TO:<postmaster@example.test>',
      'DATA',
    ];
    const { store, sim, lessons } = make();
    lessons.open(PIPE);
    type(sim, lessons, 'EHLO client.test');
    sim.sendLines(GROUP); // Shift+Enter in the console
    lessons.update();
    expect(met(lessons)[0]).toBe(true);
    expect(lessons.progress[PIPE]?.lines).toEqual(['EHLO client.test', '!group', ...GROUP, '!end']);
    const again = make(store);
    again.lessons.open(PIPE);
    expect(met(again.lessons)[0]).toBe(true);
    // Undo takes back the whole group, the input it was.
    again.lessons.undo();
    expect(again.lessons.progress[PIPE]?.lines).toEqual(['EHLO client.test']);
    expect(again.sim.state).toBe('ready');
    // Typed one by one, the same lines are no group.
    for (const l of GROUP) type(again.sim, again.lessons, l);
    expect(met(again.lessons)[0]).toBe(false);
    // "Show solution" sends the solution's group at once.
    again.lessons.showSolution();
    await expect.poll(() => again.lessons.typing).toBe(false);
    expect(again.lessons.allMet).toBe(true);
  });

  it('a pipelining lesson done with a group is confirmed by its report, and not when the group is undone', () => {
    const { sim, lessons } = make();
    lessons.open('esmtp/pipelining');
    for (const input of [['EHLO client.test'], GROUP_OF_FIVE, ['Subject: x', '', 'Hi.', '.']])
      if (input.length === 1) type(sim, lessons, input[0]!);
      else {
        sim.sendLines(input);
        lessons.update();
      }
    for (const l of ['? match: c', '? last: c']) type(sim, lessons, l);
    expect(lessons.allMet).toBe(true);
    const verify = (text: string) => verifyReport(text, lookupIn(lessons.pack)).verdicts[0]!.status;
    const text = lessons.reportText().text;
    expect(verify(text)).toBe('confirmed');
    // The same lines without their group markers: typed one by one, refused.
    const report = JSON.parse(text) as { lessons: { lines: string[] }[] };
    report.lessons[0]!.lines = report.lessons[0]!.lines.filter((l) => !l.startsWith('!'));
    expect(verify(JSON.stringify(report))).toBe('rejected');
  });

  it('a quiz answered in its form: feedback, a passage to read, and a right answer stays right', () => {
    const { sim, lessons } = make();
    lessons.open('esmtp/pipelining');
    const quiz = () => lessons.quizzes.find((q) => q.id === 'last')!;
    expect(lessons.quizzes.map((q) => [q.id, q.choices?.length, q.state])).toEqual([
      ['match', 3, 'unanswered'],
      ['last', 3, 'unanswered'],
    ]);
    expect(lessons.answerQuiz('last', ' ')).toBe(false);
    expect(lessons.quizNotice?.id).toBe('last');
    expect(lessons.answerQuiz('last', 'a')).toBe(true);
    expect(quiz()).toMatchObject({ state: 'wrong', last: 'a', see: { kind: 'rfc', rfc: 2920 } });
    expect(lessons.quizzes[0]!.see).toEqual({ kind: 'section', heading: 'Waiting costs time' });
    lessons.answerQuiz('last', 'c');
    expect(quiz().state).toBe('right');
    type(sim, lessons, '? last: b'); // the console's shortcut, a wrong answer after the right one
    expect(quiz()).toMatchObject({ state: 'right', right: 'c', last: 'b' });
    expect(lessons.results.find((r) => r.goal.id === 'last')!.met).toBe(true);
    // The form's answers are lines like the console's, so progress (and the report) keep them.
    expect(lessons.progress['esmtp/pipelining']?.lines).toEqual([
      '? last: a',
      '? last: c',
      '? last: b',
    ]);
  });

  it('a quiz form does not send its answer into message text', () => {
    const { sim, lessons } = make();
    lessons.open('esmtp/pipelining');
    for (const l of [
      'EHLO client.test',
      'MAIL FROM:<alice@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ])
      type(sim, lessons, l);
    expect(lessons.answerQuiz('last', 'c')).toBe(false);
    expect(lessons.quizNotice?.text).toMatch(/Finish the message/);
    expect(sim.typedLines.at(-1)).toBe('DATA');
  });

  it('a practice task stays complete when its question is answered b, then a', () => {
    const { sim, lessons } = make();
    // Seeds drawn until one scripts the 421 with its quiz.
    let seed = 0;
    while (!lessons.find(`practice/${seed}`)!.goals.some((g) => g.kind === 'quiz')) seed++;
    const id = `practice/${seed}`;
    lessons.open(id);
    for (const line of lessons.lesson!.solution!) type(sim, lessons, line);
    expect(lessons.allMet).toBe(true);
    type(sim, lessons, '? retry: a');
    expect(lessons.allMet).toBe(true);
    expect(lessons.quizzes[0]!.state).toBe('right');
    expect(lessons.isDone(id)).toBe(true);
  });
});

describe('the "Your turn" part', () => {
  it('is taken out of the text, up to the next heading of its level', () => {
    const blocks = parseMarkdown('## A\n\nText.\n\n## Your turn\n\nDo it.\n\n## After\n\nMore.');
    const parts = splitTurn(blocks);
    expect(parts.title).toBe('Your turn');
    expect(JSON.stringify(parts.turn)).toContain('Do it.');
    expect(JSON.stringify(parts.text)).toContain('More.');
    expect(JSON.stringify(parts.text)).not.toContain('Do it.');
    expect(splitTurn(parseMarkdown('Just text.')).turn).toBeNull();
  });

  it('every lesson of the course has one', () => {
    const { lessons } = make();
    for (const lesson of lessons.pack.lessons)
      expect(splitTurn(lessons.blocks(lesson)).turn?.length, lesson.id).toBeGreaterThan(0);
  });
});
