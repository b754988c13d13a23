/**
 * A lesson's status as the learner's progress keeps it: when it was started,
 * whether it is done, the lines that did it and when. These are lesson rules
 * (the completion report relies on them), so the page only stores and shows
 * what is decided here. Pure: no Svelte, no DOM; the clock is passed in.
 */
import type { GoalResult } from './goals.ts';

export interface LessonStatus {
  readonly done: boolean;
  /** The learner's lines that met every goal (set once, when the lesson is done). */
  readonly solvedWith?: readonly string[];
  /** When the goals were first met (ISO date). */
  readonly doneAt?: string;
  /** "Show solution" was used in this lesson (it is said in the completion report). */
  readonly solutionShown?: boolean;
  /** When the learner first typed in the lesson (ISO date; absent in older stores). */
  readonly startedAt?: string;
  /** The lines typed in the current attempt. */
  readonly lines?: readonly string[];
}

/** Every goal is met (a lesson without goals is never met). */
export function allGoalsMet(results: readonly GoalResult[]): boolean {
  return results.length > 0 && results.every((r) => r.met);
}

/**
 * The status after the learner's lines were evaluated. The attempt's lines
 * are kept; the first line typed starts the lesson; the first time every goal
 * is met, the lesson is done with those lines and that time. Done stays done:
 * a later attempt (reset, undo) never changes what solved it.
 */
export function statusAfter(
  before: LessonStatus | undefined,
  lines: readonly string[],
  met: boolean,
  now: () => string,
): LessonStatus {
  let status: LessonStatus = { ...before, done: before?.done ?? false, lines };
  if (lines.length && !status.startedAt) status = { ...status, startedAt: now() };
  if (met && !before?.done) status = { ...status, done: true, solvedWith: lines, doneAt: now() };
  return status;
}

/** "Show solution" was used: said in the report, so the teacher sees it was shown, not solved. */
export function withSolutionShown(before: LessonStatus | undefined): LessonStatus {
  return { ...before, done: before?.done ?? false, solutionShown: true };
}
