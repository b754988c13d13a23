/**
 * The player (issue 17): a transcript imported from a capture, a log or an
 * RFC's text, replayed against the simulated server (replay.ts), and one
 * step of it shown at a time. The pictures read `sim`, a Simulator of its
 * own that each move re-runs to the step (rerun.ts: on from where it is when
 * going forward, from a fresh session when going back, in slices when long):
 * the state shown is always the machine's, so nothing drifts however the
 * learner scrubs.
 */
import './words.ts';
import { t } from '../../kit/strings.ts';
import { Replayer, serverOf, type Difference, type RecordedServer } from '../../machines/replay.ts';
import type { KeyValueStore } from '../../kit/store.ts';
import { DIALECTS, type DialectId } from '../../protocol/dialects/index.ts';
import { importTranscript, type Problem, type Source } from '../../protocol/import/index.ts';
import type { TranscriptFile } from '../../protocol/transcript.ts';
import { printTranscript } from '../../protocol/transcript-print.ts';
import { Simulator } from '../sandbox/simulator.svelte.ts';
import { explainStep, textStep, type StepExplanation } from './explain.ts';
import { ComparedSteps, nextWhere, RecordedSteps, type PlayerStep, type Steps } from './steps.ts';
import { swaksCommand } from './swaks.ts';
import { Rerun } from './rerun.ts';
import { browserScheduler, inSlices, type Scheduler } from './slices.ts';
import { loadRecording, saveRecording } from './recording.ts';

/** File steps compared within the import's own task, however the slices are timed (a few ms). */
const CHECK_AT_ONCE = 1000;
/** How often a comparison under way shows how far it got (ms). */
const PUBLISH_MS = 150;

/**
 * Transcript entries the pictures' session keeps, at least (the newest): a re-run to step
 * 100,000 kept every entry and its display lines (58 MB in Node), and collecting them held the
 * page past a long task while scrubbing. The step list, the wire view and the export read the
 * recording itself, which is kept whole.
 */
export const SIM_ENTRIES = 2000;

/** Steps a second, for the speed choice. */
export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

/** The client lines replay.ts sends before the file's own when `# starts:` says the excerpt begins later. */
export function setupLines(starts: string): string[] {
  const out: string[] = [];
  if (starts.includes('+H')) out.push('HELO client.test');
  if (starts.includes('+E')) out.push('EHLO client.test');
  if (starts.includes('+T')) out.push('EHLO client.test', 'STARTTLS');
  if (starts.includes('+M')) out.push('MAIL FROM:<setup@client.test>');
  return out;
}

export interface Timers {
  readonly every: (ms: number, tick: () => void) => () => void;
}

const browserTimers: Timers = {
  every: (ms, tick) => {
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  },
};

export interface Loaded {
  readonly source: Source;
  readonly problems: readonly Problem[];
}

