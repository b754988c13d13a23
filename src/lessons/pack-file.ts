/**
 * A lesson pack as one JSON file, so a teacher can hand it out as a file or a
 * link: `{ format, version, name, title?, files: { "NN-era/index.md": text } }`.
 * The files are exactly those of a pack folder (lessons/README.md), so the
 * same `buildPack` reads both. Pure: the browser and the Node tools share it.
 *
 * A pack comes from outside the app: everything here is checked and bounded
 * (paths, kinds of file, sizes). Its text is only ever rendered as text (see
 * src/ui/shared/markdown.ts), so nothing in a pack can run.
 *
 * A pack's lesson files are read with the YAML library (frontmatter-yaml.ts):
 * the app awaits `loadDocumentReader()` (frontmatter.ts) before it builds a
 * pack, so the library is fetched only when a teacher opens one; the Node
 * tools install it with load.ts.
 */

export const PACK_FORMAT = 'smtp-simulator-pack';
export const PACK_VERSION = 1;

/** Bounds for a pack read from a file or a link (the bundled course is about 200 kB). */
export const PACK_LIMITS = {
  totalBytes: 2_000_000,
  files: 400,
  fileBytes: 200_000,
} as const;

/** `NN-era/index.md`, `NN-era/NN-lesson/index.md`, `.../solution.smtp`, `.../start.smtp`. */
const PACK_PATH =
  /^\d+-[a-z0-9][a-z0-9-]*\/(?:\d+-[a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9.-]*\.(?:md|smtp)$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface PackFile {
  /** Short name: lower-case letters, digits, dashes. Keys the learner's progress. */
  readonly name: string;
  readonly title: string;
  /** Pack-relative path -> text. */
  readonly files: ReadonlyMap<string, string>;
}

export type PackRead =
  { readonly ok: true; readonly pack: PackFile } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): PackRead => ({ ok: false, reason });

/** Checks one path and text; the reason when it is refused. */
export function checkPackEntry(path: string, text: string): string | null {
  if (!PACK_PATH.test(path))
    return `"${clip(path)}" is not a lesson file path (NN-era/index.md, NN-era/NN-lesson/index.md, solution.smtp or start.smtp)`;
  if (text.length > PACK_LIMITS.fileBytes)
    return `"${clip(path)}" is larger than ${PACK_LIMITS.fileBytes / 1000} kB`;
  return null;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Reads a pack file's text (JSON); never throws. */
export function readPackJson(text: string): PackRead {
  if (text.length > PACK_LIMITS.totalBytes)
    return fail(`the pack is larger than ${PACK_LIMITS.totalBytes / 1_000_000} MB`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('the file is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('the file is not a lesson pack (not a JSON object)');
  const v = value as Record<string, unknown>;
  if (v.format !== PACK_FORMAT)
    return fail(`the file is not a lesson pack ("format" is not "${PACK_FORMAT}")`);
  if (v.version !== PACK_VERSION)
    return fail(`the pack's version (${String(v.version)}) is unknown`);
  if (typeof v.name !== 'string' || !NAME.test(v.name))
    return fail('the pack needs a "name" of lower-case letters, digits and dashes');
  if (v.title !== undefined && typeof v.title !== 'string') return fail('"title" must be text');
  if (typeof v.files !== 'object' || v.files === null || Array.isArray(v.files))
    return fail('the pack has no "files" object');
  const entries = Object.entries(v.files as Record<string, unknown>);
  if (entries.length === 0) return fail('the pack has no files');
  if (entries.length > PACK_LIMITS.files)
    return fail(`the pack has more than ${PACK_LIMITS.files} files`);
  const files = new Map<string, string>();
  for (const [path, content] of entries) {
    if (typeof content !== 'string') return fail(`"${clip(path)}" is not text`);
    const problem = checkPackEntry(path, content);
    if (problem) return fail(problem);
    files.set(path, content);
  }
  const title =
    typeof v.title === 'string' && v.title.trim() ? v.title.trim().slice(0, 120) : v.name;
  return { ok: true, pack: { name: v.name, title, files } };
}

/**
 * What a folder of lesson files is, from its paths (relative to it): an era
 * (an index.md, and lesson folders with theirs), a lesson (an index.md and no
 * lesson folders), or else a course (eras in folders, as `lessons/`).
 */
export function folderKind(paths: Iterable<string>): 'course' | 'era' | 'lesson' {
  const list = [...paths];
  if (!list.includes('index.md')) return 'course';
  return list.some((p) => /^[^/]+\/index\.md$/.test(p)) ? 'era' : 'lesson';
}

/**
 * A pack from the files of a chosen folder (`webkitRelativePath`s, which
 * start with the folder's own name): that first segment is dropped, files
 * that are not lesson files (the authoring guide, images, dot files) skipped.
 * An era's folder is kept under its name, as in a course; a lesson's folder
 * alone is refused, since its era's settings are in the folder above.
 */
export function packFromFolder(
  entries: readonly { readonly path: string; readonly text: string }[],
  title?: string,
): PackRead {
  if (entries.length === 0) return fail('the folder is empty');
  const top = entries[0]!.path.replace(/\\/g, '/').split('/')[0]!;
  const inside = (e: { path: string }) => e.path.replace(/\\/g, '/').split('/').slice(1).join('/');
  const kind = folderKind(entries.map(inside));
  if (kind === 'lesson')
    return fail(
      `"${clip(top)}" is one lesson's folder: choose its era's folder (the folder above, which holds the era's settings) or the whole course`,
    );
  const files = new Map<string, string>();
  let total = 0;
  for (const e of entries) {
    const rel = (kind === 'era' ? `${top}/` : '') + inside(e);
    if (!/\.(md|smtp)$/.test(rel) || rel === 'README.md') continue;
    const problem = checkPackEntry(rel, e.text);
    if (problem) return fail(problem);
    total += e.text.length;
    if (total > PACK_LIMITS.totalBytes)
      return fail(`the pack is larger than ${PACK_LIMITS.totalBytes / 1_000_000} MB`);
    files.set(rel, e.text);
  }
  if (files.size === 0) return fail('the folder has no lesson files (NN-era/NN-lesson/index.md)');
  if (files.size > PACK_LIMITS.files)
    return fail(`the pack has more than ${PACK_LIMITS.files} files`);
  const name = packName(top);
  return { ok: true, pack: { name, title: title ?? top, files } };
}

/** A folder name made into a pack name (`My Class 2026` -> `my-class-2026`). */
export function packName(folder: string): string {
  const n = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return n || 'pack';
}

/** The JSON text of a pack (sorted paths, so the same folder gives the same file). */
export function writePackJson(pack: PackFile): string {
  const files: Record<string, string> = {};
  for (const path of [...pack.files.keys()].sort()) files[path] = pack.files.get(path)!;
  return `${JSON.stringify(
    { format: PACK_FORMAT, version: PACK_VERSION, name: pack.name, title: pack.title, files },
    null,
    2,
  )}\n`;
}
