/**
 * The fuzzer: runs cases (cases.ts) through the session API and applies the
 * checks (checks.ts) to each. Every case runs twice, its input whole and cut
 * into chunks, and both runs must agree. Used by the `npm run fuzz` command
 * (cli.ts) and by a small seeded run inside the unit tests.
 */
import {
  createSession,
  type Session,
  type SessionOptions,
  type TranscriptEntry,
} from '../../src/machines/session.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { custom, type Reply } from '../../src/protocol/replies.ts';
import { chunk, now, show, splitAt } from '../property/arbitraries.ts';
import { makeCase, type Cutting, type FuzzCase } from './cases.ts';
import {
  chunkingProblems,
  envelopeProblems,
  replyPerCommandProblems,
  replyProblems,
  type FailureKind,
  type Outcome,
  type Problem,
} from './checks.ts';

export interface Ran extends Outcome {
  readonly session: Session | null;
  readonly transcript: readonly TranscriptEntry[];
  readonly replies: readonly Reply[];
  readonly problems: Problem[];
}

/**
 * A client waits for the 220 to STARTTLS before sending more (RFC 3207 §4),
 * and the server drops what came before the handshake: so input is fed in
 * flights, cut after each line that ends in STARTTLS (BDAT octets may come
 * before it on the same line), and chunking only cuts inside them.
 */
export function flights(bytes: Uint8Array): Uint8Array[] {
  const cuts: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0x0a) continue;
    let text = '';
    for (let j = i - 1; j >= 0 && j >= i - 12 && bytes[j] !== 0x0a; j--)
      text = String.fromCharCode(bytes[j]!) + text;
    if (/starttls\s*$/i.test(text)) cuts.push(i + 1);
  }
  return splitAt(bytes, cuts);
}

/** The session options a case asks for; `retained` applies its `retain` (the chunked run only). */
function sessionOptions(c: FuzzCase, retained: boolean): SessionOptions {
  const o = c.options ?? {};
  let stores = 0;
  return {
    world: c.world,
    dialect: c.dialect,
    now,
    ...(o.refuse ? { refuse: o.refuse } : {}),
    ...(o.faults
      ? {
          faults: o.faults.map((f) => ({
            verb: f.verb,
            occurrence: f.occurrence,
            reply: custom(f.code, ['Scripted failure'], `${String(f.code)[0]}.0.0`),
            close: f.close,
          })),
        }
      : {}),
    ...(o.storeFailsAt
      ? {
          store: () => {
            if (++stores === o.storeFailsAt) throw new Error('the disk is full');
          },
        }
      : {}),
    ...(retained && o.retainTranscript !== undefined
      ? { retain: { transcript: o.retainTranscript, mailbox: false } }
      : {}),
  };
}

/**
 * Feeds the chunks (an empty first feed collects the greeting) and checks
 * what can be checked of one run. A session that keeps little (`retain`) is
 * read through `subscribe`, which sees every entry; what it keeps itself
 * must stay within what it was told.
 */
export function execute(c: FuzzCase, chunks: readonly Uint8Array[], retained = false): Ran {
  const problems: Problem[] = [];
  const replies: Reply[] = [];
  let session: Session | null = null;
  const options = sessionOptions(c, retained);
  const seen: TranscriptEntry[] = [];
  try {
    session = createSession(options);
    if (options.retain) {
      seen.push(...session.transcript);
      session.subscribe((e) => seen.push(e));
    }
    replies.push(...session.feed(new Uint8Array(0)));
    for (const part of chunks) replies.push(...session.feed(part));
  } catch (e) {
    problems.push({
      kind: 'exception',
      detail: e instanceof Error ? (e.stack ?? e.message) : String(e),
    });
  }
  const snapshot = session?.actor.getSnapshot();
  // An exception inside the machine does not reach `feed`: the runner stops with status "error".
  if (snapshot?.status === 'error')
    problems.push({ kind: 'machine-error', detail: String(snapshot.error) });
  const keep = options.retain?.transcript;
  if (session && keep !== undefined) {
    if (session.mailbox.length > 0)
      problems.push({
        kind: 'memory',
        detail: `retain mailbox:false kept ${session.mailbox.length}`,
      });
    // Trimmed in batches: up to about twice the entries it was told to keep.
    if (session.transcript.length > 2 * keep + 100)
      problems.push({
        kind: 'memory',
        detail: `retain transcript:${keep} kept ${session.transcript.length} of ${seen.length} entries`,
      });
  }
  const transcript = options.retain ? seen : (session?.transcript ?? []);
  return {
    session,
    replies,
    problems,
    transcript,
    wires: session ? replies.map((r) => session!.wire(r)) : [],
    mailbox: options.retain
      ? transcript.flatMap((e) => (e.kind === 'delivery' ? [e.delivery] : []))
      : (session?.mailbox ?? []),
    state: session?.state ?? 'none',
    closed: session?.closed ?? false,
  };
}

