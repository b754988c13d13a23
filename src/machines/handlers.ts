/**
 * What the server answers to a command that arrives in sequence, and how its
 * context changes: one handler per role (and per verb among the queries).
 * Pure functions of (context, event): the machine decides *whether* a command
 * is in sequence, these decide *what* it does. Era differences come from the
 * dialect's data (reply wording, hooks such as `preliminary` or `trace`).
 */
import { pathText, type Path } from '../protocol/address.ts';
import type { Role } from '../protocol/commands.ts';
import { enabledExtensions, ehloLines } from '../protocol/extensions/index.ts';
import type { ParamSpec } from '../protocol/extensions/index.ts';
import type { EsmtpParam } from '../protocol/params.ts';
import { custom, reply, type Reply } from '../protocol/replies.ts';
import type { CommandEvent, Envelope, ServerContext } from './types.ts';
import { auth, bdat, starttls } from './handlers/extensions.ts';
import { cancel, cont, mtpMail, mtpRecipient, scheme } from './handlers/mtp.ts';
import { hasParam, paramValue, type Handler, type Outcome } from './handlers/outcome.ts';
import { query } from './handlers/queries.ts';
import {
  channelFor,
  makeRecipient,
  onwardPaths,
  refuseRecipient,
  resolveRecipient,
  unqualifiedDomain,
} from './handlers/recipients.ts';

export type { Outcome } from './handlers/outcome.ts';
export { resolveRecipient } from './handlers/recipients.ts';
export { content } from './handlers/delivery.ts';
export { authResponse, tlsEstablished } from './handlers/extensions.ts';
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
