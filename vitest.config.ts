/**
 * Vitest reads this file instead of vite.config.ts: the same configuration
 * (plugins, both test projects), with how the unit project is run on top.
 * The e2e project is passed through as vite.config.ts defines it.
 *
 * Unit: test files share their worker's module cache (isolate: false), so
 * xstate, svelte and the protocol modules are imported once per worker rather
 * than once per file: two thirds of the suite's CPU time was starting a fresh
 * worker and importing them again for each of the ~65 files. No unit test
 * mocks modules or leaves globals changed behind it. And two workers even on
 * a 2-core machine (Vitest's default is one less than the cores: a single
 * worker there), since many tests wait on sockets and timers.
 */
import { availableParallelism } from 'node:os';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import { defineConfig } from 'vitest/config';
import base from './vite.config.ts';

const unitRun = {
  isolate: false,
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
