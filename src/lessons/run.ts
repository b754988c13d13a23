/**
 * A lesson's session: the protocol session with the lesson's settings, its
 * scripted faults, and quiz answers. Faults are given to the session itself
 * (SessionOptions.faults): the Nth command with the fault's verb gets the
 * fault's reply instead of running, so the transcript, the machine's state
 * and what follows (DATA after a refused RCPT, a closing 421) are the
 * server's own.
 */
import { createSession, type Session, type TranscriptEntry } from '../machines/session.ts';
import type { Delivery } from '../machines/types.ts';
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { withProfile } from '../protocol/profiles.ts';
import { CATALOG, custom, localize, reply, type Reply, type ReplyId } from '../protocol/replies.ts';
import { DEFAULT_WORLD, type World } from '../protocol/world.ts';
import { explainErrors, type Explanation } from './explain.ts';
import { evaluateGoals, type GoalContext, type GoalResult } from './goals.ts';
import type { Fault, Goal, Settings } from './types.ts';
import { isQuizAnswer, parseQuizAnswer } from './quiz-answer.ts';
import { groupMarker, GROUP_END, GROUP_START } from './goal-groups.ts';

import { isRawLine, rawLine, wireOf } from '../protocol/raw-line.ts';

export { isRawLine, rawLine, wireOf, type RawLine } from '../protocol/raw-line.ts';

/** A fixed clock, so replays are deterministic (Received dates, queue ids). */
const FIXED_NOW = () => new Date(Date.UTC(2024, 0, 1, 12, 0, 0));

/** The lesson's world over its port profile (protocol/profiles.ts: the same merge as the app and the bridge). */
export function worldOf(settings: Settings): Partial<World> {
  return withProfile(settings.profile, settings.world);
}

export function faultReply(fault: Fault, dialect: Dialect, host: string): Reply {
  if (fault.reply && fault.reply in CATALOG)
    return localize(
      reply(fault.reply as ReplyId, { host, reason: 'scripted by the lesson' }),
      dialect.replies,
    );
  return custom(fault.code ?? 451, [fault.text ?? 'Requested action aborted']);
}

export class LessonSession {
  readonly session: Session;
  /** The last answer given to each quiz, by question id. */
  readonly answers: Record<string, string> = {};
  /** Every answer given to each quiz, in order (a right answer stays given). */
  readonly given: Record<string, string[]> = {};
  /** The learner's lines as typed, a group of lines sent at once between `!group` and `!end`. */
  private readonly record: string[] = [];
  /** The lines of a `!group` not yet ended (null outside a group). */
  private pending: string[] | null = null;

  constructor(
    readonly settings: Settings,
    readonly faults: readonly Fault[] = [],
    /** Lines typed before the learner starts (`start.smtp`): not in `typed`. */
    start: readonly string[] = [],
  ) {
    const dialect = DIALECTS[settings.dialect ?? 'rfc5321'];
    const world = worldOf(settings);
    const host = world.hostname ?? DEFAULT_WORLD.hostname;
    this.session = createSession({
      dialect,
      world,
      now: FIXED_NOW,
      faults: faults.map((f) => ({
        verb: f.verb,
        occurrence: f.occurrence,
        reply: faultReply(f, dialect, host),
        close: f.close === true,
      })),
    });
    for (const line of start) this.type(line);
    this.record.length = 0;
  }

  /**
   * What the learner typed, in the form `solution.smtp` takes: one line per
   * input, and the lines of one input sent together between `!group` and
   * `!end`, so a replay (progress, completion report) sends them together again.
   */
  get typed(): readonly string[] {
    return [...this.record];
  }

