/** RETR msg (RFC 1939 §5): the whole message, byte-stuffed, after "+OK n octets". */
import { isReply, pick, sizeOf } from '../context.ts';
import { messageLines } from '../message.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const RETR = pop3Room({
  keyword: 'RETR',
  role: 'transaction',
  syntax: 'RETR msg',
  summary: 'Send one message',
  rfc: 'RFC 1939 §5',
  args: [1, 1],
  handle: (context, command) => {
    const one = pick(context, command.args[0]);
    if (isReply(one)) return { reply: one };
    return {
      reply: ok(`${sizeOf(one.message)} octets`, messageLines(one.message.read())),
    };
  },
});
