/**
 * A server in its own process, for the benchmarks that load it from another
 * one (bench/bridge-memory.ts, bench/lab.ts): the project's bridge
 * (`startBridge`) or smtp-server (configured as in bench/lib/peer.ts), on
 * 127.0.0.1, a port chosen by the system. It says its port over IPC, then
 * answers `stats` requests with its memory and CPU time, and samples its heap
 * and RSS every `sampleMs` meanwhile (the peaks between two `stats`).
 * It closes and exits when its channel is closed (so `--cpu-prof` is written).
 *
 * With a fourth argument (and --enable-source-maps) it writes there, as it
 * exits, the source maps of the project files it ran (tsx compiles them
 * to a few long lines: a profile's positions mean nothing without them).
 *
 *   args: bridge|smtp-server [limits|nolimits] [sampleMs] [sourceMapsFile]
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { findSourceMap } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { startBridge } from '../src/cli/bridge-server.ts';
import { WARM_UP_COMMANDS } from '../src/cli/bridge-warm.ts';
import type { Session } from '../src/machines/session.ts';
import { createPeer } from './lib/peer.ts';
import { NO_LIMITS } from './lib/script.ts';
import { ROOT } from './lib/child.ts';
import { bounded, collect, now } from './lib/util.ts';

export type ServerKind = 'bridge' | 'smtp-server';

export interface ServerReady {
  readonly type: 'ready';
  readonly port: number;
}

export interface StatsRequest {
  readonly type: 'stats';
  /** Run a full GC first (the heap figure is then what is alive). */
  readonly gc?: boolean;
}

export interface Sample {
  /** Milliseconds since the server started. */
  readonly t: number;
  readonly heapUsed: number;
  readonly rss: number;
}

export interface ServerStats {
  readonly type: 'stats';
  readonly t: number;
  /** process.hrtime in microseconds: the clock of a --cpu-prof profile's samples. */
  readonly hr: number;
  readonly memory: NodeJS.MemoryUsage;
  /** process.cpuUsage() since the process started, in microseconds. */
  readonly cpu: { readonly user: number; readonly system: number };
  /** Largest heapUsed and RSS sampled since the previous stats. */
  readonly peakHeapUsed: number;
  readonly peakRss: number;
  /** Samples since the previous stats. */
  readonly samples: Sample[];
  /** Bridge only: transcript entries of each session still alive. */
  readonly transcripts: number[];
  readonly warnings: string[];
  /** Garbage-collection pauses since the previous stats (ms). */
  readonly gc: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** This process's event-loop delay since the previous stats (ms): how long a reply could wait. */
  readonly loop: { readonly p99: number; readonly max: number };
  /** Octets allocated on the JavaScript heap since the process started (see `allocated`). */
  readonly allocated: number;
  /** Of them, octets that young-generation collections moved to the old generation (promoted). */
  readonly promoted: number;
}

const kind = process.argv[2] as ServerKind;
const limits = process.argv[3] !== 'nolimits';
const sampleMs = Number(process.argv[4] ?? 250);
const sourceMapsFile = process.argv[5];
const started = now();
/** Sessions of the bridge, weakly held (a closed one may be collected). */
const sessions: WeakRef<Session>[] = [];
const warnings: string[] = [];

let gc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
}).observe({ entryTypes: ['gc'] });
// A 5 ms resolution: a timer this often costs little; the delays that matter are longer.
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

/**
 * Octets allocated on the heap so far. V8 has no counter for it in Node 20,
 * but every collection reports the heap before and after (v8.GCProfiler): what
 * was allocated is what each GC found above what the previous one left, plus
 * the growth since the last one. Message bytes held outside the heap
 * (Buffers' stores) are not in it, for either server.
 */
const gcProfiler = new GCProfiler();
gcProfiler.start();
let allocatedThrough = 0;
let leftByLastGc = getHeapStatistics().used_heap_size;
/** What scavenges moved to the old generation: objects that outlived two of them. */
let promoted = 0;
const oldSpace = (h: { heapSpaceStatistics: { spaceName: string; spaceUsedSize: number }[] }) =>
  h.heapSpaceStatistics.find((x) => x.spaceName === 'old_space')?.spaceUsedSize ?? 0;
