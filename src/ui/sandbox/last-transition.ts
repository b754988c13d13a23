/** The session's last state change, for the state chart's animation (Simulator.lastTransition). */
import type { TranscriptEntry } from '../../machines/session.ts';

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly step: number;
}

/** The last `state` entry, walking back from the end (a refresh costs the entries since it). */
export function lastTransitionOf(transcript: readonly TranscriptEntry[]): Transition | null {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const e = transcript[i]!;
    if (e.kind === 'state') return { from: e.from, to: e.to, step: e.step };
  }
  return null;
}

/** Same change: the chart animates only a new one. */
export const sameTransition = (a: Transition | null, b: Transition | null): boolean =>
  a?.from === b?.from && a?.to === b?.to && a?.step === b?.step;
