/**
 * A small runner for a state machine, compiled from the XState machine's own
 * state nodes: the machine stays the one definition of the sequence rules
 * (states, transitions, guards, actions); this only runs it without XState's
 * per-event bookkeeping (a macrostep builds and drops about 12 KB of sets,
 * maps and snapshots per event; bench/README.md).
 *
 * For each leaf state and event type it lists, once, the candidate
 * transitions in the order XState tries them (the leaf's own, exact event
 * type before wildcards such as `smtp.*`, longer wildcards first; then its
 * parent's, up to the root), each with its guard, and the actions a taken
 * transition runs in XState's order: exit actions of the states left, the
 * transition's actions, entry actions of the states entered (a compound
 * target enters its initial state). After each step the eventless (`always`)
 * transitions are tried, then raised events, as XState's macrostep does;
 * entering a top-level final state ends the run.
 *
 * Guards and actions are the machine's own implementations, written once in
 * its `setup` and taken from `machine.implementations`, so both run the same
 * code: a guard is called as XState calls it, an action must be an
 * `enqueueActions` whose collect function gets this runner's `enqueue`
 * (assign, emit, raise; XState 5.33's shape, hence the pinned version). What
 * XState features the machine does not use (parallel and history states,
 * delayed transitions, invoked actors, inline functions, other actions) are
 * refused when the runner is compiled. test/machines/compiled.test.ts runs
 * random command streams through both and compares them step by step.
 */
import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';

/** Where actions put their effects. */
export interface Effects<C, E, M> {
  assign(patch: Partial<C>): void;
  emit(event: M): void;
  raise(event: E): void;
}

/** What guards and actions are given: XState's argument object, the part this runner fills. */
export interface ImplArgs<C, E, M> {
  context: C;
  event: E;
  readonly enqueue: Effects<C, E, M>;
}

// Parameter types are checked where the machine's setup is written; here they are opaque.
export type GuardImpl<C, E, M> = (args: ImplArgs<C, E, M>, params: unknown) => boolean;
/** The collect function of an `enqueueActions` action. */
export type ActionImpl<C, E, M> = (args: ImplArgs<C, E, M>, params: unknown) => void;

interface BoundAction<C, E, M> {
  readonly run: ActionImpl<C, E, M>;
  readonly params: unknown;
}

interface Step<C, E, M> {
  readonly guard: GuardImpl<C, E, M> | null;
  readonly guardParams: unknown;
  /** Exit, transition and entry actions, in the order XState runs them. */
  readonly actions: readonly BoundAction<C, E, M>[];
  /** The leaf after the step; null for a targetless transition. */
  readonly to: Leaf<C, E, M> | null;
  /** The step enters a top-level final state: the run is done. */
  readonly done: boolean;
}

export interface Leaf<C, E, M> {
  readonly node: AnyStateNode;
  /** `transaction.mail`, as `stateName` writes it. */
  readonly name: string;
  /** The state value XState would have (`{ transaction: 'mail' }`). */
  readonly value: StateValue;
  readonly final: boolean;
  /** Candidate steps per event type, compiled on first use. */
  readonly steps: Map<string, readonly Step<C, E, M>[]>;
  /** Eventless transitions, leaf first. */
  always: readonly Step<C, E, M>[] | null;
}

type ActionConfig = string | { type: string; params?: unknown };

function fail(what: string): never {
  throw new Error(`compiled machine: ${what} is not supported`);
}

/** The node and its ancestors, the node first. */
function lineage(node: AnyStateNode): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) out.push(n);
  return out;
}

const isDescendant = (node: AnyStateNode, of: AnyStateNode) => {
  for (let n = node.parent; n; n = n.parent) if (n === of) return true;
  return false;
};

/** XState's wildcard match for event descriptors (`*`, `smtp.*`). */
function matches(type: string, descriptor: string): boolean {
  if (descriptor === '*') return true;
  if (!descriptor.endsWith('.*')) return false;
  return type.startsWith(descriptor.slice(0, -1));
}

export class CompiledMachine<C, E extends { type: string }, M> {
  private readonly leaves = new Map<AnyStateNode, Leaf<C, E, M>>();
  readonly initial: Leaf<C, E, M>;
  /** Actions run when the machine starts (entry actions from the root down). */
  readonly startActions: readonly BoundAction<C, E, M>[];
  private readonly guards: Readonly<Record<string, unknown>>;
  private readonly actions: Readonly<Record<string, unknown>>;

