/**
 * PASS string (RFC 1939 §7): the password for the mailbox USER named. Its
 * one argument may hold spaces, so the whole rest of the line is the password.
 */
import { logIn } from '../context.ts';
import { MAX_ARGUMENT } from '../parser.ts';
import { err } from '../reply.ts';
import { pop3Room } from '../room.ts';

export const PASS = pop3Room({
  keyword: 'PASS',
  role: 'pass',
  syntax: 'PASS string',
  summary: 'Give the password for the mailbox named by USER',
  rfc: 'RFC 1939 §7',
  handle: (context, command) => {
    const user = context.named!;
    const password = command.rest;
    if (password === '') return { reply: err('usage: PASS string') };
    if (password.length > MAX_ARGUMENT)
      return { reply: err('invalid password'), patch: { named: null } };
    const known = context.accounts.find((a) => a.user === user);
    if (!known || known.password !== password)
      return { reply: err('invalid password'), patch: { named: null } };
    return logIn(context, user);
  },
});
