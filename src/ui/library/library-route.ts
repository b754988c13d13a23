/**
 * The library's addresses, in the fragment like the player's: `#/library` (the
 * list) and `#/library/<id>/<step>`, a POP3 or IMAP session of the library
 * replayed at a step, numbered as the replay shows it (1 is the greeting).
 * An id is a folder and a file name (`rfc1939/10-example-session`, the
 * library's layout), so whatever follows them is the step. No imports: the
 * first screen asks whether an address is the library's.
 */

export interface LibraryRoute {
  /** The session asked for, or null for the list. */
  readonly id: string | null;
  /** The step as written in the address (checked against the session: replay-link.ts), or null. */
  readonly step: string | null;
}

const LIBRARY = /^#\/library(?:\/(.*))?$/s;

/** Whether an address opens the library (its list, or one of its sessions). */
export const isLibraryHash = (hash: string) => LIBRARY.test(hash);

/** What a fragment asks the library to show; null when it is not the library's. */
export function libraryRoute(hash: string): LibraryRoute | null {
  const m = LIBRARY.exec(hash);
  if (!m) return null;
  const parts = (m[1] ?? '').split('/');
  if (parts.every((p) => p === '')) return { id: null, step: null };
  const id = parts.slice(0, 2).join('/');
  const rest = parts.slice(2);
  return { id, step: rest.length && rest.join('/') !== '' ? rest.join('/') : null };
}

/** `#/library/<id>/<step>`, the step numbered from 1 as the replay shows it. */
export const replayHash = (id: string, step = 1) => `#/library/${id}/${step}`;
