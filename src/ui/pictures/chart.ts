/**
 * The server's state chart, read from the machine definition itself (its
 * state nodes and transitions), then laid out in columns. Nothing here names
 * a state: a dialect that adds states changes the picture by itself.
 */
import { t } from '../../kit/strings.ts';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { ROLE_LABELS, verbsOf, type Role } from '../../protocol/commands.ts';
import type { Dialect } from '../../protocol/dialects/index.ts';

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
};

/**
 * A transition's event as the learner knows it: a command role shows the
 * dialect's verbs for it (`MAIL/SEND/SOML/SAML`); null when the dialect has
 * no command for that role (the arrow cannot be taken in this era).
 */
export function eventLabel(eventType: string, dialect?: Dialect): string | null {
  const name = eventType.replace(/^[^.]+\./, '');
  if (name in ROLE_LABELS) {
    if (!dialect) return ROLE_LABELS[name as Role];
    const verbs = verbsOf(dialect.commands, name as Role);
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
}

type GuardFn = (args: { context: unknown; event: unknown }, params: unknown) => boolean;

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
    const verdict = (fn as GuardFn)({ context, event: { type: 'chart.probe' } }, undefined);
    return typeof verdict === 'boolean' ? verdict : null;
  } catch {
    return null; // needs a real event (e.g. the handler's reply)
  }
}

const idOf = (node: AnyStateNode) => node.path.join('.');

