/** CONT (RFC 780 §3.1): go on with the action a preliminary reply held: the MAIL (354) or the MRCP. */
import type { Dialect } from '../dialects/types.ts';
import { reply } from '../replies.ts';
import type { World } from '../world.ts';
import { completeRecipient, MTP_RECIPIENT_REPLIES } from './mrcp.ts';
import { room } from './room.ts';

/**
 * The world asks for a delayed start and the era has one: RFC 780 §5.3 lists
 * 120 at connection, then CONT (220) or ABRT (201). No other era has it.
 */
export const startsLater = (world: World, dialect: Dialect): boolean =>
  world.delayedStart !== null && (dialect.sequences.CONNECTION?.intermediate ?? []).includes(120);

/** The era answers a 120 greeting with CONT or ABRT (RFC 780), not by waiting (RFC 772). */
export const waitsForCont = (dialect: Dialect): boolean =>
  dialect.commands.some((c) => c.verb === 'CONT');

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
