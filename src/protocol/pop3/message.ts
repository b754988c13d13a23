/**
 * A message as POP3 sends it (RFC 1939 §11): lines ending in CRLF, whatever
 * the store uses, and its size counted that way, each line end two octets,
 * stuffed dots not counted. A bare LF ends a line too; a last line without a
 * line end gets one, since every line of a multi-line response ends in CRLF.
 */
import { CR, LF } from '../bytes.ts';

/** The message's lines, without their line ends. */
export function messageLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== LF) continue;
    const end = i > start && bytes[i - 1] === CR ? i - 1 : i;
    lines.push(bytes.subarray(start, end));
    start = i + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

/** RFC 1939 §11: the exact size in octets as the message goes on the wire (CRLF line ends). */
export function wireSize(bytes: Uint8Array): number {
  let size = 0;
  for (const line of messageLines(bytes)) size += line.length + 2;
  return size;
}

/**
 * TOP (RFC 1939 §7): the header lines, the empty line after them, and the
 * first `n` lines of the body; the whole message if it has fewer.
 */
export function topLines(bytes: Uint8Array, n: number): Uint8Array[] {
  const lines = messageLines(bytes);
  const blank = lines.findIndex((l) => l.length === 0);
  if (blank < 0) return lines;
  return lines.slice(0, blank + 1 + n);
}
