/**
 * LIST [msg] (RFC 1939 §5): scan listings, "number size". With a number, one
 * on the +OK line; without, one line each for the messages not deleted, then
 * ".".
 */
import { encode } from '../../bytes.ts';
import { dropSummary, isReply, live, pick, sizeOf } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const LIST = pop3Room({
  keyword: 'LIST',
  role: 'transaction',
  syntax: 'LIST [msg]',
  summary: 'The size of one message, or of each',
  rfc: 'RFC 1939 §5',
  args: [0, 1],
  handle: (context, command) => {
    const drop = context.drop!;
    if (command.args.length === 1) {
      const one = pick(context, command.args[0]);
      return { reply: isReply(one) ? one : ok(`${one.n} ${sizeOf(one.message)}`) };
    }
    const lines = live(drop).map((m) => encode(`${m.n} ${sizeOf(m.message)}`));
    return { reply: ok(dropSummary(drop), lines) };
  },
});
