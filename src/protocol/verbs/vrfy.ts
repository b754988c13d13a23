/** VRFY (RFC 821 §3.3, RFC 1123 §5.2.3, RFC 5321 §3.5 and §4.1.1.6): is this a user? */
import { findUsers, has252, policyReply, showUser } from '../directory.ts';
import { lower } from '../relay.ts';
import { custom, reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room, stringArg } from './room.ts';

/** A user name, a full-name word, or local@domain. */
function vrfy(context: ServerContext, event: CommandEvent): Outcome {
  const { world, dialect } = context;
  const policy = policyReply(world.vrfy, context.dialect);
  if (policy) return { reply: policy };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const query = stringArg(event);
  const moved = world.forwards.find(
    (f) => lower(f.local) === lower(query.replace(/@.*$/, '').replace(/^</, '')),
  );
  if (moved) {
    // RFC 821 §3.3 Example 3: a user who moved is answered 251 or 551.
    return {
      reply:
        moved.mode === 'forward'
          ? reply('willForward', { path: `<${moved.to}>` })
          : reply('userNotLocal', { path: `<${moved.to}>` }),
    };
  }
  const matches = findUsers(world, query);
  if (matches.length === 0) {
    // A list given to VRFY: 252 where the era has it (RFC 1123 §5.2.3); before, "550 That is
    // a mailing list, not a user" (RFC 821 §3.3). RFC 5321 §3.5.1 allows either.
    if (Object.keys(world.lists).some((l) => lower(l) === lower(query)))
      return { reply: reply(has252(dialect) ? 'cannotVerify' : 'isAList') };
    return { reply: reply('noMatch') };
  }
  if (matches.length > 1) {
    // RFC 5321 §3.5.1: an ambiguous name may list the possibilities.
    // RFC 788 had no 553 for VRFY: its dialect words this as 550.
    const code = context.dialect.replies.ambiguous?.code ?? 553;
    const lines = ['Ambiguous; Possibilities are', ...matches.map((u) => showUser(world, u))];
    return { reply: custom(code, lines, '5.1.4') };
  }
  return { reply: reply('verified', { user: showUser(world, matches[0]!) }) };
}

export const VRFY = room({
  verb: 'VRFY',
  role: 'query',
  parse: 'string',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'VRFY <SP> <string> <CRLF>',
      summary: 'Confirm that the argument identifies a user',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'VRFY <string>',
      summary: 'Ask whether a user or mailbox exists',
      rfc: 'RFC 5321 §4.1.1.6',
    },
  },
  handle: vrfy,
  replies: [
    'verified',
    'willForward',
    'userNotLocal',
    'cannotVerify',
    'isAList',
    'noMatch',
    'notImplemented',
    'accessDenied',
  ],
  endsGroup: true,
});
