/** EXPN (RFC 821 §3.3, RFC 5321 §3.5.1 and §4.1.1.7): the members of a list, one mailbox per line. */
import { findUsers, policyReply } from '../directory.ts';
import { lower } from '../relay.ts';
import { custom, reply } from '../replies.ts';
import type { CommandEvent, Outcome, ServerContext } from '../session-state.ts';
import { room, stringArg } from './room.ts';

function expn(context: ServerContext, event: CommandEvent): Outcome {
  const { world } = context;
  const policy = policyReply(world.expn, context.dialect);
  if (policy) return { reply: policy };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const query = lower(stringArg(event));
  const name = Object.keys(world.lists).find((l) => lower(l) === query);
  if (!name)
    return { reply: findUsers(world, query).length ? reply('notAList') : reply('noMatch') };
  const domain = world.localDomains[0] ?? world.hostname;
  const lines = world.lists[name]!.map((member) => {
    const address = member.includes('@') ? member : `${member}@${domain}`;
    const user = world.users.find((u) => `${lower(u.local)}@${lower(domain)}` === lower(address));
    const full = user?.name ?? world.memberNames[member];
    return `${full ? `${full} ` : ''}<${address}>`;
  });
  return { reply: custom(250, lines, '2.1.5') };
}

export const EXPN = room({
  verb: 'EXPN',
  role: 'query',
  parse: 'string',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'EXPN <SP> <string> <CRLF>',
      summary: 'Return the members of a mailing list',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'EXPN <string>',
      summary: 'Ask for the members of a mailing list',
      rfc: 'RFC 5321 §4.1.1.7',
    },
  },
  handle: expn,
  replies: ['notAList', 'noMatch', 'cannotVerify', 'notImplemented', 'accessDenied'],
  endsGroup: true,
});
