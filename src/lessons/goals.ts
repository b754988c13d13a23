/**
 * Goals are declarative checks: a pure function of what happened in the
 * session (transcript, mailbox, quiz answers). The kinds are an open table:
 * a new kind is one entry in GOAL_KINDS, with its own field check.
 */
import type { TranscriptEntry } from '../machines/session.ts';
import type { Delivery } from '../machines/types.ts';
import { decode } from '../protocol/bytes.ts';
import type { Goal } from './types.ts';
import { sentTogether } from './goal-groups.ts';
import { quizAnswerRight, seeProblems } from './quiz.ts';
import { fields } from './goal-fields.ts';
import { REVERSE_GOAL_KINDS, type ReverseGoalContext } from './goals-reverse.ts';
import { JOURNEY_GOAL_KINDS, type JourneyGoalContext } from './goals-journey.ts';

export interface GoalContext {
  readonly transcript: readonly TranscriptEntry[];
  readonly mailbox: readonly Delivery[];
  /** Quiz answers by question id, as the learner gave them (the last one). */
  readonly answers: Readonly<Record<string, string>>;
  /** Every answer given to each question, in order: a quiz once answered right stays met. */
  readonly given?: Readonly<Record<string, readonly string[]>>;
  /** The learner played the server (`role: server`): their replies and what the client made of them. */
  readonly reverse?: ReverseGoalContext;
  /** The learner sent a message through a world (`role: journey`): what became of it. */
  readonly journey?: JourneyGoalContext;
}

export interface GoalKind {
  /** Field problems in a goal of this kind (empty when it is well formed). */
  readonly validate: (goal: Goal) => string[];
  readonly check: (goal: Goal, ctx: GoalContext) => boolean;
  readonly describe: (goal: Goal) => string;
}

/** Verb of a client line, upper-cased. */
export function verbOf(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toUpperCase();
}

/**
 * The command line each step of the client answers to: a command line's own
 * step, and for message text (DATA's text, a BDAT chunk: a `content` entry,
 * a step of its own) the command that opened it. Every transcript entry
 * carries the step of the unit that caused it, so a reply is paired with its
 * command by step, wherever the entries stand in the transcript.
 */
export function commandsByStep(transcript: readonly TranscriptEntry[]): Map<number, string> {
  const byStep = new Map<number, string>();
  let opener: string | null = null;
  for (const e of transcript) {
    if (e.kind === 'client') {
      if (!byStep.has(e.step)) byStep.set(e.step, e.text);
      opener = e.text;
    } else if (e.kind === 'content' && opener !== null && !byStep.has(e.step))
      byStep.set(e.step, opener);
  }
  return byStep;
}

/** Each server reply paired with the client command it answers (null for the greeting). */
export function exchanges(transcript: readonly TranscriptEntry[]) {
  const byStep = commandsByStep(transcript);
  const out: { verb: string | null; line: string | null; code: number; entry: TranscriptEntry }[] =
    [];
  for (const e of transcript)
    if (e.kind === 'server') {
      const line = byStep.get(e.step) ?? null;
      out.push({ verb: line === null ? null : verbOf(line), line, code: e.reply.code, entry: e });
    }
  return out;
}

function text(d: Delivery): string {
  return decode(d.content);
}

const lower = (s: unknown) => String(s).toLowerCase();
const addr = (s: unknown) => lower(s).replace(/^<|>$/g, '');

function deliveryMatches(goal: Goal, d: Delivery): boolean {
  if (goal.from !== undefined && addr(d.reversePath) !== addr(goal.from)) return false;
  const channel = (r: Delivery['recipients'][number]) =>
    goal.channel === undefined || (r.channel ?? 'mailbox') === goal.channel || r.channel === 'both';
  if (
    !d.recipients.some(
      (r) => (goal.to === undefined || addr(r.text) === addr(goal.to)) && channel(r),
    )
  )
    return false;
  if (goal.contains !== undefined && !lower(text(d)).includes(lower(goal.contains))) return false;
  // A blind copy: the message reaches a recipient whose address its text never names.
  if (goal.lacks !== undefined && lower(text(d)).includes(lower(goal.lacks))) return false;
  return true;
}

