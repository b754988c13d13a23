/**
 * What the server answers to a command that arrives in sequence, and how its
 * context changes: one handler per role (and per verb among the queries).
 * Pure functions of (context, event): the machine decides *whether* a command
 * is in sequence, these decide *what* it does. Era differences come from the
 * dialect's data (reply wording, hooks such as `preliminary` or `trace`).
 */
import { mailboxText, pathText, type Path } from '../protocol/address.ts';
import { concat, encode, joinParts } from '../protocol/bytes.ts';
import { buildDsn } from '../protocol/dsn.ts';
import { startSasl, stepSasl, type SaslStep } from '../protocol/sasl.ts';
import type { Role } from '../protocol/commands.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import { enabledExtensions, ehloLines } from '../protocol/extensions/index.ts';
import type { ParamSpec } from '../protocol/extensions/index.ts';
import type { EsmtpParam } from '../protocol/params.ts';
import { custom, reply, type Reply } from '../protocol/replies.ts';
import {
  mailFromField788,
  receivedField,
  receivedField821,
  returnPathField,
} from '../protocol/trace.ts';
import type { World } from '../protocol/world.ts';
import type {
  CommandEvent,
  Delivery,
  Envelope,
  Recipient,
  ServerContext,
  ServerEvent,
} from './types.ts';

export interface Outcome {
  readonly reply: Reply;
  /** MTP's 151/152, sent before `reply` (RFC 772 p. 23) or instead of going on (RFC 780 §3.1). */
  readonly preliminary?: Reply;
  readonly patch?: Partial<ServerContext>;
  /** Messages accepted by this step (the message, and any notification it caused). */
  readonly delivered?: readonly Delivery[];
  /** The server closes the connection after this reply (a scripted 421). */
  readonly close?: boolean;
}

type Handler = (context: ServerContext, event: CommandEvent) => Outcome;

const lower = (s: string) => s.toLowerCase();
const NO_MTP = { scheme: null, recipients: [], stored: null } as const;

function hello(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  if (event.parsed.value.kind !== 'domain') throw new Error('HELO/EHLO without a domain');
  const { world, dialect } = context;
  const name = event.parsed.value.domain;
  const verb = event.command.verb;
  // RFC 1869 §4.5: a server may know EHLO and still answer 502; the client then uses HELO.
  if (verb === 'EHLO' && world.ehlo === 'not-implemented')
    return { reply: reply('notImplemented') };
  const first = reply('hello', { host: world.hostname, client: name });
  // RFC 5321 §3.2: HELO never gets the extended reply; EHLO lists the enabled extensions.
  const lines = verb === 'EHLO' ? ehloLines(world, dialect, { tls: context.tls !== null }) : [];
  const reset = dialect.laterHello === 'allow' && context.client.hello ? {} : { envelope: null };
  return {
    reply: custom(250, [first.lines[0]!, ...lines]),
    // RFC 5321 §4.1.4, RFC 821 §4.1.1: an accepted HELO/EHLO resets the state as RSET does.
    patch: { client: { ...context.client, name, hello: verb }, ...reset },
  };
}

/** Checks MAIL/RCPT parameters against the enabled extensions (555 for unknown, RFC 5321 §4.1.1.11). */
function checkParams(
  context: ServerContext,
  params: readonly EsmtpParam[],
  table: 'mailParams' | 'rcptParams',
): Reply | null {
  if (params.length === 0) return null;
  // Parameters exist only in sessions opened with EHLO (RFC 1869 §6).
  if (context.client.hello !== 'EHLO') return reply('parametersNotRecognized');
  const specs = new Map<string, ParamSpec>();
  for (const ext of enabledExtensions(context.world, context.dialect)) {
    for (const [k, spec] of Object.entries(ext[table] ?? {})) specs.set(k, spec);
  }
  const enabled = new Set(enabledExtensions(context.world, context.dialect).map((e) => e.keyword));
  for (const p of params) {
    const spec = specs.get(p.keyword);
    if (!spec) return reply('parametersNotRecognized');
    const refusal = spec.check(p.value, { world: context.world, enabled });
    if (refusal) return refusal;
  }
  return null;
}

const hasParam = (params: readonly EsmtpParam[], keyword: string) =>
  params.some((p) => p.keyword === keyword);
const paramValue = (params: readonly EsmtpParam[], keyword: string) =>
  params.find((p) => p.keyword === keyword)?.value;

