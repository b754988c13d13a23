/**
 * What a library address (library-route.ts) opens: the entry it names and the
 * step to show, or, in words, why it opens nothing or another step. An SMTP
 * session of the library replays in the player, so its address is the
 * player's. Pure: the view shows what this returns, and the tests read it.
 */
import './words.ts';
import { t } from '../../kit/strings.ts';
import { playable, type LibraryEntry } from './catalog.ts';
import type { LibraryRoute } from './library-route.ts';

export type ReplayLink =
  /** The list alone: no session asked for, or one the library does not hold (`problem`). */
  | { readonly kind: 'list'; readonly problem: string | null }
  /** An SMTP session: the player's address for it at the same step. */
  | { readonly kind: 'player'; readonly hash: string }
  /** A POP3 or IMAP session at `at` (from 0), with why it is not the address's step, if so. */
  | {
      readonly kind: 'replay';
      readonly entry: LibraryEntry;
      readonly at: number;
      readonly problem: string | null;
    };

/**
 * Resolves `route` against the library's `entries`; `steps` counts a
 * retrieval session's steps (its replay), asked only for the entry named.
 */
export function resolveLink(
  route: LibraryRoute,
  entries: readonly LibraryEntry[],
  steps: (entry: LibraryEntry) => number,
): ReplayLink {
  if (route.id === null) return { kind: 'list', problem: null };
  const entry = entries.find((e) => e.id === route.id);
  if (!entry) return { kind: 'list', problem: t('library.link.unknown', { id: route.id }) };
  if (playable(entry))
    return { kind: 'player', hash: `#/player/library/${entry.id}/${route.step ?? 0}` };
  if (route.step === null) return { kind: 'replay', entry, at: 0, problem: null };
  const total = steps(entry);
  if (!/^\d+$/.test(route.step))
    return {
      kind: 'replay',
      entry,
      at: 0,
      problem: t('library.link.badStep', { step: route.step, total }),
    };
  const n = Number(route.step);
  if (n >= 1 && n <= total) return { kind: 'replay', entry, at: n - 1, problem: null };
  return {
    kind: 'replay',
    entry,
    at: n < 1 ? 0 : total - 1,
    problem: t('library.link.outOfRange', { step: route.step, total }),
  };
}
