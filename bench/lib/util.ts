/** Small helpers shared by the benchmarks: statistics, timing, deterministic inputs. */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from '../../src/lessons/practice.ts';

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function now(): number {
  return performance.now();
}

/** Runs a full garbage collection when the process was started with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** The practice generator's deterministic PRNG (mulberry32), so every run feeds the very same bytes. */
export const prng = mulberry32;

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which ' +
  'but have an they you were her she there been one all we their has would when if so no will ' +
  'message server client relay queue mailbox domain delivery header body transfer protocol ' +
  'envelope recipient sender reply timeout status agent network address connection session'
).split(' ');

/**
 * Text lines of realistic length (mostly 40-76 octets, some short, some empty),
 * a fraction of them starting with "." (which SMTP dot-stuffs on the wire).
 * The lines are the message content, before stuffing, without line endings.
 */
export function textLines(totalBytes: number, seed: number, dotRate: number): string[] {
  const rand = prng(seed);
  const lines: string[] = [];
  let size = 0;
  while (size < totalBytes) {
    const r = rand();
    const target =
      r < 0.05 ? 0 : r < 0.15 ? 8 + Math.floor(rand() * 30) : 40 + Math.floor(rand() * 37);
    let line = '';
    while (line.length < target) {
      const w = WORDS[Math.floor(rand() * WORDS.length)]!;
      line = line ? `${line} ${w}` : w;
    }
    if (line.length > 76) line = line.slice(0, 76);
    if (rand() < dotRate) line = `.${line}`;
    lines.push(line);
    size += line.length + 2;
  }
  return lines;
}

/** The wire form of content lines: dot-stuffed (RFC 5321 §4.5.2), CRLF, no terminator. */
export function stuffed(lines: readonly string[]): string {
  return lines.map((l) => (l.startsWith('.') ? `.${l}\r\n` : `${l}\r\n`)).join('');
}

/** The content as received after unstuffing: the lines with CRLF. */
export function unstuffedSize(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + Buffer.byteLength(l) + 2, 0);
}

/** Views of `bytes` cut every `size` octets (no copies), as a socket would deliver them. */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/** Megabytes (10^6 octets), the unit of every MB and MB/s printed. */
export function mb(bytes: number): number {
  return bytes / 1e6;
}

/** Rejects after `ms` unless `promise` settles first (the timer keeps the process alive meanwhile). */
export function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Yields to the event loop (lets pending I/O and timers run between measured runs). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
