/**
 * The queries: NOOP, HELP, VRFY, EXPN (RFC 5321 §3.5, §4.1.1.6-§4.1.1.9).
 */
import type { Dialect } from '../../protocol/dialects/index.ts';
import { custom, reply, type Reply } from '../../protocol/replies.ts';
import type { World } from '../../protocol/world.ts';
import type { CommandEvent, ServerContext } from '../types.ts';
import { lower, type Handler, type Outcome } from './outcome.ts';
import { isSelf } from './recipients.ts';

// --- Queries: NOOP, HELP, VRFY, EXPN ---------------------------------------

const noop: Handler = (_context, event) => ({
  reply: event.parsed.ok ? reply('ok') : event.parsed.reply,
});

/** VRFY (RFC 5321 §3.5.1-§3.5.3, RFC 821 §3.3): a user name, a full-name word, or local@domain. */
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

/** EXPN (RFC 5321 §3.5.1): the members of a list, one mailbox per line. */
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

function showUser(world: World, u: { local: string; name?: string }): string {
  return `${u.name ? `${u.name} ` : ''}<${u.local}@${world.localDomains[0] ?? world.hostname}>`;
}

/** The era's VRFY may answer 252 (RFC 1123 §5.2.3 added it; its dialect table says). */
const has252 = (dialect: Dialect) => (dialect.sequences.VRFY?.success ?? []).includes(252);

function policyReply(policy: World['vrfy'], dialect: Dialect): Reply | null {
  switch (policy) {
    case 'verify':
      return null;
    case 'cannot-verify':
      // 252 exists from RFC 1123 on; earlier eras can only decline (502).
      return has252(dialect) ? reply('cannotVerify') : reply('notImplemented');
    case 'deny':
      return reply('accessDenied');
    case 'disabled':
      return reply('notImplemented');
  }
}

export function stringArg(event: CommandEvent): string {
  return event.parsed.ok && event.parsed.value.kind === 'string' ? event.parsed.value.text : '';
}

function findUsers(world: World, query: string) {
  const q = lower(query.replace(/^<(.*)>$/, '$1'));
  const at = q.lastIndexOf('@');
  if (at > 0) {
    const [local, domain] = [q.slice(0, at), q.slice(at + 1)];
    return isSelf(world, domain) ? world.users.filter((u) => lower(u.local) === local) : [];
  }
  const exact = world.users.filter((u) => lower(u.local) === q);
  if (exact.length) return exact;
  // A word of the full name, as in RFC 5321 Appendix D.4 ("VRFY Crispin").
  return world.users.filter((u) => u.name && lower(u.name).split(/\s+/).includes(q));
}

function help(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const topic = stringArg(event).toUpperCase();
  const { commands } = context.dialect;
  if (topic === '') {
    const lines = [
      `${context.world.hostname} speaks ${context.dialect.title} (RFC ${context.dialect.rfc}). Commands:`,
      commands.map((c) => c.verb).join(' '),
      'HELP <command> for more',
    ];
    return { reply: custom(214, lines, '2.0.0') };
  }
  const spec = commands.find((c) => c.verb === topic);
  if (!spec) {
    // 504 where the era lists it for HELP (RFC 780 onward); RFC 772 answers with the general help.
    if ((context.dialect.sequences.HELP?.error ?? []).includes(504))
      return { reply: reply('parameterNotImplemented') };
    return help(context, { ...event, parsed: { ok: true, value: { kind: 'string', text: '' } } });
  }
  // Reply text is printable US-ASCII (RFC 5321 §4.2): "section", not the section sign.
  const ascii = (text: string) => text.replace(/§\s*/g, 'section ');
  return {
    reply: custom(214, [ascii(spec.syntax), ascii(`${spec.summary} (${spec.rfc})`)], '2.0.0'),
  };
}

const QUERIES: Readonly<Record<string, Handler>> = {
  NOOP: noop,
  HELP: help,
  VRFY: vrfy,
  EXPN: expn,
};

export const query: Handler = (context, event) =>
  (QUERIES[event.command.verb] ?? noop)(context, event);