/** Whether the text of the message delivered at `transcript[at]` held a bare LF (its content entry, same step). */
function hadBareLf(transcript: readonly TranscriptEntry[], at: number): boolean {
  const step = transcript[at]!.step;
  for (let i = at - 1; i >= 0 && transcript[i]!.step === step; i--) {
    const e = transcript[i]!;
    if (e.kind === 'content') return e.bareLfLines > 0;
  }
  return false;
}

export const GOAL_KINDS: Record<string, GoalKind> = {
  /** The server machine reached a state (`ready`, `transaction.rcpt`, `data`, `closed`...). */
  state: {
    validate: (g) => fields(g, { state: 'string' }),
    check: (g, ctx) =>
      ctx.transcript.some(
        (e) =>
          (e.kind === 'state' && (e.to === g.state || e.to.startsWith(`${String(g.state)}.`))) ||
          (e.kind === 'closed' && g.state === 'closed'),
      ),
    describe: (g) => `Reach the state ${String(g.state)}`,
  },
  /** The learner sent a command with this verb (and, optionally, text it contains). */
  command: {
    validate: (g) => fields(g, { verb: 'string' }, { contains: 'string' }),
    check: (g, ctx) =>
      ctx.transcript.some(
        (e) =>
          e.kind === 'client' &&
          verbOf(e.text) === String(g.verb).toUpperCase() &&
          (g.contains === undefined || lower(e.text).includes(lower(g.contains))),
      ),
    describe: (g) => `Send ${String(g.verb)}`,
  },
  /**
   * A reply with this code came back, optionally to a given verb, to a command
   * holding some text (`contains`), with an enhanced code.
   */
  reply: {
    validate: (g) =>
      fields(g, { code: 'number' }, { verb: 'string', contains: 'string', enhanced: 'string' }),
    check: (g, ctx) =>
      exchanges(ctx.transcript).some(
        (x) =>
          x.code === g.code &&
          (g.verb === undefined || x.verb === String(g.verb).toUpperCase()) &&
          (g.contains === undefined || lower(x.line ?? '').includes(lower(g.contains))) &&
          // The enhanced code as sent on the wire (only when ENHANCEDSTATUSCODES is on, RFC 2034 §3).
          (g.enhanced === undefined ||
            (x.entry.kind === 'server' &&
              x.entry.wire.includes(`${x.code} ${String(g.enhanced)} `))),
      ),
    describe: (g) =>
      `Get a ${String(g.code)} reply${g.verb !== undefined ? ` to ${String(g.verb)}` : ''}`,
  },
  /**
   * A message was accepted with this envelope sender / recipient / text in its
   * content; `channel` (terminal or mailbox) for SEND/SOML/SAML; `bareLf`:
   * its text as received did (true) or did not (false) hold a LF without a
   * CR before it (what SMTP smuggling sends; RFC 5321 §2.3.8).
   */
  delivered: {
    validate: (g) => {
      const problems = fields(
        g,
        {},
        {
          from: 'string',
          to: 'string',
          contains: 'string',
          lacks: 'string',
          channel: 'string',
          bareLf: 'boolean',
        },
      );
      if (g.channel !== undefined && g.channel !== 'mailbox' && g.channel !== 'terminal')
        problems.push('"channel" must be mailbox or terminal (SEND/SOML/SAML, RFC 821 §3.4)');
      return problems;
    },
    check: (g, ctx) =>
      ctx.transcript.some(
        (e, i) =>
          e.kind === 'delivery' &&
          deliveryMatches(g, e.delivery) &&
          (g.bareLf === undefined || hadBareLf(ctx.transcript, i) === g.bareLf),
      ),
    describe: (g) =>
      `Deliver a message${g.from ? ` from ${String(g.from)}` : ''}${g.to ? ` to ${String(g.to)}` : ''}`,
  },
  /** The mailbox holds `count` messages, or at least one matching from/to/contains. */
  mailbox: {
    validate: (g) =>
      fields(
        g,
        {},
        { count: 'number', from: 'string', to: 'string', contains: 'string', lacks: 'string' },
      ),
    check: (g, ctx) =>
      g.count !== undefined
        ? ctx.mailbox.length === g.count
        : ctx.mailbox.some((d) => deliveryMatches(g, d)),
    describe: (g) =>
      g.count !== undefined
        ? `The mailbox holds ${String(g.count)} message(s)`
        : 'The mailbox holds a matching message',
  },
  /**
   * A question answered right; `answer` is a choice letter (a, b, ...) or a
   * typed value such as a code. Met once a right answer was given: a wrong
   * one after it does not take it back. `see` names the passage a learner
   * who answered wrong is sent to (a heading of the lesson text, or an RFC
   * section such as `RFC 2920 §3.1`; quiz.ts).
   */
  quiz: {
    validate: (g) => {
      const problems = fields(
        g,
        { id: 'string', question: 'string', answer: 'string' },
        { choices: 'string[]', explain: 'string', see: 'string' },
      );
      if (Array.isArray(g.choices) && typeof g.answer === 'string') {
        const i = g.answer.toLowerCase().charCodeAt(0) - 97;
        if (g.answer.length !== 1 || i < 0 || i >= g.choices.length)
          problems.push(
            `"answer" must be a choice letter between a and ${String.fromCharCode(96 + g.choices.length)}`,
          );
      }
      if (typeof g.see === 'string') problems.push(...seeProblems(g.see));
      return problems;
    },
    check: (g, ctx) => {
      const id = String(g.id);
      const given = ctx.given?.[id] ?? (ctx.answers[id] === undefined ? [] : [ctx.answers[id]]);
      return given.some((a) => quizAnswerRight(g, a));
    },
    describe: (g) => `Answer: ${String(g.question)}`,
  },
  /**
   * The commands with these verbs reached the server in one input, as a
   * pipelined group (RFC 2920 §3.1), not each after the reply to the one before.
   */
  pipelined: {
    validate: (g) => {
      const problems = fields(g, { verbs: 'string[]' });
      if (Array.isArray(g.verbs) && g.verbs.length < 2)
        problems.push('"verbs" must list at least two verbs (a group is several commands)');
      return problems;
    },
    check: (g, ctx) => Array.isArray(g.verbs) && sentTogether(ctx.transcript, g.verbs.map(String)),
    describe: (g) =>
      `Send ${Array.isArray(g.verbs) ? g.verbs.map(String).join(', ') : 'the commands'} as one group`,
  },
  ...REVERSE_GOAL_KINDS,
  ...JOURNEY_GOAL_KINDS,
};