/** Whether a path needs SMTPUTF8 (RFC 6531 §3.4): any non-ASCII character. */
const needsUtf8 = (path: Path) => /[^\p{ASCII}]/u.test(pathText(path));

/** MAIL, SEND, SOML, SAML: begin a transaction (RFC 5321 §4.1.1.2, RFC 821 §3.4). */
function begin(context: ServerContext, event: CommandEvent): Outcome {
  if (event.malformedUtf8) return { reply: reply('senderNotUtf8') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('MAIL without a path');
  const unqualified = unqualifiedDomain(context.world, value.path);
  if (unqualified !== null) return { reply: reply('senderNotQualified', { domain: unqualified }) };
  const refusal = checkParams(context, value.params, 'mailParams');
  if (refusal) return { reply: refusal };
  // RFC 6531 §3.5: a non-ASCII reverse path without the SMTPUTF8 parameter: 550 5.6.7.
  if (needsUtf8(value.path) && !hasParam(value.params, 'SMTPUTF8'))
    return { reply: reply('senderNeedsUtf8') };
  const envelope: Envelope = {
    mode: event.command.verb,
    reversePath: value.path,
    mailParams: value.params,
    recipients: [],
    refused: 0,
  };
  return { reply: reply('senderOk'), patch: { envelope } };
}

/**
 * RFC 6409 §4.2: an MSA makes sure every domain in the envelope is fully
 * qualified, one the DNS could resolve, "not a local alias or partial
 * specification" (§2.1). The world has no DNS: a name counts as complete when
 * it is an address literal, one of the world's own or relay domains, or ends
 * in a top-level domain it knows. Returns the first domain that is not.
 */
function unqualifiedDomain(world: World, path: Path): string | null {
  if (!world.requireQualifiedDomains || path.kind !== 'mailbox') return null;
  for (const domain of [...path.route, path.mailbox.domain])
    if (!isQualified(world, domain)) return domain;
  return null;
}

function isQualified(world: World, domain: string): boolean {
  if (domain.startsWith('[')) return true;
  const d = lower(domain).replace(/\.$/, '');
  const known = [...world.localDomains, ...world.relayDomains, world.hostname].map(lower);
  if (known.includes(d)) return true;
  const labels = d.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  return (
    /^[a-z]{2}$/.test(tld) ||
    tld.startsWith('xn--') ||
    /[^\p{ASCII}]/u.test(tld) ||
    world.topLevelDomains.some((t) => lower(t) === tld)
  );
}

type Resolution =
  | { ok: true; route: Recipient['route']; mailbox: string; reply: Reply; moved?: boolean }
  | { ok: false; reply: Reply; unknown?: boolean };

/** Is this name this host (its own name or a local domain)? */
function isSelf(world: World, host: string): boolean {
  const h = lower(host);
  return h === lower(world.hostname) || world.localDomains.some((d) => lower(d) === h);
}

function relays(world: World, host: string, authenticated = false): boolean {
  // RFC 6409 §3.1, §4.3: an authenticated submission client may send anywhere.
  if (authenticated) return true;
  const list = world.relayDomains.map(lower);
  return list.includes('*') || list.includes(lower(host));
}

/**
 * Where a recipient's mail would go in this world: a local mailbox, a relay,
 * a forwarding address (RFC 5321 §3.4, §3.6). Source routes are followed hop
 * by hop in the eras that had them (RFC 821 §3.6) and ignored afterwards
 * (RFC 1123 §5.2.6, RFC 5321 §4.1.2).
 */
export function resolveRecipient(
  world: World,
  dialect: Dialect,
  path: Path,
  authenticated = false,
): Resolution {
  if (path.kind === 'null')
    return {
      ok: false,
      reply: reply('badRecipient', { reason: 'the null path <> is not allowed here' }),
    };
  const domains = world.localDomains.map(lower);
  if (path.kind === 'postmaster') {
    // RFC 5321 §4.1.1.3: <Postmaster> without a domain MUST be accepted.
    return {
      ok: true,
      route: 'local',
      mailbox: `postmaster@${domains[0] ?? world.hostname}`,
      reply: reply('recipientOk'),
    };
  }
  const { mailbox } = path;
  if (dialect.sourceRoutes === 'follow') {
    // The first hop that is not this host decides where the mail goes next.
    const next = path.route.find((hop) => !isSelf(world, hop));
    if (next !== undefined) {
      return relays(world, next, authenticated)
        ? {
            ok: true,
            route: 'relay',
            mailbox: mailboxText(mailbox),
            reply: reply('recipientRelay'),
          }
        : { ok: false, reply: reply('relayDenied', { domain: next }) };
    }
  }
  if (!isSelf(world, mailbox.domain)) {
    return relays(world, mailbox.domain, authenticated)
      ? { ok: true, route: 'relay', mailbox: mailboxText(mailbox), reply: reply('recipientRelay') }
      : { ok: false, reply: reply('relayDenied', { domain: mailbox.domain }) };
  }
  const local = lower(mailbox.localValue);
  const forward = world.forwards.find((f) => lower(f.local) === local);
  if (forward) {
    return forward.mode === 'forward'
      ? {
          ok: true,
          route: 'forward',
          mailbox: forward.to,
          moved: true,
          reply: reply('willForward', { path: `<${forward.to}>` }),
        }
      : { ok: false, reply: reply('userNotLocal', { path: `<${forward.to}>` }) };
  }
  const known =
    world.users.some((u) => lower(u.local) === local) ||
    Object.keys(world.lists).some((l) => lower(l) === local);
  if (!known) return { ok: false, unknown: true, reply: reply('noSuchUser') };
  return {
    ok: true,
    route: 'local',
    mailbox: `${local}@${lower(mailbox.domain)}`,
    reply: reply('recipientOk'),
  };
}

function makeRecipient(
  path: Path,
  resolved: Extract<Resolution, { ok: true }>,
  params: readonly EsmtpParam[],
): Recipient {
  return { path, text: pathText(path), route: resolved.route, mailbox: resolved.mailbox, params };
}

/**
 * RFC 821 §3.6 (RFC 780 §3.2): relaying a source-routed recipient, this host
 * deletes its own name from the front of the forward-path (only if it is
 * there) and always puts it at the front of the reverse-path. Written in the
 * era's route syntax: `<@A,@B:u@h>` (RFC 821 §4.1.2), `<@A,@B,u@h>` (RFC 788).
 */
function onwardPaths(
  context: ServerContext,
  reversePath: Path,
  path: Path,
): Recipient['onward'] | undefined {
  if (path.kind !== 'mailbox' || path.route.length === 0) return undefined;
  const { world, dialect } = context;
  const sep = dialect.paths === 'legacy' ? ',' : ':';
  const write = (route: readonly string[], mailbox: string) =>
    `<${route.length ? `${route.map((h) => `@${h}`).join(',')}${sep}` : ''}${mailbox}>`;
  const forward = isSelf(world, path.route[0]!) ? path.route.slice(1) : path.route;
  const back =
    reversePath.kind === 'mailbox'
      ? write([world.hostname, ...reversePath.route], mailboxText(reversePath.mailbox))
      : pathText(reversePath);
  return { reversePath: back, forwardPath: write(forward, mailboxText(path.mailbox)) };
}

/** SEND/SOML/SAML: terminal, mailbox, or both, by whether the user is at a terminal (RFC 821 §3.4). */
function channelFor(
  world: World,
  mode: string,
  recipient: Recipient,
): Recipient['channel'] | 'absent' {
  if (mode === 'MAIL' || recipient.route === 'relay') return undefined;
  const user = lower(recipient.mailbox.split('@')[0]!);
  const active = world.terminals.some((t) => lower(t) === user);
  if (mode === 'SEND') return active ? 'terminal' : 'absent';
  if (mode === 'SOML') return active ? 'terminal' : 'mailbox';
  return active ? 'both' : 'mailbox'; // SAML
}

/** A refused RCPT is counted (RFC 5321 §3.3: DATA with no valid recipients). */
function refuseRecipient(envelope: Envelope, r: Reply): Outcome {
  return { reply: r, patch: { envelope: { ...envelope, refused: envelope.refused + 1 } } };
}

function recipient(context: ServerContext, event: CommandEvent): Outcome {
  const envelope = context.envelope!;
  if (event.malformedUtf8) return refuseRecipient(envelope, reply('recipientNotUtf8'));
  if (!event.parsed.ok) return refuseRecipient(envelope, event.parsed.reply);
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('RCPT without a path');
  const unqualified = unqualifiedDomain(context.world, value.path);
  if (unqualified !== null)
    return refuseRecipient(envelope, reply('recipientNotQualified', { domain: unqualified }));
  const refusal = checkParams(context, value.params, 'rcptParams');
  if (refusal) return refuseRecipient(envelope, refusal);
  if (needsUtf8(value.path) && !hasParam(envelope.mailParams, 'SMTPUTF8'))
    return refuseRecipient(envelope, reply('recipientNeedsUtf8'));
  // RFC 5321 §4.5.3.1.10: past the buffer, refuse further recipients, keep the others.
  if (envelope.recipients.length >= context.world.maxRecipients)
    return refuseRecipient(envelope, reply('tooManyRecipients'));
  const resolved = resolveRecipient(
    context.world,
    context.dialect,
    value.path,
    context.auth !== null,
  );
  if (!resolved.ok) return refuseRecipient(envelope, resolved.reply);
  const made = makeRecipient(value.path, resolved, value.params);
  const onward =
    resolved.route === 'relay' && context.dialect.sourceRoutes === 'follow'
      ? onwardPaths(context, envelope.reversePath, value.path)
      : undefined;
  const r = onward ? { ...made, onward } : made;
  const channel = channelFor(context.world, envelope.mode, r);
  // RFC 821 §3.4: SEND to a user who is not active may get 450.
  if (channel === 'absent') return refuseRecipient(envelope, reply('userNotActive'));
  const added = channel ? { ...r, channel } : r;
  return {
    reply: resolved.reply,
    patch: { envelope: { ...envelope, recipients: [...envelope.recipients, added] } },
  };
}

const data: Handler = (context, event) => {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const envelope = context.envelope;
  // RFC 3030 §2-§3: DATA after BDAT, or for BODY=BINARYMIME, gets 503.
  if (envelope?.chunks)
    return {
      reply: reply('badSequence', {
        reason: 'DATA after BDAT in the same transaction (RFC 3030 section 2)',
      }),
    };
  if (envelope && /^BINARYMIME$/i.test(paramValue(envelope.mailParams, 'BODY') ?? '')) {
    return {
      reply: reply('badSequence', {
        reason: 'BODY=BINARYMIME needs BDAT, not DATA (RFC 3030 section 3)',
      }),
    };
  }
  return { reply: reply('startData') };
};

const reset: Handler = (_context, event) =>
  event.parsed.ok
    ? { reply: reply('resetOk'), patch: { envelope: null } }
    : { reply: event.parsed.reply };

const quit: Handler = (context, event) => ({
  reply: event.parsed.ok ? reply('closing', { host: context.world.hostname }) : event.parsed.reply,
});

/** TURN (RFC 821 §3.8): "To refuse to change roles the receiver sends the 502 reply." */
const turn: Handler = (_context, event) => ({
  reply: event.parsed.ok ? reply('turnRefused') : event.parsed.reply,
});

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

function stringArg(event: CommandEvent): string {
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

const query: Handler = (context, event) => (QUERIES[event.command.verb] ?? noop)(context, event);

// --- MTP (RFC 772, RFC 780) -------------------------------------------------

/** A preliminary reply for a recipient that is not simply local (RFC 772 pp. 15-16, RFC 780 §3.1). */
function preliminaryFor(world: World, resolved: Resolution): Reply | null {
  if (resolved.ok && resolved.moved) return reply('forwardPreliminary', { path: resolved.mailbox });
  if (!resolved.ok && resolved.unknown && world.unknownRecipients === 'operator')
    return reply('operatorPreliminary');
  return null;
}

/** Where an MTP recipient goes, and the preliminary reply it gets (an unknown user may go to the operator, 152). */
function mtpTarget(world: World, dialect: Dialect, path: Path) {
  const resolved = resolveRecipient(world, dialect, path);
  const preliminary = preliminaryFor(world, resolved);
  const recipient: Recipient = resolved.ok
    ? makeRecipient(path, resolved, [])
    : { path, text: pathText(path), route: 'forward', mailbox: 'operator', params: [] };
  return { resolved, preliminary, recipient };
}

/**
 * MTP's MAIL: a sender, at most one recipient, then the text (RFC 772 p. 15,
 * RFC 780 §3). Without a recipient the selected scheme decides (§4.2): R sends
 * to the names MRCP stored, T stores the text for later MRCPs.
 */
function mtpMail(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'mtp') throw new Error('MTP MAIL without paths');
  const { world, dialect, mtp } = context;
  const base: Envelope = {
    mode: 'MAIL',
    reversePath: value.from,
    mailParams: [],
    recipients: [],
    refused: 0,
  };
  if (value.to === null) {
    if (mtp.scheme === 'R' && mtp.recipients.length > 0) {
      const envelope = { ...base, recipients: mtp.recipients };
      return { reply: reply('startData'), patch: { envelope, mtp: { ...mtp, recipients: [] } } };
    }
    if (mtp.scheme === 'T') {
      return {
        reply: reply('startData'),
        patch: { envelope: { ...base, store: true }, mtp: { ...mtp, stored: null } },
      };
    }
    // RFC 772 p. 18: a MAIL without TO and nothing stored is a null recipient.
    return { reply: reply('noValidRecipients') };
  }
  // A MAIL with a recipient resets the schemes' state, as MRSQ does (RFC 780 §4.2).
  const fresh = { ...mtp, recipients: [], stored: null };
  const { resolved, preliminary, recipient: r } = mtpTarget(world, dialect, value.to);
  if (!resolved.ok && !preliminary) return { reply: resolved.reply, patch: { mtp: fresh } };
  const envelope = { ...base, recipients: [r] };
  if (preliminary && dialect.preliminary === 'confirm') {
    return { reply: preliminary, patch: { envelope, mtp: fresh } };
  }
  return {
    ...(preliminary ? { preliminary } : {}),
    reply: reply('startData'),
    patch: { envelope, mtp: fresh },
  };
}

/** MRSQ (RFC 772 pp. 16-17, RFC 780 §4.1): select, query or reset the scheme; it always resets. */
function scheme(context: ServerContext, event: CommandEvent): Outcome {
  const { world, mtp } = context;
  if (world.mrsqSchemes.length === 0) return { reply: reply('notImplemented') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'scheme') throw new Error('MRSQ without a scheme');
  const cleared = { ...mtp, recipients: [], stored: null };
  if (value.scheme === null)
    return { reply: reply('noSchemeSelected'), patch: { mtp: { ...NO_MTP } } };
  if (value.scheme === '?')
    return {
      reply: reply('schemePreferred', { scheme: world.mrsqPreferred }),
      patch: { mtp: cleared },
    };
  if ((world.mrsqSchemes as readonly string[]).includes(value.scheme)) {
    return {
      reply: reply('schemeSelected'),
      patch: { mtp: { ...cleared, scheme: value.scheme as 'R' | 'T' } },
    };
  }
  return { reply: reply('schemeRefused'), patch: { mtp: cleared } };
}

/** MRCP (RFC 772 pp. 18-19, RFC 780 §4.3-§4.5): store a name (R) or send the stored text to it (T). */
function mtpRecipient(context: ServerContext, event: CommandEvent): Outcome {
  const { world, dialect, mtp } = context;
  if (mtp.scheme === null) return { reply: reply('noScheme') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('MRCP without a path');
  if (mtp.scheme === 'R' && mtp.recipients.length >= world.maxRecipients)
    return { reply: reply('recipientTableFull') };
  if (mtp.scheme === 'T' && !mtp.stored)
    return {
      reply: reply('badSequence', { reason: 'no text stored: send MAIL without TO first' }),
    };
  const { resolved, preliminary, recipient: r } = mtpTarget(world, dialect, value.path);
  if (!resolved.ok && !preliminary) return { reply: resolved.reply };
  if (preliminary && dialect.preliminary === 'confirm')
    return { reply: preliminary, patch: { held: r } };
  const done = completeRecipient(context, r, event.at);
  return preliminary ? { ...done, preliminary } : done;
}

/** What an MRCP does once it goes ahead (directly, or after CONT). */
function completeRecipient(context: ServerContext, r: Recipient, at: Date | undefined): Outcome {
  const { mtp } = context;
  if (mtp.scheme === 'R')
    return {
      reply: reply('nameStored'),
      patch: { mtp: { ...mtp, recipients: [...mtp.recipients, r] }, held: null },
    };
  const stored = mtp.stored!;
  const envelope: Envelope = {
    mode: 'MAIL',
    reversePath: stored.reversePath,
    mailParams: [],
    recipients: [r],
    refused: 0,
  };
  const delivered = deliver(context, envelope, {
    parts: [stored.content],
    size: stored.size,
    at: at ?? new Date(0),
  });
  return {
    reply: r.route === 'relay' ? reply('recipientRelay') : reply('storedMailSent'),
    patch: { accepted: context.accepted + 1, held: null },
    delivered: [delivered],
  };
}

/** CONT (RFC 780 §3.1): go on with the held MAIL (354) or MRCP. */
function cont(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  if (context.held) return completeRecipient(context, context.held, event.at);
  return { reply: reply('startData') };
}

/** ABRT (RFC 780 §3.1): drop the held action; "201 Command okay, action aborted". */
const cancel: Handler = (_context, event) =>
  event.parsed.ok
    ? { reply: reply('actionAborted'), patch: { envelope: null, held: null } }
    : { reply: event.parsed.reply };

// --- STARTTLS, AUTH, BDAT (RFC 3207, RFC 4954, RFC 3030) ----------------------

/** STARTTLS (RFC 3207 §4): 220, then the handshake; once TLS is active it is not offered again (§4.2). */
const starttls: Handler = (context, event) => {
  if (!event.parsed.ok)
    return { reply: reply('syntax', { syntax: 'STARTTLS (no parameters allowed)' }) };
  if (context.tls)
    return {
      reply: reply('badSequence', { reason: 'TLS is already active (RFC 3207 section 4.2)' }),
    };
  return { reply: reply('tlsReady') };
};

/** AUTH (RFC 4954 §4): mechanism and optional initial response; 334 challenges follow. */
function auth(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const { world } = context;
  if (context.auth)
    return {
      reply: reply('badSequence', { reason: 'already authenticated (RFC 4954 section 4)' }),
    };
  // §4 Note: plaintext mechanisms only under TLS when the policy says so.
  if (world.auth.requireTls && !context.tls) return { reply: reply('tlsRequired') };
  const [mechanism = '', initial, ...rest] = stringArg(event).split(' ');
  if (rest.length > 0)
    return { reply: reply('syntax', { syntax: 'AUTH <mechanism> [<initial-response>]' }) };
  const mech = mechanism.toUpperCase();
  if (!world.auth.mechanisms.includes(mech)) return { reply: reply('authUnknownMechanism') };
  if (mech === 'CRAM-MD5' && initial !== undefined)
    return { reply: reply('authNoInitialResponse', { mechanism: mech }) };
  const nonce = `${(event.at ?? new Date(0)).getTime()}.${context.errors + context.accepted + 1}`;
  const step = startSasl(mech, initial, world.accounts, { host: world.hostname, nonce });
  // A mechanism the world lists but the simulator cannot do (e.g. EXTERNAL) is unrecognized here.
  return step ? saslOutcome(mech, step) : { reply: reply('authUnknownMechanism') };
}

/** A line of the exchange after 334: `*` cancels (RFC 4954 §4). */
export function authResponse(
  context: ServerContext,
  event: Extract<ServerEvent, { type: 'smtp.auth-response' }>,
): Outcome {
  const state = context.sasl!;
  if (event.line === '*') return { reply: reply('authCancelled'), patch: { sasl: null } };
  return saslOutcome(state.mechanism, stepSasl(state, event.line, context.world.accounts));
}

function saslOutcome(mechanism: string, step: SaslStep): Outcome {
  switch (step.kind) {
    case 'challenge':
      return {
        reply: reply('authChallenge', { challenge: step.challenge }),
        patch: { sasl: step.state },
      };
    case 'success':
      return {
        reply: reply('authSucceeded'),
        patch: { sasl: null, auth: { user: step.user, mechanism } },
      };
    case 'failure':
      return { reply: reply('authFailed'), patch: { sasl: null } };
    case 'malformed':
      return { reply: reply('authMalformed'), patch: { sasl: null } };
  }
}

/** The handshake is done: back to the state after the greeting, knowing nothing from before (RFC 3207 §4.2). */
export function tlsEstablished(
  context: ServerContext,
  event: Extract<ServerEvent, { type: 'smtp.tls' }>,
): Outcome {
  return {
    reply: custom(220, ['TLS established']),
    patch: {
      tls: event.info,
      client: { ...context.client, name: null, hello: null },
      envelope: null,
      auth: null,
      sasl: null,
    },
  };
}

/** BDAT (RFC 3030 §2): exactly chunk-size octets follow; LAST ends the message. */
function bdat(context: ServerContext, event: CommandEvent): Outcome {
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'bdat' || !event.chunk) throw new Error('BDAT without its chunk');
  const envelope = context.envelope!;
  const before = envelope.chunks ?? { parts: [], size: 0, overflow: false };
  const size = before.size + event.chunk.size;
  const overflow = before.overflow || event.chunk.overflow || size > context.world.maxMessageSize;
  const chunks = { parts: overflow ? [] : [...before.parts, ...event.chunk.parts], size, overflow };
  if (!value.last)
    return {
      reply: reply('chunkReceived', { size: event.chunk.size }),
      patch: { envelope: { ...envelope, chunks } },
    };
  if (overflow) return { reply: reply('tooMuchData'), patch: { envelope: null } };
  return accept(context, envelope, { parts: chunks.parts, size, at: event.at ?? new Date(0) });
}

export const HANDLERS: Readonly<Record<Role, Handler>> = {
  hello,
  begin,
  recipient,
  data,
  reset,
  query,
  quit,
  turn,
  'mtp-mail': mtpMail,
  scheme,
  'mtp-recipient': mtpRecipient,
  continue: cont,
  cancel,
  starttls,
  auth,
  bdat,
};

// --- The end of the message text ---------------------------------------------

/** The end of message content: deliver (or store, MTP scheme T), or refuse as the limits say. */
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
  if (envelope.store) {
    const stored = {
      reversePath: envelope.reversePath,
      content: joinParts(d.content, d.size),
      size: d.size,
    };
    return { reply: reply('mailStored'), patch: { ...cleared, mtp: { ...context.mtp, stored } } };
  }
  // RFC 2920 §3.2 (4): 354 was given with no valid recipient: nothing may be sent to anybody.
  if (envelope.recipients.length === 0)
    return { reply: reply('noValidRecipients'), patch: cleared };
  const { at, offsetMinutes } = event;
  return accept(context, envelope, {
    parts: d.content,
    size: d.size,
    at,
    offsetMinutes,
    bareLfLines: d.bareLfLines,
  });
}

