/**
 * Bridge memory for a one-million-NOOP session. The server runs in its own
 * process with a small heap (`--max-old-space-size=96`, bench/lab-server.ts);
 * this process is one client sending NOOPs as fast as they are answered
 * (bench/lib/flood.ts), until a million are answered or the server closes.
 * At every tenth the client waits for all its NOOPs to be answered and asks
 * the server for its heap after a full GC (what the session keeps alive); the
 * server also samples its heap and RSS every 250 ms (the peaks). Three runs,
 * each in a fresh process: the bridge with its default world (the junk-command
 * limit ends such a session), the bridge with the limits off (`maxJunkCommands`,
 * `maxErrors`: Infinity), and smtp-server (the reference) with the same client.
 */
import type { ChildProcess } from 'node:child_process';
import { flood, type FloodResult } from './lib/flood.ts';
import { forkBench, nextMessage, stopChild } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult, type Figure } from './lib/report.ts';
import { bounded } from './lib/util.ts';
import type { Sample, ServerKind, ServerReady, ServerStats } from './lab-server.ts';

const HEAP_MB = 96;
const MiB = 1024 * 1024;

export interface Milestone {
  readonly answered: number;
  /** heapUsed after a full GC. */
  readonly heapUsed: number;
  readonly rss: number;
  /** Transcript entries of the sessions alive (the bridge only). */
  readonly transcripts: number[];
}

export interface MemoryRun {
  readonly server: string;
  readonly flood: FloodResult;
  readonly milestones: Milestone[];
  readonly peakHeapUsed: number;
  readonly peakRss: number;
  /** Heap and RSS every 250 ms (thinned to at most 60). */
  readonly samples: Sample[];
  /** heapUsed after a full GC once the connection is closed. */
  readonly afterClose: number | null;
  /** How the server process ended, when it did on its own (e.g. out of heap). */
  readonly exit: string | null;
}

export function stats(child: ChildProcess, gc: boolean): Promise<ServerStats> {
  if (!child.connected) return Promise.reject(new Error('the server process is gone'));
  const answer = nextMessage<ServerStats>(child, 30_000, 'server stats');
  // With a callback a failed send (the process just died) is an error here, not an 'error' event.
  child.send({ type: 'stats', gc }, (e) => {
    if (e) answer.catch(() => {});
  });
  return answer;
}

const thin = <T>(xs: T[], max: number): T[] =>
  xs.length <= max ? xs : xs.filter((_, i) => i % Math.ceil(xs.length / max) === 0);

async function run(
  server: ServerKind,
  limits: boolean,
  target: number,
  limitMs: number,
): Promise<MemoryRun> {
  const child = forkBench('lab-server.ts', [server, limits ? 'limits' : 'nolimits', '250'], {
    execArgv: [`--max-old-space-size=${HEAP_MB}`],
    pipeStderr: true,
  });
  child.on('error', () => {}); // a send to a process that died: seen through its exit
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    stderr = (stderr + s).slice(-4000);
  });
  // An object, not a `let`: it is set in a callback, which TypeScript's narrowing does not see.
  const ended: { exit: string | null } = { exit: null };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended.exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    }),
  );
  const milestones: Milestone[] = [];
  const samples: Sample[] = [];
  let peakHeapUsed = 0;
  let peakRss = 0;
  const take = async (answered: number) => {
    const s = await stats(child, true);
    samples.push(...s.samples);
    peakHeapUsed = Math.max(peakHeapUsed, s.peakHeapUsed);
    peakRss = Math.max(peakRss, s.peakRss);
    milestones.push({
      answered,
      heapUsed: s.memory.heapUsed,
      rss: s.memory.rss,
      transcripts: s.transcripts,
    });
  };
  try {
    const { port } = await nextMessage<ServerReady>(child, 30_000, `${server} start`);
    await take(0);
    const result = await flood({
      port,
      target,
      batch: 500,
      stallMs: 20_000,
      limitMs,
      atMilestone: take,
    });
    const s = await stats(child, true).catch(() => null);
    const afterClose = s?.memory.heapUsed ?? null;
    if (s) peakRss = Math.max(peakRss, s.peakRss);
    // No answer: the process is ending (out of heap?); wait to learn how.
    else await bounded(exited, 5000, 'exit').catch(() => {});
    let exit = ended.exit;
    if (exit && /heap out of memory|Reached heap limit/i.test(stderr))
      exit += ' (JavaScript heap out of memory)';
    return {
      server: `${server}${server === 'bridge' ? (limits ? ', default world' : ', limits off') : ''}`,
      flood: result,
      milestones,
      peakHeapUsed,
      peakRss,
      samples: thin(samples, 60),
      afterClose,
      exit,
    };
  } finally {
    await stopChild(child);
  }
}

