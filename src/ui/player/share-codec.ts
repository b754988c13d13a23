/**
 * A whole session in a link: the transcript text, deflated with the browser's
 * own CompressionStream ('deflate-raw', RFC 1951) and written in base64url
 * (RFC 4648 §5, no padding), so that it fits in the URL's fragment, which the
 * browser never sends to a server. Decoding is bounded: a crafted link cannot
 * make the page inflate more than MAX_SHARED_BYTES.
 */

/** The most text a link may carry once inflated (2 MB; an RFC session is a few kB). */
export const MAX_SHARED_BYTES = 2 * 1024 * 1024;

/** Why a link's session could not be read; the view words each kind. */
export type ShareProblem = 'empty' | 'not-base64' | 'damaged' | 'too-large' | 'not-text';

export class ShareError extends Error {
  constructor(readonly problem: ShareProblem) {
    super(`shared session: ${problem}`);
  }
}

const ALPHABET = /^[A-Za-z0-9_-]*$/;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  // A length of 1 more than a multiple of 4 cannot come from whole octets (RFC 4648 §4).
  if (!ALPHABET.test(text) || text.length % 4 === 1) throw new ShareError('not-base64');
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** The transcript text as the fragment's payload. */
export async function encodeSession(text: string): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(text)])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The text a payload holds; a ShareError says why not (malformed, cut short, too large). */
export async function decodeSession(payload: string, limit = MAX_SHARED_BYTES): Promise<string> {
  if (!payload) throw new ShareError('empty');
  // Deflate cannot shrink text 1000-fold or more: a longer payload is too large before inflating.
  if (payload.length > limit) throw new ShareError('too-large');
  const deflated = fromBase64Url(payload);
  const reader = new Blob([deflated as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        void reader.cancel();
        throw new ShareError('too-large');
      }
      parts.push(value);
    }
  } catch (error) {
    // A cut or altered payload makes the stream fail (bad block, or input ending early).
    throw error instanceof ShareError ? error : new ShareError('damaged');
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ShareError('not-text');
  }
}
