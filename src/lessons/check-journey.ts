/**
 * lessons:check for a lesson where the learner sends a message through a
 * world of hosts (`role: journey`): its goals are the journey's kinds or
 * quizzes, its world is a scenario (no faults or comparisons to script) and
 * each solution line is an action or a quiz answer. The journey's settings
 * need that role. (Its addresses are checked with every lesson's names.)
 */
import { JOURNEY_ROLE_KINDS } from './goals-journey.ts';
import { ANY_ROLE_KINDS } from './goals-reverse.ts';
import { JOURNEY_ACTIONS, isJourneyAction } from './journey-run.ts';
import { isQuizAnswer } from './quiz-answer.ts';
import type { Problem } from './tree.ts';
import type { Lesson } from './types.ts';

/** Problems of a journey lesson, or of journey settings in a lesson of another role. */
export function checkJourneyRole(lesson: Lesson, file: string): Problem[] {
  const problems: Problem[] = [];
  const journey = lesson.settings.role === 'journey';
  if (!journey) {
    lesson.goals.forEach((g, i) => {
      if (JOURNEY_ROLE_KINDS.includes(g.kind))
        problems.push({
          file,
          message: `"goals[${i}]" (${g.kind}) checks a message's journey through a world: it needs "role: journey"`,
        });
    });
    for (const key of ['scenario', 'journey'] as const)
      if (lesson.settings[key] !== undefined)
        problems.push({ file, message: `"${key}" applies only with "role: journey"` });
    return problems;
  }
  lesson.goals.forEach((g, i) => {
    if (!JOURNEY_ROLE_KINDS.includes(g.kind) && !ANY_ROLE_KINDS.includes(g.kind))
      problems.push({
        file,
        message: `"goals[${i}]" (${g.kind}) is not a goal of a "role: journey" lesson: use ${[...JOURNEY_ROLE_KINDS, ...ANY_ROLE_KINDS].join(', ')}`,
      });
  });
  if (lesson.faults.length)
    problems.push({
      file,
      message: '"faults" script the simulated server; a "role: journey" lesson picks a "scenario"',
    });
  if (lesson.compare?.length)
    problems.push({
      file,
      message: '"compare" replays client sessions; it cannot be used with "role: journey"',
    });
  if (lesson.settings.client)
    problems.push({ file, message: '"client" applies only with "role: server"' });
  (lesson.solution ?? []).forEach((line, i) => {
    if (!isJourneyAction(line) && !isQuizAnswer(line))
      problems.push({
        file: `${lesson.dir}/solution.smtp`,
        message: `line ${i + 1}: "${line}" is neither a journey action (${JOURNEY_ACTIONS.join(', ')}) nor a quiz answer (? id: answer)`,
      });
  });
  return problems;
}
