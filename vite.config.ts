import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, sep } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { transformWithOxc, type Plugin } from 'vite';
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
 * The built page's Content-Security-Policy (a meta tag: the app is static and
 * may be served by any host, which may send no headers). The dev server gets
 * none: Vite's client injects inline styles and scripts there.
 * - script-src 'self': no inline script, no eval; Monaco's worker is a file of
 *   the build (worker-src 'self').
 * - style-src 'unsafe-inline' cannot be avoided: Monaco writes its theme and
 *   token colours into <style> elements it creates at run time, with no nonce
 *   (a static page could not hold a fresh one anyway), and sets style
 *   attributes with setAttribute. Svelte's styles are files of the build: with
 *   style-src 'self' every violation came from Monaco's chunk. Styles run no code.
 * - connect-src https:: `?pack=URL` may name a pack on any https site
 *   (src/ui/teacher/teacher-pack.ts, packUrl); the pack is only data, shown as
 *   text, and with no script of anyone else's allowed nothing can send
 *   the learner's data elsewhere.
 * frame-ancestors is left out: browsers ignore it in a meta tag.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

/**
 * Offline use and the policy, at build time: the page gets the policy, and
 * `sw.js` (src/offline/sw.ts, registered by src/offline/register.ts) is
 * written beside it with every built file to precache (chunks, Monaco's
 * worker, fonts, the lessons, public/) and a version made from their names
 * and index.html, so each build replaces the previous cache.
 */
function offline(): Plugin {
  let publicDir = '';
  return {
    name: 'offline',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        const files = [...Object.keys(bundle), ...(publicDir ? filesUnder(publicDir) : [])]
          .filter((file) => file !== 'sw.js' && !file.endsWith('.map'))
          .sort();
        if (!files.includes('index.html')) this.error('offline: index.html is not in the build');
        const version = createHash('sha256');
        for (const file of files) version.update(`${file}\n`);
        const index = bundle['index.html'];
        if (index?.type === 'asset') version.update(index.source);
        const source = readFileSync(new URL('./src/offline/sw.ts', import.meta.url), 'utf8');
        const { code } = await transformWithOxc(source, 'sw.ts', { lang: 'ts' });
        this.emitFile({
          type: 'asset',
          fileName: 'sw.js',
          source:
            `const OFFLINE_FILES = ${JSON.stringify(files)};\n` +
            `const OFFLINE_VERSION = ${JSON.stringify(version.digest('hex').slice(0, 16))};\n` +
            // A classic worker script (every browser runs those): no module syntax.
            code.replace(/^export\s*\{\s*\};?\s*$/m, ''),
        });
      },
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
  plugins: [lessonDocuments(), svelte(), offline()],
  // Relative URLs: the build works from any folder or path prefix.
  base: './',
  build: {
    target: 'es2022',
    // A lazy chunk is preloaded alone (a <link rel=modulepreload> appended as it is imported, so
    // its fetch starts at once, before its CSS is in), not with every chunk it imports: appending
    // the two dozen links of the session's chunks was a long task of its own right after the
    // first paint (about 80 ms at a phone's 4x slower processor), and their lists weighed 1 kB
    // gzip in the first screen. The browser fetches a chunk's imports when it reads it.
    modulePreload: {
      polyfill: false,
      resolveDependencies: (filename, deps) => deps.filter((dep) => dep === filename),
    },
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
        plugins: [freshModules()],
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The files are CPU-bound in Chromium: one at a time. Two at once (maxWorkers: 2)
          // made each file about 1.8 times slower on 2 cores, for a tenth off the run only on a
          // machine busy with other work, and brought a test within 2 s of its timeout.
          // They share one worker (isolate: false), which keeps one Chromium for all
          // of them, and the build is served once (test/e2e/global-setup.ts, browser.ts useApp);
          // each file still starts with fresh modules and opens its own browser contexts.
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          isolate: false,
          setupFiles: [FRESH_MODULES],
          globalSetup: ['test/e2e/global-setup.ts'],
          // A loaded CI machine may take seconds to paint: a poll waits up to 10 s
          // (Vitest's default is 1 s), and still fails when the page never gets there.
          expect: { poll: { timeout: 10_000, interval: 50 } },
        },
      },
    ],
  },
});
