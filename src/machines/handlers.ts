/**
 * One handler per verb: what the server answers to a command that arrives in
 * sequence, and how its context changes. Pure functions of (context, event):
 * the machine decides *whether* a command is in sequence, these decide *what*
 * it does. No XState here, so each handler is testable on its own.
 */
import { mailboxText, pathText, type Path } from '../protocol/address.ts';
import { concat } from '../protocol/bytes.ts';
import { enabledExtensions, ehloLines } from '../protocol/extensions/index.ts';
import type { ParamSpec } from '../protocol/extensions/index.ts';
import type { EsmtpParam } from '../protocol/params.ts';
import { custom, reply, type Reply } from '../protocol/replies.ts';
import { receivedField, returnPathField } from '../protocol/trace.ts';
import type { World } from '../protocol/world.ts';
import type { CommandEvent, Delivery, Recipient, ServerContext, ServerEvent } from './types.ts';

export interface Outcome {
  readonly reply: Reply;
  readonly patch?: Partial<ServerContext>;
  readonly delivered?: Delivery;
}

type Handler = (context: ServerContext, event: CommandEvent) => Outcome;

const lower = (s: string) => s.toLowerCase();

function hello(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  if (event.parsed.value.kind !== 'domain') throw new Error('HELO/EHLO without a domain');
  const { world } = context;
  const name = event.parsed.value.domain;
  const verb = event.command.verb;
  const first = reply('hello', { host: world.hostname, client: name });
  // §3.2: HELO never gets the extended reply; EHLO lists the enabled extensions.
  const lines = verb === 'EHLO' && context.dialect.extensions ? ehloLines(world) : [];
  return {
    reply: custom(250, [first.lines[0]!, ...lines]),
    // §4.1.4: an accepted HELO/EHLO resets the state exactly as RSET does.
    patch: { client: { ...context.client, name, hello: verb }, envelope: null },
  };
}

/** Checks MAIL/RCPT parameters against the enabled extensions (555 for unknown, §4.1.1.11). */
function checkParams(
  context: ServerContext,
  params: readonly EsmtpParam[],
  table: 'mailParams' | 'rcptParams',
): Reply | null {
  if (params.length === 0) return null;
  // Parameters exist only in sessions opened with EHLO (RFC 1869 §6).
  if (context.client.hello !== 'EHLO') return reply('parametersNotRecognized');
  const specs = new Map<string, ParamSpec>();
  for (const ext of enabledExtensions(context.world)) {
    for (const [k, spec] of Object.entries(ext[table] ?? {})) specs.set(k, spec);
  }
  for (const p of params) {
    const spec = specs.get(p.keyword);
    if (!spec) return reply('parametersNotRecognized');
    const refusal = spec.check(p.value, { world: context.world });
    if (refusal) return refusal;
  }
  return null;
}

function mail(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('MAIL without a path');
  const refusal = checkParams(context, value.params, 'mailParams');
  if (refusal) return { reply: refusal };
  return {
    reply: reply('senderOk'),
    patch: {
      envelope: { reversePath: value.path, mailParams: value.params, recipients: [], refused: 0 },
    },
  };
}

type Resolution =
  | { ok: true; route: Recipient['route']; mailbox: string; reply: Reply }
  | { ok: false; reply: Reply };

