/**
 * Where the page keeps things between visits. Only the part of Storage that is
 * used, so tests pass a Map-backed store and the theme, the sandbox, the
 * lessons and the teacher's pack share one type.
 */

/** The part of the Storage interface used here (tests pass a Map-backed one). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage when the page may use it, undefined otherwise (sandboxed iframes throw on access). */
export function browserStore(): KeyValueStore | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
