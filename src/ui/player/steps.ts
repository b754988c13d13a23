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

type Group = {
  client: string | null;
  line: number;
  replies: readonly StepReply[];
  notes: readonly string[];
};

/** Splits a dialogue into groups: the replies before the first client line, then one group per client line. */
function groups(file: TranscriptFile): Group[] {
  const out: Group[] = [{ client: null, line: 0, replies: NONE, notes: NONE }];
  let group = out[0]!;
  for (const s of file.steps) {
    if (s.who === 'C')
      out.push((group = { client: s.text, line: s.line, replies: NONE, notes: NONE }));
    else group.replies = [...group.replies, { code: s.code, lines: s.lines }];
    if (s.notes?.length) group.notes = [...group.notes, ...s.notes];
  }
  return out;
}

const anyError = (replies: readonly StepReply[]) => replies.some((r) => r.code >= 400);

/**
 * The steps as the recording has them, before any comparison: no simulated
 * reply and no difference yet (the player compares in slices, `checked`).
 */
export function recordedSteps(file: TranscriptFile): PlayerStep[] {
  return groups(file).map((g, i) => ({
    index: i,
    client: g.client,
    line: g.line,
    recorded: g.replies,
    simulated: NONE,
    differences: NONE,
    error: anyError(g.replies),
    notes: g.notes,
  }));
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
  const simulated = groups(result.simulated);
  const recording = file.steps.some((s) => s.who === 'S');
  const diffs = new Map<number, Difference[]>();
  for (const d of result.differences) diffs.set(d.step, [...(diffs.get(d.step) ?? []), d]);
  return recordedSteps(file).map((s, i) =>
    checked(s, simulated[i]?.replies ?? NONE, diffs.get(i) ?? NONE, recording),
  );
}

/** The next step after `from` that matches, or null. */
export function nextWhere(
  steps: readonly PlayerStep[],
  from: number,
  test: (s: PlayerStep) => boolean,
): number | null {
  for (let i = from + 1; i < steps.length; i++) if (test(steps[i]!)) return i;
  return null;
}