/**
 * The message is accepted (250): delivered to each recipient whose mailbox
 * takes it; for those whose delivery then fails, a delivery status
 * notification goes back to the sender (RFC 5321 §4.4 "undeliverable mail",
 * RFC 3461 §5, RFC 3464), and NOTIFY=SUCCESS asks for one on success too.
 */
/** A message as received: its content, when, and what the framer noticed. */
interface Received {
  readonly parts: readonly Uint8Array[];
  readonly size: number;
  readonly at: Date;
  readonly offsetMinutes?: number | undefined;
  readonly bareLfLines?: number;
}

const deliveryFails = (failing: ReadonlySet<string>, r: Recipient) =>
  r.route === 'local' && failing.has(lower(r.mailbox.split('@')[0]!));

/** RFC 3461 §4.1: no NOTIFY may be taken as NOTIFY=FAILURE. */
const notifyOf = (r: Recipient) =>
  (paramValue(r.params, 'NOTIFY') ?? 'FAILURE').toUpperCase().split(',');

function accept(context: ServerContext, envelope: Envelope, message: Received): Outcome {
  const { parts, size, at } = message;
  const failing = new Set(context.world.failingMailboxes.map(lower));
  const ok = envelope.recipients.filter((r) => !deliveryFails(failing, r));
  const failed = envelope.recipients.filter((r) => deliveryFails(failing, r));
  const delivered: Delivery[] = [];
  let accepted = context.accepted;
  // The content in one piece, copied once for the delivery and the notification.
  const content = joinParts(parts, size);
  if (ok.length > 0) {
    delivered.push(
      deliver(context, { ...envelope, recipients: ok }, { ...message, parts: [content] }),
    );
  }
  const messageId = context.idPrefix + (++accepted).toString(16).toUpperCase().padStart(8, '0');
  const report = notification(context, envelope, ok, failed, content, messageId, at);
  if (report) {
    const dsn: Envelope = {
      mode: 'MAIL',
      reversePath: { kind: 'null' },
      mailParams: [],
      recipients: [report.to],
      refused: 0,
    };
    const bytes = encode(report.message);
    // The server itself sends the notification, with a null reverse path (RFC 5321 §4.5.5).
    const self = {
      ...context,
      accepted,
      client: { ...context.client, name: context.world.hostname, hello: 'EHLO' },
    };
    delivered.push(
      deliver(self, dsn, {
        parts: [bytes],
        size: bytes.length,
        at,
        offsetMinutes: message.offsetMinutes,
      }),
    );
    accepted++;
  }
  return {
    reply: reply('queued', { id: messageId }),
    patch: { envelope: null, accepted },
    delivered,
  };
}

