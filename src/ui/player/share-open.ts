/**
 * Opens what a player address asks for (share-route.ts): a new Player with
 * the library's session or the link's own, at the step the address names.
 * Loaded with the player's view, not in the first screen.
 */
import './share-words.ts';
import { t } from '../../kit/strings.ts';
import { Player } from './player.svelte.ts';
import { decodeSession, MAX_SHARED_BYTES, ShareError } from './share-codec.ts';
import { playerTarget, type PlayerTarget } from './share-route.ts';

/** Finds a library session's text by its id (App.svelte passes the library's, loaded on demand). */
export type LibraryLookup = (id: string) => Promise<string | undefined>;

export interface Opened {
  readonly player: Player;
  /** Why the address's session is not shown (the import box stays for another try), or null. */
  readonly problem: string | null;
  /** The library session's id, for the short link. */
  readonly libraryId: string | null;
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
  if (target.kind === 'import') return { player, problem: null, libraryId: null };
  let text: string | undefined;
  try {
    text =
      target.kind === 'library' ? await lookup(target.id) : await decodeSession(target.payload);
  } catch (error) {
    return { player, problem: problemText(error), libraryId: null };
  }
  if (text === undefined)
    return {
      player,
      problem: t('share.problem.unknown', { id: target.kind === 'library' ? target.id : '' }),
      libraryId: null,
    };
  // Read as the transcript format (the RFCs' C:/S: text), whatever its first lines look like.
  if (!player.load(text, 'rfc'))
    return {
      player,
      problem: t('share.problem.import', { why: player.failure ?? '' }),
      libraryId: null,
    };
  player.goTo(target.step);
  return { player, problem: null, libraryId: target.kind === 'library' ? target.id : null };
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
