/**
 * The server's state chart, read from the machine definition itself (its
 * state nodes and transitions); chart-layout.ts lays it out. Nothing here
 * names a state: a dialect that adds states changes the picture by itself.
 */
import { t } from '../../kit/strings.ts';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { ROLE_LABELS, verbsOf, type CommandSpec, type Role } from '../../protocol/commands.ts';
import type { Dialect } from '../../protocol/dialects/index.ts';
import { enabledExtensions } from '../../protocol/extensions/index.ts';
import type { World } from '../../protocol/world.ts';

export interface ChartState {
  /** Dotted path, as `Session.state` and the transcript name it: `transaction.mail`. */
  readonly id: string;
  readonly label: string;
  readonly parent: string | null;
  readonly kind: 'atomic' | 'compound' | 'final';
  /** The machine (or its parent) starts here. */
  readonly initial: boolean;
}

export interface ChartTransition {
  readonly from: string;
  readonly to: string;
  /** Events (with their guard when it is not the usual `accepted`) that take this arrow. */
  readonly labels: readonly string[];
}

export interface ChartModel {
  readonly states: readonly ChartState[];
  readonly transitions: readonly ChartTransition[];
  /** Transitions declared on the root: taken from any state. */
  readonly anywhere: readonly ChartTransition[];
}

/** Readable names for the machine's non-command events; others show as they are. */
const EVENT_NAMES: Readonly<Record<string, string>> = {
  content: t('chart.event.content'),
  abort: t('chart.event.abort'),
  'bad-line': t('chart.event.badLine'),
  tls: t('chart.event.tls'),
  'auth-response': t('chart.event.authResponse'),
};

/**
 * A transition's event as the learner knows it: a command role shows the
 * dialect's verbs for it (`MAIL/SEND/SOML/SAML`); null when the dialect has
 * no command for that role (the arrow cannot be taken in this era).
 */
export function eventLabel(
  eventType: string,
  dialect?: Dialect,
  commands: readonly CommandSpec[] | undefined = dialect?.commands,
): string | null {
  const name = eventType.replace(/^[^.]+\./, '');
  if (name in ROLE_LABELS) {
    if (!dialect || !commands) return ROLE_LABELS[name as Role];
    const verbs = verbsOf(commands, name as Role);
    return verbs.length ? verbs.join('/') : null;
  }
  return EVENT_NAMES[name] ?? name;
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && 'type' in guard) return String(guard.type);
  return 'guard';
}

export interface ChartOptions {
  /** Show the arrows this dialect can take, labelled with its verbs. */
  readonly dialect?: Dialect;
  /**
   * The machine's context at the start of the session: guards that depend on
   * the context alone (the era's rules, a refused connection) are evaluated
   * with it, and arrows they close are left out. Guards that need the
   * command's reply cannot be evaluated here and stay as labels.
   */
  readonly context?: unknown;
  /** Labels by event type for a machine with no dialect (POP3, IMAP: their command names). */
  readonly labels?: Readonly<Record<string, string>>;
}

type GuardFn = (args: { context: unknown; event: unknown }, params: unknown) => boolean;

/**
 * The event a guard is probed with: reading anything of it throws, so a guard
 * that looks at the command (or its reply) stays undecided instead of judging
 * a made-up event (a policy such as "TLS first" would refuse any command).
 */
const PROBE: unknown = new Proxy(
  {},
  {
    get() {
      throw new Error('this guard needs a real event');
    },
  },
);

function guardVerdict(
  machine: AnyStateMachine,
  name: string | null,
  context: unknown,
): boolean | null {
  if (!name || context === undefined) return null;
  const guards = (machine.implementations as { guards?: Record<string, unknown> }).guards;
  const fn = guards?.[name];
  if (typeof fn !== 'function') return null;
  try {
    const verdict = (fn as GuardFn)({ context, event: PROBE }, undefined);
    return typeof verdict === 'boolean' ? verdict : null;
  } catch {
    return null; // needs a real event (e.g. the handler's reply)
  }
}

const idOf = (node: AnyStateNode) => node.path.join('.');

/** The dialect's commands and those of the extensions the session's world turns on (STARTTLS, AUTH, BDAT). */
function commandsOf(
  dialect: Dialect | undefined,
  context: unknown,
): readonly CommandSpec[] | undefined {
  if (!dialect) return undefined;
  const world = (context as { world?: World } | undefined)?.world;
  if (!world) return dialect.commands;
  return [...dialect.commands, ...enabledExtensions(world, dialect).flatMap((e) => e.verbs ?? [])];
}