  constructor(
    readonly machine: AnyStateMachine,
    /**
     * A shallow copy of a context. The default spread is right for any shape; a
     * machine whose context has many fields may give an object literal that
     * names them all, which V8 builds in one allocation (a spread of 17 fields
     * cost about 500 B per command in the class lab, the literal 160).
     */
    readonly copy: (context: C) => C = (context) => ({ ...context }),
  ) {
    const impl = machine.implementations as {
      guards: Record<string, unknown>;
      actions: Record<string, unknown>;
    };
    this.guards = impl.guards;
    this.actions = impl.actions;
    const check = (node: AnyStateNode) => {
      if (node.type === 'parallel' || node.type === 'history') fail(`a ${node.type} state`);
      if (node.invoke.length > 0) fail('an invoked actor');
      if (node.config.after) fail('a delayed transition');
      if (node.type === 'final' && node.parent !== machine.root) fail('a nested final state');
      for (const child of Object.values(node.states) as AnyStateNode[]) check(child);
    };
    check(machine.root);
    const entered: AnyStateNode[] = [machine.root];
    for (let n = machine.root; n.type === 'compound';) {
      n = this.initialChild(n);
      entered.push(n);
    }
    this.initial = this.leaf(entered.at(-1)!);
    this.startActions = this.entryActions(entered, new Set(entered));
  }

  /** The compiled leaf for an atomic or final state node. */
  leaf(node: AnyStateNode): Leaf<C, E, M> {
    let leaf = this.leaves.get(node);
    if (!leaf) {
      const path = node.path as string[];
      let value: StateValue = path.at(-1)!;
      for (let i = path.length - 2; i >= 0; i--) value = { [path[i]!]: value };
      leaf = {
        node,
        name: path.join('.'),
        value,
        final: node.type === 'final',
        steps: new Map(),
        always: null,
      };
      this.leaves.set(node, leaf);
    }
    return leaf;
  }

  /** The candidate steps for `type` in `leaf`, in XState's order (compiled once). */
  stepsFor(leaf: Leaf<C, E, M>, type: string): readonly Step<C, E, M>[] {
    let steps = leaf.steps.get(type);
    if (!steps) {
      steps = lineage(leaf.node).flatMap((node) => {
        const transitions = node.transitions as Map<string, AnyTransition[]>;
        const exact = transitions.get(type) ?? [];
        const wildcards = [...transitions.keys()]
          .filter((d) => d !== type && matches(type, d))
          .sort((a, b) => b.length - a.length)
          .flatMap((d) => transitions.get(d)!);
        return [...exact, ...wildcards].map((t) => this.step(leaf, t));
      });
      leaf.steps.set(type, steps);
    }
    return steps;
  }

  alwaysFor(leaf: Leaf<C, E, M>): readonly Step<C, E, M>[] {
    leaf.always ??= lineage(leaf.node).flatMap((node) =>
      ((node.always as AnyTransition[] | undefined) ?? []).map((t) => this.step(leaf, t)),
    );
    return leaf.always;
  }

  private initialChild(node: AnyStateNode): AnyStateNode {
    const initial = node.initial;
    if (initial.target.length !== 1) fail('an initial transition without one target');
    return initial.target[0]!;
  }

  private bind(action: ActionConfig): BoundAction<C, E, M> {
    if (typeof action === 'function') fail('an inline action');
    const type = typeof action === 'string' ? action : action.type;
    const impl = this.actions[type] as { type?: string; collect?: ActionImpl<C, E, M> } | undefined;
    if (!impl) throw new Error(`compiled machine: no implementation for action "${type}"`);
    // Only enqueueActions: its effects go through `enqueue`, which this runner provides.
    if (impl.type !== 'xstate.enqueueActions' || typeof impl.collect !== 'function')
      fail(`action "${type}" (not an enqueueActions)`);
    const run = impl.collect;
    return { run, params: typeof action === 'string' ? undefined : action.params };
  }

  private entryActions(entered: AnyStateNode[], defaultEntry: Set<AnyStateNode>) {
    return entered.flatMap((n) => [
      ...(n.entry as ActionConfig[]).map((a) => this.bind(a)),
      ...(defaultEntry.has(n) && n.type === 'compound'
        ? (n.initial.actions as ActionConfig[]).map((a) => this.bind(a))
        : []),
    ]);
  }

