/**
 * Vitest reads this file instead of vite.config.ts: the same configuration
 * (plugins, both test projects), with how the unit project is run on top.
 * The e2e project is passed through as vite.config.ts defines it.
 *
 * Unit: each test file still runs on its own, with fresh modules (some tests
 * rely on that: test/lessons/frontmatter.test.ts checks that nothing has
 * installed the YAML reader yet), but in a worker thread rather than a forked
 * process, which is cheaper to start for each of the ~70 files; and on two
 * workers even on a 2-core machine (Vitest's default is one less than the
 * cores: a single worker there), since many tests wait on sockets, timers and
 * child processes.
 */
import { availableParallelism } from 'node:os';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { defineConfig } from 'vitest/config';
import base from './vite.config.ts';

const unitRun = {
  pool: 'threads',
  maxWorkers: Math.max(2, availableParallelism() - 1),
} as const;

const isUnit = (p: unknown): p is TestProjectInlineConfiguration =>
  typeof p === 'object' &&
  p !== null &&
  (p as TestProjectInlineConfiguration).test?.name === 'unit';

const projects = (base.test?.projects ?? []).map((p) =>
  isUnit(p) ? { ...p, test: { ...p.test, ...unitRun } } : p,
);
if (!projects.some(isUnit)) throw new Error('vitest.config.ts: vite.config.ts has no unit project');

export default defineConfig({ ...base, test: { ...base.test, projects } });
