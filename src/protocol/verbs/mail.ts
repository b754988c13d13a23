/**
 * MAIL (RFC 821 §3.1, RFC 5321 §4.1.1.2): begin a transaction with the
 * reverse path. SEND, SOML and SAML begin one the same way (RFC 821 §3.4).
 */
import { pathText, type Path } from '../address.ts';
import { enabledExtensions, type ParamSpec } from '../extensions/index.ts';
import { hasParam, type EsmtpParam } from '../params.ts';
import { hasNullMx, unqualifiedDomain } from '../relay.ts';
import { reply, type Reply } from '../replies.ts';
import type { CommandEvent, Envelope, Outcome, ServerContext } from '../session-state.ts';
import { room } from './room.ts';

/** Checks MAIL/RCPT parameters against the enabled extensions (555 for unknown, RFC 5321 §4.1.1.11). */
export function checkParams(
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
export const needsUtf8 = (path: Path) => /[^\p{ASCII}]/u.test(pathText(path));

/** MAIL, SEND, SOML, SAML: begin a transaction (RFC 5321 §4.1.1.2, RFC 821 §3.4). */
export function begin(context: ServerContext, event: CommandEvent): Outcome {
  if (event.malformedUtf8) return { reply: reply('senderNotUtf8') };
  if (!event.parsed.ok) return { reply: event.parsed.reply };
  const value = event.parsed.value;
  if (value.kind !== 'path') throw new Error('MAIL without a path');
  const unqualified = unqualifiedDomain(context.world, value.path);
  if (unqualified !== null) return { reply: reply('senderNotQualified', { domain: unqualified }) };
  // RFC 7505 §4.1, §4.2: a reverse path at a null-MX domain could never take a bounce.
  if (
    context.world.refuseNullMxSenders &&
    value.path.kind === 'mailbox' &&
    hasNullMx(context.world, value.path.mailbox.domain)
  )
    return { reply: reply('nullMxSender', { domain: value.path.mailbox.domain }) };
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

/** What beginning a transaction may answer (MAIL, SEND, SOML, SAML); parameter checks add theirs. */
export const BEGIN_REPLIES = [
  'senderOk',
  'senderNotUtf8',
  'senderNotQualified',
  'nullMxSender',
  'senderNeedsUtf8',
  'parametersNotRecognized',
  'badArguments',
  'sizeExceedsLimit',
] as const;

export const MAIL = room({
  verb: 'MAIL',
  role: 'begin',
  parse: 'mail',
  args: 'required',
  eras: {
    rfc821: {
      syntax: 'MAIL <SP> FROM:<reverse-path> <CRLF>',
      summary: 'Start a transaction: deliver the mail to mailboxes',
      rfc: 'RFC 821 §4.1.1',
    },
    rfc5321: {
      syntax: 'MAIL FROM:<reverse-path> [SP <mail-parameters>]',
      summary: 'Start a mail transaction; the reverse path receives error reports',
      rfc: 'RFC 5321 §4.1.1.2',
    },
  },
  handle: begin,
  replies: BEGIN_REPLIES,
});
