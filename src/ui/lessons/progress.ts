/**
 * Lesson progress, per lesson, in the browser: whether it is done and the
 * lines that met its goals, plus the lines typed so far (restored on reload).
 * Export and import as JSON. Nothing is thrown and nothing is wiped: a lesson
 * entry that cannot be read is left out (the others are kept), a newer format
 * is read as far as this version can, and what could not be read is copied
 * aside (`<key>:unreadable`) before the next save replaces it.
 */
import { plural, t } from '../../kit/strings.ts';
import type { KeyValueStore } from '../../kit/store.ts';
import type { LessonStatus } from '../../lessons/status.ts';
import { why } from '../sandbox/persistence.ts';

export const PROGRESS_KEY = 'smtp-simulator/progress';

/** Where a pack's progress is kept: the course's under PROGRESS_KEY, a teacher's pack's under its name. */
export function progressKey(packName?: string | null): string {
  return packName ? `${PROGRESS_KEY}@${packName}` : PROGRESS_KEY;
}
export const PROGRESS_FORMAT = 'smtp-simulator-progress';
const VERSION = 1;

/** What is kept per lesson: the lesson engine decides it (lessons/status.ts). */
export type LessonProgress = LessonStatus;

export type ProgressMap = Readonly<Record<string, LessonProgress>>;

export type ProgressLoaded =
  /** `note`: some of it could not be read or is newer than this page (say so to the learner). */
  | { readonly status: 'ok'; readonly progress: ProgressMap; readonly note?: string }
  | { readonly status: 'reset'; readonly reason: string };

/** Where what could not be read is kept aside (one copy, the latest). */
export const unreadableKey = (key: string) => `${key}:unreadable`;

export interface ParsedProgress {
  readonly progress: ProgressMap;
  /** Lessons whose entry could not be read (left out). */
  readonly skipped: readonly string[];
  /** The format's version when it is newer than this page's. */
  readonly newer?: number;
}

const isLines = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((l) => typeof l === 'string');

function parseEntry(v: unknown): LessonProgress | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const e = v as Record<string, unknown>;
  if (typeof e.done !== 'boolean') return null;
  if (e.solvedWith !== undefined && !isLines(e.solvedWith)) return null;
  if (e.lines !== undefined && !isLines(e.lines)) return null;
  if (e.doneAt !== undefined && typeof e.doneAt !== 'string') return null;
  if (e.startedAt !== undefined && typeof e.startedAt !== 'string') return null;
  if (e.solutionShown !== undefined && typeof e.solutionShown !== 'boolean') return null;
  return {
    done: e.done,
    ...(e.solvedWith ? { solvedWith: e.solvedWith } : {}),
    ...(e.doneAt ? { doneAt: e.doneAt as string } : {}),
    ...(e.startedAt ? { startedAt: e.startedAt as string } : {}),
    ...(e.solutionShown ? { solutionShown: true } : {}),
    ...(e.lines ? { lines: e.lines } : {}),
  };
}

/**
 * Checks a parsed value (stored or imported): the entries that can be read,
 * those that cannot, or a reason when it is not progress at all. A newer
 * version is read as far as its entries have the fields this one knows.
 */
export function parseProgress(value: unknown): ParsedProgress | { reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: t('progress.reason.notObject') };
  const v = value as Record<string, unknown>;
  if (v.format !== PROGRESS_FORMAT) return { reason: t('progress.reason.notProgress') };
  const newer = typeof v.version === 'number' && v.version > VERSION ? v.version : undefined;
  if (v.version !== VERSION && newer === undefined)
    return { reason: t('progress.reason.version', { version: String(v.version) }) };
  if (typeof v.lessons !== 'object' || v.lessons === null || Array.isArray(v.lessons))
    return { reason: t('progress.reason.noLessons') };
  const progress: Record<string, LessonProgress> = {};
  const skipped: string[] = [];
  for (const [id, entry] of Object.entries(v.lessons)) {
    const parsed = parseEntry(entry);
    if (parsed) progress[id] = parsed;
    else skipped.push(id);
  }
  return { progress, skipped, ...(newer !== undefined ? { newer } : {}) };
}

/** What to tell the learner about a progress read in part; null when all of it was read. */
export function partialNote(parsed: ParsedProgress): string | null {
  if (parsed.newer !== undefined)
    return t('persist.progress.newer', { version: String(parsed.newer) });
  if (parsed.skipped.length)
    return plural('persist.progress.skipped', parsed.skipped.length, {
      ids: parsed.skipped.join(', '),
    });
  return null;
}

export function serializeProgress(progress: ProgressMap): string {
  return JSON.stringify({ format: PROGRESS_FORMAT, version: VERSION, lessons: progress }, null, 2);
}

export function loadProgress(
  store: KeyValueStore | undefined,
  key: string = PROGRESS_KEY,
): ProgressLoaded {
  if (!store) return { status: 'ok', progress: {} };
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return { status: 'reset', reason: t('progress.reason.storage') };
  }
  if (raw === null) return { status: 'ok', progress: {} };
  const keepAside = () => {
    try {
      store.setItem(unreadableKey(key), raw);
      return true;
    } catch {
      return false; // nowhere to keep it: left in place until the next save
    }
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = value === undefined ? { reason: t('progress.reason.json') } : parseProgress(value);
  if ('progress' in parsed) {
    const note = partialNote(parsed);
    if (note === null) return { status: 'ok', progress: parsed.progress };
    keepAside();
    return { status: 'ok', progress: parsed.progress, note };
  }
  const kept = keepAside();
  if (kept) {
    try {
      store.removeItem(key);
    } catch {
      /* the next save overwrites it */
    }
  }
  const reason = t('progress.reason.saved', { reason: parsed.reason });
  return {
    status: 'reset',
    reason: kept ? `${reason}. ${t('persist.progress.keptAside')}` : reason,
  };
}

/** Writes; an error message when the browser refuses. */
export function saveProgress(
  store: KeyValueStore | undefined,
  progress: ProgressMap,
  key: string = PROGRESS_KEY,
): string | null {
  if (!store) return null;
  try {
    store.setItem(key, serializeProgress(progress));
    return null;
  } catch (error) {
    return t('persist.progress.notSaved', { why: why(error) });
  }
}

/** Reads an exported file's text: the progress (entries that cannot be read left out), or why it was refused. */
export function importProgress(text: string): ParsedProgress | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { reason: t('progress.reason.fileJson') };
  }
  return parseProgress(value);
}

/** Imported progress over the current one: a lesson done in either stays done. */
export function mergeProgress(current: ProgressMap, imported: ProgressMap): ProgressMap {
  const out: Record<string, LessonProgress> = { ...current };
  for (const [id, p] of Object.entries(imported)) {
    const mine = current[id];
    out[id] = mine?.done && !p.done ? mine : { ...mine, ...p };
  }
  return out;
}
