/**
 * Browser-side transcript memory: heap octets per command line of a session
 * that keeps its whole transcript, created as the page creates it, fed one
 * typed line at a time (bench/transcript-child.ts, a fresh process). The
 * reference is the text of the exchange itself (command and reply lines, one
 * octet per character): what a transcript holding nothing but text would need.
 * A heap snapshot of a smaller session says which objects each entry is made of.
 */
import { forkBench, nextMessage, stopChild } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import { TYPED_CYCLE } from './lib/script.ts';
import type { KindReport, TranscriptReport } from './transcript-child.ts';

/** The goal: heap octets per command line of the browser's session. */
const GOAL = 150;

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

/** `server 309 B (reply Object 64, entry Object 56, ...)`: the largest parts of one kind of entry. */
function describe(k: KindReport, perLine: number): string {
  const parts = k.parts
    .filter((p) => p.bytesPerEntry >= 4)
    .slice(0, 7)
    .map(
      (p) =>
        `${p.label.startsWith('entry.') ? p.label.slice(6) : p.label} ${Math.round(p.bytesPerEntry)}`,
    )
    .join(', ');
  return `${k.kind} ${Math.round(k.bytesPerEntry)} B x ${perLine.toFixed(2)}/line (${parts})`;
}

export async function transcript(options: BenchOptions): Promise<BenchResult> {
  const lines = options.quick ? 10_000 : 100_000;
  const snapshotLines = options.quick ? 2_000 : 10_000;
  options.log(
    `transcript: a ${n0(lines)}-line typed session (EHLO, then ${TYPED_CYCLE.map((l) => l.split(' ')[0]).join('/')}), heap snapshot of ${n0(snapshotLines)} lines`,
  );
  const child = forkBench('transcript-child.ts', [String(lines), String(snapshotLines)]);
  let r: TranscriptReport;
  try {
    r = await nextMessage<TranscriptReport>(child, 110_000, 'transcript');
  } finally {
    await stopChild(child);
  }
  if (r.errors > 0 || r.closed)
    throw new Error(
      `transcript: ${r.errors} error replies, session ${r.closed ? 'closed' : 'open'}: the lines must all be accepted`,
    );
  const perLine = r.heapUsed / r.lines;
  const s = r.snapshot;
  const entries = Object.entries(r.entries)
    .map(([k, v]) => `${n0(v)} ${k}`)
    .join(' + ');
  const anatomy = s.kinds.map((k) => describe(k, k.entries / s.lines)).join('; ');
  return {
    figures: [
      figure({
        bench: 'transcript',
        name: 'heap per command line',
        unit: 'B',
        ours: perLine,
        reference: r.textBytes / r.lines,
        referenceName: 'text of command + reply',
        better: 'lower',
        goal: { max: GOAL, of: 'value', text: `< ${GOAL} B` },
        note:
          `${n0(r.lines)} lines, one feed each, ${n0(r.heapUsed / 1024)} KiB heap growth, session open, ` +
          `${r.junkLimit ? 'junk-command limit switched off' : 'no junk-command limit in this tree'} ` +
          `(maxJunkCommands, maxErrors: Infinity); entries ${entries}. ` +
          `Heap snapshot of ${n0(s.lines)} lines: the transcript holds ${Math.round(s.transcriptPerLine)} B/line: ` +
          `${anatomy}; the entries array ${Math.round(s.array.bytes / s.lines)} B/line; ` +
          `the rest reachable from the session ${n0(s.restOfSession / 1024)} KiB in all (machine, world, dialect: mostly shared)`,
      }),
      figure({
        bench: 'transcript',
        name: 'page copy per command line',
        unit: 'B',
        ours: r.uiHeapUsed / r.lines,
        reference: perLine,
        referenceName: 'the session',
        better: 'lower',
        note:
          `what Simulator.refresh adds on top of the session: transcript.slice() and displayLines() ` +
          `(${n0(r.displayLines)} display lines, each entry's cached in a WeakMap); in the heap snapshot the display lines ` +
          `hold ${Math.round(s.page.perLine)} B/line: ${s.page.kinds.map((k) => describe(k, k.entries / s.lines)).join('; ')}; ` +
          `their array ${Math.round(s.page.arrayBytes / s.lines)} B/line; the WeakMap cache's per-entry arrays ` +
          `${Math.round(s.page.cachePerLine)} B/line (${s.page.cache.map((p) => `${p.label} ${Math.round(p.bytesPerEntry)}`).join(', ')}); ` +
          `not walked: the WeakMap's table and the copied entries array; ` +
          `the page also keeps every input text for the store (not counted here)`,
      }),
    ],
    details: r as unknown as Record<string, unknown>,
  };
}