function cut(bytes: Uint8Array, cutting: Cutting): Uint8Array[] {
  return flights(bytes).flatMap((f) =>
    cutting.kind === 'random'
      ? chunk(f, { kind: 'random', cuts: cutting.cuts })
      : chunk(f, { kind: cutting.kind }),
  );
}

export interface CaseResult {
  readonly problems: readonly Problem[];
  readonly commands: number;
  readonly replies: number;
  readonly deliveries: number;
  readonly whole: Ran;
}

/**
 * Runs one case whole and chunked and returns every problem found.
 * `tamper` changes what the whole run produced before it is checked (the
 * tests use it to prove that a broken reply or delivery is reported).
 */
export function runCase(c: FuzzCase, tamper?: (whole: Ran) => Ran): CaseResult {
  const ran = execute(c, flights(c.bytes));
  const whole = tamper ? tamper(ran) : ran;
  const chunked = execute(c, cut(c.bytes, c.cutting), true);
  const problems: Problem[] = [...whole.problems, ...chunked.problems];
  const mtp = DIALECTS[c.dialect].commands.some((v) => v.verb === 'MRCP');
  for (const w of whole.wires) problems.push(...replyProblems(w, { mtp }));
  const transcript = whole.transcript;
  const world = whole.session?.world;
  if (world) {
    const ctx = { world, dialect: DIALECTS[c.dialect] };
    problems.push(...envelopeProblems(transcript, ctx));
    problems.push(...replyPerCommandProblems(transcript));
  }
  problems.push(...chunkingProblems(whole, chunked, `cut ${c.cutting.kind}`));
  if (c.smuggling) problems.push(...smugglingProblems(c, whole));
  let commands = 0;
  for (const e of transcript) if (e.kind === 'client') commands++;
  return {
    problems,
    commands,
    replies: whole.replies.length,
    deliveries: whole.mailbox.length,
    whole,
  };
}

/**
 * RFC 5321 §4.1.1.4, §2.3.8: with strict data ending, a message with fake
 * ends is answered as the same session with a harmless message is, is stored
 * once, and holds the forged commands as text.
 */
export function smugglingProblems(c: FuzzCase, whole: Ran): Problem[] {
  const clean = execute(c, flights(c.smuggling!.clean));
  const out: Problem[] = [];
  const codes = (r: Ran) => r.replies.map((x) => x.code).join(' ');
  if (codes(whole) !== codes(clean))
    out.push({
      kind: 'smuggling',
      detail: `replies ${codes(whole)}, with a harmless message ${codes(clean)}`,
    });
  if (whole.mailbox.length !== clean.mailbox.length || whole.mailbox.length !== 1)
    out.push({
      kind: 'smuggling',
      detail: `${whole.mailbox.length} messages stored (a harmless message: ${clean.mailbox.length})`,
    });
  const text = whole.mailbox.map((d) => String.fromCharCode(...d.content)).join('\n');
  const missing = c.smuggling!.markers.filter((m) => !text.includes(m));
  if (whole.mailbox.length && missing.length)
    out.push({ kind: 'smuggling', detail: `the stored text lacks ${missing.join(', ')}` });
  return out;
}

// ---------------------------------------------------------------- a run

export interface Failure {
  readonly index: number;
  readonly problem: Problem;
}

export interface Summary {
  readonly seed: number;
  sessions: number;
  commands: number;
  bytes: number;
  replies: number;
  deliveries: number;
  readonly byKind: Partial<Record<FailureKind, number>>;
  readonly byCase: Record<string, number>;
  /** The first failures of each kind (a few each), to replay. */
  readonly examples: Failure[];
  failedSessions: number;
  /** heapUsed after a full collection, sampled along the run (bytes); empty without --expose-gc. */
  readonly heap: { readonly at: number; readonly used: number }[];
  /** Largest heapUsed after a full collection at the samples (what sessions keep). */
  maxHeap: number;
  /** Largest heapUsed seen just before a sample's collection (garbage included). */
  peakHeap: number;
  ms: number;
}