export class Player {
  /** What was imported, with the lines the importer could not read (never dropped silently). */
  loaded = $state.raw<Loaded | null>(null);
  /** Why the last import failed (no transcript came out), null when it did not. */
  failure = $state<string | null>(null);
  file = $state.raw<TranscriptFile | null>(null);
  /** The steps, with what the comparison found so far (a new table when it shows progress). */
  steps = $state.raw<Steps>([]);
  /** The chosen step (the session may still be on its way there: `shown`). */
  at = $state(0);
  /**
   * The step the pictures show (`sim`, drawn when a re-run gets there): behind
   * `at` while a long re-run goes on in slices, 0 once one going back has
   * started afresh.
   */
  shown = $state(0);
  /** The step a re-run under way has typed to (for its progress). */
  reached = $state(0);
  playing = $state(false);
  speed = $state<number>(1);
  annotated = $state(true);
  /** The wire view is open (WireView). */
  wire = $state(false);
  /** Steps compared with the simulator so far (the comparison goes on in slices after an import). */
  checked = $state(0);
  /** The comparison is finished: `differing` is final. */
  checkDone = $state(false);
  /** Steps where the recording and the simulator differ, among those compared. */
  differing = $state(0);
  /** The session at step `at`, for the pictures. */
  readonly sim: Simulator;
  private server: RecordedServer | null = null;
  private setup: string[] = [];
  private clientLines: string[] = [];
  /** Stops the comparison under way, if any (a new import, leaving). */
  private stopCheck: () => void = () => {};
  private readonly scheduler: Scheduler;
  /** The session's step count after each player step (the replay's, growing as it goes), for an arrow's step. */
  private sessionSteps: readonly number[] = [];
  private stop: (() => void) | null = null;
  private readonly timers: Timers;
  private readonly now: (() => Date) | undefined;
  private readonly rerun: Rerun;
  private waiting: (() => void)[] = [];
  /** Whether each step's client line is message text (after a 354, up to the lone dot), as compared so far. */
  private inText: boolean[] = [];
  /** The steps as recorded, before any comparison (the table's base). */
  private recorded: Steps = [];
  /** Compared steps already put in words, by step (made when shown: a long import does not wait for them). */
  private explanations: (StepExplanation | undefined)[] = [];

  /** `scheduler`: the re-run's clock and its way to run later (tests pass their own). */
  constructor(options: { timers?: Timers; now?: () => Date; scheduler?: Scheduler } = {}) {
    this.timers = options.timers ?? browserTimers;
    this.now = options.now;
    const now = options.now ? { now: options.now } : {};
    this.sim = new Simulator({ session: { ...now, retain: { transcript: SIM_ENTRIES } } });
    this.scheduler = options.scheduler ?? browserScheduler;
    // Lines typed on quietly; the pictures are redrawn once the session is at the step.
    this.rerun = new Rerun(
      {
        reset: () => {
          this.sim.replayTyped(this.setup, this.server);
          this.shown = 0;
        },
        type: (from, to) => this.sim.typeQuietly(this.clientLines.slice(from, to)),
      },
      this.scheduler,
    );
  }

  /** Opens the recording the learner last continued from (after a reload), at its step; false when none is kept. */
  resume(store: KeyValueStore | undefined): boolean {
    const kept = loadRecording(store);
    if (!kept || !this.load(kept.text, 'rfc')) return false;
    this.goTo(kept.at);
    return true;
  }

  /** True while the session is on its way to the chosen step. */
  get busy(): boolean {
    return this.shown !== this.at;
  }

  /** Step `n` in plain words (the annotation), null when there is no such step. */
  explain(n: number): StepExplanation | null {
    const step = n >= 0 ? this.steps.at(n) : undefined;
    if (!step || !this.file) return null;
    let said = this.explanations[n];
    if (!said) {
      const dialect = DIALECTS[(this.file.meta.dialect ?? 'rfc5321') as DialectId];
      said = explainStep(step, dialect, this.inText[n] ?? false);
      // Kept once compared: before, the simulator's replies and the message text are not known.
      if (n < this.checked) this.explanations[n] = said;
    }
    return said;
  }

  /** The number of the last step. */
  get last(): number {
    return Math.max(0, this.steps.length - 1);
  }

  get step(): PlayerStep | null {
    return this.steps.at(this.at) ?? null;
  }

  /**
   * Imports text or a capture's bytes with the chosen source (or the guess) and
   * replays it; `dialect` replaces the transcript's own era. False, with
   * `failure` said, when nothing could be imported.
   */
  load(input: string | Uint8Array, from?: Source, dialect?: DialectId): boolean {
    this.pause();
    this.loaded = null;
    try {
      const result = importTranscript(input, from);
      const meta = dialect ? { ...result.transcript.meta, dialect } : result.transcript.meta;
      const file = { ...result.transcript, meta };
      this.loaded = { source: result.source, problems: result.problems };
      if (!file.steps.length) throw new Error(t('player.import.empty'));
      this.use(file);
      this.failure = null;
      return true;
    } catch (error) {
      this.stopCheck();
      [this.file, this.steps, this.recorded, this.inText] = [null, [], [], []];
      const why = error instanceof Error ? error.message : String(error);
      // The guess's advice names the command line's --from: here the source is chosen above.
      this.failure = why.replace(/; say it with --from$/, `; ${t('player.import.chooseSource')}`);
      return false;
    }
  }

