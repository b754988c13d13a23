/**
 * The end of the message text: delivered to each recipient with its trace
 * fields (RFC 5321 §4.4), a DSN for failed mailboxes (RFC 3464), or refused
 * as the limits say.
 */
import { mailboxText, pathText } from './address.ts';
import { concat, encode, joinParts } from './bytes.ts';
import { buildDsn } from './dsn.ts';
import { asciiUpper, hasParam, paramValue } from './params.ts';
import { lower, resolveRecipient } from './relay.ts';
import { reply } from './replies.ts';
import type {
  ContentEvent,
  Delivery,
  Envelope,
  Outcome,
  Recipient,
  ServerContext,
} from './session-state.ts';
import { mailFromField788, receivedField, receivedField821, returnPathField } from './trace.ts';

/** The end of message content: deliver (or store, MTP scheme T), or refuse as the limits say. */
export function content(context: ServerContext, event: ContentEvent): Outcome {
  const envelope = context.envelope!;
  const cleared = { envelope: null };
  const { data: d } = event;
  if (d.overflow) return { reply: reply('tooMuchData'), patch: cleared };
  if (d.longLines > 0 && context.world.longLines === 'reject')
    return { reply: reply('textLineTooLong'), patch: cleared };
  if (envelope.store) {
    const stored = {
      reversePath: envelope.reversePath,
      content: joinParts(d.content, d.size),
      size: d.size,
    };
    return { reply: reply('mailStored'), patch: { ...cleared, mtp: { ...context.mtp, stored } } };
  }
  // RFC 2920 §3.2 (4): 354 was given with no valid recipient: nothing may be sent to anybody.
  if (envelope.recipients.length === 0)
    return { reply: reply('noValidRecipients'), patch: cleared };
  const { at, offsetMinutes } = event;
  return accept(context, envelope, {
    parts: d.content,
    size: d.size,
    at,
    offsetMinutes,
    bareLfLines: d.bareLfLines,
  });
}

/** A message as received: its content, when, and what the framer noticed. */
export interface Received {
  readonly parts: readonly Uint8Array[];
  readonly size: number;
  readonly at: Date;
  readonly offsetMinutes?: number | undefined;
  readonly bareLfLines?: number;
}

const deliveryFails = (failing: ReadonlySet<string>, r: Recipient) =>
  r.route === 'local' && failing.has(lower(r.mailbox.split('@')[0]!));

/** RFC 3461 §4.1: no NOTIFY may be taken as NOTIFY=FAILURE. */
const notifyOf = (r: Recipient) =>
  asciiUpper(paramValue(r.params, 'NOTIFY') ?? 'FAILURE').split(',');

/**
 * The message is accepted (250): delivered to each recipient whose mailbox
 * takes it; for those whose delivery then fails, a delivery status
 * notification goes back to the sender (RFC 5321 §4.4 "undeliverable mail",
 * RFC 3461 §5, RFC 3464), and NOTIFY=SUCCESS asks for one on success too.
 */
export function accept(context: ServerContext, envelope: Envelope, message: Received): Outcome {
  const { parts, size, at } = message;
  const failing = new Set(context.world.failingMailboxes.map(lower));
  const ok = envelope.recipients.filter((r) => !deliveryFails(failing, r));
  const failed = envelope.recipients.filter((r) => deliveryFails(failing, r));
  const delivered: Delivery[] = [];
  let accepted = context.accepted;
  // The content in one piece, copied once for the delivery and the notification.
  const content = joinParts(parts, size);
  if (ok.length > 0) {
    delivered.push(
      deliver(context, { ...envelope, recipients: ok }, { ...message, parts: [content] }),
    );
  }
  const messageId = context.idPrefix + (++accepted).toString(16).toUpperCase().padStart(8, '0');
  const report = notification(context, envelope, ok, failed, content, messageId, at);
  if (report) {
    const dsn: Envelope = {
      mode: 'MAIL',
      reversePath: { kind: 'null' },
      mailParams: [],
      recipients: [report.to],
      refused: 0,
    };
    const bytes = encode(report.message);
    // The server itself sends the notification, with a null reverse path (RFC 5321 §4.5.5).
    const self = {
      ...context,
      accepted,
      client: { ...context.client, name: context.world.hostname, hello: 'EHLO' },
    };
    delivered.push(
      deliver(self, dsn, {
        parts: [bytes],
        size: bytes.length,
        at,
        offsetMinutes: message.offsetMinutes,
      }),
    );
    accepted++;
  }
  return {
    reply: reply('queued', { id: messageId }),
    patch: { envelope: null, accepted },
    delivered,
  };
}