  /** One transition taken from `leaf`: its guard, the actions in order, the leaf it ends in. */
  private step(leaf: Leaf<C, E, M>, t: AnyTransition): Step<C, E, M> {
    const guard = t.guard as ActionConfig | undefined;
    let guardImpl: GuardImpl<C, E, M> | null = null;
    let guardParams: unknown;
    if (guard !== undefined) {
      if (typeof guard === 'function') fail('an inline guard');
      const type = typeof guard === 'string' ? guard : guard.type;
      guardImpl = (this.guards[type] as GuardImpl<C, E, M> | undefined) ?? null;
      if (!guardImpl) throw new Error(`compiled machine: no implementation for guard "${type}"`);
      guardParams = typeof guard === 'string' ? undefined : guard.params;
    }
    const own = (t.actions as ActionConfig[]).map((a) => this.bind(a));
    const targets = t.target as AnyStateNode[] | undefined;
    if (!targets || targets.length === 0)
      return { guard: guardImpl, guardParams, actions: own, to: null, done: false };
    if (targets.length > 1) fail('a transition with several targets');
    const target = targets[0]!;
    const source = t.source as AnyStateNode;
    // XState's transition domain: the source itself for a transition into it or
    // below it that does not re-enter; otherwise the least common ancestor.
    let domain: AnyStateNode | undefined;
    if (!t.reenter && (target === source || isDescendant(target, source))) domain = source;
    else domain = lineage(target).find((a) => a !== target && isDescendant(source, a));
    if (!domain) domain = t.reenter ? undefined : this.machine.root;
    // Exited: the active states below the domain (the domain too when it re-enters itself), deepest first.
    const active = lineage(leaf.node);
    const exited = active.filter(
      (n) =>
        domain === undefined ||
        isDescendant(n, domain) ||
        (t.reenter && n === domain && n === source),
    );
    // Entered: the target (unless it is the source and stays), its ancestors below the domain, its initial states.
    const entered: AnyStateNode[] = [];
    // Only ancestors below the domain: when the target is the domain itself (a transition
    // into its own source that does not re-enter), nothing above it is entered again.
    if (target !== domain)
      for (let n = target.parent; n && n !== domain; n = n.parent) entered.unshift(n);
    const defaultEntry = new Set<AnyStateNode>();
    if (target !== source || source !== domain || t.reenter) {
      entered.push(target);
      defaultEntry.add(target);
    }
    let end = target;
    while (end.type === 'compound') {
      end = this.initialChild(end);
      entered.push(end);
      defaultEntry.add(end);
    }
    // The new configuration: what stayed active plus what was entered; its deepest state is the leaf.
    const stayed = active.filter((n) => !exited.includes(n));
    const config = [...stayed, ...entered];
    const deepest = config.reduce((a, b) => (lineage(b).length > lineage(a).length ? b : a));
    if (deepest.type === 'compound') fail('a configuration without an atomic state');
    const done = deepest.type === 'final';
    const actions = [
      ...exited.flatMap((n) => (n.exit as ActionConfig[]).map((a) => this.bind(a))),
      ...own,
      ...this.entryActions(entered, defaultEntry),
      // On reaching the top-level final state XState runs the exit actions of the whole configuration.
      ...(done
        ? lineage(deepest).flatMap((n) => (n.exit as ActionConfig[]).map((a) => this.bind(a)))
        : []),
    ];
    return { guard: guardImpl, guardParams, actions, to: this.leaf(deepest), done };
  }
}

// The fields of XState's TransitionDefinition read above.
interface AnyTransition {
  readonly target: readonly AnyStateNode[] | undefined;
  readonly source: AnyStateNode;
  readonly actions: readonly unknown[];
  readonly guard?: unknown;
  readonly reenter: boolean;
}

/**
 * One running instance: the current leaf, the context, the status. Emitted
 * events go to `onEmit` at the end of the macrostep, once the state and
 * context are updated, as an XState actor delivers them.
 */
export class Runner<C, E extends { type: string }, M> {
  leaf: Leaf<C, E, M>;
  context: C;
  status: 'active' | 'done' | 'error' = 'active';
  error: unknown = undefined;
  private readonly queue: E[] = [];
  /**
   * Emitted events waiting for the end of the macrostep, the first `outboxLength`
   * slots. The array is reused: `length = 0` would drop its backing store, and
   * every command would allocate a new one (about 170 B).
   */
  private readonly outbox: (M | undefined)[] = [];
  private outboxLength = 0;
  private changed = false;
  /** The context this transition made (its first assign copies; the next ones write into the copy). */
  private owned: C | null = null;
  private readonly fx: Effects<C, E, M>;
  /** The argument object of every guard and action call, reused (no object per call). */
  private readonly args: ImplArgs<C, E, M>;