/** A DSN for this message, if one is due (RFC 3461 §5.2: none for a null reverse path; NOTIFY decides). */
function notification(
  context: ServerContext,
  envelope: Envelope,
  ok: readonly Recipient[],
  failed: readonly Recipient[],
  content: Uint8Array,
  id: string,
  at: Date,
): { to: Recipient; message: string } | null {
  if (envelope.reversePath.kind !== 'mailbox') return null;
  const failures = failed.filter((r) => notifyOf(r).includes('FAILURE'));
  const successes = ok.filter((r) => r.route !== 'relay' && notifyOf(r).includes('SUCCESS'));
  if (failures.length === 0 && successes.length === 0) return null;
  const sender = envelope.reversePath.mailbox;
  const resolved = resolveRecipient(context.world, context.dialect, envelope.reversePath, true);
  const to: Recipient = {
    path: envelope.reversePath,
    text: pathText(envelope.reversePath),
    route: resolved.ok ? resolved.route : 'relay',
    mailbox: mailboxText(sender),
    params: [],
  };
  const message = buildDsn({
    reportingMta: context.world.hostname,
    to: mailboxText(sender),
    envid: paramValue(envelope.mailParams, 'ENVID'),
    ret:
      (paramValue(envelope.mailParams, 'RET') ?? 'HDRS').toUpperCase() === 'FULL' ? 'FULL' : 'HDRS',
    arrival: at,
    id,
    recipients: [
      ...failures.map((r) => ({
        r,
        action: 'failed' as const,
        status: '5.2.2',
        diagnostic: 'smtp; 552 5.2.2 Mailbox full',
      })),
      ...successes.map((r) => ({ r, action: 'delivered' as const, status: '2.0.0' })),
    ].map(({ r, ...rest }) => ({
      ...rest,
      final: r.mailbox,
      original: paramValue(r.params, 'ORCPT'),
    })),
    content,
  });
  return { to, message };
}

