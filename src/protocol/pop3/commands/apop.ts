/**
 * APOP name digest (RFC 1939 §7): logs in without sending the password. The
 * digest is MD5 over the greeting's timestamp followed by the shared secret,
 * in lower-case hex; a new timestamp each greeting stops a replay.
 */
import { hex, md5 } from '../../md5.ts';
import { encode } from '../../bytes.ts';
import { account, logIn } from '../context.ts';
import { err } from '../reply.ts';
import { pop3Room } from '../room.ts';

/** The digest a client computes: MD5(timestamp + secret), lower-case hex. */
export function apopDigest(stamp: string, secret: string): string {
  return hex(md5(encode(stamp + secret)));
}

export const APOP = pop3Room({
  keyword: 'APOP',
  role: 'apop',
  syntax: 'APOP name digest',
  summary: "Log in with MD5 of the greeting's timestamp and the password",
  rfc: 'RFC 1939 §7',
  optional: true,
  args: [2, 2],
  handle: (context, command) => {
    const [name, digest] = command.args as [string, string];
    const known = account(context, name);
    if (!known || digest !== apopDigest(context.stamp, known.password))
      return { reply: err('permission denied'), patch: { named: null } };
    return logIn(context, known.user);
  },
});
