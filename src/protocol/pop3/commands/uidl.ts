/**
 * UIDL [msg] (RFC 1939 §7): unique-id listings, "number unique-id". The id
 * stays the same across sessions, so a client that leaves mail on the
 * server knows what it has already fetched.
 */
import { encode } from '../../bytes.ts';
import { isReply, live, pick } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const UIDL = pop3Room({
  keyword: 'UIDL',
  role: 'transaction',
  syntax: 'UIDL [msg]',
  summary: 'The unique-id of one message, or of each',
  rfc: 'RFC 1939 §7',
  optional: true,
  args: [0, 1],
  handle: (context, command) => {
    if (command.args.length === 1) {
      const one = pick(context, command.args[0]);
      return { reply: isReply(one) ? one : ok(`${one.n} ${one.message.id}`) };
    }
    const lines = live(context.drop!).map((m) => encode(`${m.n} ${m.message.id}`));
    return { reply: ok('', lines) };
  },
});
