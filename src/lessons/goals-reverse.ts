/**
 * Goals of a lesson where the learner plays the server (`role: server`): on
 * the replies they typed (each judged by machines/role-reversal.ts against
 * the era's command-reply table and a correct server of this world), and on
 * what the client machine made of them (each recipient, how it ended).
 */
import {
  answeredText,
  verdictKind,
  type RecipientOutcome,
  type ReplyVerdict,
} from '../machines/role-reversal.ts';
import { fields } from './goal-fields.ts';
import type { GoalKind } from './goals.ts';
import type { Goal } from './types.ts';

export interface ReverseGoalContext {
  /** The learner's replies, each judged, in order. */
  readonly verdicts: readonly ReplyVerdict[];
  /** Each recipient of the client's message and what became of it so far. */
  readonly recipients: readonly RecipientOutcome[];
  readonly done: boolean;
  /** Why the client ended early (a 421, a refused greeting...); null when it did not. */
  readonly ended: string | null;
}

/** The goal kinds that only a server-role lesson can meet (and only it may use). */
export const SERVER_ROLE_KINDS: readonly string[] = ['answered', 'recipient', 'ended'];
/** Goal kinds either role can use. */
export const ANY_ROLE_KINDS: readonly string[] = ['quiz'];

/** What `to` of an `answered` goal names: the greeting, the message text, or a verb. */
export function answeredTo(v: Pick<ReplyVerdict, 'to' | 'verb'>): string {
  if (v.verb === 'CONNECTION') return 'CONNECTION';
  return answeredText(v) ? 'TEXT' : v.verb.toUpperCase();
}

const VERDICTS = ['right', 'listed'] as const;
const OUTCOMES = ['delivered', 'refused', 'deferred', 'unsent'] as const;
const ENDINGS = ['quit', 'early'] as const;

const lower = (s: unknown) => String(s).toLowerCase();
const addr = (s: unknown) => lower(s).replace(/^<|>$/g, '');
const oneOf = (g: Goal, name: string, allowed: readonly string[]) =>
  g[name] === undefined || allowed.includes(String(g[name]))
    ? []
    : [`"${name}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(g[name])}`];

function answeredMatches(g: Goal, v: ReplyVerdict): boolean {
  if (answeredTo(v) !== String(g.to).toUpperCase() || v.code !== g.code) return false;
  if (g.contains !== undefined && !lower(v.to).includes(lower(g.contains))) return false;
  // right: what a correct server of this world says; listed: a code the era's RFC lists for it.
  if (g.verdict === 'right') return verdictKind(v) === 'right';
  if (g.verdict === 'listed') return v.listed;
  return true;
}

function describeAnswered(g: Goal): string {
  const to = String(g.to).toUpperCase();
  const code = String(g.code);
  const what =
    to === 'CONNECTION'
      ? `Greet the client with ${code}`
      : to === 'TEXT'
        ? `Answer the message text with ${code}`
        : `Answer ${to}${g.contains !== undefined ? ` (${String(g.contains)})` : ''} with ${code}`;
  return g.verdict === 'right' ? `${what}, as a correct server would` : what;
}

const OUTCOME_WORDS: Record<(typeof OUTCOMES)[number], string> = {
  delivered: 'delivers the message to',
  refused: 'drops (refused)',
  deferred: 'keeps for later (deferred)',
  unsent: 'never sends to',
};

export const REVERSE_GOAL_KINDS: Record<string, GoalKind> = {
  /**
   * The learner answered `to` (CONNECTION: the greeting; TEXT: the message
   * text after its final dot; else a verb, with `contains` on the command
   * line) with `code`; `verdict: right` also asks that a correct server would
   * have said it, `listed` that the era's RFC lists it for the command.
   */
  answered: {
    validate: (g) => {
      const problems = fields(
        g,
        { to: 'string', code: 'number' },
        { contains: 'string', verdict: 'string' },
      );
      if (typeof g.to === 'string' && !/^[A-Za-z]+$/.test(g.to))
        problems.push(
          `"to" must be CONNECTION (the greeting), TEXT (the message text) or a verb such as RCPT; got ${JSON.stringify(g.to)}`,
        );
      if (
        typeof g.code === 'number' &&
        !(Number.isInteger(g.code) && g.code >= 200 && g.code <= 599)
      )
        problems.push(`"code" must be a reply code from 200 to 599; got ${g.code}`);
      return [...problems, ...oneOf(g, 'verdict', VERDICTS)];
    },
    check: (g, ctx) => ctx.reverse?.verdicts.some((v) => answeredMatches(g, v)) ?? false,
    describe: describeAnswered,
  },
  /** What the client made of one recipient: delivered, refused (5yz), deferred (4yz), never sent. */
  recipient: {
    validate: (g) => [
      ...fields(g, { to: 'string', outcome: 'string' }, { code: 'number' }),
      ...oneOf(g, 'outcome', OUTCOMES),
    ],
    check: (g, ctx) => {
      const r = ctx.reverse;
      const found = r?.recipients.find((o) => addr(o.to) === addr(g.to));
      if (!r || !found || found.outcome !== g.outcome) return false;
      // Never sent is known only once the client is done.
      if (found.outcome === 'unsent' && !r.done) return false;
      return g.code === undefined || found.code === g.code;
    },
    describe: (g) =>
      `The client ${OUTCOME_WORDS[g.outcome as (typeof OUTCOMES)[number]] ?? String(g.outcome)} ${String(g.to)}`,
  },
  /** How the client ended: with QUIT (RFC 5321 §4.1.1.10), or early (a 421, a refused greeting...). */
  ended: {
    validate: (g) => [
      ...fields(g, { how: 'string' }, { contains: 'string' }),
      ...oneOf(g, 'how', ENDINGS),
    ],
    check: (g, ctx) => {
      const r = ctx.reverse;
      if (!r?.done) return false;
      // The client sent QUIT and read its answer (a QUIT never sent has no verdict).
      if (g.how === 'quit') return r.verdicts.some((v) => v.verb === 'QUIT');
      return (
        r.ended !== null && (g.contains === undefined || lower(r.ended).includes(lower(g.contains)))
      );
    },
    describe: (g) =>
      g.how === 'quit'
        ? 'The client ends the session with QUIT'
        : 'The client ends the session early',
  },
};
