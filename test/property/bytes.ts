/**
 * Bytes and chunkings for the property tests: sessions are written as
 * "binary strings" (one char per octet, U+0000-U+00FF) and cut into the
 * chunks a socket might deliver.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------- bytes

/** One octet per char; every char must be U+0000-U+00FF. */
export function bin(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new Error(`not a binary string: U+${c.toString(16)}`);
    out[i] = c;
  }
  return out;
}

/** Readable form of bytes for failure messages: printable ASCII kept, the rest escaped. */
export function show(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0d) out += '\\r';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------- chunking

/** Cuts `bytes` at the given offsets (any order, duplicates and out-of-range ignored). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

/** Offsets just after every occurrence of `byte`. */
function after(bytes: Uint8Array, byte: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === byte) out.push(i + 1);
  return out;
}

export type Chunking =
  | { readonly kind: 'whole' }
  /** After every LF: one line per chunk. */
  | { readonly kind: 'lines' }
  /** One octet per chunk. */
  | { readonly kind: 'bytes' }
  /** Inside every CRLF and every CRLF.CRLF: after each CR, before and after each ".". */
  | { readonly kind: 'crlf' }
  /** Random offsets (taken modulo the length + 1). */
  | { readonly kind: 'random'; readonly cuts: readonly number[] };

export function chunk(bytes: Uint8Array, how: Chunking): Uint8Array[] {
  switch (how.kind) {
    case 'whole':
      return [bytes];
    case 'lines':
      return splitAt(bytes, after(bytes, 0x0a));
    case 'bytes':
      return splitAt(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      );
    case 'crlf':
      return splitAt(bytes, [
        ...after(bytes, 0x0d),
        ...after(bytes, 0x2e),
        ...after(bytes, 0x2e).map((i) => i - 1),
      ]);
    case 'random':
      return splitAt(
        bytes,
        how.cuts.map((c) => c % (bytes.length + 1)),
      );
  }
}

export const randomCutsArb: fc.Arbitrary<Chunking> = fc.record({
  kind: fc.constant('random' as const),
  cuts: fc.array(fc.nat(), { maxLength: 60 }),
});

export const chunkingArb: fc.Arbitrary<Chunking> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Chunking>({ kind: 'whole' }) },
  { weight: 1, arbitrary: fc.constant<Chunking>({ kind: 'lines' }) },
  { weight: 1, arbitrary: fc.constant<Chunking>({ kind: 'crlf' }) },
  { weight: 4, arbitrary: randomCutsArb },
);
