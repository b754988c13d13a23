/**
 * 5. Memory: the heap a session holds after about 100,000 input lines,
 * measured in a fresh Node process with --expose-gc (full GC before and
 * after, the session still open and referenced): ours (session API, default
 * options, as the bridge and the UI create it), then one smtp-server
 * connection fed the same bytes (REPEATS times each, medians). Two scripts:
 * "mixed" (the engine benchmark's 10 KB messages) and "commands" (3-line
 * messages, so mostly command lines).
 */
import { forkBench, nextMessage, stopChild } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult, type Figure } from './lib/report.ts';
import type { MemoryPair } from './memory-child.ts';

async function measure(lines: number, kind: string, repeats: number): Promise<MemoryPair> {
  const child = forkBench('memory-child.ts', [String(lines), kind, String(repeats)]);
  try {
    return await nextMessage<MemoryPair>(child, 110_000, `memory ${kind}`);
  } finally {
    await stopChild(child);
  }
}

const MiB = 1024 * 1024;
/**
 * Measurements per server and script (median kept). Fed in client turns the
 * figures repeat within a few KiB, so one keeps the full run well under 2
 * minutes; raise it when chasing a small difference.
 */
const REPEATS = 1;
/** Heap growth below this is measurement noise (code optimized meanwhile, GC timing). */
const NOISE = 1024 * 1024;

export async function memory(options: BenchOptions): Promise<BenchResult> {
  // --quick measures a twentieth of the session (the figure per line is what compares).
  const lines = options.quick ? 5_000 : 100_000;
  const kinds = options.quick ? (['commands'] as const) : (['mixed', 'commands'] as const);
  options.log(
    `memory: ${lines.toLocaleString('en-US')}-line sessions (${kinds.join(', ')}), one process per script`,
  );
  const figures: Figure[] = [];
  const details: Record<string, unknown> = { lines };
  for (const kind of kinds) {
    const { ours, peer, runs } = await measure(lines, kind, REPEATS);
    details[kind] = { ours, peer };
    // A growth this small is GC and JIT noise: a ratio to it would mean nothing.
    const flat = Math.abs(peer.heapUsed) < NOISE;
    figures.push(
      figure({
        bench: 'memory',
        name: `heap, ${kind}`,
        unit: 'MiB',
        ours: ours.heapUsed / MiB,
        reference: peer.heapUsed / MiB,
        referenceName: 'smtp-server',
        better: 'lower',
        ...(flat ? { ratio: null } : {}),
        runs: { ours: runs.ours.map((b) => b / MiB), reference: runs.peer.map((b) => b / MiB) },
        note:
          `${ours.lines} lines, ${ours.messages} messages: ours ${Math.round(ours.heapUsed / ours.lines)} B/line on the heap ` +
          `(${ours.transcriptEntries} transcript entries) + ${(ours.arrayBuffers / MiB).toFixed(1)} MiB in ArrayBuffers ` +
          `(mailbox content ${((ours.mailboxBytes ?? 0) / MiB).toFixed(1)} MiB); ` +
          `smtp-server keeps no message (onData drops it): ${(peer.arrayBuffers / MiB).toFixed(1)} MiB in ArrayBuffers` +
          (flat
            ? `; its heap growth is within the ${NOISE / MiB} MiB noise of the measurement, so no ratio is given`
            : ''),
      }),
    );
  }
  return { figures, details };
}