export interface FuzzOptions {
  readonly sessions: number;
  readonly seed: number;
  /** Examples kept per failure kind. */
  readonly keep?: number;
  /** Heap samples along the run (needs --expose-gc). */
  readonly heapSamples?: number;
  readonly onProgress?: (summary: Summary) => void;
  /** See runCase. */
  readonly tamper?: (whole: Ran) => Ran;
  /** Problems not counted (known engine bugs already reported; the unit test's run only). */
  readonly ignore?: (problem: Problem) => boolean;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function heapNow(collect = true): number {
  if (collect && gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** A run's summary before its first session. */
export function emptySummary(seed: number): Summary {
  return {
    seed,
    sessions: 0,
    commands: 0,
    bytes: 0,
    replies: 0,
    deliveries: 0,
    byKind: {},
    byCase: {},
    examples: [],
    failedSessions: 0,
    heap: [],
    maxHeap: 0,
    peakHeap: 0,
    ms: 0,
  };
}

/** Runs `sessions` cases of the seed, in order, and counts what they did and found. */
export function fuzz(options: FuzzOptions): Summary {
  const { sessions, seed, keep = 3 } = options;
  const samples = options.heapSamples ?? 40;
  const every = samples > 0 ? Math.max(250, Math.ceil(sessions / samples)) : Infinity;
  const summary = emptySummary(seed);
  const start = performance.now();
  for (let index = 0; index < sessions; index++) {
    const c = makeCase(seed, index);
    const r = runCase(c, options.tamper);
    const problems = options.ignore ? r.problems.filter((p) => !options.ignore!(p)) : r.problems;
    summary.sessions++;
    summary.commands += r.commands;
    summary.bytes += c.bytes.length;
    summary.replies += r.replies;
    summary.deliveries += r.deliveries;
    summary.byCase[c.kind] = (summary.byCase[c.kind] ?? 0) + 1;
    if (problems.length) summary.failedSessions++;
    const seen = new Set<FailureKind>();
    for (const p of problems) {
      if (seen.has(p.kind)) continue;
      seen.add(p.kind);
      summary.byKind[p.kind] = (summary.byKind[p.kind] ?? 0) + 1;
      if (summary.examples.filter((e) => e.problem.kind === p.kind).length < keep)
        summary.examples.push({ index, problem: p });
    }
    if ((index + 1) % every === 0 || (index + 1 === sessions && samples > 0)) {
      summary.peakHeap = Math.max(summary.peakHeap, heapNow(false));
      const used = heapNow(gc !== undefined);
      summary.maxHeap = Math.max(summary.maxHeap, used);
      if (gc) summary.heap.push({ at: index + 1, used });
      summary.ms = performance.now() - start;
      options.onProgress?.(summary);
    }
  }
  summary.ms = performance.now() - start;
  return summary;
}

// ---------------------------------------------------------------- memory

/**
 * Heap growth along a run: the mean of the last quarter of the samples less
 * the mean of the first quarter (the very first sample, taken while code
 * still warms up, left out). Sessions are independent, so a run that keeps
 * nothing between them stays flat, whatever its length.
 */
export function heapGrowth(heap: Summary['heap']): number | null {
  const xs = heap.slice(1).map((h) => h.used);
  if (xs.length < 8) return null;
  const q = Math.floor(xs.length / 4);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  return mean(xs.slice(-q)) - mean(xs.slice(0, q));
}

/** More growth than this between the first and last quarter of a run is a leak. */
export const HEAP_GROWTH_LIMIT = 16 * 1024 * 1024;

export function memoryProblems(summary: Summary): Problem[] {
  const growth = heapGrowth(summary.heap);
  if (growth === null || growth <= HEAP_GROWTH_LIMIT) return [];
  return [
    {
      kind: 'memory',
      detail: `the heap grew by ${mb(growth)} over ${summary.sessions} sessions (limit ${mb(HEAP_GROWTH_LIMIT)})`,
    },
  ];
}

export const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A readable account of one case and what it produced, for a reproduction. */
export function describeCase(c: FuzzCase, r: CaseResult): string {
  const lines = [
    `kind ${c.kind}, dialect ${c.dialect}, profile ${c.profile ?? 'none'}, cut ${JSON.stringify(c.cutting)}`,
    `world ${JSON.stringify(c.world)}`,
    `input (${c.bytes.length} octets): ${show(c.bytes)}`,
    `replies:`,
    ...r.whole.wires.map((w) => `  ${JSON.stringify(w)}`),
    `deliveries: ${r.whole.mailbox.map((d) => `${d.reversePath} -> ${d.recipients.map((x) => x.text).join(' ')}`).join('; ') || 'none'}`,
    `problems:`,
    ...(r.problems.length ? r.problems.map((p) => `  [${p.kind}] ${p.detail}`) : ['  none']),
  ];
  if (c.smuggling) lines.splice(3, 0, `harmless twin: ${show(c.smuggling.clean)}`);
  return lines.join('\n');
}
