/**
 * The console's `!raw` lines, shared by the console, the page and the lesson
 * runner (pure: no DOM, so the first screen does not load the lesson engine).
 */
import { concat, encode } from './bytes.ts';

/**
 * A line that goes out as the bytes it spells, not as a line: `!raw ` (any
 * case), then text with C-like escapes (`\r`, `\n`, `\t`, `\\`, `\xNN`),
 * and no CRLF added. It is how a learner sends what a typed line never holds
 * (a LF alone, a CR alone, a line left open), which RFC 5321 §2.3.8 forbids a
 * client to send: the raw material of SMTP smuggling. Like a quiz answer, it is
 * the console's own syntax, taken in every mode (message text included): a
 * text line that must start with `!raw` is sent as `!raw !raw ...\r\n`.
 */
const RAW = /^!raw(?: ([^]*))?$/i;
/** A run of plain text, or a backslash with what may follow it in an escape. */
const RAW_PART = /\\(?:x[^]{0,2}|[^]?)|[^\\]+/g;
const ESCAPES: Readonly<Record<string, number>> = { r: 0x0d, n: 0x0a, t: 0x09, '\\': 0x5c };

export type RawLine =
  | { readonly ok: true; readonly bytes: Uint8Array }
  /** A backslash that starts no escape: `escape` as typed, at 1-based `column` of the line. */
  | { readonly ok: false; readonly escape: string; readonly column: number };

export const isRawLine = (line: string): boolean => RAW.test(line);

/** The bytes a `!raw` line sends, or why it cannot be sent; null for any other line. */
export function rawLine(line: string): RawLine | null {
  const m = RAW.exec(line);
  if (!m) return null;
  const text = m[1] ?? '';
  const start = line.length - text.length;
  const parts: Uint8Array[] = [];
  for (const part of text.matchAll(RAW_PART)) {
    const p = part[0];
    if (p[0] !== '\\') parts.push(encode(p));
    else if (/^\\x[0-9A-Fa-f]{2}$/.test(p)) parts.push(Uint8Array.of(parseInt(p.slice(2), 16)));
    else if (p.length === 2 && p[1]! in ESCAPES) parts.push(Uint8Array.of(ESCAPES[p[1]!]!));
    else return { ok: false, escape: p, column: start + part.index + 1 };
  }
  return { ok: true, bytes: concat(parts) };
}

/**
 * What typed lines put on the wire, as one chunk: each line with CRLF, a raw
 * line as its bytes (an invalid one sends nothing).
 */
export function wireOf(lines: readonly string[]): Uint8Array {
  return concat(
    lines.map((l) => {
      const raw = rawLine(l);
      return raw ? (raw.ok ? raw.bytes : new Uint8Array(0)) : encode(`${l}\r\n`);
    }),
  );
}
