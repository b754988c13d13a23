/**
 * Envelope versus content: what the server was told in MAIL FROM / RCPT TO,
 * and what the message says in its own header fields (RFC 5322), which the
 * server does not use for delivery. Header fields are read (unfolded) here
 * for display; SMTP itself never parses them.
 */
import { pathText } from '../protocol/address.ts';
import { decode } from '../protocol/bytes.ts';
import type { Delivery, Envelope } from '../machines/types.ts';

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

export interface EnvelopeView {
  readonly status: 'open' | 'delivered';
  readonly id?: string;
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly headers: readonly HeaderField[];
  /** Trace fields the server prepended (Return-Path, Received), one string per field. */
  readonly trace: readonly string[];
  /** Envelope recipients no To:/Cc: header names (they get the mail all the same). */
  readonly hiddenRecipients: readonly string[];
  /** The header From: names someone other than the envelope sender. */
  readonly fromDiffers: boolean;
  readonly source?: string;
}

const strip = (path: string) => path.replace(/^<|>$/g, '').toLowerCase();

export function traceFields(trace: string): string[] {
  return trace
    .split(/\r\n(?![ \t])/)
    .filter((f) => f !== '')
    .map((f) => f.replace(/\r\n/g, '\n'));
}

export function deliveredView(d: Delivery): EnvelopeView {
  const content = decode(d.content);
  const headers = headerFields(content);
  const named = new Set(
    headers.filter((h) => /^(to|cc)$/i.test(h.name)).flatMap((h) => addressesIn(h.value)),
  );
  const from = headers.filter((h) => /^from$/i.test(h.name)).flatMap((h) => addressesIn(h.value));
  const mailFrom = d.reversePath;
  return {
    status: 'delivered',
    id: d.id,
    mailFrom,
    rcptTo: d.recipients.map((r) => r.text),
    headers,
    trace: traceFields(d.trace),
    hiddenRecipients: d.recipients.map((r) => r.text).filter((t) => !named.has(strip(t))),
    fromDiffers: from.length > 0 && !from.includes(strip(mailFrom)),
    source: d.trace + content,
  };
}

export function openView(e: Envelope): EnvelopeView {
  return {
    status: 'open',
    mailFrom: pathText(e.reversePath),
    rcptTo: e.recipients.map((r) => r.text),
    headers: [],
    trace: [],
    hiddenRecipients: [],
    fromDiffers: false,
  };
}