export function deriveChart(machine: AnyStateMachine, options: ChartOptions = {}): ChartModel {
  const commands = commandsOf(options.dialect, options.context);
  const states: ChartState[] = [];
  // Per arrow, the events that take it, grouped by the guard they need ('' for none).
  type Arrow = { from: string; to: string; byGuard: Map<string, string[]> };
  const transitions = new Map<string, Arrow>();
  const anywhere = new Map<string, Arrow>();

  const add = (
    into: typeof transitions,
    from: string,
    to: string,
    label: string | null,
    guard: string | null,
  ) => {
    if (label === null) return;
    const verdict = guardVerdict(machine, guard, options.context);
    if (verdict === false) return;
    // A guard known to hold needs no mention; `accepted` is how every command moves on.
    const words =
      verdict === true || !guard || guard === 'accepted'
        ? ''
        : guard.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const key = `${from}->${to}`;
    let a = into.get(key);
    if (!a) into.set(key, (a = { from, to, byGuard: new Map() }));
    const events = a.byGuard.get(words) ?? [];
    if (!events.includes(label)) a.byGuard.set(words, [...events, label]);
  };
  /** An arrow whose every event is one the root takes anywhere to the same state: the note says it. */
  const coveredByAnywhere = (a: Arrow) =>
    [...a.byGuard].every(([g, events]) =>
      events.every((e) =>
        [...anywhere.values()].some((w) => w.to === a.to && w.byGuard.get(g)?.includes(e)),
      ),
    );
  const finish = (arrows: Iterable<Arrow>): ChartTransition[] =>
    [...arrows].map(({ from, to, byGuard }) => ({
      from,
      to,
      labels: [...byGuard].map(([g, events]) =>
        g ? `${events.join(', ')} [${g}]` : events.join(', '),
      ),
    }));

  const visit = (node: AnyStateNode, isRoot: boolean) => {
    const from = idOf(node);
    const into = isRoot ? anywhere : transitions;
    for (const [eventType, list] of node.transitions) {
      // An unguarded arrow after an `accepted` one is where a refused command goes (POP3's
      // failed PASS back to waiting, RFC 1939 §7): it says so.
      let afterAccepted = false;
      for (const t of list) {
        const guard = guardName(t.guard) ?? (afterAccepted ? 'refused' : null);
        if (guard === 'accepted') afterAccepted = true;
        const target = t.target?.[0];
        if (!target) continue;
        add(
          into,
          from,
          idOf(target),
          options.labels?.[eventType] ?? eventLabel(eventType, options.dialect, commands),
          guard,
        );
      }
    }
    for (const tr of node.always ?? []) {
      const target = tr.target?.[0];
      if (target) add(into, from, idOf(target), t('chart.event.always'), guardName(tr.guard));
    }
    const initialIds = new Set((node.initial?.target ?? []).map((s: AnyStateNode) => idOf(s)));
    for (const child of Object.values(node.states) as AnyStateNode[]) {
      states.push({
        id: idOf(child),
        label: child.key,
        parent: isRoot ? null : from,
        kind: child.type === 'final' ? 'final' : child.type === 'compound' ? 'compound' : 'atomic',
        initial: initialIds.has(idOf(child)),
      });
      visit(child, false);
    }
  };
  visit(machine.root, true);
  const model = {
    states,
    transitions: finish([...transitions.values()].filter((a) => !coveredByAnywhere(a))),
    anywhere: finish(anywhere.values()),
  };
  return options.dialect || options.context !== undefined ? reachableOnly(model) : model;
}

/** The state an arrow into `id` ends in: a compound state's initial child, deepest first. */
function entryOf(model: ChartModel, id: string): string {
  const child = model.states.find((c) => c.parent === id && c.initial);
  return child && model.states.some((s) => s.id === id && s.kind === 'compound')
    ? entryOf(model, child.id)
    : id;
}

/**
 * Breadth first from the initial state along the arrows (an arrow from a
 * compound state leaves each of its children; final states are not entered):
 * each state's distance, the state it was reached from, the order reached.
 */
export function walk(model: ChartModel) {
  const rank = new Map<string, number>();
  const parent = new Map<string, string>();
  const order: string[] = [];
  const first = model.states.find((s) => s.parent === null && s.initial);
  const start = first
    ? entryOf(model, first.id)
    : model.states.find((s) => s.kind !== 'compound')?.id;
  const queue = start === undefined ? [] : [start];
  if (start !== undefined) rank.set(start, 0);
  while (queue.length) {
    const id = queue.shift()!;
    order.push(id);
    for (const t of model.transitions) {
      const next = entryOf(model, t.to);
      if (!within(id, t.from) || rank.has(next)) continue;
      if (model.states.find((s) => s.id === next)?.kind === 'final') continue;
      rank.set(next, rank.get(id)! + 1);
      parent.set(next, id);
      queue.push(next);
    }
  }
  return { rank, parent, order };
}

/**
 * Leaves out the states no arrow leads to from the initial state (those of
 * other eras), keeping final states and the compound states around the rest.
 */
function reachableOnly(model: ChartModel): ChartModel {
  if (!model.states.some((s) => s.parent === null && s.initial)) return model;
  const seen = [...walk(model).rank.keys()];
  const keep = (s: ChartState) => s.kind === 'final' || seen.some((id) => within(id, s.id));
  const states = model.states.filter(keep);
  const ids = new Set(states.map((s) => s.id));
  return {
    states,
    transitions: model.transitions.filter((t) => ids.has(t.from) && ids.has(t.to)),
    anywhere: model.anywhere.filter((t) => ids.has(t.to)),
  };
}

/** Is `id` the state `ancestor` or inside it? */
export function within(id: string, ancestor: string): boolean {
  return id === ancestor || id.startsWith(`${ancestor}.`);
}

/** The arrow a step from `from` to `to` took: declared on the state or on one of its parents. */
export function transitionTaken(
  model: ChartModel,
  from: string,
  to: string,
): ChartTransition | undefined {
  const candidates = model.transitions.filter((t) => within(from, t.from) && within(to, t.to));
  // The most specific source wins (a child's own arrow before its parent's).
  return candidates.sort((a, b) => b.from.length - a.from.length)[0];
}

/** The chart as sentences, for screen readers and the text view. */
export function describeChart(model: ChartModel): string[] {
  const lines = model.transitions.map((tr) =>
    t('chart.sentence', { from: tr.from, to: tr.to, events: tr.labels.join(', ') }),
  );
  for (const tr of model.anywhere)
    lines.push(t('chart.sentence.anywhere', { to: tr.to, events: tr.labels.join(', ') }));
  return lines;
}
