/** NOOP (RFC 1939 §5): does nothing, answers +OK. */
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const NOOP = pop3Room({
  keyword: 'NOOP',
  role: 'transaction',
  syntax: 'NOOP',
  summary: 'Do nothing; the server answers +OK',
  rfc: 'RFC 1939 §5',
  args: [0, 0],
  handle: () => ({ reply: ok() }),
});
