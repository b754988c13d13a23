/**
 * Browser discovery: the lesson files bundled at build time (Vite's
 * import.meta.glob), fed to the same `buildPack` the Node tools use. Adding a
 * lesson folder adds it here with no code change.
 */
import { buildPack, type Pack } from './tree.ts';

const RAW = import.meta.glob<string>(['/lessons/**/*.md', '/lessons/**/*.smtp'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The glob's map (`/lessons/03-x/01-y/index.md` -> text) as pack-relative files. */
export function packFiles(raw: Readonly<Record<string, string>>): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(raw)) {
    const rel = path.replace(/^\/?lessons\//, '');
    // The authoring guide at the root is not a lesson.
    if (rel === 'README.md') continue;
    files.set(rel, text);
  }
  return files;
}

let pack: Pack | null = null;

/** The curriculum shipped with the app (built once, on first use). */
export function bundledPack(): Pack {
  pack ??= buildPack(packFiles(RAW));
  return pack;
}
