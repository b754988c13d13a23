/**
 * A teacher's lesson pack in the browser: opened from a file or a folder, or
 * from a link (`?pack=URL`), and kept in the browser so a reload finds it.
 * The pack is checked (src/lessons/pack-file.ts, checkPack) and its lessons
 * are shown even when some have problems, with the problems listed; its text
 * is rendered only as text (src/ui/shared/markdown.ts), so nothing in it can run.
 */
import { t } from '../../kit/strings.ts';
import { checkPack } from '../../lessons/check.ts';
import {
  packFromFolder,
  readPackJson,
  writePackJson,
  type PackFile,
  type PackRead,
} from '../../lessons/pack-file.ts';
import { buildPack, type Pack, type Problem } from '../../lessons/tree.ts';
import type { KeyValueStore } from '../../kit/store.ts';

/** The pack in use, as its JSON text (absent: the course shipped with the app). */
export const ACTIVE_PACK_KEY = 'smtp-simulator/pack';

export interface OpenedPack {
  readonly file: PackFile;
  readonly pack: Pack;
  readonly problems: readonly Problem[];
}

/**
 * What the pack tools drive: the lesson controller satisfies it as it is, so
 * the teacher's tools need nothing from the lessons feature.
 */
export interface PackHost {
  readonly packInfo: { readonly title: string } | null;
  readonly packProblems: readonly Problem[];
  openTeacherPack(file: PackFile): unknown;
  packRefused(reason: string): void;
  backToCourse(): void;
}

export function openPack(file: PackFile): OpenedPack {
  const pack = buildPack(file.files);
  return { file, pack, problems: checkPack(pack) };
}

/**
 * Which addresses `?pack=` may name: this site's own files, or https. Other
 * schemes (`javascript:`, `data:`, `file:`) and plain http elsewhere are refused.
 */
export function packUrl(param: string, base: string): URL | null {
  let url: URL;
  try {
    url = new URL(param, base);
  } catch {
    return null;
  }
  const here = new URL(base);
  if (url.origin === here.origin && (url.protocol === 'http:' || url.protocol === 'https:'))
    return url;
  return url.protocol === 'https:' ? url : null;
}

/** A pack read, or why not; `unreachable` when the address gave no answer at all (offline). */
export type LinkedPackRead =
  PackRead | { readonly ok: false; readonly reason: string; readonly unreachable: true };

/** Fetches a pack named by a link; never throws. */
export async function fetchPack(
  param: string,
  base: string,
  fetcher: typeof fetch = fetch,
): Promise<LinkedPackRead> {
  const url = packUrl(param, base);
  if (!url)
    return {
      ok: false,
      reason: t('pack.reason.address', { param }),
    };
  try {
    // No cookies or credentials go with it: a pack is a public file.
    const response = await fetcher(url, { credentials: 'omit', redirect: 'follow' });
    if (!response.ok)
      return { ok: false, reason: t('pack.reason.status', { status: response.status }) };
    return readPackJson(await response.text());
  } catch (error) {
    return {
      ok: false,
      unreachable: true,
      reason: t('pack.reason.fetch', {
        error: error instanceof Error ? error.message : String(error),
      }),
    };
  }
}

/** Reads a chosen `.json` file, or the files of a chosen folder. */
export async function readChosenFiles(files: readonly File[]): Promise<PackRead> {
  if (files.length === 0) return { ok: false, reason: t('pack.reason.noFile') };
  if (files.length === 1 && /\.json$/i.test(files[0]!.name))
    return readPackJson(await files[0]!.text());
  const entries = await Promise.all(
    files
      .filter((f) => /\.(md|smtp)$/i.test(f.name))
      .map(async (f) => ({ path: f.webkitRelativePath || f.name, text: await f.text() })),
  );
  return packFromFolder(entries);
}

export function saveActivePack(
  store: KeyValueStore | undefined,
  file: PackFile | null,
): string | null {
  if (!store) return null;
  try {
    if (file) store.setItem(ACTIVE_PACK_KEY, writePackJson(file));
    else store.removeItem(ACTIVE_PACK_KEY);
    return null;
  } catch (error) {
    return t('pack.notKept', { error: error instanceof Error ? error.name : String(error) });
  }
}

/** The pack kept from an earlier visit; a stored value that is not a pack is removed. */
export function loadActivePack(store: KeyValueStore | undefined): PackRead | null {
  let raw: string | null;
  try {
    raw = store?.getItem(ACTIVE_PACK_KEY) ?? null;
  } catch {
    return null;
  }
  if (raw === null) return null;
  const read = readPackJson(raw);
  if (!read.ok) saveActivePack(store, null);
  return read;
}
