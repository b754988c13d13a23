import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
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

/**
 * The unit tests' setup module, made here (it has no file): it resets the
 * module registry before each file. Starting a fresh worker for each of the
 * ~70 files, and importing vitest, xstate, svelte, jsdom... again in it, was
 * most of the suite's CPU time; so workers are reused (isolate: false) and
 * the dependencies stay loaded, while each file still starts with fresh
 * modules of its own and of src/ (test/lessons/frontmatter.test.ts, for one,
 * checks that nothing has installed the YAML reader yet). No unit test mocks
 * modules or leaves a global changed.
 */
const FRESH_MODULES = 'virtual:fresh-modules';
function freshModules(): Plugin {
  return {
    name: 'fresh-modules',
    resolveId: (id) => (id.endsWith(FRESH_MODULES) ? `\0${FRESH_MODULES}` : null),
    load: (id) =>
      id === `\0${FRESH_MODULES}` ? "import { vi } from 'vitest';\nvi.resetModules();\n" : null,
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
        plugins: [freshModules()],
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          pool: 'threads',
          isolate: false,
          setupFiles: [FRESH_MODULES],
          // Two workers even on 2 cores (Vitest's default there is one): many tests
          // wait on sockets, timers and child processes.
          maxWorkers: Math.max(2, availableParallelism() - 1),
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
