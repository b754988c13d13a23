/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the
 * most self time, and the most total (inclusive) time, with their source files
 * shown relative to the project.
 *
 *   tsx bench/profile-top.ts PROFILE.cpuprofile [--top 25] [--filter TEXT]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, relative, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const rel = path.startsWith(root) ? relative(root, path) : path.replace(/^.*node_modules\//, '');
  return `${rel}:${line + 1}`;
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

  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const total = [...self.values()].reduce((a, b) => a + b, 0);

  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url, n.callFrame.lineNumber)}`;
  const selfBy = new Map<string, number>();
  const inclBy = new Map<string, number>();
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
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    [...m]
      .filter(([k]) => !filter || k.includes(filter))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, t]) =>
        console.log(
          `${((100 * t) / total).toFixed(1).padStart(6)}%  ${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`,
        ),
      );
  };
  // Self time by where the code lives: a package, a project file, the engine.
  const byPlace = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
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
  show('self time by place', byPlace);
  show('self time', selfBy);
  show('total time', inclBy);
}

main();