/** Where a recipient's mail would go in this world (RFC 5321 §3.4, §3.6, §4.1.1.3). */
export function resolveRecipient(world: World, path: Path): Resolution {
  if (path.kind === 'null')
    return {
      ok: false,
      reply: reply('badRecipient', { reason: 'the null path <> is not allowed here' }),
    };
  const domains = world.localDomains.map(lower);
  if (path.kind === 'postmaster') {
    // §4.1.1.3: <Postmaster> without a domain MUST be accepted.
    return {
      ok: true,
      route: 'local',
      mailbox: `postmaster@${domains[0] ?? world.hostname}`,
      reply: reply('recipientOk'),
    };
  }
  const { mailbox } = path;
  const domain = lower(mailbox.domain);
  if (!domains.includes(domain) && domain !== lower(world.hostname)) {
    const relays = world.relayDomains.map(lower);
    if (relays.includes('*') || relays.includes(domain)) {
      return {
        ok: true,
        route: 'relay',
        mailbox: mailboxText(mailbox),
        reply: reply('recipientRelay'),
      };
    }
    return { ok: false, reply: reply('relayDenied', { domain: mailbox.domain }) };
  }
  const local = lower(mailbox.localValue);
  const forward = world.forwards.find((f) => lower(f.local) === local);
  if (forward) {
    return forward.mode === 'forward'
      ? {
          ok: true,
          route: 'forward',
          mailbox: forward.to,
          reply: reply('willForward', { path: `<${forward.to}>` }),
        }
      : { ok: false, reply: reply('userNotLocal', { path: `<${forward.to}>` }) };
  }
  const known =
    world.users.some((u) => lower(u.local) === local) ||
    Object.keys(world.lists).some((l) => lower(l) === local);
  if (!known) return { ok: false, reply: reply('noSuchUser') };
  return { ok: true, route: 'local', mailbox: `${local}@${domain}`, reply: reply('recipientOk') };
}

function rcpt(context: ServerContext, event: CommandEvent): Outcome {
  const envelope = context.envelope!;
  const refuse = (r: Reply): Outcome => ({
    reply: r,
    patch: { envelope: { ...envelope, refused: envelope.refused + 1 } },
  });
  if (!event.parsed.ok) return refuse(event.parsed.reply);
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('RCPT without a path');
  const refusal = checkParams(context, value.params, 'rcptParams');
  if (refusal) return refuse(refusal);
  // §4.5.3.1.10: past the buffer, refuse further recipients with 452, keep the others.
  if (envelope.recipients.length >= context.world.maxRecipients)
    return refuse(reply('tooManyRecipients'));
  const resolved = resolveRecipient(context.world, value.path);
  if (!resolved.ok) return refuse(resolved.reply);
  const recipient: Recipient = {
    path: value.path,
    text: pathText(value.path),
    route: resolved.route,
    mailbox: resolved.mailbox,
    params: value.params,
  };
  return {
    reply: resolved.reply,
    patch: { envelope: { ...envelope, recipients: [...envelope.recipients, recipient] } },
  };
}

function data(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  return { reply: reply('startData') };
}

function rset(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  return { reply: reply('resetOk'), patch: { envelope: null } };
}

function noop(_context: ServerContext, event: CommandEvent): Outcome {
  return { reply: event.parsed.ok ? reply('ok') : event.parsed.reply };
}

function quit(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  return { reply: reply('closing', { host: context.world.hostname }) };
}

/** VRFY (§3.5.1-§3.5.3): a user name, a full-name word, or local@domain. */
function vrfy(context: ServerContext, event: CommandEvent): Outcome {
  const { world } = context;
  const policy = policyReply(world.vrfy);
  if (policy) return { reply: policy };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const query = stringArg(event);
  const matches = findUsers(world, query);
  if (matches.length === 0) {
    if (world.lists[query] || Object.keys(world.lists).some((l) => lower(l) === lower(query))) {
      return { reply: reply('cannotVerify') };
    }
    return { reply: reply('noMatch') };
  }
  const domain = world.localDomains[0] ?? world.hostname;
  const show = (u: { local: string; name?: string }) =>
    `${u.name ? `${u.name} ` : ''}<${u.local}@${domain}>`;
  if (matches.length > 1) {
    // §3.5.1: an ambiguous name may list the possibilities.
    return { reply: custom(553, ['Ambiguous; Possibilities are', ...matches.map(show)], '5.1.4') };
  }
  return { reply: reply('verified', { user: show(matches[0]!) }) };
}

/** EXPN (§3.5.1): the members of a list, one mailbox per line. */
function expn(context: ServerContext, event: CommandEvent): Outcome {
  const { world } = context;
  const policy = policyReply(world.expn);
  if (policy) return { reply: policy };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const query = lower(stringArg(event));
  const name = Object.keys(world.lists).find((l) => lower(l) === query);
  if (!name) {
    return { reply: findUsers(world, query).length ? reply('notAList') : reply('noMatch') };
  }
  const domain = world.localDomains[0] ?? world.hostname;
  const lines = world.lists[name]!.map((member) => {
    const address = member.includes('@') ? member : `${member}@${domain}`;
    const user = world.users.find((u) => `${lower(u.local)}@${lower(domain)}` === lower(address));
    return `${user?.name ? `${user.name} ` : ''}<${address}>`;
  });
  return { reply: custom(250, lines, '2.1.5') };
}