  private use(file: TranscriptFile) {
    const id = (file.meta.dialect ?? 'rfc5321') as DialectId;
    if (!Object.hasOwn(DIALECTS, id)) throw new Error(`unknown dialect "${id}"`);
    const world = file.meta.world;
    this.server = world === undefined ? { dialect: id } : { dialect: id, world };
    // The world's own clock wins over the page's, in the replay as in `sim`.
    const replayer = new Replayer(file, {
      ...(this.now ? { now: this.now } : {}),
      ...serverOf(this.server),
    });
    this.stopCheck();
    this.file = file;
    this.sessionSteps = replayer.sessionSteps;
    this.steps = this.recorded = new RecordedSteps(file);
    this.inText = [];
    this.explanations = [];
    [this.checked, this.differing, this.checkDone] = [0, 0, false];
    this.setup = setupLines(file.meta.starts ?? '');
    this.clientLines = [];
    for (const s of file.steps) if (s.who === 'C') this.clientLines.push(s.text);
    this.cancelDraw();
    this.rerun.reset();
    [this.at, this.shown, this.reached] = [0, 0, 0];
    this.startCheck(replayer);
  }

  /**
   * Compares the recording with the simulator in slices (replay.ts): the
   * learner steps through at once while the differences come in. A short
   * transcript is compared within the import's own task.
   */
  private startCheck(replayer: Replayer) {
    const recording = this.file!.steps.some((s) => s.who === 'S');
    let placed = 0;
    // The differences found so far, by step (sparse), and how many steps have any.
    const byStep: Difference[][] = [];
    let differing = 0;
    const found = { replies: replayer.replies, differences: byStep, recording };
    // Whether the message text is open after the last step compared (explain.ts's textStep).
    let open = false;
    const publish = (upTo: number, again: readonly number[] = []) => {
      const diffs = replayer.differences;
      for (; placed < diffs.length; placed++) {
        const d = diffs[placed]!;
        if (!byStep[d.step]) [byStep[d.step], differing] = [[], differing + 1];
        byStep[d.step]!.push(d);
      }
      const steps = new ComparedSteps(this.recorded, found, upTo);
      for (let i = this.checked; i < upTo; i++)
        ({ text: this.inText[i], open } = textStep(open, steps.at(i)!));
      for (const i of again) this.explanations[i] = undefined;
      this.steps = steps;
      this.checked = upTo;
      this.differing = differing;
    };
    // A transcript of a usual length is compared within the import, the same on every machine.
    let first = true;
    let shownAt = -Infinity;
    this.stopCheck = inSlices(
      {
        step: (n) => {
          const more = first ? Math.max(n, CHECK_AT_ONCE) : n;
          first = false;
          return replayer.advance(more);
        },
        // Every step before the one the replay is at is compared (a reply the recording lacks
        // waits for the end); shown a few times a second, not after every slice (each is a redraw).
        between: () => {
          const now = this.scheduler.now();
          if (now - shownAt < PUBLISH_MS) return;
          shownAt = now;
          publish(replayer.step);
        },
        done: () => {
          const late = replayer.differences.slice(placed).map((d) => d.step);
          publish(this.steps.length, late);
          this.checkDone = true;
        },
      },
      this.scheduler,
    );
  }

  /** The client lines typed to reach step `n`: the excerpt's set-up, then the first n lines. */
  linesTo(n: number): string[] {
    return [...this.setup, ...this.clientLines.slice(0, n)];
  }

