import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { readLessonDocument } from './src/lessons/frontmatter-yaml.ts';

/**
 * `import x from './index.md?lesson'`: the lesson file read at build time
 * (its frontmatter parsed with the YAML library, src/lessons/frontmatter-yaml.ts)
 * as plain data, `{ front, body }` or `{ error, line }`. The bundled course
 * (src/lessons/browser.ts) ships it so, and the browser needs no YAML parser.
 */
function lessonDocuments(): Plugin {
  return {
    name: 'lesson-documents',
    enforce: 'pre',
    load(id) {
      const [path = '', query = ''] = id.split('?', 2);
      if (!path.endsWith('.md') || !new URLSearchParams(query).has('lesson')) return null;
      this.addWatchFile(path);
      const doc = readLessonDocument(readFileSync(path, 'utf8'));
      return { code: `export default ${JSON.stringify(doc)};`, moduleType: 'js' };
    },
  };
}

export default defineConfig({
  plugins: [lessonDocuments(), svelte()],
  build: {
    target: 'es2022',
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
