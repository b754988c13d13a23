/**
 * MTP (RFC 772, RFC 780): MAIL with its recipient, MRSQ schemes, MRCP, CONT
 * and ABRT.
 */
import { pathText, type Path } from '../../protocol/address.ts';
import type { Dialect } from '../../protocol/dialects/index.ts';
import { reply, type Reply } from '../../protocol/replies.ts';
import type { World } from '../../protocol/world.ts';
import type { CommandEvent, Envelope, Recipient, ServerContext } from '../types.ts';
import { NO_MTP, type Handler, type Outcome } from './outcome.ts';
import { makeRecipient, resolveRecipient, type Resolution } from './recipients.ts';
import { deliver } from './delivery.ts';

// --- MTP (RFC 772, RFC 780) -------------------------------------------------

/** A preliminary reply for a recipient that is not simply local (RFC 772 pp. 15-16, RFC 780 §3.1). */
function preliminaryFor(world: World, resolved: Resolution): Reply | null {
  if (resolved.ok && resolved.moved) return reply('forwardPreliminary', { path: resolved.mailbox });
  if (!resolved.ok && resolved.unknown && world.unknownRecipients === 'operator')
    return reply('operatorPreliminary');
  return null;
}

/** Where an MTP recipient goes, and the preliminary reply it gets (an unknown user may go to the operator, 152). */
function mtpTarget(world: World, dialect: Dialect, path: Path) {
  const resolved = resolveRecipient(world, dialect, path);
  const preliminary = preliminaryFor(world, resolved);
  const recipient: Recipient = resolved.ok
    ? makeRecipient(path, resolved, [])
    : { path, text: pathText(path), route: 'forward', mailbox: 'operator', params: [] };
  return { resolved, preliminary, recipient };
}

/**
 * MTP's MAIL: a sender, at most one recipient, then the text (RFC 772 p. 15,
 * RFC 780 §3). Without a recipient the selected scheme decides (§4.2): R sends
 * to the names MRCP stored, T stores the text for later MRCPs.
 */
export function mtpMail(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'mtp') throw new Error('MTP MAIL without paths');
  const { world, dialect, mtp } = context;
  const base: Envelope = {
    mode: 'MAIL',
    reversePath: value.from,
    mailParams: [],
    recipients: [],
    refused: 0,
  };
  if (value.to === null) {
    if (mtp.scheme === 'R' && mtp.recipients.length > 0) {
      const envelope = { ...base, recipients: mtp.recipients };
      return { reply: reply('startData'), patch: { envelope, mtp: { ...mtp, recipients: [] } } };
    }
    if (mtp.scheme === 'T') {
      return {
        reply: reply('startData'),
        patch: { envelope: { ...base, store: true }, mtp: { ...mtp, stored: null } },
      };
    }
    // RFC 772 p. 18: a MAIL without TO and nothing stored is a null recipient.
    return { reply: reply('noValidRecipients') };
  }
  // A MAIL with a recipient resets the schemes' state, as MRSQ does (RFC 780 §4.2).
  const fresh = { ...mtp, recipients: [], stored: null };
  const { resolved, preliminary, recipient: r } = mtpTarget(world, dialect, value.to);
  if (!resolved.ok && !preliminary) return { reply: resolved.reply, patch: { mtp: fresh } };
  const envelope = { ...base, recipients: [r] };
  if (preliminary && dialect.preliminary === 'confirm') {
    return { reply: preliminary, patch: { envelope, mtp: fresh } };
  }
  return {
    ...(preliminary ? { preliminary } : {}),
    reply: reply('startData'),
    patch: { envelope, mtp: fresh },
  };
}

/** MRSQ (RFC 772 pp. 16-17, RFC 780 §4.1): select, query or reset the scheme; it always resets. */
export function scheme(context: ServerContext, event: CommandEvent): Outcome {
  const { world, mtp } = context;
  if (world.mrsqSchemes.length === 0) return { reply: reply('notImplemented') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'scheme') throw new Error('MRSQ without a scheme');
  const cleared = { ...mtp, recipients: [], stored: null };
  if (value.scheme === null)
    return { reply: reply('noSchemeSelected'), patch: { mtp: { ...NO_MTP } } };
  if (value.scheme === '?')
    return {
      reply: reply('schemePreferred', { scheme: world.mrsqPreferred }),
      patch: { mtp: cleared },
    };
  if ((world.mrsqSchemes as readonly string[]).includes(value.scheme)) {
    return {
      reply: reply('schemeSelected'),
      patch: { mtp: { ...cleared, scheme: value.scheme as 'R' | 'T' } },
    };
  }
  return { reply: reply('schemeRefused'), patch: { mtp: cleared } };
}

/** MRCP (RFC 772 pp. 18-19, RFC 780 §4.3-§4.5): store a name (R) or send the stored text to it (T). */
export function mtpRecipient(context: ServerContext, event: CommandEvent): Outcome {
  const { world, dialect, mtp } = context;
  if (mtp.scheme === null) return { reply: reply('noScheme') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('MRCP without a path');
  if (mtp.scheme === 'R' && mtp.recipients.length >= world.maxRecipients)
    return { reply: reply('recipientTableFull') };
  if (mtp.scheme === 'T' && !mtp.stored)
    return {
      reply: reply('badSequence', { reason: 'no text stored: send MAIL without TO first' }),
    };
  const { resolved, preliminary, recipient: r } = mtpTarget(world, dialect, value.path);
  if (!resolved.ok && !preliminary) return { reply: resolved.reply };
  if (preliminary && dialect.preliminary === 'confirm')
    return { reply: preliminary, patch: { held: r } };
  const done = completeRecipient(context, r, event.at);
  return preliminary ? { ...done, preliminary } : done;
}

/** What an MRCP does once it goes ahead (directly, or after CONT). */
function completeRecipient(context: ServerContext, r: Recipient, at: Date | undefined): Outcome {
  const { mtp } = context;
  if (mtp.scheme === 'R')
    return {
      reply: reply('nameStored'),
      patch: { mtp: { ...mtp, recipients: [...mtp.recipients, r] }, held: null },
    };
  const stored = mtp.stored!;
  const envelope: Envelope = {
    mode: 'MAIL',
    reversePath: stored.reversePath,
    mailParams: [],
    recipients: [r],
    refused: 0,
  };
  const delivered = deliver(context, envelope, {
    parts: [stored.content],
    size: stored.size,
    at: at ?? new Date(0),
  });
  return {
    reply: r.route === 'relay' ? reply('recipientRelay') : reply('storedMailSent'),
    patch: { accepted: context.accepted + 1, held: null },
    delivered: [delivered],
  };
}

/** CONT (RFC 780 §3.1): go on with the held MAIL (354) or MRCP. */
export function cont(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  if (context.held) return completeRecipient(context, context.held, event.at);
  return { reply: reply('startData') };
}

/** ABRT (RFC 780 §3.1): drop the held action; "201 Command okay, action aborted". */
export const cancel: Handler = (_context, event) =>
  event.parsed.ok
    ? { reply: reply('actionAborted'), patch: { envelope: null, held: null } }
    : { reply: event.parsed.reply };
