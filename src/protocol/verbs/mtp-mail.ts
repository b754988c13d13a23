/**
 * MTP's MAIL (RFC 772 p. 15, RFC 780 §3): a sender, at most one recipient,
 * then the text. Without a recipient the selected scheme decides (RFC 780
 * §4.2): R sends to the names MRCP stored, T stores the text for later MRCPs.
 */
import { reply } from '../replies.ts';
import type { CommandEvent, Envelope, Outcome, ServerContext } from '../session-state.ts';
import { MTP_RECIPIENT_REPLIES, mtpTarget } from './mrcp.ts';
import { room } from './room.ts';

function mtpMail(context: ServerContext, event: CommandEvent): Outcome {
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

const SUMMARY = 'Send mail: the sender, one recipient, then the text';

export const MTP_MAIL = room({
  verb: 'MAIL',
  role: 'mtp-mail',
  parse: 'mtp-mail',
  args: 'required',
  eras: {
    rfc772: {
      syntax: 'MAIL <SP> FROM:<sender> [<SP> TO:<path>] <CRLF>',
      summary: SUMMARY,
      rfc: 'RFC 772 "Command Syntax", p. 8',
    },
    rfc780: {
      syntax: 'MAIL <SP> FROM:<sender-path> [<SP> TO:<receiver-path>] <CRLF>',
      summary: `${SUMMARY} (§3)`,
      rfc: 'RFC 780 §5.1',
    },
  },
  handle: mtpMail,
  replies: [...MTP_RECIPIENT_REPLIES, 'startData', 'noValidRecipients'],
});
