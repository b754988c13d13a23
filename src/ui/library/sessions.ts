/**
 * The library's files, bundled at build time (Vite's import.meta.glob, as
 * text). Imported only when the library or a library link opens: the files
 * are a chunk of their own, not in the first screen, and the service worker
 * precaches that chunk with the rest of the build, so the library works offline.
 */
import index from '../../../library/index.json';
import { playable, type LibraryEntry } from './catalog.ts';
import { replayHash } from './library-route.ts';

const FILES = import.meta.glob<string>('/library/*/*.{smtp,pop3,imap}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const ENTRIES = index as readonly LibraryEntry[];

/** The text of a session by its id; undefined when the library has no such session. */
export function sessionText(id: string): string | undefined {
  const entry = ENTRIES.find((e) => e.id === id);
  return entry ? FILES[`/library/${entry.file}`] : undefined;
}

/**
 * A session for the player's library links: its text and, when the index gives one, why it
 * differs. A POP3 or IMAP one replays in the library instead: the player's step 0 is the
 * greeting, the replay's step 1.
 */
export function playerSession(
  id: string,
): { text: string; notIdentical?: string; replayedAt?: (step: number) => string } | undefined {
  const entry = ENTRIES.find((e) => e.id === id);
  const text = entry && FILES[`/library/${entry.file}`];
  if (!entry || text === undefined) return undefined;
  if (!playable(entry)) return { text, replayedAt: (step) => replayHash(entry.id, step + 1) };
  return entry.notIdentical ? { text, notIdentical: entry.notIdentical } : { text };
}

/** The bundled files' paths in `library/` (for the test that checks the index against them). */
export const bundledFiles = () => Object.keys(FILES).map((p) => p.replace(/^\/library\//, ''));
