/**
 * DATA (RFC 821 §3.1, RFC 5321 §4.1.1.4): 354, then the message text up to
 * the line holding only "."; what happens at its end is delivery.ts.
 */
import { paramValue } from '../params.ts';
import { reply } from '../replies.ts';
import type { Handler } from '../session-state.ts';
import { room } from './room.ts';

const data: Handler = (context, event) => {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const envelope = context.envelope;
  // RFC 3030 §2-§3: DATA after BDAT, or for BODY=BINARYMIME, gets 503.
  if (envelope?.chunks)
    return {
      reply: reply('badSequence', {
        reason: 'DATA after BDAT in the same transaction (RFC 3030 section 2)',
      }),
    };
  if (envelope && /^BINARYMIME$/i.test(paramValue(envelope.mailParams, 'BODY') ?? '')) {
    return {
      reply: reply('badSequence', {
        reason: 'BODY=BINARYMIME needs BDAT, not DATA (RFC 3030 section 3)',
      }),
    };
  }
  return { reply: reply('startData') };
};

export const DATA = room({
  verb: 'DATA',
  role: 'data',
  parse: 'none',
  args: 'none',
  eras: {
    rfc821: {
      syntax: 'DATA <CRLF>',
      summary: 'Send the mail data, ended by a line with only "."',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'DATA',
      summary: 'Send the message; end it with a line holding only "."',
      rfc: 'RFC 5321 §4.1.1.4',
    },
  },
  handle: data,
  // 554 when no RCPT was accepted: the machine's rule (RFC 5321 §3.3), given to DATA only.
  replies: ['startData', 'badSequence', 'noValidRecipients'],
  endsGroup: true,
});
