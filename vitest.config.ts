/**
 * Vitest reads this file instead of vite.config.ts: the same configuration
 * (plugins, both test projects), with how the unit project is run on top.
 * The e2e project is passed through as vite.config.ts defines it.
 *
 * Unit: starting a fresh worker for each of the ~70 files, and importing
 * vitest, xstate, svelte, jsdom... again in it, was most of the suite's CPU
 * time. So the workers are reused (isolate: false) and the dependencies stay
 * loaded, but each file still starts with fresh modules of its own and of
 * src/ (the setup below resets them; test/lessons/frontmatter.test.ts, for
 * one, checks that nothing has installed the YAML reader yet). No unit test
 * mocks modules or leaves a global changed. Worker threads are cheaper than
 * forked processes, and two of them run even on a 2-core machine (Vitest's
 * default is one less than the cores: a single worker there), since many
 * tests wait on sockets, timers and child processes.
 */
import { availableParallelism } from 'node:os';
import type { Plugin } from 'vite';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { defineConfig } from 'vitest/config';
import base from './vite.config.ts';

/** The setup module run before each unit test file; it has no file, the plugin below makes it. */
const FRESH_MODULES = 'virtual:fresh-modules';
const freshModules: Plugin = {
  name: 'fresh-modules',
  resolveId: (id) => (id.endsWith(FRESH_MODULES) ? `\0${FRESH_MODULES}` : null),
  load: (id) =>
    id === `\0${FRESH_MODULES}` ? "import { vi } from 'vitest';\nvi.resetModules();\n" : null,
};

const isUnit = (p: unknown): p is TestProjectInlineConfiguration =>
  typeof p === 'object' &&
  p !== null &&
  (p as TestProjectInlineConfiguration).test?.name === 'unit';

const listOf = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

const projects = (base.test?.projects ?? []).map((p) =>
  isUnit(p)
    ? {
        ...p,
        plugins: [...listOf(p.plugins), freshModules],
        test: {
          ...p.test,
          pool: 'threads' as const,
          isolate: false,
          // First, so that other setup files import fresh modules too.
          setupFiles: [FRESH_MODULES, ...listOf(p.test?.setupFiles)],
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      }
    : p,
);
if (!projects.some(isUnit)) throw new Error('vitest.config.ts: vite.config.ts has no unit project');

export default defineConfig({ ...base, test: { ...base.test, projects } });
