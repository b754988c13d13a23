/**
 * The browser's session memory, measured in a fresh process (started by
 * bench/transcript.ts with --expose-gc): a session created as the page
 * creates it (`sessionOptions(DEFAULT_SETTINGS)`, the whole transcript kept),
 * fed one command line per `feed` as a person types them, left open. Then the
 * UI's own copy (`displayLines` of the transcript, as `Simulator.refresh`
 * makes it), then a smaller session written to a heap snapshot and taken
 * apart: which objects each transcript entry is made of.
 *
 *   args: lines snapshotLines     answers one TranscriptReport over IPC
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createSession, type Session } from '../src/machines/session.ts';
import { DEFAULT_WORLD } from '../src/protocol/world.ts';
import { DEFAULT_SETTINGS, sessionOptions } from '../src/ui/sandbox/settings.ts';
import { displayLines } from '../src/ui/shared/transcript-lines.ts';
import { HeapSnapshot, isEphemeron, walk, type NodeId, type Tally } from './lib/heap-snapshot.ts';
import { NO_LIMITS, TYPED_CYCLE } from './lib/script.ts';
import { collect, hasGc } from './lib/util.ts';

export interface Part {
  readonly label: string;
  /** Octets per entry of this kind (the total over all of them / their count). */
  readonly bytesPerEntry: number;
  /** Objects per entry. */
  readonly perEntry: number;
}

export interface KindReport {
  readonly kind: string;
  readonly entries: number;
  readonly bytesPerEntry: number;
  readonly parts: Part[];
}

export interface TranscriptReport {
  readonly lines: number;
  /** Heap growth of the session, in octets. */
  readonly heapUsed: number;
  readonly arrayBuffers: number;
  readonly entries: Record<string, number>;
  /** Octets of the command lines and reply lines as text (one octet per character), CRLF included. */
  readonly textBytes: number;
  readonly errors: number;
  readonly closed: boolean;
  /** Whether this tree's world has a junk-command limit (then switched off here). */
  readonly junkLimit: boolean;
  /** Heap growth of the UI's copy of the transcript and its display lines. */
  readonly uiHeapUsed: number;
  readonly displayLines: number;
  readonly snapshot: {
    readonly lines: number;
    /** Octets reachable from the transcript (its array and entries), per input line. */
    readonly transcriptPerLine: number;
    /** The rest of what the session holds (context, framer, world...), in octets. */
    readonly restOfSession: number;
    readonly array: { readonly bytes: number };
    readonly kinds: KindReport[];
    readonly rest: Part[];
    /** The display lines (Simulator.refresh's displayLines), less what they share with the transcript. */
    readonly page: {
      readonly perLine: number;
      readonly arrayBytes: number;
      readonly kinds: KindReport[];
      /** The WeakMap cache's per-entry arrays (what they hold beyond the display lines). */
      readonly cachePerLine: number;
      readonly cache: Part[];
    };
  };
}

/** Feeds `lines` command lines, one per feed; counts the error replies. */
function typeSession(lines: number): { session: Session; errors: number; textBytes: number } {
  const session = createSession({
    ...sessionOptions(DEFAULT_SETTINGS),
    world: { ...sessionOptions(DEFAULT_SETTINGS).world, ...NO_LIMITS },
  });
  let textBytes = 0;
  let errors = 0;
  const take = (line: string | null) => {
    const replies = line === null ? session.feed('') : session.feed(`${line}\r\n`);
    if (line !== null) textBytes += line.length + 2;
    for (const r of replies) {
      if (r.code >= 400) errors++;
      textBytes += session.wire(r).length;
    }
  };
  take(null);
  take('EHLO client.test');
  for (let i = 1; i < lines; i++) take(TYPED_CYCLE[(i - 1) % TYPED_CYCLE.length]!);
  return { session, errors, textBytes };
}

function kindsOf(session: Session): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const e of session.transcript) kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
  return kinds;
}

/** Holds the session being photographed, so it can be found in the snapshot by this class name. */
class BenchTranscriptHolder {
  constructor(
    readonly session: Session,
    readonly entries: readonly unknown[],
    readonly shown: readonly unknown[],
  ) {}
}

const perPart = (t: Tally, n: number, top: number): Part[] =>
  [...t]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, top)
    .map(([label, v]) => ({ label, bytesPerEntry: v.bytes / n, perEntry: v.count / n }));

/**
 * The elements of a JS array (transcript entries, display lines), grouped by
 * their `kind`, each walked for what it alone holds (nodes already `seen`,
 * such as strings shared with the transcript, are not counted again).
 */
