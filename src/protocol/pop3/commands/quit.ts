/**
 * QUIT (RFC 1939 §4, §6). In the AUTHORIZATION state it only ends the
 * session. In the TRANSACTION state the session enters UPDATE: the messages
 * marked deleted are removed, and only then (a connection that just drops
 * removes nothing).
 */
import { live } from '../context.ts';
import { ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const QUIT = pop3Room({
  keyword: 'QUIT',
  role: 'quit',
  syntax: 'QUIT',
  summary: 'End the session; after login, remove the messages marked deleted',
  rfc: 'RFC 1939 §4, §6',
  args: [0, 0],
  handle: (context) => {
    const signingOff = `${context.hostname} POP3 server signing off`;
    const drop = context.drop;
    if (!drop) return { reply: ok(signingOff) };
    const left = live(drop).length;
    const uids = [...drop.deleted].map((n) => drop.messages[n - 1]!.uid);
    return {
      reply: ok(
        `${signingOff} (${left === 0 ? 'maildrop empty' : `${left} message${left === 1 ? '' : 's'} left`})`,
      ),
      effects: [{ kind: 'update', user: drop.user, uids }],
    };
  },
});
