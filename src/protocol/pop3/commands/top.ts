/**
 * TOP msg n (RFC 1939 §7): the message's header, the empty line, and the
 * first n lines of its body (all of it if it has fewer), byte-stuffed.
 */
import { isReply, pick } from '../context.ts';
import { topLines } from '../message.ts';
import { err, ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const TOP = pop3Room({
  keyword: 'TOP',
  role: 'transaction',
  syntax: 'TOP msg n',
  summary: 'The header and the first n lines of a message',
  rfc: 'RFC 1939 §7',
  optional: true,
  args: [2, 2],
  handle: (context, command) => {
    const one = pick(context, command.args[0]);
    if (isReply(one)) return { reply: one };
    const count = command.args[1]!;
    if (!/^[0-9]{1,9}$/.test(count))
      return { reply: err(`"${count}" is not a number of lines (0 or more)`) };
    return { reply: ok('top of message follows', topLines(one.message.read(), Number(count))) };
  },
});