const mib = (b: number) => (b / MiB).toFixed(1);

/** `closed by the server after 120 NOOPs with "421 ..."`, `1,000,000 answered in 8.1 s, QUIT`... */
function ending(r: MemoryRun): string {
  const f = r.flood;
  const n = f.answered.toLocaleString('en-US');
  const rate =
    f.seconds > 0 ? `, ${Math.round(f.answered / f.seconds).toLocaleString('en-US')}/s` : '';
  if (r.exit) return `the server process ended (${r.exit}) after ${n} NOOPs answered${rate}`;
  if (f.ended === 'target reached')
    return `${n} NOOPs answered in ${f.seconds.toFixed(1)} s${rate}, then QUIT`;
  const refused = f.refusedCount ? `, ${f.refusedCount} refused (first: "${f.refused[0]}")` : '';
  return `${f.ended} after ${n} NOOPs answered${refused}; last line "${f.lastLine}"`;
}

function series(r: MemoryRun): string {
  return r.milestones.map((m) => mib(m.heapUsed)).join(' ');
}

export async function bridgeMemory(options: BenchOptions): Promise<BenchResult> {
  const target = options.quick ? 100_000 : 1_000_000;
  const limitMs = options.quick ? 15_000 : 45_000;
  options.log(
    `bridge-memory: one client, NOOPs pipelined 2 x 500 at a time, up to ${target.toLocaleString('en-US')}; each server in a process with --max-old-space-size=${HEAP_MB}`,
  );
  const limited = await run('bridge', true, target, limitMs);
  options.log(`bridge-memory: default world: ${ending(limited)}`);
  const open = await run('bridge', false, target, limitMs);
  options.log(`bridge-memory: limits off: ${ending(open)}`);
  const peer = await run('smtp-server', true, target, limitMs);
  options.log(`bridge-memory: smtp-server: ${ending(peer)}`);

  const last = (r: MemoryRun) => r.milestones.at(-1);
  const liveHeap = (r: MemoryRun) => (r.exit ? null : (last(r)?.heapUsed ?? null));
  const mibOrNull = (b: number | null) => (b === null ? null : b / MiB);
  const figures: Figure[] = [
    figure({
      bench: 'bridge-memory',
      name: 'live heap, NOOPs, limits off',
      unit: 'MiB',
      ours: mibOrNull(liveHeap(open)),
      reference: mibOrNull(liveHeap(peer)),
      referenceName: 'smtp-server',
      better: 'lower',
      note:
        `heap after a full GC with the session open after the last NOOP: ours ${ending(open)}; smtp-server ${ending(peer)}. ` +
        `After QUIT: ours ${open.afterClose === null ? '-' : mib(open.afterClose)} MiB, smtp-server ${peer.afterClose === null ? '-' : mib(peer.afterClose)} MiB. ` +
        `Live heap MiB at each tenth, ours: ${series(open)}; smtp-server: ${series(peer)}. ` +
        `Transcript entries of the session at the last sample (${(last(open)?.answered ?? 0).toLocaleString('en-US')} NOOPs): ${last(open)?.transcripts.join(', ') || 'none alive'}`,
    }),
    figure({
      bench: 'bridge-memory',
      name: 'peak RSS, NOOPs, limits off',
      unit: 'MiB',
      ours: open.peakRss / MiB,
      reference: peer.peakRss / MiB,
      referenceName: 'smtp-server',
      better: 'lower',
      note: `sampled every 250 ms; peak heapUsed ours ${mib(open.peakHeapUsed)} MiB, smtp-server ${mib(peer.peakHeapUsed)} MiB`,
    }),
    figure({
      bench: 'bridge-memory',
      name: 'NOOPs answered, default world',
      unit: 'NOOPs',
      ours: limited.flood.answered,
      reference: peer.flood.answered,
      referenceName: 'smtp-server',
      better: 'lower',
      // A count against a server that has no limit: not a ratio to read.
      ratio: null,
      note:
        `ours: ${ending(limited)}; live heap MiB ${series(limited)}, peak RSS ${mib(limited.peakRss)} MiB. ` +
        `A junk-command limit ends the session with 421 after about 120 NOOPs; smtp-server has none`,
    }),
  ];
  return { figures, details: { target, heapMiB: HEAP_MB, runs: { limited, open, peer } } };
}
