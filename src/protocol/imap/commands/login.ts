/**
 * LOGIN user password (RFC 9051 §6.2.3): both astrings (atom, quoted string
 * or literal). The RFC wants it refused on a cleartext port; this teaching
 * server allows it, on loopback (CAPABILITY says so by not naming
 * LOGINDISABLED).
 */
import { account } from '../../pop3/context.ts';
import { bad, no, ok } from '../response.ts';
import { imapRoom } from '../room.ts';
import { astring, tokens } from '../syntax.ts';

export const LOGIN = imapRoom({
  name: 'LOGIN',
  role: 'login',
  syntax: 'LOGIN user password',
  summary: 'Log in with a user name and password',
  rfc: 'RFC 9051 §6.2.3',
  handle: (context, command) => {
    const args = tokens(command.rest);
    const user = astring(args[0]);
    const password = astring(args[1]);
    if (args.length !== 2 || user === null || password === null)
      return { reply: bad('usage: LOGIN user password') };
    const known = account(context, user);
    if (!known || known.password !== password)
      return { reply: no('Invalid credentials', 'AUTHENTICATIONFAILED') };
    return { reply: ok('LOGIN completed'), patch: { user: known.user } };
  },
});