function allocated(): number {
  const { statistics } = gcProfiler.stop();
  gcProfiler.start();
  for (const s of statistics) {
    allocatedThrough += s.beforeGC.heapStatistics.usedHeapSize - leftByLastGc;
    leftByLastGc = s.afterGC.heapStatistics.usedHeapSize;
    if (s.gcType === 'Scavenge') promoted += oldSpace(s.afterGC) - oldSpace(s.beforeGC);
  }
  return allocatedThrough + getHeapStatistics().used_heap_size - leftByLastGc;
}

let samples: Sample[] = [];
let peakHeapUsed = 0;
let peakRss = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakHeapUsed = Math.max(peakHeapUsed, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
  samples.push({ t: now() - started, heapUsed: m.heapUsed, rss: m.rss });
  return m;
};

async function start(): Promise<{ port: number; close: () => Promise<void> }> {
  if (kind === 'bridge') {
    const bridge = await startBridge({
      port: 0,
      host: '127.0.0.1',
      // The lab opens 500 connections at once; the default cap is 20.
      maxConnections: 2000,
      // As `npm run smtp` starts it: warming up while the clients connect (bridge-warm.ts).
      warmUp: WARM_UP_COMMANDS,
      log: () => {},
      warn: (line) => {
        if (warnings.length < 20) warnings.push(line);
      },
      ...(limits ? {} : { world: NO_LIMITS }),
      onSession: (session) => {
        for (let i = sessions.length - 1; i >= 0; i--)
          if (!sessions[i]!.deref()) sessions.splice(i, 1);
        sessions.push(new WeakRef(session));
      },
    });
    return { port: bridge.port, close: () => bridge.close() };
  }
  if (kind !== 'smtp-server') throw new Error(`lab-server: unknown server ${kind}`);
  const peer = createPeer();
  await new Promise<void>((resolve, reject) => {
    peer.once('error', reject);
    peer.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (peer.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => peer.close(() => resolve())),
  };
}

/** The source map of every project file loaded here, by file URL. */
function writeSourceMaps(file: string) {
  const maps: Record<string, unknown> = {};
  for (const dir of ['src', 'bench']) {
    for (const name of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const url = pathToFileURL(join(ROOT, dir, name)).href;
      const map = findSourceMap(url);
      if (map) maps[url] = map.payload;
    }
  }
  writeFileSync(file, JSON.stringify(maps));
}

async function main() {
  const server = await start();
  const timer = setInterval(sample, sampleMs);
  process.on('message', (m: StatsRequest) => {
    if (m.type !== 'stats') return;
    const bytes = allocated();
    if (m.gc) collect();
    const memory = sample();
    const stats: ServerStats = {
      type: 'stats',
      t: now() - started,
      hr: Number(process.hrtime.bigint() / 1000n),
      memory,
      cpu: process.cpuUsage(),
      peakHeapUsed,
      peakRss,
      samples,
      transcripts: sessions.flatMap((w) => {
        const s = w.deref();
        return s ? [s.transcript.length] : [];
      }),
      warnings: warnings.splice(0),
      allocated: bytes,
      promoted,
      gc,
      // The histogram's delays include its own resolution: less it.
      loop: {
        p99: Math.max(0, loop.percentile(99) / 1e6 - 5),
        max: Math.max(0, loop.max / 1e6 - 5),
      },
    };
    gc = { count: 0, totalMs: 0, maxMs: 0 };
    loop.reset();
    samples = [];
    peakHeapUsed = 0;
    peakRss = 0;
    process.send?.(stats);
  });
  process.on('disconnect', () => {
    clearInterval(timer);
    if (sourceMapsFile) writeSourceMaps(sourceMapsFile);
    // smtp-server waits for its connections to end: bounded, then exit anyway.
    bounded(server.close(), 3000, 'close')
      .catch(() => {})
      .finally(() => process.exit(0));
  });
  const ready: ServerReady = { type: 'ready', port: server.port };
  process.send?.(ready);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
