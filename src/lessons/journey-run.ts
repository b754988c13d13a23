/**
 * A lesson where the learner sends a message through a world of hosts and
 * watches its journey (`role: journey`): the lesson's scenario
 * (protocol/network/scenarios.ts) and a Journey (machines/journey.ts) driven
 * by the learner's actions, one line each: `send` (the MUA submits the
 * message), `step` (the next queued try), `run` (every try until the queues
 * are empty), and quiz answers. The run keeps the lines typed (for progress,
 * reports and replays) and gives the goals the journey's events.
 */
import { Journey } from '../machines/journey.ts';
import type { Network } from '../protocol/network/index.ts';
import {
  SCENARIOS,
  scenarioLetter,
  scenarioNetwork,
  type ScenarioId,
} from '../protocol/network/scenarios.ts';
import {
  evaluateGoals,
  quizContext,
  replayRun,
  type GoalContext,
  type GoalResult,
} from './goals.ts';
import { parseQuizAnswer } from './quiz-answer.ts';
import type { Goal, Settings } from './types.ts';

/** The actions a journey lesson's lines name, as the lesson view's buttons do them. */
export const JOURNEY_ACTIONS = ['send', 'step', 'run'] as const;
export type JourneyAction = (typeof JOURNEY_ACTIONS)[number];

export const isJourneyAction = (line: string): line is JourneyAction =>
  (JOURNEY_ACTIONS as readonly string[]).includes(line.trim());

/** The sender when a lesson names none: carol of elsewhere.test, the MUA's own account. */
export const JOURNEY_SENDER = 'carol@elsewhere.test';

/** A journey lesson's scenario, sender and recipients, the defaults filled in. */
export function journeyMessageOf(settings: Settings): {
  scenario: ScenarioId;
  from: string;
  to: readonly string[];
} {
  const scenario = settings.scenario ?? 'direct';
  const to = settings.journey?.to ?? SCENARIOS.find((s) => s.id === scenario)?.to ?? [];
  return { scenario, from: settings.journey?.from ?? JOURNEY_SENDER, to: [...to] };
}

export class JourneyLessonRun {
  readonly network: Network;
  readonly from: string;
  readonly to: readonly string[];
  /** The journey under way; null until the message is sent. */
  journey: Journey | null = null;
  readonly answers: Record<string, string> = {};
  readonly given: Record<string, string[]> = {};
  private readonly record: string[] = [];

  constructor(
    readonly settings: Settings,
    /** Lines done before the learner starts (`start.smtp`): not in `typed`. */
    start: readonly string[] = [],
  ) {
    const m = journeyMessageOf(settings);
    this.network = scenarioNetwork(m.scenario);
    this.from = m.from;
    this.to = m.to;
    for (const line of start) this.type(line);
    this.record.length = 0;
  }

  /** The lines typed, one action or quiz answer each (the form `solution.smtp` takes). */
  get typed(): readonly string[] {
    return [...this.record];
  }

  /** The queues are empty after the message was sent: nothing more will happen. */
  get finished(): boolean {
    return this.journey !== null && this.journey.queue.length === 0;
  }

  /**
   * One line of a solution or of saved progress: a quiz answer or an action.
   * `step` and `run` before `send` send first, as the view's buttons do; a
   * second `send` sends the message again, in a fresh journey. Other lines
   * are not actions and change nothing.
   */
  type(line: string): void {
    const quiz = parseQuizAnswer(line);
    if (quiz) {
      this.record.push(line);
      this.answers[quiz.id] = quiz.answer;
      (this.given[quiz.id] ??= []).push(quiz.answer);
      return;
    }
    const action = line.trim();
    if (!isJourneyAction(action)) return;
    this.record.push(action);
    if (action === 'send' || !this.journey) this.send();
    if (action === 'step') this.journey!.step();
    if (action === 'run') this.journey!.run();
  }

  private send() {
    this.journey = new Journey(this.network).submit({
      from: this.from,
      to: [...this.to],
      text: scenarioLetter(this.from, this.to),
    });
  }

  context(): GoalContext {
    const j = this.journey;
    return {
      transcript: [],
      mailbox: [],
      ...quizContext(this.answers, this.given),
      journey: { events: j ? [...j.events] : [], sent: j !== null, finished: this.finished },
    };
  }

  evaluate(goals: readonly Goal[]): GoalResult[] {
    return evaluateGoals(goals, this.context());
  }
}

/** A journey lesson's lines replayed: the run and its goals. */
export function replayJourney(
  lesson: { settings: Settings; goals: readonly Goal[]; start?: readonly string[] },
  lines: readonly string[],
): { run: JourneyLessonRun; results: GoalResult[]; allMet: boolean } {
  return replayRun(new JourneyLessonRun(lesson.settings, lesson.start), lesson.goals, lines);
}
