/**
 * Lesson progress, per lesson, in the browser: whether it is done and the
 * lines that met its goals, plus the lines typed so far (restored on reload).
 * Export and import as JSON. A store that cannot be read is reset and
 * reported, never thrown.
 */
import { t } from '../../kit/strings.ts';
import type { KeyValueStore } from '../../kit/store.ts';
import type { LessonStatus } from '../../lessons/status.ts';

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
  | { readonly status: 'ok'; readonly progress: ProgressMap }
  | { readonly status: 'reset'; readonly reason: string };

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

/** Checks a parsed value (stored or imported); a reason when it is not valid progress. */
export function parseProgress(value: unknown): { progress: ProgressMap } | { reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { reason: t('progress.reason.notObject') };
  const v = value as Record<string, unknown>;
  if (v.format !== PROGRESS_FORMAT) return { reason: t('progress.reason.notProgress') };
  if (v.version !== VERSION)
    return { reason: t('progress.reason.version', { version: String(v.version) }) };
  if (typeof v.lessons !== 'object' || v.lessons === null || Array.isArray(v.lessons))
    return { reason: t('progress.reason.noLessons') };
  const progress: Record<string, LessonProgress> = {};
  for (const [id, entry] of Object.entries(v.lessons)) {
    const parsed = parseEntry(entry);
    if (!parsed) return { reason: t('progress.reason.entry', { id }) };
    progress[id] = parsed;
  }
  return { progress };
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
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  const parsed = value === undefined ? { reason: t('progress.reason.json') } : parseProgress(value);
  if ('progress' in parsed) return { status: 'ok', progress: parsed.progress };
  try {
    store.removeItem(key);
  } catch {
    /* the next save overwrites it */
  }
  return { status: 'reset', reason: t('progress.reason.saved', { reason: parsed.reason }) };
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
    return t('progress.notSaved', { error: error instanceof Error ? error.name : String(error) });
  }
}

/** Reads an exported file's text: the progress, or why it was refused. */
export function importProgress(text: string): { progress: ProgressMap } | { reason: string } {
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
