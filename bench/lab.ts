/**
 * A paced class lab: 500 sessions open at once, each sending one command a
 * second (EHLO, MAIL, RCPT, DATA, the message, RSET, NOOP in turn), for a
 * fixed time, against the bridge and smtp-server, each in its own process
 * (bench/lab-server.ts); the load generator is a third process
 * (bench/lab-client.ts), the same program for both. Runs alternate, bridge
 * and smtp-server, then smtp-server and bridge (the load of a shared machine
 * drifts), and their latencies are pooled. Figures: the latency of each reply
 * (write to end of reply) at p50 and p99, and the server's CPU time over the
 * paced phase. With `--profile`, the bridge runs once more under
 * `--cpu-prof` and its top self-time functions are printed.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stats } from './bridge-memory.ts';
import type { LabResult, LabRun } from './lab-client.ts';
import type { ServerKind, ServerReady, ServerStats } from './lab-server.ts';
import { forkBench, nextMessage, stopChild } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import { summarize, type Profile, type Summary } from './profile-top.ts';

const SESSIONS = 500;

export interface LabFigures {
  readonly server: string;
  readonly result: LabResult;
  /** Server CPU time over the paced phase, in milliseconds. */
  readonly cpuMs: number;
  /** Octets the server allocated on its heap over the paced phase. */
  readonly allocated: number;
  /** Of them, octets promoted to the old generation by scavenges (what major GCs then collect). */
  readonly promoted: number;
  /** Server RSS at the end of the paced phase, in octets. */
  readonly rss: number;
  readonly warnings: string[];
  readonly gc: ServerStats['gc'];
  readonly loop: ServerStats['loop'];
  /** The paced phase on the server's process.hrtime clock, in microseconds. */
  readonly window: { readonly from: number; readonly to: number };
}

type ClientMessage =
  LabResult | { type: 'connected' } | { type: 'closed' } | { type: 'error'; message: string };

async function expect<T extends ClientMessage['type']>(
  client: ChildProcess,
  type: T,
  ms: number,
): Promise<Extract<ClientMessage, { type: T }>> {
  const m = await nextMessage<ClientMessage>(client, ms, `lab client (${type})`);
  if (m.type === 'error') throw new Error(`lab client: ${m.message}`);
  if (m.type !== type) throw new Error(`lab client: ${m.type}, expected ${type}`);
  return m as Extract<ClientMessage, { type: T }>;
}

