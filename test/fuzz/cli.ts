/**
 * `npm run fuzz [-- --sessions N --seed S --only I --quiet]`: random sessions
 * through the session API, every one checked (see checks.ts). Prints a
 * summary, and for each kind of failure a reproduction that `--only` replays.
 * Exits 1 on any failure.
 */
import { makeCase } from './cases.ts';
import { describeCase, fuzz, heapGrowth, mb, memoryProblems, runCase } from './fuzz.ts';
import { longSessionProblems } from './long.ts';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (at < 0) return undefined;
  const arg = args[at]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[at + 1] ?? '');
}

function number(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) {
    console.error(`--${name} takes an integer, not ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const seed = number('seed', 20260101);
const only = option('only');
const replay = (index: number) => `npm run fuzz -- --seed ${seed} --only ${index}`;

if (only !== undefined) {
  const index = number('only', 0);
  const c = makeCase(seed, index);
  const r = runCase(c);
  console.log(`case ${index} of seed ${seed}`);
  console.log(describeCase(c, r));
  process.exit(r.problems.length ? 1 : 0);
}

const sessions = number('sessions', 100_000);
const quiet = process.argv.includes('--quiet');
const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
console.log(
  `fuzz: ${sessions} sessions, seed ${seed}${hasGc ? '' : ' (no --expose-gc: heap not measured)'}`,
);
let lastPrint = 0;
const summary = fuzz({
  sessions,
  seed,
  onProgress: (s) => {
    if (quiet || s.ms - lastPrint < 5000) return;
    lastPrint = s.ms;
    const failed = s.failedSessions ? `, ${s.failedSessions} failed` : '';
    console.log(`  ${s.sessions} sessions, ${(s.ms / 1000).toFixed(1)} s${failed}`);
  },
});

const memory = memoryProblems(summary);
const long = hasGc ? longSessionProblems() : null;
const seconds = summary.ms / 1000;
const growth = heapGrowth(summary.heap);
console.log(`
sessions      ${summary.sessions} (${Object.entries(summary.byCase)
  .map(([k, n]) => `${k} ${n}`)
  .join(', ')})
commands      ${summary.commands}
replies       ${summary.replies}
deliveries    ${summary.deliveries}
bytes         ${summary.bytes} (${mb(summary.bytes)})
time          ${seconds.toFixed(1)} s, ${(summary.sessions / seconds).toFixed(0)} sessions/s (each run whole and chunked)
max heap      ${mb(summary.maxHeap)} after collection, ${mb(summary.peakHeap)} before${growth === null ? '' : `; growth first to last quarter ${mb(growth)}`}`);
if (long)
  console.log(
    `long session  ${long.messages} messages, ${mb(long.input)} in: holds ${mb(long.retained)} with ${long.option} (${mb(long.unbounded)} without)`,
  );
const failures = { ...summary.byKind } as Record<string, number>;
if (memory.length) failures.memory = (failures.memory ?? 0) + 1;
for (const p of long?.problems ?? []) failures[p.kind] = (failures[p.kind] ?? 0) + 1;
const kinds = Object.entries(failures);
console.log(
  `failures      ${kinds.length ? kinds.map(([k, n]) => `${k} ${n}`).join(', ') : 'none'} (${summary.failedSessions} sessions)`,
);
for (const p of [...memory, ...(long?.problems ?? [])]) console.log(`\n[${p.kind}] ${p.detail}`);
for (const e of summary.examples)
  console.log(
    `\n[${e.problem.kind}] session ${e.index}: ${e.problem.detail}\n  replay: ${replay(e.index)}`,
  );
process.exit(kinds.length ? 1 : 0);
