/** Lighthouse for the browser benchmark: the installed devDependency (lighthouse 12), never fetched. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/browser.ts';
import { ROOT } from './lib/child.ts';

// ---------------------------------------------------------------------------------------------
// Lighthouse: the installed devDependency (lighthouse 12), never fetched at run time

/** Its command-line entry, run with this Node (node_modules/.bin/lighthouse points to it). */
export const LIGHTHOUSE_VERSION = (() => {
  try {
    const file = resolve(ROOT, 'node_modules', 'lighthouse', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '12';
  }
})();
const LIGHTHOUSE_CLI = resolve(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js');
/** The Chromium flags of the e2e harness, headless as Chromium's new headless mode. */
const LIGHTHOUSE_CHROME_FLAGS = ['--headless=new', ...CHROMIUM_ARGS].join(' ');

/**
 * One Lighthouse run (performance only) of `url`, mobile or desktop. `assets`: a path prefix where
 * the report (`<prefix>.json`) and Lighthouse's trace of the load (`<prefix>-0.trace.json`) are
 * kept, for `bench/load-trace.ts --trace`.
 */
export function lighthouse(url: string, desktop: boolean, timeoutMs: number, assets?: string) {
  return new Promise<{ score: number | null; reason?: string; metrics?: Record<string, number> }>(
    (resolvePromise) => {
      if (!existsSync(LIGHTHOUSE_CLI)) {
        resolvePromise({ score: null, reason: 'lighthouse not installed (npm ci)' });
        return;
      }
      const args = [
        LIGHTHOUSE_CLI,
        url,
        '--quiet',
        '--output=json',
        '--only-categories=performance',
        `--chrome-flags=${LIGHTHOUSE_CHROME_FLAGS}`,
        ...(desktop ? ['--preset=desktop'] : []),
        ...(assets ? ['--save-assets', `--output-path=${assets}.json`] : []),
      ];
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        env: { ...process.env, CHROME_PATH: chromiumPath() },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
        resolvePromise({ score: null, reason: `no result after ${timeoutMs / 1000} s` });
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolvePromise({ score: null, reason: e.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        try {
          const report = JSON.parse(assets ? readFileSync(`${assets}.json`, 'utf8') : out) as {
            categories: { performance: { score: number | null } };
            audits: Record<string, { numericValue?: number }>;
          };
          const metrics: Record<string, number> = {};
          for (const id of [
            'first-contentful-paint',
            'largest-contentful-paint',
            'total-blocking-time',
            'cumulative-layout-shift',
            'speed-index',
          ])
            if (report.audits[id]?.numericValue !== undefined)
              metrics[id] = report.audits[id].numericValue;
          const s = report.categories.performance.score;
          resolvePromise({
            score: s === null ? null : Math.round(s * 100),
            metrics,
            ...(s === null ? { reason: 'no performance score in the report' } : {}),
          });
        } catch {
          const last = err.trim().split('\n').slice(-1)[0] ?? '';
          resolvePromise({ score: null, reason: `exit ${code}: ${last.slice(0, 200)}` });
        }
      });
    },
  );
}
