/**
 * A lesson where the learner sends a message through a world of hosts
 * (`role: journey`), in the lesson view: the journey view's model
 * (ui/journey) shows the path, the hops' dialogues and the read-back, and
 * the lesson's run (lessons/journey-run.ts) keeps the actions as lines
 * (`send`, `step`, `run`) for the goals, the progress and the report. Both
 * take every action, so the picture and the checklist tell the same journey.
 */
import {
  isJourneyAction,
  journeyMessageOf,
  JourneyLessonRun,
  type JourneyAction,
} from '../../lessons/journey-run.ts';
import type { Lesson } from '../../lessons/index.ts';
import { isQuizAnswer } from '../../lessons/quiz-answer.ts';
import { JourneyController } from '../journey/journey.svelte.ts';

export class JourneyLessonPlay {
  readonly run: JourneyLessonRun;
  readonly view: JourneyController;

  constructor(lesson: Lesson) {
    this.run = new JourneyLessonRun(lesson.settings, lesson.start);
    this.view = new JourneyController();
    const m = journeyMessageOf(lesson.settings);
    this.view.choose(m.scenario);
    this.view.setSender(m.from);
    this.view.recipients = [...m.to];
    for (const line of lesson.start) this.act(line);
  }

  /** Sent, and nothing is left in the queues. */
  get finished(): boolean {
    return this.run.finished;
  }

  get sent(): boolean {
    return this.run.journey !== null;
  }

  /** One line: a quiz answer to the run, an action to the run and the picture. */
  input(line: string): void {
    if (isQuizAnswer(line)) return this.run.type(line);
    if (!isJourneyAction(line)) return;
    this.run.type(line);
    this.act(line.trim() as JourneyAction);
  }

  private act(action: string) {
    if (action === 'send') this.view.send();
    else if (action === 'step') this.view.step();
    else if (action === 'run') this.view.runToEnd();
  }

  /** Saved lines done again, one by one. */
  replay(lines: readonly string[]): void {
    for (const line of lines) this.input(line);
  }
}
