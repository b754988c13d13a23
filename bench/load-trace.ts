/**
 * The long tasks of a page load, for the Lighthouse goal (issue 14: TBT under 100 ms at a
 * mobile CPU). Not a benchmark of `npm run bench`: a tool to find what blocks, run by hand.
 *
 *   npx tsx bench/load-trace.ts [--dist dist-x] [--runs 3] [--rate 4] [--width 412] [--wait 9000]
 *                               [--lighthouse N] [--top 8] [--url-suffix '#/library']
 *
 * Serves the build (`vite preview`, as the e2e harness does), loads it in a fresh context of
 * the system's Chromium at a phone's viewport with the CPU slowed `--rate` times
 * (`Emulation.setCPUThrottlingRate`, as Lighthouse's devtools throttling does), records a
 * performance trace and a CPU profile (same clock), and lists every main-thread task over
 * 50 ms: its start after navigation, its length, where its time went (style, layout, script,
 * paint) and the functions that took it. Blocking time is summed as TBT does (each task's part
 * over 50 ms), after the first contentful paint. Relative figures: on a shared machine compare
 * the lists of two builds run back to back, not one number. `--lighthouse N` then runs the
 * installed Lighthouse N times (mobile) and prints each score and the median.
 */
import type { CDPSession } from 'playwright-core';
import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/browser.ts';
import { lighthouse } from './browser-lighthouse.ts';
import { ROOT } from './lib/child.ts';
import { median } from './lib/util.ts';

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event, µs: what the load of other processes does not stretch. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string; frame?: string }; frame?: string };
};
type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const DIST = option('dist', process.env.E2E_DIST ?? 'dist');
const RUNS = Number(option('runs', '3'));
const RATE = Number(option('rate', '4'));
/**
 * `--simulate` (with `--rate 1`): a task's length is its thread time times 4, as Lighthouse's
 * simulated throttling counts the tasks it observed unthrottled. Thread time leaves out the time
 * the main thread waited for a processor: on a machine shared with other work this is steadier
 * than the wall clock.
 */
const SIMULATE = process.argv.includes('--simulate');
const WIDTH = Number(option('width', '412'));
const WAIT = Number(option('wait', '9000'));
const TOP = Number(option('top', '8'));
const LH_RUNS = Number(option('lighthouse', '0'));
const SUFFIX = option('url-suffix', '');
/** `--save PREFIX`: each run's trace is written to PREFIX-<run>.json (for `--trace` or DevTools). */
const SAVE = option('save', '');

/** Where a task's time went, by the trace's own event names. */
const KINDS: Record<string, string> = {
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  EvaluateScript: 'script',
  'v8.evaluateModule': 'script',
  FunctionCall: 'script',
  RunMicrotasks: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  ParseHTML: 'parse',
  ParseAuthorStyleSheet: 'css parse',
  Paint: 'paint',
  PrePaint: 'paint',
  Layerize: 'paint',
  MajorGC: 'gc',
  MinorGC: 'gc',
};

function frameName(n: ProfileNode): string {
  const c = n.callFrame;
  const file = c.url.split('/').pop() || '';
  return `${c.functionName || '(anon)'} ${file}:${c.lineNumber + 1}`;
}

/** Self and inclusive time per function of the profile's samples in [from, to] (µs). */
function functionsIn(profile: Profile, from: number, to: number, scale: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from || t > to) return;
    const next = profile.timeDeltas[i + 1] ?? dt;
    const node = byId.get(id)!;
    const name = frameName(node);
    if (['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) return;
    self.set(name, (self.get(name) ?? 0) + next);
    const seen = new Set<string>();
    for (let p: number | undefined = id; p !== undefined; p = parent.get(p)) {
      const k = frameName(byId.get(p)!);
      if (seen.has(k) || k.startsWith('(root)')) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + next);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([k, us]) => `${((us * scale) / 1000).toFixed(1)} ${k}`);
  return { self: top(self), incl: top(incl) };
}

