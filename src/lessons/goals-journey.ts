/**
 * Goals of a lesson where the learner sends a message through a world of
 * hosts (`role: journey`): on the journey's events (machines/journey.ts),
 * each a hop, a DNS lookup, a message queued, a delivery, a refusal at
 * submission or a bounce. Host names and addresses compare without case.
 */
import type { JourneyEvent } from '../machines/journey.ts';
import { fields } from './goal-fields.ts';
import type { GoalKind } from './goals.ts';
import type { Goal } from './types.ts';

export interface JourneyGoalContext {
  /** What happened so far, in order. */
  readonly events: readonly JourneyEvent[];
  /** The message was submitted. */
  readonly sent: boolean;
  /** Sent, and the queues are empty: nothing more will happen. */
  readonly finished: boolean;
}

/** The goal kinds only a journey lesson can meet (and only it may use). */
export const JOURNEY_ROLE_KINDS: readonly string[] = [
  'hop',
  'lookup',
  'queued',
  'arrived',
  'bounced',
  'refused',
];

/** What a DNS lookup found (RFC 5321 §5.1): MX records, the address record as an implicit MX, a null MX (RFC 7505), no such domain. */
const LOOKUPS = ['mx', 'implicit', 'null-mx', 'no-domain', 'unusable'] as const;

const MINUTE = 60_000;
const lower = (s: unknown) => String(s).toLowerCase();
const addr = (s: unknown) => lower(s).replace(/^<|>$/g, '');
const same = (want: unknown, got: string) => want === undefined || lower(want) === lower(got);

// 'refused' and 'unsent' share one member of the union: its kind is a union of both.
type Of<K extends JourneyEvent['kind']> =
  Extract<JourneyEvent, { kind: K }> extends never
    ? Extract<JourneyEvent, { kind: 'refused' | 'unsent' }>
    : Extract<JourneyEvent, { kind: K }>;
const eventsOf = <K extends JourneyEvent['kind']>(
  ctx: { journey?: JourneyGoalContext },
  kind: K,
): Of<K>[] => (ctx.journey?.events ?? []).filter((e): e is Of<K> => e.kind === kind);

/** Not before `after` minutes on the world's clock (a try from the queue). */
const notBefore = (g: Goal, time: number) =>
  g.after === undefined || time >= Number(g.after) * MINUTE;

function lookupKind(e: Of<'lookup'>): (typeof LOOKUPS)[number] {
  if (e.route.kind === 'hosts') return e.route.implicit ? 'implicit' : 'mx';
  return e.route.kind;
}

const positiveInt = (g: Goal, name: string) =>
  g[name] === undefined || (Number.isInteger(g[name]) && Number(g[name]) >= 0)
    ? []
    : [`"${name}" must be a whole number from 0; got ${JSON.stringify(g[name])}`];

function codeProblem(g: Goal): string[] {
  return g.code === undefined ||
    (Number.isInteger(g.code) && Number(g.code) >= 200 && Number(g.code) <= 599)
    ? []
    : [`"code" must be a reply code from 200 to 599; got ${JSON.stringify(g.code)}`];
}

