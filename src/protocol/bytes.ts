/** Byte helpers shared by the framer, the session and the bridge (no Node Buffer: runs in the browser). */

export const CR = 0x0d;
export const LF = 0x0a;
export const DOT = 0x2e;

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/** UTF-8 of `text`. A short ASCII line (a command) is copied by hand: the same octets, without a call into the browser's encoder for each of a long replay's lines. */
export function encode(text: string): Uint8Array {
  const n = text.length;
  if (n > 256) return encoder.encode(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

/** Decodes UTF-8; invalid sequences become U+FFFD so a command is always text. */
export function decode(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Latin-1 view of bytes: one char per octet, so lengths and 8-bit octets stay visible. */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

export function concat(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const size = total ?? parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Size of the shared buffers `joinParts` copies into. */
const SLAB = 256 * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

/**
 * `concat` for content that is kept (a delivery, MTP's stored text): parts up
 * to 64 KiB are copied into a shared 256 KiB buffer, so a message costs a view
 * rather than an ArrayBuffer of its own (allocating one per 10 KB message cost
 * more than the copy, and drives the GC by its external memory).
 */
export function joinParts(parts: readonly Uint8Array[], total?: number): Uint8Array {
  const size = total ?? parts.reduce((n, p) => n + p.length, 0);
  if (parts.length === 1 || size > SLAB / 4) return concat(parts, size);
  if (slabUsed + size > slab.length) {
    slab = new Uint8Array(SLAB);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + size);
  slabUsed += size;
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function hasEightBit(bytes: Uint8Array): boolean {
  // Four octets at a time over the 4-aligned middle (the session asks this of every message).
  const { byteOffset, length } = bytes;
  const head = Math.min(length, (4 - (byteOffset & 3)) & 3);
  const words = (length - head) >>> 2;
  for (let i = 0; i < head; i++) if (bytes[i]! > 0x7f) return true;
  if (words > 0) {
    const w = new Uint32Array(bytes.buffer, byteOffset + head, words);
    for (let i = 0; i < words; i++) if ((w[i]! & 0x80808080) !== 0) return true;
  }
  for (let i = head + words * 4; i < length; i++) if (bytes[i]! > 0x7f) return true;
  return false;
}

/**
 * Index of the first octet that does not belong to a well-formed UTF-8
 * sequence as RFC 3629 §4 defines them (no overlong forms, no surrogates,
 * nothing past U+10FFFF), or -1 when all of `bytes[from..]` is UTF-8.
 */
export function invalidUtf8At(bytes: Uint8Array, from = 0): number {
  const n = bytes.length;
  let i = from;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The second octet's range depends on the first (RFC 3629 §4, UTF8-2..UTF8-4).
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Text for showing bytes that may not be UTF-8: valid runs decoded, each stray octet as `\xNN`. */
export function showBytes(bytes: Uint8Array): string {
  let bad = invalidUtf8At(bytes);
  if (bad < 0) return decode(bytes);
  let out = '';
  let at = 0;
  while (bad >= 0) {
    out +=
      decode(bytes.subarray(at, bad)) +
      `\\x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
    at = bad + 1;
    bad = invalidUtf8At(bytes, at);
  }
  return out + decode(bytes.subarray(at));
}
