import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../../src/kit/store.ts';
import { STORAGE_KEY, load, save } from '../../../src/ui/sandbox/persistence.ts';
import { memoryStore } from '../store.ts';
import { DEFAULT_SETTINGS, parseSettings } from '../../../src/ui/sandbox/settings.ts';

describe('persistence', () => {
  it('round-trips settings and inputs', () => {
    const store = memoryStore();
    expect(load(store)).toEqual({ status: 'empty' });
    const saved = { settings: DEFAULT_SETTINGS, inputs: ['EHLO a.test\r\n', 'QUIT\r\n'] };
    expect(save(store, saved)).toBeNull();
    expect(load(store)).toEqual({ status: 'ok', saved });
  });

  it.each([
    ['not JSON', '{oops', 'not valid JSON'],
    ['not an object', '42', 'not an object'],
    ['another version', JSON.stringify({ version: 99 }), 'unknown version'],
    [
      'bad settings',
      JSON.stringify({ version: 1, settings: { dialect: 'rfc9999' }, inputs: [] }),
      'server settings',
    ],
    [
      'bad inputs',
      JSON.stringify({ version: 1, settings: DEFAULT_SETTINGS, inputs: [1, 2] }),
      'input lines',
    ],
  ])('a corrupted store (%s) is reported and removed', (_name, raw, reason) => {
    const store = memoryStore({ [STORAGE_KEY]: raw });
    const loaded = load(store);
    expect(loaded.status).toBe('reset');
    expect(loaded.status === 'reset' && loaded.reason).toContain(reason);
    expect(store.data.has(STORAGE_KEY)).toBe(false);
  });

  it('a store that throws is reported, never thrown', () => {
    const broken: KeyValueStore = {
      getItem() {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem() {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem() {
        throw new Error('no');
      },
    };
    expect(load(broken)).toMatchObject({ status: 'reset' });
    expect(save(broken, { settings: DEFAULT_SETTINGS, inputs: [] })).toContain(
      'QuotaExceededError',
    );
  });

  it('settings are checked field by field', () => {
    expect(parseSettings(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings({ ...DEFAULT_SETTINGS, extensions: ['NOPE'] })).toBeNull();
    expect(parseSettings({ ...DEFAULT_SETTINGS, vrfy: 'maybe' })).toBeNull();
    expect(parseSettings({ ...DEFAULT_SETTINGS, users: [{ name: 'x' }] })).toBeNull();
  });
});
