/**
 * Replies: made from the one catalog (reply-catalog.ts), worded as a dialect's
 * era words them, and formatted for the wire (RFC 5321 §4.2). Code, tests and
 * lessons all refer to the catalog's names.
 */
import { CATALOG, type ReplyTemplate } from './reply-catalog.ts';

export { CATALOG, type ReplyTemplate } from './reply-catalog.ts';

export type ReplyId = keyof typeof CATALOG;

/** A reply as sent: code, optional enhanced code, one or more lines of text. */
export interface Reply {
  readonly code: number;
  readonly enhanced?: string;
  readonly lines: readonly string[];
  /** The catalog entry it came from, when it came from one. */
  readonly id?: ReplyId;
  /** The values that filled its text, so a dialect can word it as its era did. */
  readonly fields?: Readonly<Record<string, string | number>>;
}

/** A dialect's wording (or code) for a catalog reply. */
export interface ReplyOverride {
  readonly code?: number;
  readonly text?: string;
  readonly rfc?: string;
}

/** Builds a reply from the catalog, filling `{name}` fields; `more` adds lines after the first. */
const NO_FIELDS: Readonly<Record<string, string | number>> = Object.freeze({});
const NO_MORE: readonly string[] = Object.freeze([]);
/** Replies without fields are the same every time: made once (one reply per command otherwise). */
const plain = new Map<ReplyId, Reply>();

export function reply(
  id: ReplyId,
  fields: Readonly<Record<string, string | number>> = NO_FIELDS,
  more: readonly string[] = NO_MORE,
): Reply {
  if (fields !== NO_FIELDS || more.length > 0) return render(id, CATALOG[id], fields, more);
  let r = plain.get(id);
  if (r === undefined) plain.set(id, (r = render(id, CATALOG[id], fields, more)));
  return r;
}

function render(
  id: ReplyId,
  t: Pick<ReplyTemplate, 'code' | 'enhanced' | 'text'>,
  fields: Readonly<Record<string, string | number>>,
  more: readonly string[],
): Reply {
  // Most replies have no placeholder: no regular expression for them (one reply per command).
  const text = t.text.includes('{') ? fill(t.text, fields) : t.text;
  const lines = more.length === 0 ? [text] : [text, ...more];
  return t.enhanced
    ? { id, code: t.code, enhanced: t.enhanced, lines, fields }
    : { id, code: t.code, lines, fields };
}

const isWordChar = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/**
 * Each `{name}` (name: word characters) replaced by its field, escaped and
 * clipped; an unknown name stays as written. A scan rather than a regular
 * expression with a callback, which cost about 1 KB per reply before V8
 * optimized it (the paced class lab runs it a few thousand times).
 */
function fill(template: string, fields: Readonly<Record<string, string | number>>): string {
  let out = '';
  let from = 0;
  for (let open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
    let end = open + 1;
    while (end < template.length && isWordChar(template.charCodeAt(end))) end++;
    if (end === open + 1 || template.charCodeAt(end) !== 0x7d) continue;
    const name = template.slice(open + 1, end);
    out += template.slice(from, open) + clip(printable(String(fields[name] ?? `{${name}}`)));
    from = end + 1;
    open = end;
  }
  return out + template.slice(from);
}

/** The reply as a dialect words it: its era's code and text for that catalog entry, if it has one. */
export function localize(
  r: Reply,
  overrides: Readonly<Partial<Record<ReplyId, ReplyOverride>>>,
): Reply {
  const o = r.id ? overrides[r.id] : undefined;
  if (!o || !r.id) return r;
  const t: ReplyTemplate = CATALOG[r.id];
  const code = o.code ?? t.code;
  // An enhanced code only makes sense in the class of the code it goes with.
  const enhanced = t.enhanced && t.enhanced[0] === String(code)[0] ? t.enhanced : undefined;
  return render(
    r.id,
    { code, text: o.text ?? t.text, ...(enhanced ? { enhanced } : {}) },
    r.fields ?? {},
    r.lines.slice(1),
  );
}

/** Text quoted from the client is cut short, so no reply line passes 512 octets (RFC 5321 §4.5.3.1.5). */
const QUOTE_LIMIT = 100;

/** Cuts escaped (so all-ASCII: characters are octets) text, never inside an escape. */
function clip(text: string): string {
  if (text.length <= QUOTE_LIMIT) return text;
  let cut = text.slice(0, QUOTE_LIMIT);
  const escape = cut.lastIndexOf('\\');
  if (escape >= QUOTE_LIMIT - 10 && !/^\\(x[0-9a-f]{2}|u\{[0-9a-f]+\})/.test(cut.slice(escape)))
    cut = cut.slice(0, escape);
  return `${cut}...`;
}

/**
 * Reply text is limited to HT and printable US-ASCII (RFC 5321 §4.2
 * `textstring`): anything a client sent that falls outside is shown escaped.
 */
export function printable(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length && plain; i++) {
    const c = text.charCodeAt(i);
    plain = c === 0x09 || (c >= 0x20 && c <= 0x7e);
  }
  if (plain) return text; // most text a client sends needs no escape: no regular expression
  return text.replace(/[^\t\x20-\x7e]/gu, (c) => {
    const n = c.codePointAt(0)!;
    return n < 0x80 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
  });
}

/** A reply built from explicit parts (multi-line EHLO, HELP, EXPN lists). */
/** The same reply without its enhanced status code (RFC 2034 §3 (4): none on the greeting). */
export function withoutEnhanced(r: Reply): Reply {
  const { enhanced: _none, ...rest } = r;
  return rest;
}

export function custom(code: number, lines: readonly string[], enhanced?: string): Reply {
  return { code, lines: lines.length ? lines : [''], ...(enhanced ? { enhanced } : {}) };
}

/**
 * Wire form (RFC 5321 §4.2.1): every line but the last is "code-text", the
 * last "code SP text"; each line ends in CRLF. With enhanced codes on, every
 * line of a 2yz/4yz/5yz reply carries the same code (RFC 2034 §4).
 */
export function formatReply(r: Reply, enhanced = false): string {
  // The catalog's replies without fields are one object each: their text is made once.
  if (r.fields !== NO_FIELDS || r.lines.length !== 1) return format(r, enhanced);
  const cache = enhanced ? WIRE_ENHANCED : WIRE_PLAIN;
  let wire = cache.get(r);
  if (wire === undefined) cache.set(r, (wire = format(r, enhanced)));
  return wire;
}

const WIRE_PLAIN = new WeakMap<Reply, string>();
const WIRE_ENHANCED = new WeakMap<Reply, string>();

function format(r: Reply, enhanced: boolean): string {
  const prefix = enhanced && r.enhanced && Math.floor(r.code / 100) !== 3 ? `${r.enhanced} ` : '';
  const last = r.lines.length - 1;
  let out = '';
  for (let i = 0; i <= last; i++)
    out += `${r.code}${i === last ? ' ' : '-'}${prefix}${r.lines[i]}\r\n`;
  return out;
}

/** Reply class per RFC 5321 §4.2.1: 2 positive, 3 intermediate, 4 transient, 5 permanent. */
export function isPositive(r: Pick<Reply, 'code'>): boolean {
  return r.code < 400;
}
