/**
 * A lesson's session: the protocol session with the lesson's settings, its
 * scripted faults, and quiz answers. Faults are applied here, at the session
 * API: before a command line is fed, its verb is counted, and when a fault
 * names this occurrence the line is not fed; the fault's reply is recorded
 * in the transcript instead (and the connection closed, if the fault says so).
 */
import { createSession, type Session, type TranscriptEntry } from '../machines/session.ts';
import type { Delivery } from '../machines/types.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import { PROFILES } from '../protocol/profiles.ts';
import { CATALOG, custom, localize, reply, type Reply, type ReplyId } from '../protocol/replies.ts';
import type { World } from '../protocol/world.ts';
import { explainErrors, type Explanation } from './explain.ts';
import { evaluateGoals, verbOf, type GoalContext, type GoalResult } from './goals.ts';
import type { Fault, Goal, Settings } from './types.ts';

/** A line of `solution.smtp` that answers a quiz instead of going to the server. */
const ANSWER = /^\?\s*([\w-]+)\s*[:=]\s*(.+)$/;

/** A fixed clock, so replays are deterministic (Received dates, queue ids). */
const FIXED_NOW = () => new Date(Date.UTC(2024, 0, 1, 12, 0, 0));

export function worldOf(settings: Settings): Partial<World> {
  const profile = settings.profile ? PROFILES.find((p) => p.id === settings.profile) : undefined;
  return { ...(profile?.world ?? {}), ...(settings.world ?? {}) };
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
  private readonly extra: TranscriptEntry[] = [];
  /** The session's transcript merged with fault entries, in order. */
  private readonly merged: TranscriptEntry[] = [];
  private seen = 0;
  private readonly counts = new Map<string, number>();
  private faultClosed = false;
  /** Lines answered by a fault: the session did not count them as steps. */
  private offset = 0;
  readonly answers: Record<string, string> = {};
  /** Steps at which a scripted fault answered. */
  readonly faultSteps: number[] = [];

  constructor(
    readonly settings: Settings,
    readonly faults: readonly Fault[] = [],
  ) {
    this.session = createSession({
      dialect: settings.dialect ?? 'rfc5321',
      world: worldOf(settings),
      now: FIXED_NOW,
    });
    this.sync();
  }

  get dialect(): Dialect {
    return this.session.dialect;
  }

  get closed(): boolean {
    return this.faultClosed || this.session.closed;
  }

  get transcript(): readonly TranscriptEntry[] {
    this.sync();
    return this.merged;
  }

  get mailbox(): readonly Delivery[] {
    return this.session.mailbox;
  }

  /** Entries the lesson added (scripted faults). */
  get injected(): readonly TranscriptEntry[] {
    return this.extra;
  }

  private sync() {
    const t = this.session.transcript;
    // Session steps shift by the scripted lines the session never saw, so steps stay unique.
    while (this.seen < t.length) {
      const e = t[this.seen++]!;
      this.merged.push(this.offset ? { ...e, step: e.step + this.offset } : e);
    }
  }

  private push(entry: TranscriptEntry) {
    this.sync();
    this.extra.push(entry);
    this.merged.push(entry);
  }

  /** One line the learner typed: a quiz answer (`? id: answer`), message text, or a command. */
  type(line: string): void {
    const answer = this.session.inData ? null : ANSWER.exec(line);
    if (answer) {
      this.answers[answer[1]!] = answer[2]!.trim();
      return;
    }
    if (this.closed) return;
    if (!this.session.inData && !this.session.awaitingTls) {
      const verb = verbOf(line);
      const n = (this.counts.get(verb) ?? 0) + 1;
      this.counts.set(verb, n);
      const fault = this.faults.find((f) => f.verb.toUpperCase() === verb && f.occurrence === n);
      if (fault) {
        this.sync();
        const last = this.merged.at(-1);
        const step = (last?.step ?? 0) + 1;
        const r = faultReply(fault, this.dialect, this.session.world.hostname);
        this.push({ kind: 'client', step, text: line, ending: 'CRLF' });
        this.push({ kind: 'server', step, reply: r, wire: this.session.wire(r) });
        this.faultSteps.push(step);
        this.offset++;
        if (fault.close) {
          this.faultClosed = true;
          this.push({ kind: 'closed', step });
        }
        return;
      }
    }
    this.session.send(line);
    this.sync();
  }

  /**
   * Several lines sent at once (a pipelined group, RFC 2920; a pasted
   * message). Without scripted faults or quiz answers they reach the server
   * as one chunk, as from the sandbox, so what depends on the grouping (the
   * RFC 2920 §3.1 notes) is the same; otherwise line by line.
   */
  typeLines(lines: readonly string[]): void {
    const plain = this.faults.length === 0 && !this.closed && !lines.some((l) => ANSWER.test(l));
    if (!plain) {
      for (const line of lines) this.type(line);
      return;
    }
    this.session.feed(lines.map((l) => `${l}\r\n`).join(''));
    this.sync();
  }

  /** Every 4xx/5xx reply so far, explained from the catalog and the dialect. */
  explain(): Explanation[] {
    return explainErrors(this.transcript, this.dialect, this.extra, this.session.world);
  }

  context(): GoalContext {
    return { transcript: this.transcript, mailbox: this.mailbox, answers: { ...this.answers } };
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
  const run = new LessonSession(lesson.settings, lesson.faults);
  for (const l of lesson.start ?? []) run.type(l);
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
  const run = new LessonSession(lesson.settings, lesson.faults);
  for (const l of lesson.start ?? []) run.type(l);
  for (let i = 0; i < lines.length; i++) {
    run.type(lines[i]!);
    if (run.evaluate(lesson.goals).every((r) => r.met)) return i;
  }
  return -1;
}
