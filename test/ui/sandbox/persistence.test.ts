import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../src/kit/store.ts';
import {
  BACKUP_KEY,
  STORAGE_KEY,
  isQuotaError,
  load,
  save,
} from '../../../src/ui/sandbox/persistence.ts';
import { memoryStore } from '../store.ts';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/ui/sandbox/settings.ts';
import { quotaStore } from './persist-store.ts';

describe('persistence', () => {
  it('round-trips settings, inputs and the unsent draft', () => {
    const store = memoryStore();
    expect(load(store)).toEqual({ status: 'empty' });
    const saved = {
      settings: DEFAULT_SETTINGS,
      inputs: ['EHLO a.test\r\n', 'QUIT\r\n'],
      draft: 'Subject: hi\nbody',
    };
    expect(save(store, saved)).toBeNull();
    expect(load(store)).toEqual({ status: 'ok', saved });
  });

  it.each([
    ['not JSON', '{oops', 'not valid JSON'],
    ['not an object', '42', 'not an object'],
    ['an older version', JSON.stringify({ version: 0 }), 'unknown version'],
    [
      'bad settings',
      JSON.stringify({ version: 1, settings: { dialect: 'rfc9999' }, inputs: [] }),
      'server settings',
    ],
  ])('an unreadable store (%s) is reported and kept aside, not wiped', (_name, raw, reason) => {
    const store = memoryStore({ [STORAGE_KEY]: raw });
    const loaded = load(store);
    expect(loaded.status).toBe('reset');
    expect(loaded.status === 'reset' && loaded.reason).toContain(reason);
    expect(store.data.get(BACKUP_KEY)).toBe(raw);
    expect(store.data.has(STORAGE_KEY)).toBe(false);
  });

  it('unreadable input lines: the settings are kept, the learner is told, a copy is kept', () => {
    const settings = { ...DEFAULT_SETTINGS, dialect: 'rfc821' };
    const raw = JSON.stringify({ version: 1, settings, inputs: [1, 2] });
    const store = memoryStore({ [STORAGE_KEY]: raw });
    const loaded = load(store);
    expect(loaded).toMatchObject({ status: 'ok', saved: { settings, inputs: [] } });
    expect(loaded.status === 'ok' && loaded.note).toMatch(/could not be read/);
    expect(store.data.get(BACKUP_KEY)).toBe(raw);
  });

  it('a newer version is read as far as it can be, said so, and never wiped', () => {
    const raw = JSON.stringify({
      version: 7,
      settings: DEFAULT_SETTINGS,
      inputs: ['EHLO a.test\r\n'],
      somethingNew: { x: 1 },
    });
    const store = memoryStore({ [STORAGE_KEY]: raw });
    const loaded = load(store);
    expect(loaded).toMatchObject({ status: 'ok', saved: { inputs: ['EHLO a.test\r\n'] } });
    expect(loaded.status === 'ok' && loaded.note).toMatch(/newer version.*format 7/);
    expect(store.data.get(STORAGE_KEY)).toBe(raw);
    expect(store.data.get(BACKUP_KEY)).toBe(raw);
  });

  it('a full storage is said in words; the session without the unsent text is saved if it fits', () => {
    const store = quotaStore(2_000);
    const session = { settings: DEFAULT_SETTINGS, inputs: ['EHLO a.test\r\n'] };
    const problem = save(store, { ...session, draft: 'x'.repeat(5_000) });
    expect(problem).toMatch(/storage for this page is full.*not the text you have not sent/);
    expect(JSON.parse(store.data.get(STORAGE_KEY)!)).toMatchObject(session);
    // Too big even without it: nothing is written, and the message says what that means.
    const big = save(store, { settings: DEFAULT_SETTINGS, inputs: ['x'.repeat(5_000)] });
    expect(big).toBe(
      "Your session could not be saved: the browser's storage for this page is full. What you see is still here, but what you type from now on will not survive a reload.",
    );
    expect(JSON.parse(store.data.get(STORAGE_KEY)!)).toMatchObject(session);
  });

  it('knows the storage-full error by each browser name', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ code: 22 })).toBe(true);
    expect(isQuotaError(new DOMException('no', 'SecurityError'))).toBe(false);
    expect(isQuotaError('full')).toBe(false);
  });

  it('a store that throws is reported, never thrown', () => {
    const broken: KeyValueStore = {
      getItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem() {
        throw new Error('no');
      },
    };
    expect(load(broken)).toMatchObject({ status: 'reset' });
    expect(save(broken, { settings: DEFAULT_SETTINGS, inputs: [] })).toContain(
      'the browser refused to store it (SecurityError)',
    );
  });

  it('settings are checked field by field', () => {
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ ...DEFAULT_SETTINGS, extensions: ['NOPE'] })).toBeNull();
    expect(parseSettings({ ...DEFAULT_SETTINGS, vrfy: 'maybe' })).toBeNull();
    expect(parseSettings({ ...DEFAULT_SETTINGS, users: [{ name: 'x' }] })).toBeNull();
    expect(parseSettings({ ...DEFAULT_SETTINGS, turn: 'maybe' })).toBeNull();
    // Saved before TURN could be accepted: refused, as it was then.
    const { turn: _, ...old } = DEFAULT_SETTINGS;
    expect(parseSettings(old)).toEqual({ ...DEFAULT_SETTINGS, turn: 'refuse' });
    expect(parseSettings({ ...DEFAULT_SETTINGS, turn: 'accept' })?.turn).toBe('accept');
  });
});