/**
 * The Received line's WITH clause: SMTP or ESMTP (RFC 1869 §7), ESMTP with S
 * for TLS and A for AUTH (RFC 3848 §1, RFC 4954 §7), UTF8SMTP... when
 * SMTPUTF8 was used (RFC 6531 §4.3).
 */
function withProtocol(context: ServerContext, envelope: Envelope): string {
  const base = context.dialect.withProtocol[context.client.hello ?? 'HELO'] ?? 'SMTP';
  if (base !== 'ESMTP') return base;
  const utf8 = hasParam(envelope.mailParams, 'SMTPUTF8');
  return `${utf8 ? 'UTF8SMTP' : 'ESMTP'}${context.tls ? 'S' : ''}${context.auth ? 'A' : ''}`;
}

/** A delivery with the trace lines of the dialect's era prepended (RFC 5321 §4.4, RFC 821 §4.1.1 DATA). */
function deliver(context: ServerContext, envelope: Envelope, message: Received): Delivery {
  const { parts, size, at, offsetMinutes, bareLfLines = 0 } = message;
  const { world, client, dialect } = context;
  const id = context.idPrefix + (context.accepted + 1).toString(16).toUpperCase().padStart(8, '0');
  const reversePath = pathText(envelope.reversePath);
  const input = {
    heloName: client.name ?? 'unknown',
    clientAddress: client.address,
    serverName: world.hostname,
    protocol: withProtocol(context, envelope),
    id,
    ...(envelope.recipients.length === 1 ? { forPath: envelope.recipients[0]!.text } : {}),
    date: at,
    ...(offsetMinutes !== undefined ? { offsetMinutes } : {}),
  };
  // Only the era's own trace line is formatted.
  const stamp =
    dialect.trace === 'rfc788'
      ? mailFromField788(input)
      : dialect.trace === 'rfc821'
        ? receivedField821(input)
        : dialect.trace === 'rfc5321'
          ? receivedField(input)
          : '';
  // Final delivery adds the return path (RFC 5321 §4.4); a relay does not.
  const local = dialect.trace !== 'none' && envelope.recipients.some((r) => r.route !== 'relay');
  return {
    id,
    reversePath,
    recipients: envelope.recipients,
    trace: (local ? returnPathField(reversePath) : '') + stamp,
    content: concat(parts, size),
    size,
    receivedAt: at.toISOString(),
    bareLfLines,
  };
}