/** A DSN for this message, if one is due (RFC 3461 §5.2: none for a null reverse path; NOTIFY decides). */
function notification(
  context: ServerContext,
  envelope: Envelope,
  ok: readonly Recipient[],
  failed: readonly Recipient[],
  content: Uint8Array,
  id: string,
  at: Date,
): { to: Recipient; message: string } | null {
  if (envelope.reversePath.kind !== 'mailbox') return null;
  const failures = failed.filter((r) => notifyOf(r).includes('FAILURE'));
  const successes = ok.filter((r) => r.route !== 'relay' && notifyOf(r).includes('SUCCESS'));
  if (failures.length === 0 && successes.length === 0) return null;
  const sender = envelope.reversePath.mailbox;
  const resolved = resolveRecipient(context.world, context.dialect, envelope.reversePath, true);
  const to: Recipient = {
    path: envelope.reversePath,
    text: pathText(envelope.reversePath),
    route: resolved.ok ? resolved.route : 'relay',
    mailbox: mailboxText(sender),
    params: [],
  };
  const message = buildDsn({
    reportingMta: context.world.hostname,
    to: mailboxText(sender),
    envid: paramValue(envelope.mailParams, 'ENVID'),
    ret: asciiUpper(paramValue(envelope.mailParams, 'RET') ?? 'HDRS') === 'FULL' ? 'FULL' : 'HDRS',
    arrival: at,
    id,
    recipients: [
      ...failures.map((r) => ({
        r,
        action: 'failed' as const,
        status: '5.2.2',
        diagnostic: 'smtp; 552 5.2.2 Mailbox full',
      })),
      ...successes.map((r) => ({ r, action: 'delivered' as const, status: '2.0.0' })),
    ].map(({ r, ...rest }) => ({
      ...rest,
      final: r.mailbox,
      original: paramValue(r.params, 'ORCPT'),
    })),
    content,
  });
  return { to, message };
}

/**
 * The Received line's WITH clause: SMTP or ESMTP (RFC 1869 §7), ESMTP with S
 * for TLS and A for AUTH (RFC 3848 §1, RFC 4954 §7), UTF8SMTP... when
 * SMTPUTF8 was used (RFC 6531 §4.3).
 */
function withProtocol(context: ServerContext, envelope: Envelope): string {
  const base = context.dialect.withProtocol[context.client.hello ?? 'HELO'] ?? 'SMTP';
  if (base !== 'ESMTP') return base;
  const utf8 = hasParam(envelope.mailParams, 'SMTPUTF8');
  return `${utf8 ? 'UTF8SMTP' : 'ESMTP'}${context.tls ? 'S' : ''}${context.auth ? 'A' : ''}`;
}

/** A delivery with the trace lines of the dialect's era prepended (RFC 5321 §4.4, RFC 821 §4.1.1 DATA). */
export function deliver(context: ServerContext, envelope: Envelope, message: Received): Delivery {
  const { parts, size, at, offsetMinutes, bareLfLines = 0 } = message;
  const { world, client, dialect } = context;
  const id = context.idPrefix + (context.accepted + 1).toString(16).toUpperCase().padStart(8, '0');
  const reversePath = pathText(envelope.reversePath);
  const input = {
    heloName: client.name ?? 'unknown',
    clientAddress: client.address,
    serverName: world.hostname,
    protocol: withProtocol(context, envelope),
    id,
    ...(envelope.recipients.length === 1 ? { forPath: envelope.recipients[0]!.text } : {}),
    date: at,
    ...(offsetMinutes !== undefined ? { offsetMinutes } : {}),
  };
  // Only the era's own trace line is formatted.
  const stamp =
    dialect.trace === 'rfc788'
      ? mailFromField788(input)
      : dialect.trace === 'rfc821'
        ? receivedField821(input)
        : dialect.trace === 'rfc5321'
          ? receivedField(input)
          : '';
  // Final delivery adds the return path (RFC 5321 §4.4); a relay does not.
  const local = dialect.trace !== 'none' && envelope.recipients.some((r) => r.route !== 'relay');
  return {
    id,
    reversePath,
    recipients: envelope.recipients,
    trace: (local ? returnPathField(reversePath) : '') + stamp,
    content: concat(parts, size),
    size,
    receivedAt: at.toISOString(),
    bareLfLines,
  };
}