export const JOURNEY_GOAL_KINDS: Record<string, GoalKind> = {
  /**
   * A hop that matches: from and to hosts, the port (587 submission, 25
   * relay), the code of the reply that decided it, text of why this host
   * (`via`: `MX 20`, `implicit MX`), and not before `after` minutes.
   */
  hop: {
    validate: (g) => {
      const problems = fields(
        g,
        {},
        {
          from: 'string',
          to: 'string',
          port: 'number',
          code: 'number',
          via: 'string',
          after: 'number',
        },
      );
      if (g.port !== undefined && g.port !== 25 && g.port !== 587)
        problems.push(
          `"port" must be 25 (relay) or 587 (submission); got ${JSON.stringify(g.port)}`,
        );
      return [...problems, ...codeProblem(g), ...positiveInt(g, 'after')];
    },
    check: (g, ctx) =>
      eventsOf(ctx, 'hop').some(
        ({ hop }) =>
          same(g.from, hop.from) &&
          same(g.to, hop.to) &&
          (g.port === undefined || hop.port === g.port) &&
          (g.code === undefined || hop.decided?.code === g.code) &&
          (g.via === undefined || lower(hop.via).includes(lower(g.via))) &&
          notBefore(g, hop.time),
      ),
    describe: (g) =>
      `A hop${g.from ? ` from ${String(g.from)}` : ''}${g.to ? ` to ${String(g.to)}` : ''}${g.port ? ` on port ${String(g.port)}` : ''}${g.code ? ` decided by ${String(g.code)}` : ''}`,
  },
  /**
   * A DNS lookup by `host` for `domain` that `found` this; with
   * `preferences`, the MX hosts it will try, in that order of preference.
   */
  lookup: {
    validate: (g) => {
      const problems = fields(
        g,
        { found: 'string' },
        { host: 'string', domain: 'string', preferences: 'string[]' },
      );
      if (typeof g.found === 'string' && !(LOOKUPS as readonly string[]).includes(g.found))
        problems.push(
          `"found" must be one of ${LOOKUPS.join(', ')}; got ${JSON.stringify(g.found)}`,
        );
      return problems;
    },
    check: (g, ctx) =>
      eventsOf(ctx, 'lookup').some(
        (e) =>
          same(g.host, e.host) &&
          same(g.domain, e.domain) &&
          lookupKind(e) === g.found &&
          (!Array.isArray(g.preferences) ||
            (e.route.kind === 'hosts' &&
              JSON.stringify(e.route.candidates.map((c) => c.preference)) ===
                JSON.stringify(g.preferences.map(Number)))),
      ),
    describe: (g) =>
      `Look up ${g.domain ? String(g.domain) : 'the domain'} in DNS and find ${
        g.found === 'mx'
          ? `its MX records${Array.isArray(g.preferences) ? ` (${g.preferences.join(', ')})` : ''}`
          : String(g.found)
      }`,
  },
  /** The message waits in a host's queue, at least `times` times (RFC 5321 §4.5.4.1). */
  queued: {
    validate: (g) => [
      ...fields(g, {}, { host: 'string', times: 'number' }),
      ...positiveInt(g, 'times'),
    ],
    check: (g, ctx) =>
      eventsOf(ctx, 'queued').filter((e) => same(g.host, e.entry.host)).length >=
      (g.times === undefined ? 1 : Number(g.times)),
    describe: (g) =>
      `The message waits in ${g.host ? `${String(g.host)}'s` : 'a'} queue${g.times ? ` (${String(g.times)} times)` : ''}`,
  },
  /**
   * A message reaches `mailbox` (at `host`), from the reverse path `from`
   * (`<>`: the null path of a bounce), not before `after` minutes.
   */
  arrived: {
    validate: (g) => [
      ...fields(g, { mailbox: 'string' }, { host: 'string', from: 'string', after: 'number' }),
      ...positiveInt(g, 'after'),
    ],
    check: (g, ctx) =>
      eventsOf(ctx, 'delivered').some(
        ({ stored, time }) =>
          addr(stored.mailbox) === addr(g.mailbox) &&
          same(g.host, stored.host) &&
          (g.from === undefined || addr(stored.from) === addr(g.from)) &&
          notBefore(g, time),
      ),
    describe: (g) => `The message arrives in ${String(g.mailbox)}'s mailbox`,
  },
  /** A host gives up on a recipient and sends a bounce (a DSN, RFC 3464) to the sender `to`. */
  bounced: {
    validate: (g) =>
      fields(g, {}, { status: 'string', to: 'string', recipient: 'string', host: 'string' }),
    check: (g, ctx) =>
      eventsOf(ctx, 'bounced').some(
        (e) =>
          (g.status === undefined || e.status === g.status) &&
          (g.to === undefined || addr(e.to) === addr(g.to)) &&
          same(g.host, e.host) &&
          (g.recipient === undefined || e.recipients.some((r) => addr(r) === addr(g.recipient))),
      ),
    describe: (g) =>
      `A bounce${g.status ? ` (${String(g.status)})` : ''} goes back${g.to ? ` to ${String(g.to)}` : ' to the sender'}`,
  },
  /** The submission server refuses a recipient at once (the user is told: no bounce). */
  refused: {
    validate: (g) => [
      ...fields(g, {}, { code: 'number', enhanced: 'string', recipient: 'string' }),
      ...codeProblem(g),
    ],
    check: (g, ctx) =>
      eventsOf(ctx, 'refused').some(
        (e) =>
          (g.code === undefined || e.reply?.code === g.code) &&
          (g.enhanced === undefined ||
            (e.reply?.text ?? '').startsWith(`${String(g.enhanced)} `)) &&
          (g.recipient === undefined || e.recipients.some((r) => addr(r) === addr(g.recipient))),
      ),
    describe: (g) =>
      `The submission server refuses the recipient${g.code ? ` with ${String(g.code)}` : ''}${g.enhanced ? ` ${String(g.enhanced)}` : ''}`,
  },
};
