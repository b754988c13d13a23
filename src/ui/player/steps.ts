/**
 * The player's steps: step 0 is the connection (the greeting), step N the
 * N-th client line of the transcript. Each step holds the replies the
 * recording shows after it and the ones the simulator gave (replay.ts), and
 * the difference replay.ts found there with its RFC rule.
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

type Group = { client: string | null; line: number; replies: StepReply[]; notes: string[] };

/** Splits a dialogue into groups: the replies before the first client line, then one group per client line. */
function groups(file: TranscriptFile): Group[] {
  const out: Group[] = [{ client: null, line: 0, replies: [], notes: [] }];
  for (const s of file.steps) {
    if (s.who === 'C') out.push({ client: s.text, line: s.line, replies: [], notes: [] });
    else out[out.length - 1]!.replies.push({ code: s.code, lines: s.lines });
    out[out.length - 1]!.notes.push(...(s.notes ?? []));
  }
  return out;
}

/**
 * Pairs the recording with the replay, as replay.ts compares them: the k-th
 * recorded reply against the k-th reply the simulator gave; each mismatch,
 * in order, is the next of `result.differences`, and the simulator's replies
 * beyond the recorded ones are the rest.
 */
export function buildSteps(file: TranscriptFile, result: ReplayResult): PlayerStep[] {
  const recorded = groups(file);
  const simulated = groups(result.simulated);
  const anyRecorded = recorded.some((g) => g.replies.length > 0);
  const diffs = recorded.map((): Difference[] => []);
  // The next difference to place (an index: shifting a long list is quadratic).
  const queue = result.differences;
  let next = 0;
  // Where the k-th simulated reply stands, by step.
  const simAt = simulated.flatMap((g, i) => g.replies.map((r) => ({ step: i, reply: r })));
  let k = 0;
  recorded.forEach((g, i) => {
    for (const r of g.replies) {
      const got = simAt[k++];
      if ((!got || got.reply.code !== r.code) && next < queue.length)
        diffs[i]!.push(queue[next++]!);
    }
  });
  // Replies the recording lacks: at the step the simulator gave them.
  for (const extra of simAt.slice(k))
    if (next < queue.length && anyRecorded)
      diffs[Math.min(extra.step, diffs.length - 1)]!.push(queue[next++]!);
  return recorded.map((g, i) => {
    const sim = simulated[i]?.replies ?? [];
    const shown = anyRecorded ? g.replies : sim;
    return {
      index: i,
      client: g.client,
      line: g.line,
      recorded: g.replies,
      simulated: sim,
      differences: diffs[i]!,
      error: shown.some((r) => r.code >= 400),
      notes: g.notes,
    };
  });
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
