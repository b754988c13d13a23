/** RCPT (RFC 821 §3.1, RFC 5321 §4.1.1.3): one recipient of the transaction. */
import { pathText, type Path } from '../address.ts';
import { hasParam, paramValue } from '../params.ts';
import {
  channelFor,
  makeRecipient,
  onwardPaths,
  refuseRecipient,
  resolveRecipient,
  unqualifiedDomain,
} from '../relay.ts';
import { reply, type Reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { checkParams, needsUtf8 } from './mail.ts';
import { room } from './room.ts';

/**
 * RFC 1870 §6.4: a server may refuse one recipient for the size MAIL
 * declared: 552 for good, 452 for now (the client may queue it and retry).
 */
function sizeRefusal(context: ServerContext, path: Path): Reply | null {
  const declared = paramValue(context.envelope!.mailParams, 'SIZE');
  if (declared === undefined || path.kind !== 'mailbox') return null;
  const domain = path.mailbox.domain.toLowerCase();
  const limit = context.world.recipientSizeLimits.find((l) => l.domain.toLowerCase() === domain);
  const size = Number(declared);
  if (!limit || size <= limit.maxSize) return null;
  const fields = { size: String(size), path: pathText(path), limit: String(limit.maxSize) };
  return reply(limit.temporary ? 'recipientSizeLater' : 'recipientSizeLimit', fields);
}

function recipient(context: ServerContext, event: CommandEvent): Outcome {
  const envelope = context.envelope!;
  if (event.malformedUtf8) return refuseRecipient(envelope, reply('recipientNotUtf8'));
  if (!event.parsed.ok) return refuseRecipient(envelope, event.parsed.reply);
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('RCPT without a path');
  const unqualified = unqualifiedDomain(context.world, value.path);
  if (unqualified !== null)
    return refuseRecipient(envelope, reply('recipientNotQualified', { domain: unqualified }));
  const refusal = checkParams(context, value.params, 'rcptParams');
  if (refusal) return refuseRecipient(envelope, refusal);
  if (needsUtf8(value.path) && !hasParam(envelope.mailParams, 'SMTPUTF8'))
    return refuseRecipient(envelope, reply('recipientNeedsUtf8'));
  // RFC 5321 §4.5.3.1.10: past the buffer, refuse further recipients, keep the others.
  if (envelope.recipients.length >= context.world.maxRecipients)
    return refuseRecipient(envelope, reply('tooManyRecipients'));
  const resolved = resolveRecipient(
    context.world,
    context.dialect,
    value.path,
    context.auth !== null,
  );
  if (!resolved.ok) return refuseRecipient(envelope, resolved.reply);
  const tooBig = sizeRefusal(context, value.path);
  if (tooBig) return refuseRecipient(envelope, tooBig);
  const made = makeRecipient(value.path, resolved, value.params);
  const onward =
    resolved.route === 'relay' && context.dialect.sourceRoutes === 'follow'
      ? onwardPaths(context, envelope.reversePath, value.path)
      : undefined;
  const r = onward ? { ...made, onward } : made;
  const channel = channelFor(context.world, envelope.mode, r);
  // RFC 821 §3.4: SEND to a user who is not active may get 450.
  if (channel === 'absent') return refuseRecipient(envelope, reply('userNotActive'));
  const added = channel ? { ...r, channel } : r;
  return {
    reply: resolved.reply,
    patch: { envelope: { ...envelope, recipients: [...envelope.recipients, added] } },
  };
}

export const RCPT = room({
  verb: 'RCPT',
  role: 'recipient',
  parse: 'rcpt',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'RCPT <SP> TO:<forward-path> <CRLF>',
      summary: 'Name one recipient',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'RCPT TO:<forward-path> [SP <rcpt-parameters>]',
      summary: 'Name one recipient of the mail',
      rfc: 'RFC 5321 §4.1.1.3',
    },
  },
  handle: recipient,
  replies: [
    'recipientOk',
    'recipientRelay',
    'willForward',
    'userNotLocal',
    'noSuchUser',
    'relayDenied',
    'nullMxRecipient',
    'badRecipient',
    'recipientNotUtf8',
    'recipientNotQualified',
    'recipientNeedsUtf8',
    'tooManyRecipients',
    'recipientSizeLimit',
    'recipientSizeLater',
    'userNotActive',
    'parametersNotRecognized',
    'badArguments',
  ],
});
