/**
 * FETCH data items (RFC 9051 §6.4.5): the macros ALL, FAST and FULL, FLAGS,
 * UID, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY, and BODY[section]<partial>
 * or BODY.PEEK[...] with the sections HEADER, HEADER.FIELDS[.NOT] (names),
 * TEXT, and part 1 of a message that is not multipart (§6.4.5.1). BODY[]
 * sets \Seen, BODY.PEEK[] does not. Left out: BODYSTRUCTURE, BINARY,
 * MIME and the parts of multipart messages.
 */
import type { StoredMessage } from '../pop3/mailstore.ts';
import { bodyStructure, envelope } from './envelope.ts';
import { crlfText, headerFields, internalDate, splitMessage } from './message.ts';
import { byteString, str, type Part } from './response.ts';
import { flagList } from './context.ts';

export type Item =
  | { readonly kind: 'FLAGS' | 'UID' | 'INTERNALDATE' | 'RFC822.SIZE' | 'ENVELOPE' | 'BODY' }
  | {
      readonly kind: 'section';
      readonly peek: boolean;
      /** '', 'HEADER', 'TEXT', '1', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT'. */
      readonly section: string;
      readonly names: readonly string[];
      readonly partial: { readonly start: number; readonly length: number } | null;
    };

const MACROS: Record<string, readonly string[]> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};
const SIMPLE = new Set(['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY']);
const LEFT_OUT = /^(BODYSTRUCTURE|BINARY|RFC822|RFC822\.HEADER|RFC822\.TEXT)\b/;

/** Parses the items after the sequence set: a macro, one item, or a parenthesized list. */
export function parseItems(
  text: string,
): { ok: true; items: Item[] } | { ok: false; problem: string } {
  const macro = MACROS[text.toUpperCase()];
  if (macro) return { ok: true, items: macro.map((k) => ({ kind: k }) as Item) };
  let body = text;
  if (text.startsWith('(')) {
    if (!text.endsWith(')'))
      return { ok: false, problem: 'the list of items is not closed by ")"' };
    body = text.slice(1, -1);
  }
  const items: Item[] = [];
  // An item: a name, then maybe [section] (which may hold a list of names), then maybe <partial>.
  const re = /([A-Za-z0-9.]+)(\[[^\]]*\])?(<\d+\.\d+>)?(?: |$)/y;
  re.lastIndex = 0;
  while (re.lastIndex < body.length) {
    const at = re.lastIndex;
    const m = re.exec(body);
    if (!m)
      return { ok: false, problem: `cannot read a FETCH item at "${body.slice(at, at + 30)}"` };
    const name = m[1]!.toUpperCase();
    if (m[2] === undefined && SIMPLE.has(name)) {
      if (m[3]) return { ok: false, problem: `${name} takes no <partial>` };
      items.push({ kind: name } as Item);
      continue;
    }
    if (m[2] !== undefined && (name === 'BODY' || name === 'BODY.PEEK')) {
      const item = section(m[2].slice(1, -1), name === 'BODY.PEEK', m[3]);
      if (typeof item === 'string') return { ok: false, problem: item };
      items.push(item);
      continue;
    }
    if (LEFT_OUT.test(name))
      return { ok: false, problem: `${name} is left out of this teaching subset of IMAP4rev2` };
    return { ok: false, problem: `unknown FETCH item ${name.slice(0, 30)}` };
  }
  if (items.length === 0) return { ok: false, problem: 'FETCH needs at least one item' };
  return { ok: true, items };
}

function section(spec: string, peek: boolean, partial: string | undefined): Item | string {
  const p = partial ? /^<(\d+)\.(\d+)>$/.exec(partial)! : null;
  const range = p ? { start: Number(p[1]), length: Number(p[2]) } : null;
  if (p && range!.length === 0) return 'a <partial> length must be at least 1';
  const up = spec.toUpperCase();
  const fieldsSpec = /^(HEADER\.FIELDS(?:\.NOT)?) \(([^()]+)\)$/.exec(up);
  if (fieldsSpec)
    return {
      kind: 'section',
      peek,
      section: fieldsSpec[1]!,
      names: fieldsSpec[2]!.split(' '),
      partial: range,
    };
  if (['', 'HEADER', 'TEXT', '1'].includes(up))
    return { kind: 'section', peek, section: up, names: [], partial: range };
  return `section [${spec.slice(0, 30)}] is left out of this teaching subset (HEADER, HEADER.FIELDS, TEXT, 1 or none)`;
}

/** The item's name as the response repeats it: `BODY[HEADER]`, `BODY[]<0>`. */
function sectionName(item: Extract<Item, { kind: 'section' }>): string {
  const names = item.names.length > 0 ? ` (${item.names.join(' ')})` : '';
  return `BODY[${item.section}${names}]${item.partial ? `<${item.partial.start}>` : ''}`;
}

/** Whether fetching these items sets \Seen (BODY[...] without PEEK, §6.4.5). */
export function setsSeen(items: readonly Item[]): boolean {
  return items.some((i) => i.kind === 'section' && !i.peek);
}

/** A section's text, or null when the message has no such part (a multipart message's part 1). */
function sectionText(item: Extract<Item, { kind: 'section' }>, text: string): string | null {
  const { header, body } = splitMessage(text);
  switch (item.section) {
    case '':
      return text;
    case 'HEADER':
      return header;
    case 'TEXT':
      return body;
    case '1':
      // Part 1 of a message that is not multipart is its body (§6.4.5.1).
      return bodyStructure(text) === null ? null : body;
    default:
      return headerFields(header, item.names, item.section.endsWith('.NOT'));
  }
}

/** One message's FETCH data: `UID 3 FLAGS (\Seen) BODY[] {n}...`; null if an item cannot be given. */
export function renderItems(
  items: readonly Item[],
  message: StoredMessage,
  flags: ReadonlySet<string>,
  zoneMinutes: number,
): Part[] | null {
  let text: string | null = null;
  const full = () => (text ??= crlfText(byteString(message.read())));
  const out: Part[] = [];
  for (const item of items) {
    if (out.length > 0) out.push(' ');
    switch (item.kind) {
      case 'FLAGS':
        out.push(`FLAGS ${flagList(flags)}`);
        break;
      case 'UID':
        out.push(`UID ${message.uid}`);
        break;
      case 'INTERNALDATE':
        out.push('INTERNALDATE ', str(internalDate(message.arrived, zoneMinutes)));
        break;
      case 'RFC822.SIZE':
        out.push(`RFC822.SIZE ${full().length}`);
        break;
      case 'ENVELOPE':
        out.push('ENVELOPE ', ...envelope(full()));
        break;
      case 'BODY': {
        const structure = bodyStructure(full());
        if (!structure) return null;
        out.push('BODY ', ...structure);
        break;
      }
      case 'section': {
        let data = sectionText(item, full());
        if (data === null) return null;
        if (item.partial)
          data = data.slice(item.partial.start, item.partial.start + item.partial.length);
        // Message text always goes as a literal: it holds CRLF (§4.3).
        out.push(`${sectionName(item)} `, { literal: data });
        break;
      }
    }
  }
  return out;
}
