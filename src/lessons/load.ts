/**
 * Node loader: reads a pack folder, or a pack JSON file, into what `buildPack`
 * takes. Node reads frontmatter with the YAML library, loaded here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { installDocumentReader } from './frontmatter.ts';
import { readLessonDocument } from './frontmatter-yaml.ts';
import { packName, readPackJson, type PackFile } from './pack-file.ts';
import { buildPack, type Pack } from './tree.ts';

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