  /**
   * Re-runs the machine to step `n` (clamped): at once when it is near, else in
   * slices (`shown` follows; `settled()` resolves once there). A newer move
   * replaces one under way.
   */
  goTo(n: number) {
    const to = Math.min(Math.max(0, Math.trunc(n) || 0), this.last);
    this.at = to;
    this.cancelDraw();
    const draw = () => {
      this.sim.refresh();
      [this.shown, this.reached] = [to, to];
      for (const done of this.waiting.splice(0)) done();
    };
    let sliced = false;
    this.rerun.run(
      to,
      // A run that took slices is drawn in a task of its own: its last slice and the redraw of
      // a long session together could hold the page past a long task.
      () => {
        if (!sliced) return draw();
        const cancel = this.scheduler.later(() => {
          this.cancelDraw = () => {};
          draw();
        });
        this.cancelDraw = () => {
          cancel();
          this.cancelDraw = () => {};
        };
      },
      (at) => (this.reached = at),
    );
    sliced = true;
  }

  /** Cancels the redraw a sliced re-run has waiting (a newer move replaces it). */
  private cancelDraw: () => void = () => {};

  /** Resolves once the session is at the chosen step (at once when it is). */
  settled(): Promise<void> {
    return this.busy ? new Promise((done) => this.waiting.push(done)) : Promise.resolve();
  }

  /**
   * The player step of a sequence diagram's arrow (its session step): the first
   * step after which the session had taken that many steps.
   */
  stepOfSession(sessionStep: number): number {
    // Known as far as the comparison has gone (the replay counts the session's steps).
    const steps = this.sessionSteps;
    let [lo, hi] = [0, Math.min(steps.length, this.steps.length) - 1];
    if (hi < 0) return 0;
    if (sessionStep > steps[hi]!) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (steps[mid]! >= sessionStep) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  forward() {
    if (this.at < this.last) this.goTo(this.at + 1);
    else this.pause();
  }

  back() {
    if (this.at > 0) this.goTo(this.at - 1);
  }

  /** The next step where the recording and the simulator differ; false when there is none. */
  nextDifference(): boolean {
    return this.jump((s) => s.differences.length > 0);
  }

  /** The next step with a 4xx or 5xx reply; false when there is none. */
  nextError(): boolean {
    return this.jump((s) => s.error);
  }

  private jump(test: (s: PlayerStep) => boolean): boolean {
    const to = nextWhere(this.steps, this.at, test);
    if (to === null) return false;
    this.goTo(to);
    return true;
  }

  play() {
    if (this.playing || !this.steps.length) return;
    if (this.at >= this.last) this.goTo(0);
    this.playing = true;
    this.stop = this.timers.every(1000 / this.speed, () => this.forward());
  }

  pause() {
    this.stop?.();
    this.stop = null;
    this.playing = false;
  }

  /** A new speed; a play under way goes on at it. */
  setSpeed(speed: number) {
    this.speed = speed;
    if (this.playing) {
      this.pause();
      this.play();
    }
  }

  /**
   * "Continue from here": the sandbox takes this server and the lines up to the
   * step, and the learner types on; the recording and the step are kept in
   * `store` (resume() opens them again after a reload).
   */
  continueIn(sandbox: Simulator, store?: KeyValueStore) {
    this.pause();
    sandbox.replayTyped(this.linesTo(this.at), this.server);
    if (this.file) saveRecording(store, { text: printTranscript(this.file), at: this.at });
  }

  /** The transcript as a `.txt` file in the one format (transcript-print.ts). */
  exportText(): string {
    return this.file ? printTranscript(this.file) : '';
  }

  /** A swaks command line that replays the client side against `server` (HOST:PORT). */
  exportSwaks(server: string): string {
    return this.file ? swaksCommand(this.file, server) : '';
  }

  destroy() {
    this.pause();
    this.rerun.stop();
    this.cancelDraw();
    this.stopCheck();
    this.sim.destroy();
  }
}
