/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the
 * most self time, and the most total (inclusive) time, with their source files
 * shown relative to the project. `summarize` is also used by bench/lab.ts.
 *
 *   tsx bench/profile-top.ts PROFILE.cpuprofile [--top 25] [--filter TEXT]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface Profile {
  /** Microseconds, on the clock of process.hrtime (monotonic). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Microseconds per key, largest first. */
export type Ranking = [key: string, micros: number][];

export interface Summary {
  /** Microseconds sampled in all. */
  readonly total: number;
  /** Self time by where the code lives: a package, a project file, the engine. */
  readonly byPlace: Ranking;
  /** Self time by function (`name  file:line`). */
  readonly self: Ranking;
  /** Total time by function: every distinct function on the stack of a sample. */
  readonly inclusive: Ranking;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = path.startsWith(root) ? relative(root, path) : path.replace(/^.*node_modules\//, '');
  return `${rel}:${line + 1}`;
}

const ranked = (m: Map<string, number>): Ranking => [...m].sort((a, b) => b[1] - a[1]);

/**
 * The summary of a profile, or of the samples taken between `window.from` and
 * `window.to` (microseconds on the profile's clock: process.hrtime's).
 */
export function summarize(profile: Profile, window?: { from: number; to: number }): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (window && (at < window.from || at > window.to)) return;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url, n.callFrame.lineNumber)}`;
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    selfBy.set(keyOf(n), (selfBy.get(keyOf(n)) ?? 0) + t);
    // Inclusive: every distinct function on the stack of this sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = keyOf(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclBy.set(k, (inclBy.get(k) ?? 0) + t);
    }
    const url = n.callFrame.url;
    const place = !url
      ? n.callFrame.functionName || '(native)'
      : url.includes('node_modules/')
        ? `package ${url.replace(/^.*node_modules\//, '').split('/')[0]}`
        : url.startsWith('node:')
          ? 'node internals'
          : where(url, 0).replace(/:\d+$/, '');
    byPlace.set(place, (byPlace.get(place) ?? 0) + t);
  }
  return { total, byPlace: ranked(byPlace), self: ranked(selfBy), inclusive: ranked(inclBy) };
}

function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: tsx bench/profile-top.ts PROFILE.cpuprofile [--top N] [--filter TEXT]');
    process.exit(2);
  }
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const filterAt = args.indexOf('--filter');
  const filter = filterAt >= 0 ? args[filterAt + 1] : undefined;

  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const show = (title: string, r: Ranking) => {
    console.log(`\n${title} (of ${(s.total / 1000).toFixed(0)} ms sampled)`);
    r.filter(([k]) => !filter || k.includes(filter))
      .slice(0, top)
      .forEach(([k, t]) =>
        console.log(
          `${((100 * t) / s.total).toFixed(1).padStart(6)}%  ${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`,
        ),
      );
  };
  show('self time by place', s.byPlace);
  show('self time', s.self);
  show('total time', s.inclusive);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
