import type { KeyValueStore } from '../../../src/kit/store.ts';

/**
 * A Map-backed store that refuses, as a browser does, to hold more than
 * `limit` characters in all: setItem throws a DOMException named
 * QuotaExceededError and leaves the old value in place.
 */
export function quotaStore(
  limit: number,
  initial: Record<string, string> = {},
): KeyValueStore & { data: Map<string, string>; refused: number } {
  const data = new Map(Object.entries(initial));
  const store = {
    data,
    refused: 0,
    getItem: (k: string) => data.get(k) ?? null,
    setItem(k: string, v: string) {
      let used = k.length + v.length;
      for (const [key, value] of data) if (key !== k) used += key.length + value.length;
      if (used > limit) {
        store.refused++;
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      data.set(k, v);
    },
    removeItem: (k: string) => void data.delete(k),
  };
  return store;
}
