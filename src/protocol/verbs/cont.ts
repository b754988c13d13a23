/** CONT (RFC 780 §3.1): go on with the action a preliminary reply held: the MAIL (354) or the MRCP. */
import { reply } from '../replies.ts';
import { completeRecipient, MTP_RECIPIENT_REPLIES } from './mrcp.ts';
import { room } from './room.ts';

export const CONT = room({
  verb: 'CONT',
  role: 'continue',
  parse: 'none',
  args: 'none',
  eras: {
    rfc780: {
      syntax: 'CONT <CRLF>',
      summary: 'Continue the action held by a preliminary reply (§3.1)',
      rfc: 'RFC 780 §5.1',
    },
  },
  handle: (context, event) => {
    if (!event.parsed.ok) return { reply: event.parsed.reply };
    if (context.held) return completeRecipient(context, context.held, event.at);
    return { reply: reply('startData') };
  },
  replies: [...MTP_RECIPIENT_REPLIES, 'startData'],
});
