/** Byte helpers shared by the framer, the session and the bridge (no Node Buffer: runs in the browser). */

export const CR = 0x0d;
export const LF = 0x0a;
export const DOT = 0x2e;

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

export function encode(text: string): Uint8Array {
  return encoder.encode(text);
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