export function deriveChart(machine: AnyStateMachine, options: ChartOptions = {}): ChartModel {
  const states: ChartState[] = [];
  const transitions = new Map<string, { from: string; to: string; labels: string[] }>();
  const anywhere = new Map<string, { from: string; to: string; labels: string[] }>();

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
    // A guard known to hold needs no mention.
    if (verdict === true) guard = null;
    const key = `${from}->${to}`;
    let t = into.get(key);
    if (!t) into.set(key, (t = { from, to, labels: [] }));
    // `accepted` is how every command moves on (the reply is positive): left implicit.
    const words = guard?.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const text = guard && guard !== 'accepted' ? `${label} [${words}]` : label;
    if (!t.labels.includes(text)) t.labels.push(text);
  };

  const visit = (node: AnyStateNode, isRoot: boolean) => {
    const from = idOf(node);
    const into = isRoot ? anywhere : transitions;
    for (const [eventType, list] of node.transitions) {
      for (const t of list) {
        const target = t.target?.[0];
        if (!target) continue;
        add(into, from, idOf(target), eventLabel(eventType, options.dialect), guardName(t.guard));
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
    transitions: [...transitions.values()],
    anywhere: [...anywhere.values()],
  };
  return options.dialect || options.context !== undefined ? reachableOnly(model) : model;
}

/**
 * Leaves out the states no arrow leads to from the initial state (those of
 * other eras), keeping final states and the compound states around the rest.
 */
function reachableOnly(model: ChartModel): ChartModel {
  const byId = new Map(model.states.map((s) => [s.id, s]));
  const entry = (id: string): string => {
    const child = model.states.find((c) => c.parent === id && c.initial);
    return byId.get(id)?.kind === 'compound' && child ? entry(child.id) : id;
  };
  const first = model.states.find((s) => s.parent === null && s.initial);
  if (!first) return model;
  const seen = new Set([entry(first.id)]);
  const queue = [...seen];
  while (queue.length) {
    const id = queue.shift()!;
    for (const t of model.transitions) {
      if (!within(id, t.from)) continue;
      const next = entry(t.to);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  const keep = (s: ChartState) => s.kind === 'final' || [...seen].some((id) => within(id, s.id));
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

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface LaidOutState extends ChartState {
  readonly box: Box;
}

export interface LaidOutTransition extends ChartTransition {
  /** SVG path data. */
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  readonly anchor: 'start' | 'middle' | 'end';
}

export interface ChartLayout {
  readonly states: readonly LaidOutState[];
  readonly transitions: readonly LaidOutTransition[];
  /** SVG viewBox covering boxes, arrows and labels. */
  readonly viewBox: string;
  readonly width: number;
  readonly height: number;
}

const NODE_W = 124;
const NODE_H = 30;
const ROW = 74;
const SIBLING = 170;
const TOP = 34;
const PAD = 10;
const HEADER = 17;
/** Rough width of a label character at the chart's font size, to size the picture. */
const CHAR_W = 6.8;

/**
 * Rows by distance from the initial state (following arrows; an arrow into a
 * compound state leads to its initial child, one from it leaves each child),
 * final states in the last row: the session reads top to bottom. An arrow to
 * the next row is straight; longer ones arc on the left, backward ones on the
 * right, loops sit on the right of their state.
 */
export function layoutChart(model: ChartModel): ChartLayout {
  const leaves = model.states.filter((s) => s.kind !== 'compound');
  const byId = new Map(model.states.map((s) => [s.id, s]));
  const entry = (id: string): string => {
    const s = byId.get(id);
    if (!s || s.kind !== 'compound') return id;
    const child = model.states.find((c) => c.parent === id && c.initial);
    return child ? entry(child.id) : id;
  };
  const rank = new Map<string, number>();
  const first = model.states.find((s) => s.parent === null && s.initial) ?? leaves[0];
  if (first) {
    const queue = [entry(first.id)];
    rank.set(queue[0]!, 0);
    while (queue.length) {
      const id = queue.shift()!;
      for (const t of model.transitions) {
        if (!within(id, t.from)) continue;
        const next = entry(t.to);
        if (!rank.has(next) && byId.get(next)?.kind !== 'final') {
          rank.set(next, rank.get(id)! + 1);
          queue.push(next);
        }
      }
    }
  }
  const others = leaves.filter((s) => s.kind !== 'final');
  let maxRank = Math.max(0, ...others.map((s) => rank.get(s.id) ?? 0));
  // Unreachable states get a row of their own after the others.
  for (const s of others) if (!rank.has(s.id)) rank.set(s.id, ++maxRank);
  for (const s of leaves) if (s.kind === 'final') rank.set(s.id, maxRank + 1);

  const used = new Map<number, number>();
  const boxes = new Map<string, Box>();
  for (const s of leaves) {
    const r = rank.get(s.id)!;
    const col = used.get(r) ?? 0;
    used.set(r, col + 1);
    boxes.set(s.id, { x: col * SIBLING, y: TOP + r * ROW, w: NODE_W, h: NODE_H });
  }
  // Compound states enclose their children, deepest first.
  const compounds = model.states
    .filter((s) => s.kind === 'compound')
    .sort((a, b) => b.id.split('.').length - a.id.split('.').length);
  for (const c of compounds) {
    const inner = [...boxes.entries()].filter(([id]) => within(id, c.id) && id !== c.id);
    if (inner.length === 0) continue;
    const x0 = Math.min(...inner.map(([, b]) => b.x)) - PAD;
    const y0 = Math.min(...inner.map(([, b]) => b.y)) - PAD - HEADER;
    const x1 = Math.max(...inner.map(([, b]) => b.x + b.w)) + PAD;
    const y1 = Math.max(...inner.map(([, b]) => b.y + b.h)) + PAD;
    boxes.set(c.id, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
  }

  let left = 0;
  let right = 0;
  const laid: LaidOutTransition[] = [];
  for (const t of model.transitions) {
    const a = boxes.get(t.from);
    const b = boxes.get(t.to);
    if (!a || !b) continue;
    if (t.from === t.to) {
      const x = a.x + a.w;
      const y = a.y;
      laid.push({
        ...t,
        path: `M ${x} ${y + 7} C ${x + 36} ${y - 8}, ${x + 36} ${y + a.h + 8}, ${x} ${y + a.h - 7}`,
        labelX: x + 32,
        labelY: y + a.h / 2 + 4,
        anchor: 'start',
      });
      continue;
    }
    const ax = a.x + a.w / 2;
    const bx = b.x + b.w / 2;
    const down = b.y > a.y + a.h;
    const adjacent = down && b.y - (a.y + a.h) <= ROW - NODE_H + 1;
    if (adjacent) {
      // To the next row: straight down (or across to a sibling column).
      const y0 = a.y + a.h;
      const y1 = b.y;
      laid.push({
        ...t,
        path: `M ${ax} ${y0} L ${bx} ${y1}`,
        labelX: (ax + bx) / 2 + 7,
        labelY: (y0 + y1) / 2 + 4,
        anchor: 'start',
      });
    } else if (down) {
      const lift = 34 + 18 * left++;
      const x = Math.min(a.x, b.x) - lift;
      const y0 = a.y + a.h / 2;
      const y1 = b.y + b.h / 2;
      laid.push({
        ...t,
        path: `M ${a.x} ${y0} C ${x} ${y0}, ${x} ${y1}, ${b.x} ${y1}`,
        labelX: a.x - lift * 0.75 - 4,
        labelY: (y0 + y1) / 2 + 4,
        anchor: 'end',
      });
    } else {
      const drop = 34 + 20 * right++;
      const x = Math.max(a.x + a.w, b.x + b.w) + drop;
      const y0 = a.y + a.h / 2;
      const y1 = b.y + b.h / 2;
      laid.push({
        ...t,
        path: `M ${a.x + a.w} ${y0} C ${x} ${y0}, ${x} ${y1}, ${b.x + b.w} ${y1}`,
        labelX: x - drop * 0.25 + 4,
        labelY: (y0 + y1) / 2 + 4,
        anchor: 'start',
      });
    }
  }
  const allBoxes = [...boxes.values()];
  let minX = Math.min(...allBoxes.map((b) => b.x));
  let maxX = Math.max(...allBoxes.map((b) => b.x + b.w));
  for (const t of laid) {
    const w = t.labels.join(', ').length * CHAR_W;
    if (t.anchor === 'end') minX = Math.min(minX, t.labelX - w);
    else maxX = Math.max(maxX, t.labelX + (t.anchor === 'middle' ? w / 2 : w));
  }
  const height = Math.max(...allBoxes.map((b) => b.y + b.h)) + 12;
  const x0 = Math.floor(minX - 8);
  const width = Math.ceil(maxX + 8 - x0);
  return {
    states: model.states.flatMap((s) => {
      const box = boxes.get(s.id);
      return box ? [{ ...s, box }] : [];
    }),
    transitions: laid,
    viewBox: `${x0} 0 ${width} ${height}`,
    width,
    height,
  };
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