async function traceOnce(url: string) {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: WIDTH, height: 823 },
      deviceScaleFactor: WIDTH < 700 ? 1.75 : 1,
      isMobile: WIDTH < 700,
      hasTouch: WIDTH < 700,
    });
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'],
    });
    await cdp.send('Profiler.start');
    await page.goto(url);
    await page.waitForTimeout(WAIT);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const events = (
      JSON.parse((await browser.stopTracing()).toString()) as {
        traceEvents: TraceEvent[];
      }
    ).traceEvents;
    return { events, profile };
  } finally {
    await browser.close();
  }
}

function report(events: TraceEvent[], profile: Profile, simulate = SIMULATE) {
  const parse = events.find(
    (e) =>
      e.name === 'ParseHTML' &&
      /^https?:/.test(
        (e.args as { beginData?: { url?: string } } | undefined)?.beginData?.url ?? '',
      ),
  );
  if (!parse) throw new Error('no ParseHTML in the trace');
  const onMain = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X');
  const nav = events
    .filter((e) => e.name === 'navigationStart' && e.pid === parse.pid && e.ts <= parse.ts)
    .at(-1);
  const t0 = nav?.ts ?? parse.ts;
  const fcpEvent = events.find(
    (e) => e.name === 'firstContentfulPaint' && e.pid === parse.pid && e.ts >= parse.ts,
  );
  const lcpEvents = events.filter(
    (e) => e.name === 'largestContentfulPaint::Candidate' && e.pid === parse.pid,
  );
  const fcp = fcpEvent ? fcpEvent.ts : t0;
  const ms = (us: number) => (us / 1000).toFixed(0);
  const length = (e: TraceEvent) => (simulate ? (e.tdur ?? e.dur ?? 0) * 4 : (e.dur ?? 0));
  const tasks = onMain
    .filter((e) => e.name === 'RunTask' && length(e) > 50_000 && e.ts >= t0)
    .sort((a, b) => a.ts - b.ts);
  let blocking = 0;
  const lines: string[] = [];
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const kids = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    const by = new Map<string, number>();
    // Nested events of one kind (a FunctionCall in RunMicrotasks) count once: the outermost.
    const open: TraceEvent[] = [];
    for (const k of kids.sort((a, b) => a.ts - b.ts)) {
      const kind = KINDS[k.name];
      if (!kind) continue;
      while (open.length && open.at(-1)!.ts + open.at(-1)!.dur! <= k.ts) open.pop();
      if (open.some((o) => KINDS[o.name] === kind)) continue;
      open.push(k);
      by.set(kind, (by.get(kind) ?? 0) + length(k));
    }
    const after = task.ts >= fcp;
    if (after) blocking += length(task) / 1000 - 50;
    // The profile's samples are wall time: scaled to the task's length as counted above.
    const fns = functionsIn(profile, task.ts, end, length(task) / (task.dur || 1));
    lines.push(
      `${after ? ' ' : '<'} ${ms(task.ts - t0).padStart(6)} ms  ${ms(length(task)).padStart(5)} ms  ` +
        [...by]
          .sort((a, b) => b[1] - a[1])
          .map(([n, d]) => `${n} ${ms(d)}`)
          .join(', '),
      `      self: ${fns.self.join(' | ')}`,
      `      incl: ${fns.incl.join(' | ')}`,
    );
  }
  const lcp = lcpEvents.length ? Math.max(...lcpEvents.map((e) => e.ts)) : null;
  const last = Math.max(...onMain.map((e) => e.ts + (e.dur ?? 0)));
  return {
    end: last - t0,
    fcp: (fcp - t0) / 1000,
    lcp: lcp === null ? null : (lcp - t0) / 1000,
    count: tasks.filter((t) => t.ts >= fcp).length,
    blocking,
    lines,
  };
}

const EMPTY_PROFILE: Profile = { nodes: [], startTime: 0, samples: [], timeDeltas: [] };

function readTrace(file: string): TraceEvent[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  return Array.isArray(json) ? json : json.traceEvents;
}

