/**
 * The library of sessions (`library/index.json`): every example session the
 * RFCs print, and a few real runs, each with its era and source. Pure: the
 * view filters and groups with these, and the tests check the index against
 * the files with them.
 */
import { DIALECTS, type DialectId } from '../../protocol/dialects/index.ts';

/** An era is a server dialect; POP3 and IMAP sessions have their protocol instead. */
export type Era = DialectId | 'pop3' | 'imap';

export interface LibraryEntry {
  /** The file's path in `library/` without its extension: `rfc821/f1-typical`. */
  readonly id: string;
  readonly file: string;
  readonly title: string;
  readonly era: Era;
  /** The RFC that prints it (the one its behaviour is from, for a real run). */
  readonly rfc: string;
  readonly section: string;
  readonly tags: readonly string[];
  /** Why a replay cannot give the printed replies identically; absent when it does. */
  readonly notIdentical?: string;
}

/** The eras in time order, as the list shows them; the retrieval protocols last. */
export const ERA_ORDER: readonly Era[] = [
  'rfc772',
  'rfc780',
  'rfc788',
  'rfc821',
  'rfc1123',
  'rfc1869',
  'rfc5321',
  'pop3',
  'imap',
];

/** True for the sessions the player replays (SMTP, any era); POP3 and IMAP replay in the library's own view. */
export const playable = (e: LibraryEntry) => e.era !== 'pop3' && e.era !== 'imap';

/** The heading of an era: the dialect's title and RFC, or the protocol's. */
export function eraTitle(era: Era): string {
  if (era === 'pop3') return 'POP3 (RFC 1939)';
  if (era === 'imap') return 'IMAP4rev2 (RFC 9051)';
  const d = DIALECTS[era];
  return `${d.title}, RFC ${d.rfc} (${d.date})`;
}

export interface Filter {
  readonly era?: Era | '';
  readonly tag?: string;
  readonly rfc?: string;
  /** Words to find in the title, the source or the tags (any case). */
  readonly text?: string;
}

export function matches(e: LibraryEntry, f: Filter): boolean {
  if (f.era && e.era !== f.era) return false;
  if (f.tag && !e.tags.includes(f.tag)) return false;
  if (f.rfc && e.rfc !== f.rfc) return false;
  const words = (f.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${e.title} RFC ${e.rfc} ${e.section} ${e.tags.join(' ')} ${e.id}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** The entries that pass, grouped by era in ERA_ORDER (empty eras left out). */
export function byEra(
  entries: readonly LibraryEntry[],
  f: Filter = {},
): { era: Era; entries: LibraryEntry[] }[] {
  return ERA_ORDER.map((era) => ({
    era,
    entries: entries.filter((e) => e.era === era && matches(e, f)),
  })).filter((g) => g.entries.length > 0);
}

/** Every tag, the most used first (ties in alphabetical order), for the filter. */
export function allTags(entries: readonly LibraryEntry[]): string[] {
  const count = new Map<string, number>();
  for (const e of entries) for (const t of e.tags) count.set(t, (count.get(t) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** Every source RFC, by number. */
export const allRfcs = (entries: readonly LibraryEntry[]) =>
  [...new Set(entries.map((e) => e.rfc))].sort((a, b) => Number(a) - Number(b));
