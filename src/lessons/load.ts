/** Node loader: reads a pack folder into the file map `buildPack` takes. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildPack, type Pack } from './tree.ts';

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
