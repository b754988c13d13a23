/**
 * Node loader: reads a pack folder, or a pack JSON file, into what `buildPack`
 * takes; and a subset of a course (era or lesson folders) laid out as a pack.
 * Node reads frontmatter with the YAML library, loaded here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { installDocumentReader } from './frontmatter.ts';
import { readLessonDocument } from './frontmatter-yaml.ts';
import { folderKind, packName, readPackJson, type PackFile } from './pack-file.ts';
import { buildPack, type Pack, type Problem } from './tree.ts';

installDocumentReader(readLessonDocument);

const WANTED = /\.(md|smtp)$/;

export function readPackFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (WANTED.test(name))
        files.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  // The authoring guide at the root is not a lesson.
  files.delete('README.md');
  return files;
}

export function loadPack(root: string): Pack {
  return buildPack(readPackFiles(root));
}

/** A folder or a `.json` pack file; a reason when the file is not a pack. */
export function readPackPath(path: string): { pack: PackFile } | { reason: string } {
  if (statSync(path).isDirectory()) {
    const name = packName(basename(path));
    return { pack: { name, title: name, files: readPackFiles(path) } };
  }
  const read = readPackJson(readFileSync(path, 'utf8'));
  return read.ok ? { pack: read.pack } : { reason: read.reason };
}

export interface Subset {
  /** The pack's files, each era under its own folder name, as in the course. */
  readonly files: Map<string, string>;
  /** What kept the folders given from making a pack (then `files` is incomplete). */
  readonly problems: Problem[];
  /**
   * Every era and lesson folder of the courses the subset comes from (paths as
   * in the pack): a link to one of them that is not in the pack leads out of it.
   */
  readonly courseFolders: Set<string>;
  /** What the folders given were, in order (for the summary). */
  readonly kinds: readonly ('course' | 'era' | 'lesson')[];
}

/** Folders (pack-relative) holding an index.md, in a course's files. */
function foldersOf(files: ReadonlyMap<string, string>): string[] {
  return [...files.keys()].filter((p) => p.endsWith('/index.md')).map((p) => p.slice(0, -9));
}

/**
 * A pack made of any folders of a course: a course (or pack) folder as it is,
 * an era folder (`NN-era`) with all its lessons, a lesson folder
 * (`NN-era/NN-lesson`) with its era's index.md from the folder above (the
 * era's settings: its dialect, its world). Several may be given; the same
 * era from two of them is taken once.
 */
export function readSubset(paths: readonly string[]): Subset {
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  const courseFolders = new Set<string>();
  const kinds: Subset['kinds'][number][] = [];
  const add = (path: string, text: string, from: string) => {
    const had = files.get(path);
    if (had !== undefined && had !== text)
      problems.push({
        file: path,
        message: `${from} gives another ${path} than a folder given before it: two eras of the same folder name from different courses cannot share a pack`,
      });
    else files.set(path, text);
  };
  const addCourse = (root: string) => {
    for (const f of foldersOf(readPackFiles(root))) courseFolders.add(f);
  };
  for (const given of paths) {
    const full = resolve(given);
    const own = readPackFiles(full);
    const kind = folderKind(own.keys());
    kinds.push(kind);
    if (kind === 'course') {
      for (const [p, text] of own) add(p, text, given);
      continue;
    }
    const name = basename(full);
    if (kind === 'era') {
      for (const [p, text] of own) add(`${name}/${p}`, text, given);
      addCourse(dirname(full));
      continue;
    }
    const eraDir = dirname(full);
    const eraIndex = join(eraDir, 'index.md');
    if (!existsSync(eraIndex)) {
      problems.push({
        file: given,
        message: `this is a lesson folder, and the folder above it has no index.md: a lesson takes its era's settings from there. Give the lesson folder inside its era (NN-era/NN-lesson), or the era folder`,
      });
      continue;
    }
    const era = basename(eraDir);
    add(`${era}/index.md`, readFileSync(eraIndex, 'utf8'), given);
    for (const [p, text] of own) add(`${era}/${name}/${p}`, text, given);
    addCourse(dirname(eraDir));
  }
  return { files, problems, courseFolders, kinds };
}
