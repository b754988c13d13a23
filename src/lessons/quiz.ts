/**
 * Quiz goals as the page shows them: each question with its choices, the
 * answers given so far and, after a wrong one, the passage to read again.
 * Pure: the page renders these views, the console and the form both answer
 * with a line `? id: answer` (quiz-answer.ts).
 */
import type { Goal } from './types.ts';

/** Where a learner who answered wrong is sent: a section of the lesson, an RFC, or the lesson text. */
export type QuizSee =
  | { readonly kind: 'section'; readonly heading: string }
  | { readonly kind: 'rfc'; readonly rfc: number; readonly section: string; readonly href: string }
  | { readonly kind: 'text' };

export interface QuizView {
  readonly id: string;
  readonly question: string;
  /** The choices, in order (the first is answered `a`); null for a typed answer. */
  readonly choices: readonly string[] | null;
  /** unanswered; right (a right answer was given); wrong (answers given, none right). */
  readonly state: 'unanswered' | 'right' | 'wrong';
  /** The last answer given (null before any). */
  readonly last: string | null;
  /** The right answer, as the learner gave it (null until given). */
  readonly right: string | null;
  /** Why the answer is right, shown once it was given. */
  readonly explain: string | null;
  readonly see: QuizSee;
}

/** `RFC 2920`, `RFC 2920 §3.1`, `RFC 772 p. 28`, `RFC 821 Appendix E`. */
const RFC_SEE = /^RFC (\d+)(?: (§\d+(?:\.\d+)*|p\. \d+|Appendix [A-Z]))?$/;

/** Whether an answer is the right one: a choice letter or a typed value, without regard to case. */
export function quizAnswerRight(goal: Goal, answer: string): boolean {
  return answer.trim().toLowerCase() === String(goal.answer ?? '').toLowerCase();
}

/** Problems with a `see` value, on its own (the lesson's text and RFCs: `seeProblemsIn`). */
export function seeProblems(see: string): string[] {
  if (see.trim() === '') return ['"see" must name a heading of the lesson text or an RFC section'];
  if (/^rfc\b/i.test(see) && !RFC_SEE.test(see))
    return [
      `"see" names an RFC as RFC 2920, RFC 2920 §3.1, RFC 772 p. 28 or RFC 821 Appendix E; got ${JSON.stringify(see)}`,
    ];
  return [];
}

/** The headings of a lesson's Markdown text (outside code blocks). */
export function headingsOf(body: string): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const m = fence ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Where `see` sends the learner; without `see` (or with one that names nothing), the lesson text. */
export function seeTarget(see: unknown, body: string): QuizSee {
  if (typeof see !== 'string') return { kind: 'text' };
  const rfc = RFC_SEE.exec(see);
  if (rfc) {
    const n = Number(rfc[1]);
    const part = rfc[2] ?? '';
    const anchor = part.startsWith('§')
      ? `#section-${part.slice(1)}`
      : part.startsWith('p. ')
        ? `#page-${part.slice(3)}`
        : '';
    return {
      kind: 'rfc',
      rfc: n,
      section: part,
      href: `https://www.rfc-editor.org/rfc/rfc${n}${anchor}`,
    };
  }
  const heading = headingsOf(body).find((h) => same(h, see));
  return heading === undefined ? { kind: 'text' } : { kind: 'section', heading };
}

/**
 * What `lessons:check` can say of every quiz's `see` with the lesson at hand:
 * a heading must be one of the lesson text's, an RFC one the lesson lists.
 */
export function seeProblemsIn(lesson: {
  readonly goals: readonly Goal[];
  readonly body: string;
  readonly rfcs: readonly number[];
}): string[] {
  const problems: string[] = [];
  for (const g of lesson.goals) {
    if (g.kind !== 'quiz' || typeof g.see !== 'string' || seeProblems(g.see).length) continue;
    const target = seeTarget(g.see, lesson.body);
    const at = `quiz "${String(g.id)}": "see"`;
    if (target.kind === 'rfc' && !lesson.rfcs.includes(target.rfc))
      problems.push(`${at} cites RFC ${target.rfc}, which is not in "rfcs"`);
    if (target.kind === 'text')
      problems.push(
        `${at} names no heading of the lesson text (${headingsOf(lesson.body)
          .map((h) => JSON.stringify(h))
          .join(', ')})`,
      );
  }
  return problems;
}

/** Each quiz goal of a lesson as the page shows it, from the answers given so far. */
export function quizViews(
  goals: readonly Goal[],
  given: Readonly<Record<string, readonly string[]>>,
  body: string,
): QuizView[] {
  return goals
    .filter((g) => g.kind === 'quiz')
    .map((g) => {
      const id = String(g.id);
      const answers = given[id] ?? [];
      const right = answers.find((a) => quizAnswerRight(g, a)) ?? null;
      return {
        id,
        question: String(g.question),
        choices: Array.isArray(g.choices) ? g.choices.map(String) : null,
        state: right !== null ? 'right' : answers.length ? 'wrong' : 'unanswered',
        last: answers.at(-1) ?? null,
        right,
        explain: typeof g.explain === 'string' ? g.explain : null,
        see: seeTarget(g.see, body),
      };
    });
}

/** The letter that answers choice `i` (0 is `a`). */
export const choiceLetter = (i: number) => String.fromCharCode(97 + i);

/** The line that answers a quiz, as the console takes it. */
export const quizLine = (id: string, answer: string) => `? ${id}: ${answer.trim()}`;