  constructor(
    private readonly compiled: CompiledMachine<C, E, M>,
    context: C,
    private readonly onEmit: (event: M) => void,
  ) {
    this.leaf = compiled.initial;
    this.context = context;
    this.fx = {
      assign: (patch) => {
        // A copy with the same shape, then the patched fields set on it: `{ ...a, ...b }`
        // builds a slow (dictionary) object here, about 1 KB per command. Only the first
        // assign of a transition copies: nothing outside has seen the copy yet.
        let next = this.owned;
        if (next !== this.context || next === null)
          this.owned = next = this.compiled.copy(this.context);
        for (const key in patch) next[key] = patch[key]!;
        this.context = next;
        this.changed = true;
      },
      emit: (event) => void (this.outbox[this.outboxLength++] = event),
      raise: (event) => void this.queue.push(event),
    };
    this.args = { context, event: undefined as unknown as E, enqueue: this.fx };
  }

  private run(a: BoundAction<C, E, M>, event: E) {
    const args = this.args;
    args.context = this.context;
    args.event = event;
    a.run(args, a.params);
  }

  /** Enters the initial state (entry actions, then eventless transitions and raised events). */
  start(event: E): void {
    this.owned = null;
    try {
      for (const a of this.compiled.startActions) this.run(a, event);
      this.settle(event);
    } catch (e) {
      this.fail(e);
    }
    this.flush();
  }

  /** One macrostep: the event's transition, then eventless transitions and raised events. */
  send(event: E): void {
    if (this.status !== 'active') return;
    // No closure per event: this runs once per command.
    try {
      this.take(this.compiled.stepsFor(this.leaf, event.type), event);
      this.settle(event);
    } catch (e) {
      this.fail(e);
    }
    // Let go of the event: held here until the next command (a second later in a
    // paced class lab), it and its parse would outlive the young generation.
    this.args.event = undefined as unknown as E;
    this.flush();
  }

  /** As an XState actor does: an exception stops the run with status "error". */
  private fail(e: unknown) {
    this.status = 'error';
    this.error = e;
    this.queue.length = 0;
    this.outbox.fill(undefined);
    this.outboxLength = 0;
  }

  /** Delivers what the macrostep emitted (anything emitted meanwhile waits for the next flush). */
  private flush() {
    const outbox = this.outbox;
    const n = this.outboxLength;
    if (n === 0) return;
    for (let i = 0; i < n; i++) this.onEmit(outbox[i]!);
    // What was emitted meanwhile moves to the front; the slots after it let go of their events.
    const rest = this.outboxLength - n;
    for (let i = 0; i < rest; i++) outbox[i] = outbox[n + i];
    for (let i = rest; i < this.outboxLength; i++) outbox[i] = undefined;
    this.outboxLength = rest;
  }

  private settle(event: E) {
    let eventless = true;
    while (this.status === 'active') {
      this.changed = false;
      if (eventless && this.take(this.compiled.alwaysFor(this.leaf), event)) {
        // XState tries eventless transitions again only if that step changed the snapshot.
        eventless = this.changed;
        continue;
      }
      const next = this.queue.shift();
      if (next === undefined) break;
      event = next;
      this.take(this.compiled.stepsFor(this.leaf, event.type), event);
      eventless = true;
    }
    if (this.status !== 'active') this.queue.length = 0;
  }

  private take(steps: readonly Step<C, E, M>[], event: E): boolean {
    this.owned = null;
    // Index loops, not for-of: until V8 optimizes this (a class lab runs it a few
    // thousand times), each for-of step allocates an iterator result.
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.guard) {
        this.args.context = this.context;
        this.args.event = event;
        if (!s.guard(this.args, s.guardParams)) continue;
      }
      const actions = s.actions;
      for (let j = 0; j < actions.length; j++) this.run(actions[j]!, event);
      if (s.to && s.to !== this.leaf) {
        this.leaf = s.to;
        this.changed = true;
      }
      if (s.done) this.status = 'done';
      return true;
    }
    return false;
  }
}
