/**
 * MRCP (RFC 772 pp. 18-19, RFC 780 §4.3-§4.5): under scheme R, store a
 * recipient's name; under scheme T, send it the stored text. Also the MTP
 * recipient rules MAIL and CONT share.
 */
import { pathText, type Path } from '../address.ts';
import { deliver } from '../delivery.ts';
import type { Dialect } from '../dialects/index.ts';
import { makeRecipient, resolveRecipient, type Resolution } from '../relay.ts';
import { reply, type Reply } from '../replies.ts';
import type {
  CommandEvent,
  Envelope,
  Outcome,
  Recipient,
  ServerContext,
} from '../session-state.ts';
import type { World } from '../world.ts';
import { room } from './room.ts';

/** A preliminary reply for a recipient that is not simply local (RFC 772 pp. 15-16, RFC 780 §3.1). */
function preliminaryFor(world: World, resolved: Resolution): Reply | null {
  if (resolved.ok && resolved.moved) return reply('forwardPreliminary', { path: resolved.mailbox });
  if (!resolved.ok && resolved.unknown && world.unknownRecipients === 'operator')
    return reply('operatorPreliminary');
  return null;
}

/** Where an MTP recipient goes, and the preliminary reply it gets (an unknown user may go to the operator, 152). */
export function mtpTarget(world: World, dialect: Dialect, path: Path) {
  const resolved = resolveRecipient(world, dialect, path);
  const preliminary = preliminaryFor(world, resolved);
  const recipient: Recipient = resolved.ok
    ? makeRecipient(path, resolved, [])
    : { path, text: pathText(path), route: 'forward', mailbox: 'operator', params: [] };
  return { resolved, preliminary, recipient };
}

function mtpRecipient(context: ServerContext, event: CommandEvent): Outcome {
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
export function completeRecipient(
  context: ServerContext,
  r: Recipient,
  at: Date | undefined,
): Outcome {
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

/** What an MTP recipient may be answered, by MAIL's TO, MRCP or CONT. */
export const MTP_RECIPIENT_REPLIES = [
  'forwardPreliminary',
  'operatorPreliminary',
  'nameStored',
  'storedMailSent',
  'recipientRelay',
  'recipientOk',
  'willForward',
  'userNotLocal',
  'noSuchUser',
  'relayDenied',
  'badRecipient',
] as const;

export const MRCP = room({
  verb: 'MRCP',
  role: 'mtp-recipient',
  parse: 'mtp-rcpt',
  args: 'required',
  eras: {
    rfc772: {
      syntax: 'MRCP <SP> TO:<path> <CRLF>',
      summary: 'Name a recipient under the selected scheme',
      rfc: 'RFC 772 "Command Syntax", p. 8',
    },
    rfc780: {
      syntax: 'MRCP <SP> TO:<receiver-path> <CRLF>',
      summary: 'Name a recipient under the selected scheme (§4.3)',
      rfc: 'RFC 780 §5.1',
    },
  },
  handle: mtpRecipient,
  replies: [...MTP_RECIPIENT_REPLIES, 'noScheme', 'recipientTableFull', 'badSequence'],
});
