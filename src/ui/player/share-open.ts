/**
 * Opens what a player address asks for (share-route.ts): a new Player with
 * the library's session or the link's own, at the step the address names.
 * Loaded with the player's view, not in the first screen.
 */
import '../shared/share-words.ts';
import { t } from '../../kit/strings.ts';
import { Player } from './player.svelte.ts';
import { decodeSession, MAX_SHARED_BYTES, ShareError } from './share-codec.ts';
import { playerTarget, type PlayerTarget } from './share-route.ts';

/** A library session: its text, and why it does not replay identically when the library says so. */
export interface LibrarySession {
  readonly text: string;
  readonly notIdentical?: string;
  /** The address that replays it instead, at the player's step (a POP3 or IMAP session: the library's). */
  readonly replayedAt?: (step: number) => string;
}

/** Finds a library session by its id (App.svelte passes the library's, loaded on demand). */
export type LibraryLookup = (id: string) => Promise<string | LibrarySession | undefined>;

export interface Opened {
  readonly player: Player;
  /** Why the address's session is not shown (the import box stays for another try), or null. */
  readonly problem: string | null;
  /** The library session's id, for the short link. */
  readonly libraryId: string | null;
  /** Why the library's session differs from the simulator's replies (its index says), or null. */
  readonly caveat: string | null;
  /** Where the session replays instead (not an SMTP session), or null. */
  readonly moved?: string;
}

/** The words for a link that could not be read. */
export function problemText(error: unknown): string {
  if (error instanceof ShareError)
    return t(`share.problem.${error.problem}`, {
      size: `${MAX_SHARED_BYTES / 1024 / 1024} MB`,
    });
  return t('share.problem.import', { why: error instanceof Error ? error.message : String(error) });
}

export async function openTarget(target: PlayerTarget, lookup: LibraryLookup): Promise<Opened> {
  const player = new Player();
  const none = { player, libraryId: null, caveat: null };
  if (target.kind === 'import') return { ...none, problem: null };
  let found: string | LibrarySession | undefined;
  try {
    found =
      target.kind === 'library' ? await lookup(target.id) : await decodeSession(target.payload);
  } catch (error) {
    return { ...none, problem: problemText(error) };
  }
  if (found === undefined)
    return {
      ...none,
      problem: t('share.problem.unknown', { id: target.kind === 'library' ? target.id : '' }),
    };
  const session: LibrarySession = typeof found === 'string' ? { text: found } : found;
  if (session.replayedAt) return { ...none, problem: null, moved: session.replayedAt(target.step) };
  // Read as the transcript format (the RFCs' C:/S: text), whatever its first lines look like.
  if (!player.load(session.text, 'rfc'))
    return { ...none, problem: t('share.problem.import', { why: player.failure ?? '' }) };
  player.goTo(target.step);
  return {
    player,
    problem: null,
    libraryId: target.kind === 'library' ? target.id : null,
    caveat: session.notIdentical ? t('share.caveat', { reason: session.notIdentical }) : null,
  };
}

export interface Shown {
  readonly View: typeof import('./PlayerView.svelte').default;
  readonly Box: typeof import('./ShareBox.svelte').default;
  readonly opened: Opened;
}

/** The player's view, its share box and the player for a `#/player...` fragment. */
export async function openView(hash: string, lookup: LibraryLookup): Promise<Shown> {
  const [view, box, opened] = await Promise.all([
    import('./PlayerView.svelte'),
    import('./ShareBox.svelte'),
    openTarget(playerTarget(hash) ?? { kind: 'import' }, lookup),
  ]);
  return { View: view.default, Box: box.default, opened };
}
