/**
 * A lesson where the learner plays the server (`role: server`): the client
 * machine sends the lesson's message in its era, the learner's reply lines go
 * to a role reversal (machines/role-reversal.ts), which judges each reply and
 * lets the client act on it. The run keeps the lines typed (for progress,
 * reports and replays) and gives the goals their context. A multi-line reply
 * is its lines one after another (`250-...` lines, then `250 ...`): the
 * reversal's reader holds them until the last.
 */
import { recipientOutcomes, RoleReversal, type ReplyVerdict } from '../machines/role-reversal.ts';
import { DEFAULT_CLIENT_OPTIONS } from '../protocol/client/outgoing.ts';
import { resultOf, type ClientInput } from '../protocol/client/state.ts';
import { DIALECTS } from '../protocol/dialects/index.ts';
import { groupMarker } from './goal-groups.ts';
import {
  evaluateGoals,
  quizContext,
  replayRun,
  type GoalContext,
  type GoalResult,
} from './goals.ts';
import { parseQuizAnswer } from './quiz-answer.ts';
import { worldOf } from './run.ts';
import type { ClientSettings, Goal, Settings } from './types.ts';

/** The client of a server-role lesson that sets no `client`: alice of client.test writes to bob. */
export const LESSON_CLIENT: Required<Omit<ClientSettings, 'starttls' | 'pipelining'>> = {
  from: 'alice@client.test',
  to: ['bob@example.test'],
  subject: 'Hello',
  body: 'Hello Bob, this is Alice.',
  hello: 'client.test',
};

/** A reply line: three digits, then nothing, a space or a hyphen (a line of a multi-line reply) and text. */
export const REPLY_LINE = /^\d{3}(?:[ -].*)?$/;

/** The client machine's input: the lesson's message and choices over the defaults, in its era. */
export function clientInputOf(settings: Settings): ClientInput {
  const c = { ...LESSON_CLIENT, ...settings.client };
  return {
    dialect: DIALECTS[settings.dialect ?? 'rfc5321'],
    message: {
      from: c.from,
      to: [...c.to],
      text: `Subject: ${c.subject}\r\n\r\n${c.body.replace(/\r?\n/g, '\r\n')}\r\n`,
    },
    options: {
      ...DEFAULT_CLIENT_OPTIONS,
      hello: c.hello,
      ...(c.pipelining !== undefined ? { pipelining: c.pipelining } : {}),
      ...(c.starttls !== undefined ? { starttls: c.starttls } : {}),
    },
  };
}

export class ReverseLessonRun {
  readonly reversal: RoleReversal;
  /** The last answer given to each quiz, by question id. */
  readonly answers: Record<string, string> = {};
  /** Every answer given to each quiz, in order (a right answer stays given). */
  readonly given: Record<string, string[]> = {};
  private readonly record: string[] = [];

  constructor(
    readonly settings: Settings,
    /** Replies typed before the learner starts (`start.smtp`): not in `typed`. */
    start: readonly string[] = [],
  ) {
    this.reversal = new RoleReversal(clientInputOf(settings), worldOf(settings));
    for (const line of start) this.type(line);
    this.record.length = 0;
  }

  /** The lines typed, one reply line or quiz answer each (the form `solution.smtp` takes). */
  get typed(): readonly string[] {
    return [...this.record];
  }

  get client() {
    return this.reversal.client;
  }

  get done(): boolean {
    return this.reversal.done;
  }

  get verdicts(): readonly ReplyVerdict[] {
    return this.reversal.verdicts;
  }

  get waitingFor() {
    return this.reversal.waitingFor;
  }

  /** Reply lines typed at once (the panel: one line, or several pasted); each is kept as its own line. */
  answer(text: string): ReplyVerdict[] {
    this.record.push(...text.replace(/\r?\n$/, '').split(/\r?\n/));
    return this.reversal.answer(text);
  }

  /**
   * One line of a solution or of saved progress: a quiz answer (`? id:
   * answer`) or a reply line. Group markers change nothing here (the
   * client reads replies in order whether they come together or not); a
   * line that is not a reply is not sent, as the panel refuses it.
   */
  type(line: string): void {
    const quiz = parseQuizAnswer(line);
    if (quiz) {
      this.record.push(line);
      this.answers[quiz.id] = quiz.answer;
      (this.given[quiz.id] ??= []).push(quiz.answer);
      return;
    }
    if (groupMarker(line) || !REPLY_LINE.test(line)) return;
    this.answer(line);
  }

  context(): GoalContext {
    const client = this.reversal.client;
    return {
      transcript: [],
      mailbox: [],
      ...quizContext(this.answers, this.given),
      reverse: {
        verdicts: [...this.reversal.verdicts],
        recipients: recipientOutcomes(client.context.message.to, resultOf(client.context)),
        done: client.done,
        ended: client.ended,
      },
    };
  }

  evaluate(goals: readonly Goal[]): GoalResult[] {
    return evaluateGoals(goals, this.context());
  }
}

/** A server-role lesson's lines replayed: the run and its goals. */
export function replayReverse(
  lesson: { settings: Settings; goals: readonly Goal[]; start?: readonly string[] },
  lines: readonly string[],
): { run: ReverseLessonRun; results: GoalResult[]; allMet: boolean } {
  return replayRun(new ReverseLessonRun(lesson.settings, lesson.start), lesson.goals, lines);
}
