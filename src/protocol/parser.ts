/**
 * Command syntax: a line becomes `{verb, args}`, then each verb's argument is
 * parsed as RFC 5321 §4.1.1-§4.1.2 writes it. Order is not checked here: that
 * is the machine's job. A syntax error comes back as the reply to send.
 */
import { checkAddressLiteral, checkDomain, parsePath, type Path } from './address.ts';
import type { CommandSpec } from './commands.ts';
import { parseParams, type EsmtpParam } from './params.ts';
import { reply, type Reply } from './replies.ts';

export interface Command {
  /** Upper-cased command word (§2.4: verbs are case-insensitive). */
  readonly verb: string;
  /** Everything after the verb and its one separating space. */
  readonly args: string;
  /** The line as received, without its line ending. */
  readonly line: string;
}

/** Splits a command line at the first space. */
export function splitCommand(line: string): Command {
  const space = line.indexOf(' ');
  const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
  return { verb, args: space < 0 ? '' : line.slice(space + 1), line };
}

export type Arguments =
  | { readonly kind: 'none' }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'domain'; readonly domain: string; readonly literal: boolean }
  | { readonly kind: 'path'; readonly path: Path; readonly params: readonly EsmtpParam[] };

export type ArgumentsParsed = { ok: true; value: Arguments } | { ok: false; reply: Reply };

export interface ParseOptions {
  /** SMTPUTF8 requested: UTF-8 allowed in addresses (RFC 6531). */
  readonly utf8?: boolean;
}

const fail = (r: Reply): ArgumentsParsed => ({ ok: false, reply: r });

/** Parses the argument of a command whose verb is known. */
export function parseArguments(
  spec: CommandSpec,
  args: string,
  options: ParseOptions = {},
): ArgumentsParsed {
  const syntaxError = () => fail(reply('syntax', { syntax: spec.syntax }));
  if (spec.args === 'none')
    return args.trim() === '' ? { ok: true, value: { kind: 'none' } } : syntaxError();
  if (spec.args === 'required' && args.trim() === '') return syntaxError();
  switch (spec.parse) {
    case 'none':
      return { ok: true, value: { kind: 'none' } };
    case 'string':
      return { ok: true, value: { kind: 'string', text: args.trim() } };
    case 'domain': {
      const text = args.trim();
      if (/\s/.test(text)) return syntaxError();
      const literal = text.startsWith('[');
      const bad = literal ? checkAddressLiteral(text) : checkDomain(text, options);
      return bad
        ? fail(reply('badDomain', { reason: bad }))
        : { ok: true, value: { kind: 'domain', domain: text, literal } };
    }
    case 'mail':
    case 'rcpt':
      return parsePathCommand(spec, args, options);
  }
}

/** `MAIL FROM:<path> [params]` and `RCPT TO:<path> [params]` (§4.1.1.2-§4.1.1.3). */
function parsePathCommand(spec: CommandSpec, args: string, options: ParseOptions): ArgumentsParsed {
  const mail = spec.parse === 'mail';
  const keyword = mail ? 'FROM:' : 'TO:';
  const bad = (reason: string) => fail(reply(mail ? 'badSender' : 'badRecipient', { reason }));
  if (args.slice(0, keyword.length).toUpperCase() !== keyword) {
    return fail(reply('syntax', { syntax: spec.syntax }));
  }
  const rest = args.slice(keyword.length);
  // §3.3: "no further spaces are permitted" around the colon.
  if (rest.startsWith(' ')) return bad(`no space is allowed after "${keyword}"`);
  const path = parsePath(rest, { allowNull: mail, allowPostmaster: !mail, utf8: options.utf8 });
  if (!path.ok) return bad(path.reason);
  let tail = path.rest;
  if (tail.trim() === '')
    return { ok: true, value: { kind: 'path', path: path.value, params: [] } };
  if (!tail.startsWith(' ')) return bad(`unexpected "${tail}" after the address`);
  tail = tail.slice(1).trimEnd();
  const params = parseParams(tail, options.utf8);
  if (!params.ok) return fail(reply('badArguments', { reason: params.reason }));
  return { ok: true, value: { kind: 'path', path: path.value, params: params.params } };
}
