/**
 * STAT (RFC 1939 §5): the drop listing, "+OK", the number of messages and
 * their size in octets, nothing more (the RFC strongly discourages more).
 * Messages marked deleted are not counted.
 */
import { live, sizeOf } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const STAT = pop3Room({
  keyword: 'STAT',
  role: 'transaction',
  syntax: 'STAT',
  summary: 'Number of messages and their total size in octets',
  rfc: 'RFC 1939 §5',
  args: [0, 0],
  handle: (context) => {
    const messages = live(context.drop!);
    const octets = messages.reduce((total, m) => total + sizeOf(m.message), 0);
    return { reply: ok(`${messages.length} ${octets}`) };
  },
});
