/**
 * The player's steps: step 0 is the connection (the greeting), step N the
 * N-th client line of the transcript. Each step holds the replies the
 * recording shows after it and, once compared, the ones the simulator gave
 * (replay.ts) and the differences replay.ts found there with their RFC rule.
 */
import type { Difference, ReplayResult } from '../../machines/replay.ts';
import type { TranscriptFile } from '../../protocol/transcript.ts';

export interface StepReply {
  readonly code: number;
  readonly lines: readonly string[];
}

export interface PlayerStep {
  /** 0 for the connection, N for the N-th client line. */
  readonly index: number;
  /** The client line (null for step 0). */
  readonly client: string | null;
  /** Line of the transcript file where the step stands (0: the connection). */
  readonly line: number;
  readonly recorded: readonly StepReply[];
  readonly simulated: readonly StepReply[];
  /** What replay.ts found different at this step (recorded code against the simulator's). */
  readonly differences: readonly Difference[];
  /** A reply of this step is a 4xx or 5xx (the recorded one; the simulator's when nothing is recorded). */
  readonly error: boolean;
  /** Notes the transcript carries for this step's lines (`##`). */
  readonly notes: readonly string[];
}

/**
 * One empty list for every step that has nothing there: a long capture's steps are kept for
 * the whole visit, and two or three empty arrays each were most of the objects its import made
 * (each garbage collection of the young objects right after an import copies them all).
 */
export const NONE: readonly never[] = Object.freeze([]);

/** The player's steps as a list to read: an array of them, or the table a comparison fills. */
export interface Steps extends Iterable<PlayerStep> {
  readonly length: number;
  /** The step at `index` (from the end when negative), as Array's `at`. */
  at(index: number): PlayerStep | undefined;
}

const anyError = (replies: readonly StepReply[]) => replies.some((r) => r.code >= 400);

/**
 * The steps as the recording has them, before any comparison (no simulated reply, no
 * difference: the player compares in slices, ComparedSteps). Step 0 holds the replies before
 * the first client line, step N the N-th client line and the replies after it. Only where each
 * step begins in the file is kept (a typed array, outside the heap a collection copies); a step
 * is made when read: a long capture's import builds no object per step.
 */
export class RecordedSteps implements Steps {
  /** The file index of each step's client line (-1 for step 0), then the file's length. */
  private readonly starts: Int32Array;

  constructor(private readonly file: TranscriptFile) {
    const steps = file.steps;
    let count = 1;
    for (const s of steps) if (s.who === 'C') count++;
    this.starts = new Int32Array(count + 1);
    this.starts[0] = -1;
    let k = 1;
    steps.forEach((s, i) => {
      if (s.who === 'C') this.starts[k++] = i;
    });
    this.starts[count] = steps.length;
  }

  get length(): number {
    return this.starts.length - 1;
  }

  at(index: number): PlayerStep | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0 || i >= this.length) return undefined;
    const steps = this.file.steps;
    const [from, to] = [this.starts[i]!, this.starts[i + 1]!];
    const head = from >= 0 ? steps[from] : undefined;
    const client = head?.who === 'C' ? head : null;
    let recorded: StepReply[] | null = null;
    let notes: string[] | null = client?.notes?.length ? [...client.notes] : null;
    for (let k = from + 1; k < to; k++) {
      const s = steps[k]!;
      if (s.who === 'S') (recorded ??= []).push(s);
      if (s.notes?.length) (notes ??= []).push(...s.notes);
    }
    return {
      index: i,
      client: client ? client.text : null,
      line: client ? client.line : 0,
      recorded: recorded ?? NONE,
      simulated: NONE,
      differences: NONE,
      error: recorded ? anyError(recorded) : false,
      notes: notes ?? NONE,
    };
  }

  *[Symbol.iterator](): Iterator<PlayerStep> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/**
 * A step with what the replay found there: the simulator's replies and the
 * differences (replay.ts places each at its step). `recording` says whether the
 * file records any reply: a bare list of commands shows the simulator's.
 */
export function checked(
  step: PlayerStep,
  simulated: readonly StepReply[],
  differences: readonly Difference[],
  recording: boolean,
): PlayerStep {
  return {
    ...step,
    simulated,
    differences,
    error: anyError(recording ? step.recorded : simulated),
  };
}

/** The steps with a whole replay's result (the player's slices come to the same). */
export function buildSteps(file: TranscriptFile, result: ReplayResult): PlayerStep[] {
  const simulated = new RecordedSteps(result.simulated);
  const recording = file.steps.some((s) => s.who === 'S');
  const diffs = new Map<number, Difference[]>();
  for (const d of result.differences) diffs.set(d.step, [...(diffs.get(d.step) ?? []), d]);
  // The simulator's replies as the player's comparison has them: a code and lines alone.
  const replies = (i: number) =>
    simulated.at(i)?.recorded.map(({ code, lines }) => ({ code, lines })) ?? NONE;
  return [...new RecordedSteps(file)].map((s, i) =>
    checked(s, replies(i), diffs.get(i) ?? NONE, recording),
  );
}

/** What a comparison found, by step: lists it goes on filling (the replay's own, for the replies). */
export interface Found {
  readonly replies: readonly (readonly StepReply[] | undefined)[];
  readonly differences: readonly (readonly Difference[] | undefined)[];
  /** The file records replies (a bare list of commands shows the simulator's). */
  readonly recording: boolean;
}

/**
 * The recorded steps with what the comparison found, kept beside them: a step is made whole
 * only when read (`at`), so comparing a long capture makes no object per step, and each
 * collection of the young objects has few to copy. A table is a value for the views: the
 * comparison hands out a new one (the same lists, more steps checked) when it shows progress.
 */
export class ComparedSteps implements Steps {
  constructor(
    private readonly recorded: Steps,
    private readonly found: Found,
    /** Steps compared (0..checked-1): the ones after are as recorded. */
    readonly checked: number,
  ) {}

  get length(): number {
    return this.recorded.length;
  }

  at(index: number): PlayerStep | undefined {
    const i = index < 0 ? index + this.length : index;
    if (i < 0) return undefined;
    const step = this.recorded.at(i);
    if (!step || i >= this.checked) return step;
    const { replies, differences, recording } = this.found;
    return checked(step, replies[i] ?? NONE, differences[i] ?? NONE, recording);
  }

  *[Symbol.iterator](): Iterator<PlayerStep> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
}

/** The next step after `from` that matches, or null. */
export function nextWhere(
  steps: Steps,
  from: number,
  test: (s: PlayerStep) => boolean,
): number | null {
  for (let i = from + 1; i < steps.length; i++) if (test(steps.at(i)!)) return i;
  return null;
}
