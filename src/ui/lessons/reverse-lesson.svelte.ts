/**
 * A lesson where the learner plays the server (`role: server`), in the lesson
 * view: the Play-the-server panel's model (ui/reverse) played over the
 * lesson's run (lessons/reverse-run.ts), which keeps the replies typed for
 * the goals, the progress and the completion report.
 */
import { ReverseLessonRun, type Lesson } from '../../lessons/index.ts';
import { inputsOf } from '../../lessons/goal-groups.ts';
import { isQuizAnswer } from '../../lessons/quiz-answer.ts';
import { ReverseController } from '../reverse/reverse.svelte.ts';

export class ReverseLessonPlay {
  /** The lesson's run under way (a new one on "Start again"). */
  run!: ReverseLessonRun;
  readonly game: ReverseController;
  /** Lines typed again (a restore, an undo): one check of the goals at the end, not one per line. */
  private quiet = false;

  constructor(lesson: Lesson, onchange: () => void) {
    this.game = new ReverseController({
      era: lesson.settings.dialect ?? 'rfc5321',
      start: () => (this.run = new ReverseLessonRun(lesson.settings, lesson.start)),
      onchange: () => {
        if (!this.quiet) onchange();
      },
    });
  }

  /** One input, as typed: a quiz answer, a reply line, or lines sent at once. */
  input(input: string | readonly string[]): void {
    const lines = typeof input === 'string' ? [input] : input;
    const quiz = lines.filter(isQuizAnswer);
    for (const line of quiz) this.run.type(line);
    const replies = lines.filter((l) => !isQuizAnswer(l));
    if (replies.length) this.game.answer(replies.join('\n'));
  }

  /** Saved lines typed again, input by input, without a check of the goals after each. */
  replay(lines: readonly string[]): void {
    this.quiet = true;
    try {
      for (const input of inputsOf(lines)) this.input(input);
    } finally {
      this.quiet = false;
    }
  }
}