const cpuMsOf = (a: ServerStats, b: ServerStats) =>
  (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / 1000;

/** One server process, loaded by the client for `seconds`. */
async function load(
  client: ChildProcess,
  server: ServerKind,
  seconds: number,
  warmupMs: number,
  execArgv: readonly string[] = [],
  sourceMaps?: string,
): Promise<LabFigures> {
  const args = [server, 'limits', '1000', ...(sourceMaps ? [sourceMaps] : [])];
  const child = forkBench('lab-server.ts', args, { execArgv });
  child.on('error', () => {});
  try {
    const { port } = await nextMessage<ServerReady>(child, 30_000, `${server} start`);
    const run: LabRun = { type: 'run', port, sessions: SESSIONS, seconds, warmupMs };
    client.send(run);
    await expect(client, 'connected', 60_000);
    const before = await stats(child, false);
    client.send({ type: 'go' });
    const result = await expect(client, 'paced', seconds * 1000 + 30_000);
    const after = await stats(child, false);
    client.send({ type: 'close' });
    await expect(client, 'closed', 30_000);
    return {
      server,
      result,
      cpuMs: cpuMsOf(before, after),
      allocated: after.allocated - before.allocated,
      promoted: after.promoted - before.promoted,
      rss: after.memory.rss,
      warnings: [...before.warnings, ...after.warnings],
      gc: after.gc,
      loop: after.loop,
      window: { from: before.hr, to: after.hr },
    };
  } finally {
    await stopChild(child);
  }
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

function check(f: LabFigures) {
  const r = f.result;
  if (r.errors > 0)
    throw new Error(
      `lab: ${f.server} gave ${r.errors} unexpected replies: ${r.firstErrors.join(' | ')}`,
    );
  if (r.counted === 0) throw new Error(`lab: no reply from ${f.server} was counted`);
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Several runs of one server, their latencies pooled. */
export interface Pooled {
  readonly runs: number;
  readonly replies: number;
  readonly counted: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Per command: count, p50, p99 (ms). */
  readonly steps: Record<string, { n: number; p50: number; p99: number }>;
  readonly late: number;
  readonly seconds: number;
  readonly cpuMs: number;
  readonly allocated: number;
  readonly promoted: number;
  readonly rss: number;
  readonly clientCpuMs: number;
  readonly clientLoopDelayP99: number;
  readonly gc: { count: number; totalMs: number; maxMs: number };
  readonly loop: { p99: number; max: number };
}

export function pool(runs: readonly LabFigures[]): Pooled {
  const all: number[] = [];
  const byStep = new Map<string, number[]>();
  for (const f of runs)
    for (const [name, xs] of Object.entries(f.result.latencies)) {
      all.push(...xs);
      byStep.set(name, [...(byStep.get(name) ?? []), ...xs]);
    }
  const sorted = Float64Array.from(all).sort();
  const steps: Pooled['steps'] = {};
  for (const [name, xs] of byStep) {
    const s = Float64Array.from(xs).sort();
    steps[name] = { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99) };
  }
  const sum = (f: (x: LabFigures) => number) => runs.reduce((n, x) => n + f(x), 0);
  const max = (f: (x: LabFigures) => number) => Math.max(...runs.map(f));
  return {
    runs: runs.length,
    replies: sum((x) => x.result.replies),
    counted: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    steps,
    late: sum((x) => x.result.late),
    seconds: sum((x) => x.result.seconds),
    cpuMs: sum((x) => x.cpuMs),
    allocated: sum((x) => x.allocated),
    promoted: sum((x) => x.promoted),
    rss: max((x) => x.rss),
    clientCpuMs: sum((x) => x.result.clientCpuMs),
    clientLoopDelayP99: max((x) => x.result.clientLoopDelayP99),
    gc: {
      count: sum((x) => x.gc.count),
      totalMs: sum((x) => x.gc.totalMs),
      maxMs: max((x) => x.gc.maxMs),
    },
    loop: { p99: max((x) => x.loop.p99), max: max((x) => x.loop.max) },
  };
}

function stepsOf(p: Pooled): string {
  return Object.entries(p.steps)
    .filter(([, s]) => s.n > 0)
    .map(([name, s]) => `${name} ${s.p50.toFixed(2)}/${s.p99.toFixed(2)}`)
    .join(', ');
}

/** Puts the TypeScript line of each project function in the profile (tsx's output has a few long lines). */
function toSourceLines(profile: Profile, maps: Record<string, SourceMapPayload>) {
  const cache = new Map<string, SourceMap>();
  for (const n of profile.nodes) {
    const { url, lineNumber, columnNumber } = n.callFrame;
    const payload = maps[url];
    if (!payload || lineNumber < 0) continue;
    let map = cache.get(url);
    if (!map) cache.set(url, (map = new SourceMap(payload)));
    const at = map.findEntry(lineNumber, columnNumber);
    if ('originalLine' in at) n.callFrame.lineNumber = at.originalLine;
  }
}

/** A server (the bridge) once more, under --cpu-prof: its top self-time functions. */
export async function profile(
  client: ChildProcess,
  seconds: number,
  warmupMs: number,
  server: ServerKind = 'bridge',
): Promise<{ summary: Summary; figures: LabFigures }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lab-prof-'));
  try {
    const maps = join(dir, 'source-maps.json');
    const figures = await load(
      client,
      server,
      seconds,
      warmupMs,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--enable-source-maps'],
      maps,
    );
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('lab: the bridge wrote no CPU profile');
    const raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
    toSourceLines(raw, JSON.parse(readFileSync(maps, 'utf8')) as Record<string, SourceMapPayload>);
    // Only the paced phase: not the start (tsx compiling), the connections or their end.
    const summary = summarize(raw, figures.window);
    return { summary, figures };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `12.3% name file:line`: a share of the time the process was busy (idle samples left out). */
export function shares(
  s: Summary,
  r: Summary['self'],
  n: number,
  keep = (_k: string) => true,
): string {
  const idle = s.self.find(([k]) => k.startsWith('(idle)'))?.[1] ?? 0;
  const busy = s.total - idle;
  return r
    .filter(([k]) => !k.startsWith('(idle)') && keep(k))
    .slice(0, n)
    .map(([k, t]) => `${((100 * t) / busy).toFixed(1)}% ${k.replace(/\s+/, ' ').trim()}`)
    .join(', ');
}

function profileNote(p: { summary: Summary; figures: LabFigures }): string {
  const s = p.summary;
  const idle = s.self.find(([k]) => k.startsWith('(idle)'))?.[1] ?? 0;
  return (
    `; CPU profile of the bridge over the paced phase (--cpu-prof, ${((s.total - idle) / 1000).toFixed(0)} ms busy of ` +
    `${(s.total / 1000).toFixed(0)} ms sampled; p50 ${ms(p.figures.result.p50)}, p99 ${ms(p.figures.result.p99)} while profiled), ` +
    `shares of the busy time: by place ${shares(s, s.byPlace, 8)}; top self time ${shares(s, s.self, 15)}; ` +
    `project code, self ${shares(s, s.self, 10, (k) => k.includes('src/'))}; ` +
    `project code, total ${shares(s, s.inclusive, 8, (k) => k.includes('src/'))}`
  );
}

export async function lab(options: BenchOptions): Promise<BenchResult> {
  // Per server: `rounds` runs of `seconds`, alternating (A B, then B A).
  const rounds = options.quick ? 1 : 2;
  const seconds = options.quick ? 5 : 10;
  const warmupMs = 1000;
  options.log(
    `lab: ${SESSIONS} sessions, one command a second each, ${rounds} x ${seconds} s per server, alternating ` +
      `(first ${warmupMs / 1000} s of each not counted); client in its own process`,
  );
  const client = forkBench('lab-client.ts');
  client.on('error', () => {});
  const runs: Record<ServerKind, LabFigures[]> = { bridge: [], 'smtp-server': [] };
  let prof: { summary: Summary; figures: LabFigures } | null = null;
  try {
    for (let r = 0; r < rounds; r++) {
      const order: ServerKind[] = r % 2 ? ['smtp-server', 'bridge'] : ['bridge', 'smtp-server'];
      for (const server of order) {
        const f = await load(client, server, seconds, warmupMs);
        check(f);
        runs[server].push(f);
        options.log(`lab: ${server} p50 ${ms(f.result.p50)}, p99 ${ms(f.result.p99)}`);
      }
    }
    if (options.profile) {
      prof = await profile(client, rounds * seconds, warmupMs);
      options.log(
        `lab: profiled bridge p50 ${ms(prof.figures.result.p50)}, p99 ${ms(prof.figures.result.p99)}`,
      );
    }
  } finally {
    await stopChild(client);
  }
  const o = pool(runs.bridge);
  const t = pool(runs['smtp-server']);
  const cpuPerReply = (p: Pooled) => (p.cpuMs * 1000) / p.replies;
  const allocatedPerReply = (p: Pooled) => p.allocated / p.replies;
  const perReply = (f: LabFigures) => f.allocated / f.result.replies;
  const gcOf = (p: Pooled) =>
    `${p.gc.count} pauses, ${p.gc.totalMs.toFixed(0)} ms in all, longest ${ms(p.gc.maxMs)}`;
  return {
    figures: [
      figure({
        bench: 'lab',
        name: `p50 reply latency (${SESSIONS} paced)`,
        unit: 'ms',
        ours: o.p50,
        reference: t.p50,
        referenceName: 'smtp-server',
        better: 'lower',
        note:
          `${o.counted.toLocaleString('en-US')} / ${t.counted.toLocaleString('en-US')} replies counted (ours / smtp-server), ` +
          `${o.late} / ${t.late} commands sent late (reply not in when their second began); ` +
          `p50/p99 ms per command, ours: ${stepsOf(o)}; smtp-server: ${stepsOf(t)}`,
        runs: {
          ours: runs.bridge.map((f) => f.result.p50),
          reference: runs['smtp-server'].map((f) => f.result.p50),
        },
      }),
      figure({
        bench: 'lab',
        name: `p99 reply latency (${SESSIONS} paced)`,
        unit: 'ms',
        ours: o.p99,
        reference: t.p99,
        referenceName: 'smtp-server',
        better: 'lower',
        note:
          `max ${ms(o.max)} / ${ms(t.max)}; what else delays a reply: the servers' event-loop delay p99 ` +
          `${ms(o.loop.p99)} / ${ms(t.loop.p99)} (max ${ms(o.loop.max)} / ${ms(t.loop.max)}), their GC ` +
          `${gcOf(o)} / ${gcOf(t)}; the client's own event-loop delay p99 ${ms(o.clientLoopDelayP99)} / ` +
          `${ms(t.clientLoopDelayP99)} (CPU ${o.clientCpuMs.toFixed(0)} / ${t.clientCpuMs.toFixed(0)} ms)`,
        runs: {
          ours: runs.bridge.map((f) => f.result.p99),
          reference: runs['smtp-server'].map((f) => f.result.p99),
        },
      }),
      figure({
        bench: 'lab',
        name: 'server CPU, paced lab',
        unit: '%',
        ours: (100 * o.cpuMs) / (o.seconds * 1000),
        reference: (100 * t.cpuMs) / (t.seconds * 1000),
        referenceName: 'smtp-server',
        better: 'lower',
        note:
          `CPU time of the serving process over the paced phase, % of one core; per reply ` +
          `${cpuPerReply(o).toFixed(0)} / ${cpuPerReply(t).toFixed(0)} us; RSS at the end ` +
          `${(o.rss / 1048576).toFixed(0)} / ${(t.rss / 1048576).toFixed(0)} MiB` +
          (prof ? profileNote(prof) : ''),
      }),
      figure({
        bench: 'lab',
        name: 'heap allocated per reply',
        unit: 'B',
        ours: allocatedPerReply(o),
        reference: allocatedPerReply(t),
        referenceName: 'smtp-server',
        better: 'lower',
        note:
          `octets allocated on the serving process's JavaScript heap over the paced phase (everything: ` +
          `sockets, timers, parsing, replies), per reply, from the heap before and after each GC ` +
          `(v8.GCProfiler); what the young generation fills and the GC pauses above follow from it. ` +
          `Promoted to the old generation by scavenges (outlived two: what the longer, major GCs collect): ` +
          `${(o.promoted / o.replies).toFixed(0)} / ${(t.promoted / t.replies).toFixed(0)} B per reply`,
        runs: {
          ours: runs.bridge.map(perReply),
          reference: runs['smtp-server'].map(perReply),
        },
      }),
    ],
    details: {
      sessions: SESSIONS,
      rounds,
      seconds,
      warmupMs,
      ours: o,
      peer: t,
      profile: prof && {
        summary: prof.summary,
        p50: prof.figures.result.p50,
        p99: prof.figures.result.p99,
      },
    },
  };
}
