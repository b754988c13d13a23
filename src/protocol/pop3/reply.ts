/**
 * POP3 responses (RFC 1939 §3): a status indicator, "+OK" or "-ERR" in upper
 * case, and text, on one line of at most 512 octets with its CRLF. Some
 * responses go on with more lines and end with a line holding only "."; a
 * line of theirs that begins with "." gets one more in front (byte-stuffing),
 * which the client strips.
 */
import { encode, concat, CR, DOT, LF } from '../bytes.ts';

export interface Pop3Reply {
  readonly ok: boolean;
  /** What follows the indicator ('' for a bare "+OK"). */
  readonly text: string;
  /** A multi-line response's lines, unstuffed and without their CRLF. */
  readonly lines?: readonly Uint8Array[];
}

/** RFC 1939 §3: a response line is at most 512 octets, CRLF included. */
export const MAX_RESPONSE_LINE = 512;

export const ok = (text = '', lines?: readonly Uint8Array[]): Pop3Reply =>
  lines ? { ok: true, text, lines } : { ok: true, text };
export const err = (text: string): Pop3Reply => ({ ok: false, text });

/** The first line as sent, without CRLF: `+OK 2 320`, `-ERR no such message`. */
export function statusLine(r: Pop3Reply): string {
  const head = r.ok ? '+OK' : '-ERR';
  const line = r.text === '' ? head : `${head} ${r.text}`;
  // Text is ours or echoes short arguments; cut all the same rather than break the limit.
  return line.length > MAX_RESPONSE_LINE - 2 ? line.slice(0, MAX_RESPONSE_LINE - 2) : line;
}

const CRLF = new Uint8Array([CR, LF]);
const END = new Uint8Array([DOT, CR, LF]);
const STUFF = new Uint8Array([DOT]);

/** The response as octets on the wire: status line, then any lines byte-stuffed, then ".". */
export function wireOf(r: Pop3Reply): Uint8Array {
  const parts: Uint8Array[] = [encode(statusLine(r)), CRLF];
  if (r.lines) {
    for (const line of r.lines) {
      if (line[0] === DOT) parts.push(STUFF);
      parts.push(line, CRLF);
    }
    parts.push(END);
  }
  return concat(parts);
}

/** The response as text, for transcripts and tests (8-bit octets shown one char each). */
export function wireText(r: Pop3Reply): string {
  const wire = wireOf(r);
  let out = '';
  for (let i = 0; i < wire.length; i += 8192)
    out += String.fromCharCode(...wire.subarray(i, i + 8192));
  return out;
}
