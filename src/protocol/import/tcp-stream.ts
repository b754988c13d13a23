/**
 * TCP reassembly for one direction of a connection (RFC 9293 §3.4): data is
 * placed by sequence number, so a retransmitted segment adds nothing twice
 * and a segment captured out of order lands where it belongs. A hole (data
 * the capture never saw) is reported, and the bytes after it are kept.
 */
import type { Problem } from './dialogue.ts';

export interface Piece {
  readonly seq: number;
  readonly packet: number;
  readonly at: string;
  readonly payload: Uint8Array;
}

/** A direction's bytes in order, and for each byte range the packet that brought it. */
export interface Flow {
  readonly bytes: Uint8Array;
  /** Ascending by `offset`: the bytes from `offset` on came in `packet` at `at`. */
  readonly marks: readonly {
    readonly offset: number;
    readonly packet: number;
    readonly at: string;
  }[];
}

/** Distance from `base` to `seq` in 32-bit sequence space, as a signed number. */
const rel = (seq: number, base: number) => (seq - base) | 0;

/** `isn` is the SYN's sequence number when the capture saw it. */
export function reassemble(
  pieces: readonly Piece[],
  isn: number | undefined,
  problems: Problem[],
  label: string,
): Flow {
  const data = pieces.filter((p) => p.payload.length > 0);
  if (data.length === 0) return { bytes: new Uint8Array(0), marks: [] };
  // The first data octet is ISN+1 (the SYN takes one number); without the SYN, the lowest seen.
  const base =
    isn !== undefined
      ? (isn + 1) >>> 0
      : data.reduce((lo, p) => (rel(p.seq, lo) < 0 ? p.seq : lo), data[0]!.seq);
  const sorted = data
    .map((p) => ({ ...p, from: rel(p.seq, base) }))
    .sort((a, b) => a.from - b.from || a.packet - b.packet);
  const parts: Uint8Array[] = [];
  const marks: { offset: number; packet: number; at: string }[] = [];
  let next = 0;
  let length = 0;
  for (const p of sorted) {
    const end = p.from + p.payload.length;
    if (end <= next) continue; // a retransmission of data already placed
    if (p.from > next) {
      problems.push({
        line: p.packet,
        text: '',
        why: `${p.from - next} octets ${label} were never captured before packet ${p.packet}`,
      });
      next = p.from;
    }
    const fresh = p.payload.subarray(Math.max(0, next - p.from));
    marks.push({ offset: length, packet: p.packet, at: p.at });
    parts.push(fresh);
    length += fresh.length;
    next = end;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { bytes, marks };
}

/** The latest packet that brought a byte of [from, to): when the capture had all of them. */
export function completedBy(flow: Flow, from: number, to: number): Flow['marks'][number] {
  let i = indexAt(flow, from);
  let best = flow.marks[i]!;
  for (i++; i < flow.marks.length && flow.marks[i]!.offset < to; i++)
    if (flow.marks[i]!.packet > best.packet) best = flow.marks[i]!;
  return best;
}

function indexAt(flow: Flow, offset: number): number {
  let lo = 0;
  let hi = flow.marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (flow.marks[mid]!.offset <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
