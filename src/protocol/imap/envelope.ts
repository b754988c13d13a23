/**
 * ENVELOPE and BODY (RFC 9051 §7.5.2): the header parsed into date, subject,
 * from, sender, reply-to, to, cc, bcc, in-reply-to and message-id (sender
 * and reply-to default to from), each address as (name adl mailbox host),
 * a group as a start and an end marker; and the body structure of a message
 * that is not multipart: type, subtype, parameters, id, description,
 * encoding, size, and for text its lines.
 */
import { list, nstr, NIL, str, type Line, type Part } from './response.ts';
import { field, fields, lineCount, splitMessage, type Field } from './message.ts';

interface Address {
  readonly name: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

/** Splits at top-level commas (not inside quotes, angle brackets or comments). */
function splitTop(text: string, at: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (depth === 0 && !angle && at.includes(c)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const unquote = (s: string) => {
  const t = s.trim();
  return t.startsWith('"') && t.endsWith('"') && t.length >= 2
    ? t.slice(1, -1).replace(/\\(.)/g, '$1')
    : t;
};
const stripComments = (s: string) =>
  s
    .replace(/\([^()]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function mailbox(text: string): Address {
  const angle = /^(.*)<([^>]*)>\s*(?:\(.*\))?$/.exec(text);
  const spec = stripComments(angle ? angle[2]! : text);
  const name = angle ? unquote(stripComments(angle[1]!)) : null;
  // An obsolete source route (@a,@b:) is left out: the adl is always NIL.
  const addr = spec.replace(/^(@[^:]*:)/, '');
  const at = addr.lastIndexOf('@');
  return {
    name: name === '' ? null : name,
    mailbox: at < 0 ? addr : addr.slice(0, at),
    host: at < 0 ? null : addr.slice(at + 1),
  };
}

/** An address list, groups as start and end markers (RFC 9051 §7.5.2). */
export function addresses(value: string | null): Address[] {
  if (value === null) return [];
  const out: Address[] = [];
  for (const item of splitTop(value, ',')) {
    const group = /^([^"<:]*):(.*?);?$/.exec(item);
    if (group && !item.includes('<')) {
      out.push({ name: null, mailbox: group[1]!.trim(), host: null });
      for (const m of splitTop(group[2]!, ',')) out.push(mailbox(m));
      out.push({ name: null, mailbox: null, host: null });
    } else out.push(mailbox(item));
  }
  return out;
}

function addressList(all: readonly Field[], name: string, fallback?: Address[]): Part[] | string {
  const found = addresses(field(all, name));
  const use = found.length > 0 ? found : (fallback ?? []);
  if (use.length === 0) return NIL;
  return list(use.map((a) => list([nstr(a.name), NIL, nstr(a.mailbox), nstr(a.host)])));
}

export function envelope(text: string): Part[] {
  const all = fields(splitMessage(text).header);
  const from = addresses(field(all, 'From'));
  const item = (p: Part[] | string): Line => (typeof p === 'string' ? [p] : p);
  return list([
    nstr(field(all, 'Date')),
    nstr(field(all, 'Subject')),
    item(addressList(all, 'From')),
    item(addressList(all, 'Sender', from)),
    item(addressList(all, 'Reply-To', from)),
    item(addressList(all, 'To')),
    item(addressList(all, 'Cc')),
    item(addressList(all, 'Bcc')),
    nstr(field(all, 'In-Reply-To')),
    nstr(field(all, 'Message-ID')),
  ]);
}

/** `type/subtype; a=b; c="d"` as type, subtype and parameters. */
function contentType(value: string | null) {
  if (value === null) return { type: 'TEXT', subtype: 'PLAIN', params: [['CHARSET', 'US-ASCII']] };
  const [head, ...rest] = splitTop(value, ';');
  const [type = 'TEXT', subtype = 'PLAIN'] = stripComments(head ?? '').split('/');
  const params = rest.flatMap((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [] : [[p.slice(0, eq).trim().toUpperCase(), unquote(p.slice(eq + 1))]];
  });
  return { type: type.trim().toUpperCase(), subtype: subtype.trim().toUpperCase(), params };
}

/** BODY (non-extensible BODYSTRUCTURE), or null for a multipart message (left out). */
export function bodyStructure(text: string): Part[] | null {
  const { header, body } = splitMessage(text);
  const all = fields(header);
  const ct = contentType(field(all, 'Content-Type'));
  if (ct.type === 'MULTIPART' || (ct.type === 'MESSAGE' && ct.subtype === 'RFC822')) return null;
  const encoding = field(all, 'Content-Transfer-Encoding');
  const basic: Line[] = [
    [str(ct.type)],
    [str(ct.subtype)],
    ct.params.length === 0 ? [NIL] : list(ct.params.flatMap(([k, v]) => [str(k!), str(v!)])),
    [nstr(field(all, 'Content-ID'))],
    [nstr(field(all, 'Content-Description'))],
    [str((encoding ?? '7BIT').toUpperCase())],
    [String(body.length)],
  ];
  if (ct.type === 'TEXT') basic.push([String(lineCount(body))]);
  return list(basic);
}
