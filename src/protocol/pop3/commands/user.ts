/** USER name (RFC 1939 §7): names the maildrop; PASS completes the login. */
import { account } from '../context.ts';
import { err, ok } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const USER = pop3Room({
  keyword: 'USER',
  role: 'user',
  syntax: 'USER name',
  summary: 'Name the mailbox to log in to; PASS follows',
  rfc: 'RFC 1939 §7',
  args: [1, 1],
  handle: (context, command) => {
    const name = command.args[0]!;
    // The RFC lets a server say +OK for any name; this one tells, which a lesson can show.
    const known = account(context, name);
    return known
      ? { reply: ok(`${known.user} is a valid mailbox`), patch: { named: known.user } }
      : { reply: err(`sorry, no mailbox for ${name} here`), patch: { named: null } };
  },
});