/** `vite preview` of the folder, on 127.0.0.1 at a port the system picks. */
async function serve(dist: string) {
  if (!existsSync(resolve(ROOT, dist, 'index.html'))) throw new Error(`${dist} is not a build`);
  const { preview } = await import('vite');
  const server = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dist },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

async function main() {
  // `--trace FILE`: a saved trace (Lighthouse's `--save-assets` writes one), listed the same way.
  const saved = option('trace', '');
  if (saved) {
    const r = report(readTrace(saved), EMPTY_PROFILE);
    console.log(
      `${saved}: FCP ${r.fcp.toFixed(0)} ms, ${r.count} long tasks after FCP, blocking ${r.blocking.toFixed(0)} ms`,
    );
    for (const line of r.lines) if (!/^\s+(self|incl):\s*$/.test(line)) console.log(line);
    return;
  }
  const preview = await serve(DIST);
  const url = preview.url + SUFFIX;
  try {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const load = loadavg()[0]!.toFixed(1);
      const { events, profile } = await traceOnce(url);
      if (SAVE) writeFileSync(`${SAVE}-${i + 1}.json`, JSON.stringify({ traceEvents: events }));
      const r = report(events, profile);
      runs.push(r);
      console.log(
        `\n# ${DIST} run ${i + 1} (load ${load}, CPU x${RATE}${SIMULATE ? ', thread time x4' : ''}, ${WIDTH} px): FCP ${r.fcp.toFixed(0)} ms, ` +
          `LCP ${r.lcp?.toFixed(0) ?? '-'} ms, ${r.count} long tasks after FCP, blocking ${r.blocking.toFixed(0)} ms` +
          ` ('<' = before FCP)`,
      );
      for (const line of r.lines) console.log(line);
    }
    const m = (xs: number[]) => median(xs).toFixed(0);
    console.log(
      `\n${DIST}: median of ${RUNS}: FCP ${m(runs.map((r) => r.fcp))} ms, long tasks after FCP ` +
        `${m(runs.map((r) => r.count))}, blocking ${m(runs.map((r) => r.blocking))} ms`,
    );
    if (LH_RUNS > 0) {
      const tmp = mkdtempSync(join(tmpdir(), 'load-trace-'));
      const scores: number[] = [];
      const tbts: number[] = [];
      for (let i = 0; i < LH_RUNS; i++) {
        const load = loadavg()[0]!.toFixed(1);
        const assets = join(tmp, `lighthouse-${i + 1}`);
        const r = await lighthouse(preview.url, false, 120_000, assets);
        const tbt = r.metrics?.['total-blocking-time'];
        // Lighthouse's own observed load, its tasks counted by thread time x4 (steadier under load).
        const seen = existsSync(`${assets}-0.trace.json`)
          ? report(readTrace(`${assets}-0.trace.json`), EMPTY_PROFILE, true)
          : null;
        console.log(
          `lighthouse mobile ${i + 1} (load ${load}): ${r.score ?? r.reason}` +
            (r.metrics
              ? `, TBT ${tbt?.toFixed(0)} ms, FCP ${r.metrics['first-contentful-paint']?.toFixed(0)} ms, ` +
                `LCP ${r.metrics['largest-contentful-paint']?.toFixed(0)} ms, SI ${r.metrics['speed-index']?.toFixed(0)} ms`
              : '') +
            (seen
              ? `; its trace (${(seen.end / 1e6).toFixed(1)} s): ${seen.count} tasks over 50 ms by thread time x4 after FCP, blocking ${seen.blocking.toFixed(0)} ms`
              : ''),
        );
        if (seen)
          for (const line of seen.lines) if (!/^\s+(self|incl):\s*$/.test(line)) console.log(line);
        if (r.score !== null) scores.push(r.score);
        if (tbt !== undefined) tbts.push(tbt);
      }
      if (scores.length)
        console.log(
          `lighthouse mobile median of ${scores.length}: ${median(scores)}, TBT ${median(tbts).toFixed(0)} ms`,
        );
    }
  } finally {
    await preview.close();
  }
}

await main();