function byKind(h: HeapSnapshot, array: NodeId, seen: Uint8Array, label: string) {
  const store = h.child(array, 'elements')!;
  seen[array] = 1;
  seen[store] = 1;
  const arrayBytes = h.size(array) + h.size(store);
  const tallies = new Map<string, { count: number; bytes: number; tally: Tally }>();
  let total = arrayBytes;
  for (const e of h.edgesOf(array)) {
    if (e.type !== 'element') continue;
    const kindNode = h.child(e.to, 'kind');
    const kind = kindNode === undefined ? '?' : h.text(kindNode);
    let k = tallies.get(kind);
    if (!k) tallies.set(kind, (k = { count: 0, bytes: 0, tally: new Map() }));
    k.count++;
    const bytes = walk(h, e.to, seen, k.tally, label, 5);
    k.bytes += bytes;
    total += bytes;
  }
  const kinds: KindReport[] = [...tallies]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([kind, k]) => ({
      kind,
      entries: k.count,
      bytesPerEntry: k.bytes / k.count,
      parts: perPart(k.tally, k.count, 8),
    }));
  return { total, arrayBytes, kinds };
}

/** Writes a heap snapshot of a `lines`-line session and says what its transcript entries are made of. */
function anatomy(lines: number): TranscriptReport['snapshot'] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-heap-'));
  try {
    const { session } = typeSession(lines);
    const entries = session.transcript.slice();
    const holder = new BenchTranscriptHolder(session, session.transcript, displayLines(entries));
    collect();
    const file = writeHeapSnapshot(join(dir, 'session.heapsnapshot'));
    if (holder.entries.length === 0) throw new Error('unreachable'); // alive up to here
    const h = HeapSnapshot.read(file);
    const [node] = h.find('object', 'BenchTranscriptHolder');
    if (node === undefined) throw new Error('transcript: the session is not in the heap snapshot');
    const seen = new Uint8Array(h.count);
    seen[node] = 1;
    const transcript = byKind(h, h.child(node, 'entries')!, seen, 'entry');
    // What is reachable from the session besides its transcript: its context, framer, world...
    const rest: Tally = new Map();
    const restBytes = walk(h, h.child(node, 'session')!, seen, rest, 'session', 6);
    const page = byKind(h, h.child(node, 'shown')!, seen, 'line');
    // displayLines caches each entry's lines in a WeakMap: the arrays and the table.
    const cache: Tally = new Map();
    let cacheBytes = 0;
    for (const e of h.edgesOf(h.child(node, 'entries')!)) {
      if (e.type !== 'element') continue;
      for (const pair of h.edgesOf(e.to)) {
        if (!isEphemeron(pair)) continue;
        cacheBytes += walk(h, pair.to, seen, cache, 'cached', 3);
      }
    }
    return {
      lines,
      transcriptPerLine: transcript.total / lines,
      restOfSession: restBytes,
      array: { bytes: transcript.arrayBytes },
      kinds: transcript.kinds,
      rest: perPart(rest, 1, 8),
      page: {
        perLine: page.total / lines,
        arrayBytes: page.arrayBytes,
        kinds: page.kinds,
        cachePerLine: cacheBytes / lines,
        cache: perPart(cache, lines, 4),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The session of `lines` lines, measured; it is released when this returns. */
function measure(lines: number): Omit<TranscriptReport, 'snapshot'> {
  collect();
  const before = process.memoryUsage();
  const { session, errors, textBytes } = typeSession(lines);
  collect();
  const after = process.memoryUsage();
  // The page's copy: Simulator.refresh keeps `transcript.slice()` and its display lines.
  const entries = session.transcript.slice();
  const shown = displayLines(entries);
  collect();
  const ui = process.memoryUsage();
  if (entries.length === 0 || shown.length === 0) throw new Error('unreachable'); // alive up to here
  return {
    lines,
    heapUsed: after.heapUsed - before.heapUsed,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
    entries: kindsOf(session),
    textBytes,
    errors,
    closed: session.closed,
    junkLimit: 'maxJunkCommands' in DEFAULT_WORLD,
    uiHeapUsed: ui.heapUsed - after.heapUsed,
    displayLines: shown.length,
  };
}

function main() {
  const lines = Number(process.argv[2] ?? 100_000);
  const snapshotLines = Number(process.argv[3] ?? 10_000);
  if (!hasGc()) throw new Error('transcript-child needs --expose-gc');
  // First runs leave compiled code and lazily built tables on the heap: one small session first.
  typeSession(Math.min(lines, 5_000));
  const report = measure(lines);
  collect();
  const full: TranscriptReport = { ...report, snapshot: anatomy(snapshotLines) };
  process.send?.(full, () => process.exit(0));
}

try {
  main();
} catch (e: unknown) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
