/**
 * A message's own header fields (RFC 5322), which the server does not use for
 * delivery: read (unfolded) here so the page can set them beside the envelope.
 * SMTP itself never parses them. Pure text in, text out.
 */

export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** The header section of a message: fields up to the first empty line, folded lines joined. */
export function headerFields(message: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of message.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && fields.length) {
      const last = fields[fields.length - 1]!;
      fields[fields.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) break;
    fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** Addresses written in a header value (`Name <a@b>` or bare `a@b`), lower-cased. */
export function addressesIn(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g)].map((m) => m[0].toLowerCase());
}

/** The trace fields a server prepended (Return-Path, Received), one string per field. */
export function traceFields(trace: string): string[] {
  return trace
    .split(/\r\n(?![ \t])/)
    .filter((f) => f !== '')
    .map((f) => f.replace(/\r\n/g, '\n'));
}
