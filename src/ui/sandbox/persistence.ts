/**
 * What survives a reload: the server settings, every chunk of input the
 * learner sent (replayed into a fresh session on load: the machine is
 * deterministic, so the transcript comes back the same, dates aside), and the
 * text typed but not sent yet (the draft: message lines held in the console).
 * Nothing is thrown and nothing is wiped: a value that cannot be read is kept
 * aside under BACKUP_KEY before a new session replaces it, and reported.
 */
import type { KeyValueStore } from '../../kit/store.ts';
import { t } from '../../kit/strings.ts';
import { parseSettings, type ServerSettings } from './settings.ts';
import type { ClientNote } from '../../machines/conversation.ts';
import type { SavedReading } from './mail-reader.svelte.ts';
import { parseRecordedServer, type RecordedServer } from '../../machines/replay.ts';

export const STORAGE_KEY = 'smtp-simulator/session';
/** Where an unreadable saved session is kept aside (one copy, the latest). */
export const BACKUP_KEY = `${STORAGE_KEY}:unreadable`;
const VERSION = 1;

export interface Saved {
  readonly settings: ServerSettings;
  /** Each chunk as it was fed to the session, line endings included. */
  readonly inputs: readonly string[];
  /** Typed in the console and not sent yet (e.g. message lines before the final "."). */
  readonly draft?: string;
  /** The client machine's notes, when it sent in this session (its inputs are among `inputs`). */
  readonly clientNotes?: readonly ClientNote[];
  /** The mail reader's POP3 and IMAP connections on this session's mailboxes (mail-reader.svelte.ts). */
  readonly reading?: SavedReading;
  /** The recorded server the player's "continue from here" left (its era and world), over the settings. */
  readonly server?: RecordedServer;
}

/** The saved connections, when they read as such (a page from before the reader saved none). */
const readingOf = (v: unknown): { reading?: SavedReading } => {
  const r = v as { connections?: unknown; open?: unknown } | null;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.connections)) return {};
  const ok = r.connections.every((c: Record<string, unknown> | null) => {
    return (
      typeof c === 'object' &&
      c !== null &&
      (c.protocol === 'pop3' || c.protocol === 'imap') &&
      Number.isInteger(c.filed) &&
      Array.isArray(c.inputs) &&
      c.inputs.every((i) => typeof i === 'string')
    );
  });
  return ok && r.connections.length
    ? {
        reading: {
          connections: r.connections as SavedReading['connections'],
          open: r.open === true,
        },
      }
    : {};
};

const isNote = (n: unknown): n is ClientNote => {
  const v = n as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.at) &&
    (v.at as number) >= 0 &&
    typeof v.text === 'string' &&
    typeof v.rfc === 'string'
  );
};

/** The saved notes, when they read as notes (an older page saved none; they are only words). */
const notesOf = (v: unknown): { clientNotes?: ClientNote[] } =>
  Array.isArray(v) && v.length > 0 && v.every(isNote)
    ? { clientNotes: v.map((n) => ({ at: n.at, text: n.text, rfc: n.rfc })) }
    : {};

export type Loaded =
  | { readonly status: 'empty' }
  /** `note`: read, but something was left out or is newer than this page (say so). */
  | { readonly status: 'ok'; readonly saved: Saved; readonly note?: string }
  /** The stored value was unreadable; it was kept aside (BACKUP_KEY) when the store allowed. */
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
    if (keepAside(store, raw)) clear(store);
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
  // A newer page may have saved more: what this one can read is used, the rest kept aside.
  const newer = typeof v.version === 'number' && v.version > VERSION;
  if (v.version !== VERSION && !newer) return reset(t('session.reason.version'));
  const settings = parseSettings(v.settings);
  if (!settings) return reset(t('session.reason.settings'));
  const draft = typeof v.draft === 'string' && v.draft !== '' ? { draft: v.draft } : {};
  if (!Array.isArray(v.inputs) || !v.inputs.every((i) => typeof i === 'string')) {
    keepAside(store, raw);
    // The settings alone still make the same server: a new session on it.
    return {
      status: 'ok',
      saved: { settings, inputs: [], ...draft },
      note: t('persist.session.inputsLost'),
    };
  }
  if (newer) keepAside(store, raw);
  return {
    status: 'ok',
    saved: {
      settings,
      inputs: v.inputs,
      ...draft,
      ...notesOf(v.clientNotes),
      ...readingOf(v.reading),
      ...recordedOf(v.server),
    },
    ...(newer ? { note: t('persist.session.newer', { version: String(v.version) }) } : {}),
  };
}

/** The recorded server, when one was saved and still reads as one. */
const recordedOf = (v: unknown): { server?: RecordedServer } => {
  const server = v === undefined ? null : parseRecordedServer(v);
  return server ? { server } : {};
};

/** Writes; returns what went wrong, in words, when the browser refuses (storage full, private mode). */
export function save(store: KeyValueStore | undefined, saved: Saved): string | null {
  if (!store) return null;
  const write = (value: Saved) =>
    store.setItem(STORAGE_KEY, JSON.stringify({ version: VERSION, ...value }));
  try {
    write(saved);
    return null;
  } catch (error) {
    if (!isQuotaError(error) || !saved.draft) return t('persist.notSaved', { why: why(error) });
    // Full: the session without the unsent text may still fit (a pasted message is the big part).
    try {
      const notes = saved.clientNotes ? { clientNotes: saved.clientNotes } : {};
      const reading = saved.reading ? { reading: saved.reading } : {};
      const server = saved.server ? { server: saved.server } : {};
      write({ settings: saved.settings, inputs: saved.inputs, ...notes, ...reading, ...server });
      return t('persist.draftNotSaved');
    } catch (again) {
      return t('persist.notSaved', { why: why(again) });
    }
  }
}

export function clear(store: KeyValueStore | undefined) {
  try {
    store?.removeItem(STORAGE_KEY);
  } catch {
    /* ignored: see save() */
  }
}

/** Copies what could not be read where nothing overwrites it; best effort (the store may be full). */
function keepAside(store: KeyValueStore, raw: string): boolean {
  try {
    store.setItem(BACKUP_KEY, raw);
    return true;
  } catch {
    return false; // nowhere to keep it: left in place until the next save
  }
}

/** The browser's "storage full" error, by any of its names (Chromium, WebKit, Firefox). */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown };
  return (
    e.name === 'QuotaExceededError' ||
    e.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    e.code === 22 ||
    e.code === 1014
  );
}

/** What went wrong, in words. */
export function why(error: unknown): string {
  return isQuotaError(error)
    ? t('persist.reason.full')
    : t('persist.reason.refused', { error: describe(error) });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
