/**
 * IMAP responses (RFC 9051 §2.2.2, §7): untagged data ("* ..."), then the
 * tagged completion (tag, OK/NO/BAD, an optional [response code], text).
 * Strings go out quoted when they are short plain ASCII, otherwise as a
 * literal, "{n}" CRLF and then n octets, so any octet can be sent (§4.3).
 * Text in this module is a byte string: one character per octet.
 */

/** A literal's octets (as a byte string), or text written as is. */
export type Part = string | { readonly literal: string };
export type Line = readonly Part[];

export type Status = 'OK' | 'NO' | 'BAD';

export interface ImapReply {
  /** Untagged responses, each without its leading "* ". */
  readonly untagged: readonly Line[];
  readonly status: Status;
  /** `[READ-WRITE]`, `[AUTHENTICATIONFAILED]`...: a response code, without brackets. */
  readonly code?: string;
  readonly text: string;
}

export const NIL = 'NIL';

/** Octets a quoted string may hold: printable ASCII (RFC 9051 §4.3, QUOTED-CHAR), short. */
const QUOTABLE = /^[\x20-\x7e]{0,200}$/;

/** An IMAP string: quoted ("\" and '"' escaped) or a literal. */
export function str(text: string): Part {
  return QUOTABLE.test(text) ? `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"` : { literal: text };
}

/** nstring: a string or NIL. */
export function nstr(text: string | null | undefined): Part {
  return text === null || text === undefined ? NIL : str(text);
}

/** A parenthesized list of parts, separated by spaces. */
export function list(items: readonly (Part | Line)[]): Part[] {
  const out: Part[] = ['('];
  items.forEach((item, i) => {
    if (i > 0) out.push(' ');
    if (Array.isArray(item)) out.push(...(item as Line));
    else out.push(item as Part);
  });
  out.push(')');
  return out;
}

export const ok = (text: string, untagged: readonly Line[] = [], code?: string): ImapReply => ({
  untagged,
  status: 'OK',
  text,
  ...(code ? { code } : {}),
});
export const no = (text: string, code?: string): ImapReply => ({
  untagged: [],
  status: 'NO',
  text,
  ...(code ? { code } : {}),
});
export const bad = (text: string, code?: string): ImapReply => ({
  untagged: [],
  status: 'BAD',
  text,
  ...(code ? { code } : {}),
});

/** A line's byte string: parts joined, each literal as {n} CRLF and its octets. */
export function lineText(line: Line): string {
  let out = '';
  for (const p of line) out += typeof p === 'string' ? p : `{${p.literal.length}}\r\n${p.literal}`;
  return out;
}

/** The status line: `tag OK [code] text`, or `* BAD text` when there is no tag to answer. */
export function statusText(tag: string, r: Pick<ImapReply, 'status' | 'code' | 'text'>): string {
  return `${tag} ${r.status} ${r.code ? `[${r.code}] ` : ''}${r.text}`;
}

/** The whole reply as a byte string on the wire. */
export function replyText(tag: string, r: ImapReply): string {
  let out = '';
  for (const line of r.untagged) out += `* ${lineText(line)}\r\n`;
  return `${out}${statusText(tag, r)}\r\n`;
}

/** A byte string's octets. */
export function octets(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Octets as a byte string. */
export function byteString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}
