/**
 * The recording the learner continued from (the player's "continue from here"),
 * kept in the page's store with the step: after a reload the player opens it
 * again at that step, beside the sandbox's continued session (which the
 * sandbox keeps itself, with the recorded server). Best effort: a store that
 * refuses (full, private mode) keeps nothing, and the player starts empty.
 */
import type { KeyValueStore } from '../../kit/store.ts';

export const RECORDING_KEY = 'smtp-simulator/player';

export interface Recording {
  /** The transcript in the one format (transcript-print.ts). */
  readonly text: string;
  readonly at: number;
}

export function saveRecording(store: KeyValueStore | undefined, recording: Recording): boolean {
  try {
    store?.setItem(RECORDING_KEY, JSON.stringify(recording));
    return store !== undefined;
  } catch {
    return false;
  }
}

export function loadRecording(store: KeyValueStore | undefined): Recording | null {
  try {
    const raw = store?.getItem(RECORDING_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Recording> | null;
    if (typeof v?.text !== 'string' || !Number.isInteger(v.at) || (v.at as number) < 0) return null;
    return { text: v.text, at: v.at as number };
  } catch {
    return null;
  }
}