export function goalLabel(goal: Goal): string {
  return goal.label ?? GOAL_KINDS[goal.kind]?.describe(goal) ?? goal.kind;
}

/** Problems with one goal: unknown kind, or its kind's field check. */
export function validateGoal(goal: Goal): string[] {
  const kind = GOAL_KINDS[goal.kind];
  if (!kind)
    return [`unknown goal kind "${goal.kind}" (known: ${Object.keys(GOAL_KINDS).join(', ')})`];
  return kind.validate(goal);
}

export interface GoalResult {
  readonly goal: Goal;
  readonly label: string;
  readonly met: boolean;
}

/** The checklist: each goal met or not. Pure; unknown kinds are never met. */
export function evaluateGoals(goals: readonly Goal[], ctx: GoalContext): GoalResult[] {
  return goals.map((goal) => ({
    goal,
    label: goalLabel(goal),
    met: GOAL_KINDS[goal.kind]?.check(goal, ctx) ?? false,
  }));
}

/** What a run's quiz answers give the goals: copies, so a later answer changes no earlier check. */
export function quizContext(
  answers: Readonly<Record<string, string>>,
  given: Readonly<Record<string, readonly string[]>>,
): Pick<GoalContext, 'answers' | 'given'> {
  return {
    answers: { ...answers },
    given: Object.fromEntries(Object.entries(given).map(([id, a]) => [id, [...a]])),
  };
}

/** A run of any role fed a lesson's lines, then its goals checked. */
export function replayRun<
  R extends { type(line: string): void; evaluate(goals: readonly Goal[]): GoalResult[] },
>(
  run: R,
  goals: readonly Goal[],
  lines: readonly string[],
): { run: R; results: GoalResult[]; allMet: boolean } {
  for (const l of lines) run.type(l);
  const results = run.evaluate(goals);
  return { run, results, allMet: results.every((r) => r.met) };
}
