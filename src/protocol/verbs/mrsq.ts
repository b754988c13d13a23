/** MRSQ (RFC 772 pp. 16-17, RFC 780 §4.1): select, query or reset the scheme; it always resets. */
import { reply } from '../replies.ts';
import { NO_MTP, type CommandEvent, type Outcome, type ServerContext } from '../session-state.ts';
import { room } from './room.ts';

function scheme(context: ServerContext, event: CommandEvent): Outcome {
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

export const MRSQ = room({
  verb: 'MRSQ',
  role: 'scheme',
  parse: 'scheme',
  args: 'optional',
  eras: {
    rfc772: {
      syntax: 'MRSQ [<SP> <scheme>] <CRLF>',
      summary: 'Select a multi-recipient scheme: R, T, or ? for the preference',
      rfc: 'RFC 772 "Command Syntax", p. 8',
    },
    rfc780: {
      syntax: 'MRSQ [<SP> <scheme>] <CRLF>',
      summary:
        'Select a multi-recipient scheme: R recipients first, T text first, ? preference (§4.1)',
      rfc: 'RFC 780 §5.1',
    },
  },
  handle: scheme,
  replies: [
    'notImplemented',
    'noSchemeSelected',
    'schemePreferred',
    'schemeSelected',
    'schemeRefused',
  ],
});
