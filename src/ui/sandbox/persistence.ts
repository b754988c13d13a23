/**
 * What survives a reload: the server settings and every chunk of input the
 * learner sent, replayed into a fresh session on load (the machine is
 * deterministic, so the transcript comes back the same, dates aside). A store
 * that cannot be read is reset and reported, never thrown.
 */
import type { KeyValueStore } from '../../kit/store.ts';
import { t } from '../../kit/strings.ts';
import { parseSettings, type ServerSettings } from './settings.ts';

export const STORAGE_KEY = 'smtp-simulator/session';
const VERSION = 1;

export interface Saved {
  readonly settings: ServerSettings;
  /** Each chunk as it was fed to the session, line endings included. */
  readonly inputs: readonly string[];
}

export type Loaded =
  | { readonly status: 'empty' }
  | { readonly status: 'ok'; readonly saved: Saved }
  /** The stored value was unreadable; it has been removed. */
  | { readonly status: 'reset'; readonly reason: string };

export function load(store: KeyValueStore | undefined): Loaded {
  if (!store) return { status: 'empty' };
  let raw: string | null;
  try {
    raw = store.getItem(STORAGE_KEY);
  } catch (error) {
    return { status: 'reset', reason: t('session.reason.storage', { error: describe(error) }) };
  }
  if (raw === null) return { status: 'empty' };
  const reset = (reason: string): Loaded => {
    try {
      store.removeItem(STORAGE_KEY);
    } catch {
      /* nothing more to do: the next save overwrites it */
    }
    return { status: 'reset', reason };
  };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return reset(t('session.reason.json'));
  }
  if (typeof value !== 'object' || value === null) return reset(t('session.reason.notObject'));
  const v = value as Record<string, unknown>;
  if (v.version !== VERSION) return reset(t('session.reason.version'));
  const settings = parseSettings(v.settings);
  if (!settings) return reset(t('session.reason.settings'));
  if (!Array.isArray(v.inputs) || !v.inputs.every((i) => typeof i === 'string'))
    return reset(t('session.reason.inputs'));
  return { status: 'ok', saved: { settings, inputs: v.inputs } };
}

/** Writes; returns an error message when the browser refuses (quota, private mode). */
export function save(store: KeyValueStore | undefined, saved: Saved): string | null {
  if (!store) return null;
  try {
    store.setItem(STORAGE_KEY, JSON.stringify({ version: VERSION, ...saved }));
    return null;
  } catch (error) {
    return t('session.notSaved', { error: describe(error) });
  }
}

export function clear(store: KeyValueStore | undefined) {
  try {
    store?.removeItem(STORAGE_KEY);
  } catch {
    /* ignored: see save() */
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
