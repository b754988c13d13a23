/**
 * The simulator as the pictures column draws it: the fields that change with each input are
 * copied from the live simulator in the task after the change (shared/next-task.ts), everything
 * else is the simulator's own. The task that handles Enter then updates only what shows the
 * reply (the transcript row, the last reply); the chart, the sequence diagram, the envelope and
 * the mailbox follow in the next task, usually before the same frame is painted.
 */
import type { Simulator } from '../sandbox/simulator.svelte.ts';
import { nextTask } from '../shared/next-task.ts';

const KEYS = [
  'session',
  'entries',
  'state',
  'inData',
  'closed',
  'lastTransition',
  'mailbox',
  'envelope',
  'reader',
  'revision',
] as const;
type Followed = Pick<Simulator, (typeof KEYS)[number]>;
const FOLLOWED = new Set<string | symbol>(KEYS);

/** One signal per field, so that a picture reading one is not redrawn when another changes. */
class Copy implements Followed {
  session = $state.raw() as Simulator['session'];
  entries = $state.raw() as Simulator['entries'];
  state = $state.raw() as Simulator['state'];
  inData = $state.raw() as Simulator['inData'];
  closed = $state.raw() as Simulator['closed'];
  lastTransition = $state.raw() as Simulator['lastTransition'];
  mailbox = $state.raw() as Simulator['mailbox'];
  envelope = $state.raw() as Simulator['envelope'];
  reader = $state.raw() as Simulator['reader'];
  revision = $state.raw() as Simulator['revision'];

  /** Takes every field from `sim` (reading each: an effect calling this depends on all). */
  take(sim: Followed) {
    this.session = sim.session;
    this.entries = sim.entries;
    this.state = sim.state;
    this.inData = sim.inData;
    this.closed = sim.closed;
    this.lastTransition = sim.lastTransition;
    this.mailbox = sim.mailbox;
    this.envelope = sim.envelope;
    this.reader = sim.reader;
    this.revision = sim.revision;
  }
}

export class LaggedSimulator {
  private readonly copy = new Copy();
  private cancel: (() => void) | null = null;
  /** Reads as the simulator: the followed fields as last copied, the rest as they are. */
  readonly view: Simulator;

  constructor(private readonly sim: Simulator) {
    this.copy.take(sim);
    this.view = new Proxy(sim, {
      get: (target, key) => {
        if (FOLLOWED.has(key)) return this.copy[key as keyof Followed];
        // The simulator itself as the receiver: Svelte keeps its state in private fields.
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
  }

  /** Call from an effect: it depends on every followed field; they are copied in the next task. */
  follow() {
    for (const key of KEYS) void this.sim[key];
    this.cancel ??= nextTask(() => {
      this.cancel = null;
      this.copy.take(this.sim);
    });
  }

  /** The column goes: nothing more is copied. */
  stop() {
    this.cancel?.();
    this.cancel = null;
  }
}
