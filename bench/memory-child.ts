/**
 * Memory measurements in a fresh process (started by bench/memory.ts with
 * --expose-gc): the heap held after a session of about `lines` input lines,
 * the session still open (no QUIT) and referenced; the input is sent in
 * client turns (see Script.turns), as a real client sends it. After a small warm-up
 * session of each: ours, then (ours released and collected) one smtp-server
 * connection fed the same bytes, and again; the median of each is kept.
 *
 *   args: lines mixed|commands [repeats]     answers one MemoryPair over IPC
 */
import { createSession } from '../src/machines/session.ts';
import { createPeer, runPeerSession } from './lib/peer.ts';
import { linesPerMessage, messageLines, script, type Script } from './lib/script.ts';
import { collect, hasGc } from './lib/util.ts';

export interface MemoryReport {
  readonly lines: number;
  readonly messages: number;
  readonly replies: number;
  /** Growth of the V8 heap (objects, strings), in octets. */
  readonly heapUsed: number;
  /** Growth of memory held by ArrayBuffers (message bytes kept as Uint8Array/Buffer). */
  readonly arrayBuffers: number;
  readonly transcriptEntries?: number;
  readonly mailboxBytes?: number;
}

export interface MemoryPair {
  readonly ours: MemoryReport;
  readonly peer: MemoryReport;
  /** Heap growth of every repeat, in octets. */
  readonly runs: { readonly ours: number[]; readonly peer: number[] };
}

/** `mixed`: the engine benchmark's messages (10 KB bodies); `commands`: 3-line bodies, mostly command lines. */
function memoryScript(target: number, kind: string): Script {
  const body = kind === 'mixed' ? messageLines() : ['Subject: short', '', '.a line to unstuff'];
  const messages = Math.ceil((target - 1) / linesPerMessage(body));
  return script(messages, body, false);
}

function delta(before: NodeJS.MemoryUsage, s: Script, replies: number) {
  collect();
  const after = process.memoryUsage();
  if (replies !== s.replies) throw new Error(`memory: ${replies} replies, expected ${s.replies}`);
  return {
    lines: s.lines,
    messages: s.messages,
    replies,
    heapUsed: after.heapUsed - before.heapUsed,
    arrayBuffers: after.arrayBuffers - before.arrayBuffers,
  };
}

/** The script as client turns, and for smtp-server the replies each turn waits for. */
function turnsOf(s: Script) {
  const gates: number[] = [];
  for (let i = 0, n = 0; i < s.turns.length; n += s.turns[i]!.replies, i++) gates.push(n);
  return { chunks: s.turns.map((t) => t.bytes), gates };
}

function measureOurs(s: Script): MemoryReport {
  const { chunks } = turnsOf(s);
  collect();
  const before = process.memoryUsage();
  const session = createSession();
  session.feed('');
  let replies = 0;
  for (const c of chunks) replies += session.feed(c).length;
  const report = delta(before, s, replies);
  // Read after measuring: the session is alive (referenced) up to here.
  return {
    ...report,
    transcriptEntries: session.transcript.length,
    mailboxBytes: session.mailbox.reduce((n, d) => n + d.content.length, 0),
  };
}

async function measurePeer(s: Script): Promise<MemoryReport> {
  const { chunks, gates } = turnsOf(s);
  const peer = createPeer(); // its TLS contexts and options are not part of a session
  collect();
  const before = process.memoryUsage();
  const run = await runPeerSession(peer, chunks, s.replies, 100_000, gates);
  const report = delta(before, s, run.replies);
  if (run.socket.replies === 0) throw new Error('unreachable'); // alive up to here
  return report;
}

/** The report whose heap growth is the median of `reports`. */
function medianReport(reports: MemoryReport[]): MemoryReport {
  return [...reports].sort((a, b) => a.heapUsed - b.heapUsed)[reports.length >> 1]!;
}

async function main() {
  const target = Number(process.argv[2] ?? 100_000);
  const kind = process.argv[3] === 'commands' ? 'commands' : 'mixed';
  const repeats = Math.max(1, Number(process.argv[4] ?? 3));
  if (!hasGc()) throw new Error('memory-child needs --expose-gc');
  const s = memoryScript(target, kind);
  // First runs leave compiled code, feedback and lazily built tables on the heap
  // (several MiB for either server): one small session of each, dropped, first.
  const w = memoryScript(Math.min(target, 10_000), kind);
  measureOurs(w);
  await measurePeer(w);
  // Code optimized during a measured session still lands in its figure now and
  // then: each is measured `repeats` times, alternating, and the median kept.
  const ours: MemoryReport[] = [];
  const peer: MemoryReport[] = [];
  for (let i = 0; i < repeats; i++) {
    ours.push(measureOurs(s));
    peer.push(await measurePeer(s));
  }
  const pair: MemoryPair = {
    ours: medianReport(ours),
    peer: medianReport(peer),
    runs: { ours: ours.map((r) => r.heapUsed), peer: peer.map((r) => r.heapUsed) },
  };
  process.send?.(pair, () => process.exit(0));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
