/**
 * Replaying any lesson's lines, whichever role the learner plays: commands
 * to the simulated server (run.ts), or replies to the client machine
 * (`role: server`, reverse-run.ts), or actions on a journey through a
 * world of hosts (`role: journey`, journey-run.ts). lessons:check, report verification and
 * the course's tests all replay through here.
 */
import type { GoalResult } from './goals.ts';
import { replayJourney } from './journey-run.ts';
import { replayReverse } from './reverse-run.ts';
import { decisiveLine, replay } from './run.ts';
import type { Fault, Goal, Settings } from './types.ts';

export interface ReplayableLesson {
  readonly settings: Settings;
  readonly faults: readonly Fault[];
  readonly goals: readonly Goal[];
  readonly start?: readonly string[];
}

export interface LessonReplay {
  readonly results: GoalResult[];
  readonly allMet: boolean;
}

export const playsServer = (lesson: { readonly settings: Settings }): boolean =>
  lesson.settings.role === 'server';

/** The learner sends a message through a world of hosts and watches its journey. */
export const playsJourney = (lesson: { readonly settings: Settings }): boolean =>
  lesson.settings.role === 'journey';

export function replayLesson(lesson: ReplayableLesson, lines: readonly string[]): LessonReplay {
  const { results, allMet } = playsServer(lesson)
    ? replayReverse(lesson, lines)
    : playsJourney(lesson)
      ? replayJourney(lesson, lines)
      : replay(lesson, lines);
  return { results, allMet };
}

/**
 * The index of the line after which every goal is met (the line that meets
 * the last goal), or -1 when the lines never meet them all.
 */
export function decisiveLineOf(lesson: ReplayableLesson, lines: readonly string[]): number {
  if (!playsServer(lesson) && !playsJourney(lesson)) return decisiveLine(lesson, lines);
  for (let i = 0; i < lines.length; i++)
    if (replayLesson(lesson, lines.slice(0, i + 1)).allMet) return i;
  return -1;
}
