/**
 * DELE msg (RFC 1939 §5): marks the message deleted. It keeps its number, any
 * later use of the number is an error, and it is removed only in the UPDATE
 * state (QUIT); RSET unmarks it.
 */
import { isReply, pick } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const DELE = pop3Room({
  keyword: 'DELE',
  role: 'transaction',
  syntax: 'DELE msg',
  summary: 'Mark a message deleted (removed at QUIT)',
  rfc: 'RFC 1939 §5',
  args: [1, 1],
  handle: (context, command) => {
    const one = pick(context, command.args[0]);
    if (isReply(one)) return { reply: one };
    const drop = context.drop!;
    return {
      reply: ok(`message ${one.n} deleted`),
      patch: { drop: { ...drop, deleted: new Set([...drop.deleted, one.n]) } },
    };
  },
});
