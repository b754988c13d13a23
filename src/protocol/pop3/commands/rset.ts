/** RSET (RFC 1939 §5): unmarks every message marked deleted in this session. */
import { dropSummary } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const RSET = pop3Room({
  keyword: 'RSET',
  role: 'transaction',
  syntax: 'RSET',
  summary: 'Unmark the messages marked deleted',
  rfc: 'RFC 1939 §5',
  args: [0, 0],
  handle: (context) => {
    const drop = { ...context.drop!, deleted: new Set<number>() };
    return { reply: ok(`maildrop has ${dropSummary(drop)}`), patch: { drop } };
  },
});
