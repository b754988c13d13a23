/**
 * What IMAP reads from a message (RFC 9051 §2.3): its text with CRLF line
 * ends (RFC 5322 form, whose octets RFC822.SIZE counts, §2.3.4), its header
 * and body, header fields unfolded, and the internal date's format. All text
 * is a byte string (one character per octet).
 */

/** The message with every line ending in CRLF (a bare LF becomes CRLF). */
export function crlfText(raw: string): string {
  let out = raw.replace(/\r?\n/g, '\r\n');
  if (out !== '' && !out.endsWith('\r\n')) out += '\r\n';
  return out;
}

/** Header (with the empty line that ends it) and body; a message with no empty line is all header. */
export function splitMessage(text: string): { header: string; body: string } {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return { header: text, body: '' };
  return { header: text.slice(0, end + 4), body: text.slice(end + 4) };
}

export interface Field {
  readonly name: string;
  /** The value, unfolded (RFC 5322 §2.2.3), without the leading space. */
  readonly value: string;
  /** The field as sent, folding and CRLF included. */
  readonly raw: string;
}

export function fields(header: string): Field[] {
  const out: Field[] = [];
  const lines = header.split('\r\n');
  let current: string[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const raw = `${current.join('\r\n')}\r\n`;
    const colon = current[0]!.indexOf(':');
    if (colon > 0)
      out.push({
        name: current[0]!.slice(0, colon).trim(),
        value: current
          .join('')
          .slice(colon + 1)
          .trim(),
        raw,
      });
    current = [];
  };
  for (const line of lines) {
    if (line === '') break;
    if ((line.startsWith(' ') || line.startsWith('\t')) && current.length > 0) current.push(line);
    else {
      flush();
      current.push(line);
    }
  }
  flush();
  return out;
}

/** The first field of this name (case-insensitive), or null. */
export function field(all: readonly Field[], name: string): string | null {
  const n = name.toLowerCase();
  return all.find((f) => f.name.toLowerCase() === n)?.value ?? null;
}

/** HEADER.FIELDS / HEADER.FIELDS.NOT (RFC 9051 §6.4.5.1): the chosen fields, then the empty line. */
export function headerFields(header: string, names: readonly string[], not: boolean): string {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const chosen = fields(header).filter((f) => wanted.has(f.name.toLowerCase()) !== not);
  return `${chosen.map((f) => f.raw).join('')}\r\n`;
}

/** Lines of a body, counted as RFC 9051 §7.5.2 counts a TEXT part's size in lines. */
export function lineCount(body: string): number {
  if (body === '') return 0;
  const n = body.split('\r\n').length - 1;
  return body.endsWith('\r\n') ? n : n + 1;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * INTERNALDATE (RFC 9051 §9, date-time): `17-Jul-1996 02:44:25 -0700`, the
 * day padded with a space, in the zone `offsetMinutes` east of UTC.
 */
export function internalDate(date: Date, offsetMinutes = 0): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${String(d.getUTCDate()).padStart(2, ' ')}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}
