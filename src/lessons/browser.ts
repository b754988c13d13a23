/**
 * Browser discovery: the lesson files bundled at build time (Vite's
 * import.meta.glob), fed to the same `buildPack` the Node tools use. Adding a
 * lesson folder adds it here with no code change. Each `index.md` comes
 * already read (`?lesson`: its frontmatter parsed at build time by the plugin
 * in vite.config.ts), so the course needs no YAML parser in the browser.
 */
import type { LessonDocument } from './frontmatter.ts';
import { buildPack, type Pack } from './tree.ts';

const DOCUMENTS = import.meta.glob<LessonDocument>('/lessons/**/*.md', {
  query: '?lesson',
  import: 'default',
  eager: true,
});

const SESSIONS = import.meta.glob<string>('/lessons/**/*.smtp', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** The glob's map (`/lessons/03-x/01-y/index.md` -> file) as pack-relative files. */
export function packFiles<T>(raw: Readonly<Record<string, T>>): Map<string, T> {
  const files = new Map<string, T>();
  for (const [path, file] of Object.entries(raw)) {
    const rel = path.replace(/^\/?lessons\//, '');
    // The authoring guide at the root is not a lesson.
    if (rel === 'README.md') continue;
    files.set(rel, file);
  }
  return files;
}

let pack: Pack | null = null;

/** The curriculum shipped with the app (built once, on first use). */
export function bundledPack(): Pack {
  pack ??= buildPack(
    new Map<string, string | LessonDocument>([...packFiles(DOCUMENTS), ...packFiles(SESSIONS)]),
  );
  return pack;
}
