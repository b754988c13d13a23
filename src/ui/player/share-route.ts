/**
 * The player's addresses, all in the fragment (the page is static; nothing is
 * sent to a server): `#/player` (the import box), `#/player/library/<id>/<step>`
 * (a session of the library) and `#/player/shared/<step>/<payload>` (a whole
 * session carried by the link, share-codec.ts). Whole addresses: shared/share-link.ts.
 * No imports.
 */

export type PlayerTarget =
  | { readonly kind: 'import' }
  | { readonly kind: 'library'; readonly id: string; readonly step: number }
  | { readonly kind: 'shared'; readonly step: number; readonly payload: string };

const LIBRARY = /^#\/player\/library\/([\w.-]+(?:\/[\w.-]+)*?)(?:\/(\d+))?$/;
const SHARED = /^#\/player\/shared\/(\d+)\/(.*)$/s;

/** What a fragment asks the player to open; null when it is not the player's. */
export function playerTarget(hash: string): PlayerTarget | null {
  if (hash === '#/player' || hash === '#/player/') return { kind: 'import' };
  const lib = LIBRARY.exec(hash);
  if (lib) return { kind: 'library', id: lib[1]!, step: Number(lib[2] ?? 0) };
  const shared = SHARED.exec(hash);
  if (shared) return { kind: 'shared', step: Number(shared[1]), payload: shared[2]! };
  // Any other #/player/... is the player's too: the view says what it could not read.
  if (hash.startsWith('#/player/')) return { kind: 'shared', step: 0, payload: '' };
  return null;
}

/** `#/player/library/<id>/<step>`. */
export const libraryHash = (id: string, step = 0) => `#/player/library/${id}/${step}`;

/** `#/player/shared/<step>/<payload>`. */
export const sharedHash = (payload: string, step: number) => `#/player/shared/${step}/${payload}`;