function policyReply(policy: World['vrfy']): Reply | null {
  switch (policy) {
    case 'verify':
      return null;
    case 'cannot-verify':
      return reply('cannotVerify');
    case 'deny':
      return reply('accessDenied');
    case 'disabled':
      return reply('notImplemented');
  }
}

function stringArg(event: CommandEvent): string {
  return event.parsed.ok && event.parsed.value.kind === 'string' ? event.parsed.value.text : '';
}

function findUsers(world: World, query: string) {
  const q = lower(query.replace(/^<(.*)>$/, '$1'));
  const domains = world.localDomains.map(lower);
  const at = q.lastIndexOf('@');
  if (at > 0) {
    const [local, domain] = [q.slice(0, at), q.slice(at + 1)];
    return domains.includes(domain) ? world.users.filter((u) => lower(u.local) === local) : [];
  }
  const exact = world.users.filter((u) => lower(u.local) === q);
  if (exact.length) return exact;
  // A word of the full name, as in RFC 5321 Appendix D.4 ("VRFY Crispin").
  return world.users.filter((u) => u.name && lower(u.name).split(/\s+/).includes(q));
}

function help(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const topic = stringArg(event).toUpperCase();
  const commands = context.dialect.commands;
  if (topic === '') {
    return {
      reply: custom(
        214,
        [
          `${context.world.hostname} speaks ${context.dialect.id.toUpperCase()}. Commands:`,
          commands.map((c) => c.verb).join(' '),
          'HELP <command> for more; see RFC ' + context.dialect.rfc,
        ],
        '2.0.0',
      ),
    };
  }
  const spec = commands.find((c) => c.verb === topic);
  if (!spec) return { reply: reply('parameterNotImplemented') };
  return { reply: custom(214, [spec.syntax, `${spec.summary} (${spec.rfc})`], '2.0.0') };
}

export const HANDLERS: Readonly<Record<string, Handler>> = {
  HELO: hello,
  EHLO: hello,
  MAIL: mail,
  RCPT: rcpt,
  DATA: data,
  RSET: rset,
  NOOP: noop,
  QUIT: quit,
  VRFY: vrfy,
  EXPN: expn,
  HELP: help,
};

/** The end of message content: deliver, or refuse as the limits say (§4.5.3.1). */
export function content(
  context: ServerContext,
  event: Extract<ServerEvent, { type: 'smtp.content' }>,
): Outcome {
  const envelope = context.envelope!;
  const cleared = { envelope: null };
  const { data: d } = event;
  if (d.overflow) return { reply: reply('tooMuchData'), patch: cleared };
  if (d.longLines > 0 && context.world.longLines === 'reject')
    return { reply: reply('textLineTooLong'), patch: cleared };
  const accepted = context.accepted + 1;
  const id = context.idPrefix + accepted.toString(16).toUpperCase().padStart(8, '0');
  const { world, client } = context;
  const reversePath = pathText(envelope.reversePath);
  const local = envelope.recipients.some((r) => r.route !== 'relay');
  const trace =
    (local ? returnPathField(reversePath) : '') +
    receivedField({
      heloName: client.name ?? 'unknown',
      clientAddress: client.address,
      serverName: world.hostname,
      protocol: context.dialect.withProtocol[client.hello ?? 'HELO'] ?? 'SMTP',
      id,
      ...(envelope.recipients.length === 1 ? { forPath: envelope.recipients[0]!.text } : {}),
      date: event.at,
      ...(event.offsetMinutes !== undefined ? { offsetMinutes: event.offsetMinutes } : {}),
    });
  const delivered: Delivery = {
    id,
    reversePath,
    recipients: envelope.recipients,
    trace,
    content: concat(d.content, d.size),
    size: d.size,
    receivedAt: event.at.toISOString(),
    bareLfLines: d.bareLfLines,
  };
  return {
    reply: reply('queued', { id }),
    patch: { ...cleared, accepted, mailbox: [...context.mailbox, delivered] },
    delivered,
  };
}
