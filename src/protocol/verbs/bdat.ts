/** BDAT (RFC 3030 §2): exactly chunk-size octets follow the command; LAST ends the message. */
import { accept } from '../delivery.ts';
import { reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room } from './room.ts';

function bdat(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'bdat' || !event.chunk) throw new Error('BDAT without its chunk');
  const envelope = context.envelope!;
  const before = envelope.chunks ?? { parts: [], size: 0, overflow: false };
  const size = before.size + event.chunk.size;
  const overflow = before.overflow || event.chunk.overflow || size > context.world.maxMessageSize;
  const chunks = { parts: overflow ? [] : [...before.parts, ...event.chunk.parts], size, overflow };
  if (!value.last)
    return {
      reply: reply('chunkReceived', { size: event.chunk.size }),
      patch: { envelope: { ...envelope, chunks } },
    };
  if (overflow) return { reply: reply('tooMuchData'), patch: { envelope: null } };
  return accept(context, envelope, { parts: chunks.parts, size, at: event.at ?? new Date(0) });
}

export const BDAT = room({
  verb: 'BDAT',
  role: 'bdat',
  parse: 'bdat',
  args: 'required',
  eras: {
    rfc3030: {
      syntax: 'BDAT <chunk-size> [LAST]',
      summary: 'Send exactly chunk-size octets of the message; LAST ends it',
      rfc: 'RFC 3030 §2',
    },
  },
  handle: bdat,
  replies: ['chunkReceived', 'tooMuchData', 'queued'],
});
