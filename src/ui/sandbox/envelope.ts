/**
 * Envelope versus content: what the server was told in MAIL FROM / RCPT TO,
 * and what the message says in its own header fields (RFC 5322), which the
 * server does not use for delivery.
 */
import type { Delivery, Envelope } from '../../machines/types.ts';
import { pathText } from '../../protocol/address.ts';
import { decode } from '../../protocol/bytes.ts';
import {
  addressesIn,
  headerFields,
  traceFields,
  type HeaderField,
} from '../../protocol/message.ts';

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