  get dialect(): Dialect {
    return this.session.dialect;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  get transcript(): readonly TranscriptEntry[] {
    return this.session.transcript;
  }

  get mailbox(): readonly Delivery[] {
    return this.session.mailbox;
  }

  /** Steps at which a scripted fault answered. */
  get faultSteps(): readonly number[] {
    return this.session.scriptedSteps;
  }

  /** The replies the lesson scripted (explained as such). */
  get injected(): readonly TranscriptEntry[] {
    const steps = new Set(this.session.scriptedSteps);
    return this.transcript.filter((e) => e.kind === 'server' && steps.has(e.step));
  }

  /**
   * One line the learner typed: a quiz answer (`? id: answer`), a raw line
   * (`!raw ...`, its bytes without CRLF), message text, or a command. A line
   * `!group` holds the lines after it until a line `!end`, which sends them
   * all as one input (RFC 2920 §3.1), in every mode, message text included.
   */
  type(line: string): void {
    const marker = groupMarker(line);
    if (this.pending !== null) {
      if (marker === GROUP_END) {
        const lines = this.pending;
        this.pending = null;
        this.send(lines);
      } else this.pending.push(line);
      return;
    }
    if (marker === GROUP_START) {
      this.pending = [];
      return;
    }
    if (marker === GROUP_END) return;
    this.record.push(line);
    this.typeOne(line);
  }

  private typeOne(line: string): void {
    const answer = this.session.inData ? null : parseQuizAnswer(line);
    if (answer) {
      this.answers[answer.id] = answer.answer;
      (this.given[answer.id] ??= []).push(answer.answer);
      return;
    }
    if (this.closed) return;
    const raw = rawLine(line);
    if (raw) {
      if (raw.ok) this.session.feed(raw.bytes);
      return;
    }
    this.session.send(line);
  }

  /**
   * Several lines sent at once (a pipelined group, RFC 2920; a pasted
   * message) reach the server as one chunk, as from the sandbox, so what
   * depends on the grouping (the RFC 2920 §3.1 notes) is the same. With a
   * quiz answer among them, line by line.
   */
  typeLines(lines: readonly string[]): void {
    if (lines.length === 1 || this.pending !== null || lines.some((l) => groupMarker(l))) {
      for (const line of lines) this.type(line);
      return;
    }
    this.send(lines);
  }

  /** One input of several lines, recorded as a group (line by line with a quiz answer among them). */
  private send(lines: readonly string[]): void {
    if (this.closed || lines.length < 2 || lines.some(isQuizAnswer)) {
      for (const line of lines) {
        this.record.push(line);
        this.typeOne(line);
      }
      return;
    }
    this.record.push(GROUP_START, ...lines, GROUP_END);
    this.session.feed(
      lines.some(isRawLine) ? wireOf(lines) : lines.map((l) => `${l}\r\n`).join(''),
    );
  }

  /** Every 4xx/5xx reply so far, explained from the catalog and the dialect. */
  explain(): Explanation[] {
    return explainErrors(this.transcript, this.dialect, this.injected, this.session.world);
  }

  context(): GoalContext {
    const given = Object.fromEntries(Object.entries(this.given).map(([id, a]) => [id, [...a]]));
    return {
      transcript: this.transcript,
      mailbox: this.mailbox,
      answers: { ...this.answers },
      given,
    };
  }

  evaluate(goals: readonly Goal[]): GoalResult[] {
    return evaluateGoals(goals, this.context());
  }
}

/** Reads a `.smtp` file: one typed line each; a final newline does not add an empty line. */
export function readLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface Replay {
  readonly run: LessonSession;
  readonly results: GoalResult[];
  readonly allMet: boolean;
}

export function replay(
  lesson: {
    settings: Settings;
    faults: readonly Fault[];
    goals: readonly Goal[];
    start?: readonly string[];
  },
  lines: readonly string[],
): Replay {
  const run = new LessonSession(lesson.settings, lesson.faults, lesson.start);
  for (const l of lines) run.type(l);
  const results = run.evaluate(lesson.goals);
  return { run, results, allMet: results.every((r) => r.met) };
}

/**
 * The index of the line after which every goal is met (the line that meets
 * the last goal), or -1 when the lines never meet them all.
 */
export function decisiveLine(
  lesson: Parameters<typeof replay>[0],
  lines: readonly string[],
): number {
  const run = new LessonSession(lesson.settings, lesson.faults, lesson.start);
  for (let i = 0; i < lines.length; i++) {
    run.type(lines[i]!);
    if (run.evaluate(lesson.goals).every((r) => r.met)) return i;
  }
  return -1;
}
