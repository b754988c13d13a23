/**
 * Command syntax: a line becomes `{verb, args}`, then each verb's argument is
 * parsed as RFC 5321 §4.1.1-§4.1.2 writes it. Order is not checked here: that
 * is the machine's job. A syntax error comes back as the reply to send.
 */
import {
  checkAddressLiteral,
  checkDomain,
  parsePath,
  type AddressOptions,
  type Path,
  type PathOptions,
} from './address.ts';
import type { CommandSpec } from './commands.ts';
import { asciiUpper, parseParams, type EsmtpParam } from './params.ts';
import { reply, type Reply } from './replies.ts';

export interface Command {
  /** Command word, ASCII letters upper-cased (§2.4: verbs are case-insensitive in ASCII). */
  readonly verb: string;
  /** Everything after the verb and its one separating space. */
  readonly args: string;
  /** The line as received, without its line ending. */
  readonly line: string;
}

/**
 * Splits a command line at the first space. Only ASCII letters are folded:
 * a verb with any other letter ("MA\u0131L") is no verb, so it gets 500.
 */
export function splitCommand(line: string): Command {
  const space = line.indexOf(' ');
  const verb = asciiUpper(space < 0 ? line : line.slice(0, space));
  return { verb, args: space < 0 ? '' : line.slice(space + 1), line };
}

export type Arguments =
  | { readonly kind: 'none' }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'domain'; readonly domain: string; readonly literal: boolean }
  | { readonly kind: 'path'; readonly path: Path; readonly params: readonly EsmtpParam[] }
  /** MTP's MAIL: the sender and at most one recipient (null: none given, or `TO:<>`). */
  | { readonly kind: 'mtp'; readonly from: Path; readonly to: Path | null }
  /** BDAT's chunk size and whether it is the last (RFC 3030 §2). */
  | { readonly kind: 'bdat'; readonly size: number; readonly last: boolean }
  /** MRSQ's scheme letter, upper-cased, or null for none. */
  | { readonly kind: 'scheme'; readonly scheme: string | null };

export type ArgumentsParsed = { ok: true; value: Arguments } | { ok: false; reply: Reply };

export interface ParseOptions {
  /** SMTPUTF8 requested: UTF-8 allowed in addresses (RFC 6531). */
  readonly utf8?: boolean;
  /**
   * The dialect's path grammar (see address.ts). It also tells the eras'
   * command lines apart: spaces after the verb and the esmtp-value rule.
   */
  readonly grammar?: AddressOptions['grammar'];
  /** Whether `MAIL FROM:<>` exists in this era (RFC 788 §3.6 onward). */
  readonly nullReversePath?: boolean;
  /** Whether MAIL/RCPT may carry parameters (RFC 1869 §6 onward). */
  readonly params?: boolean;
  /** The era's longest path (see PathOptions.maxPath). */
  readonly maxPath?: number;
}

const fail = (r: Reply): ArgumentsParsed => ({ ok: false, reply: r });
/** Results every command without arguments shares (RSET, DATA, QUIT...): no object per line. */
const NO_ARGUMENTS: ArgumentsParsed = Object.freeze({
  ok: true,
  value: Object.freeze({ kind: 'none' }),
});
const NO_TEXT: ArgumentsParsed = Object.freeze({
  ok: true,
  value: Object.freeze({ kind: 'string', text: '' }),
});
const NO_PARAMS: readonly EsmtpParam[] = Object.freeze([]);
// Module-level helpers rather than closures: a closure per call is an
// allocation (and, under tsx, a `__name` call) on every command.
const syntaxError = (spec: CommandSpec) => fail(reply('syntax', { syntax: spec.syntax }));
const badPath = (mail: boolean, reason: string) =>
  fail(reply(mail ? 'badSender' : 'badRecipient', { reason }));
const badArguments = (reason: string) => fail(reply('badArguments', { reason }));

/** The path grammar in force: MTP's commands exist only in the 'legacy' eras. */
const grammarOf = (spec: CommandSpec, options: ParseOptions) =>
  options.grammar ??
  (spec.parse === 'mtp-mail' || spec.parse === 'mtp-rcpt' ? 'legacy' : 'rfc5321');

/**
 * Whether more than one space may follow the verb. RFC 772 p. 8, RFC 780
 * §5.1.2, RFC 788 §4.1.2 and RFC 821 §4.1.2 say the command code and the
 * argument fields "are separated by one or more spaces"; RFC 5321 §4.1.1
 * has exactly one SP. The dialect has no field for it: its path grammar
 * tells the eras apart ('legacy' and 'rfc821' are the texts before RFC
 * 5321; RFC 1123 and RFC 1869 kept RFC 821's).
 */
const spacedArguments = (spec: CommandSpec, options: ParseOptions) =>
  grammarOf(spec, options) !== 'rfc5321';

/**
 * RFC 772 p. 8: `<sender> ::= "<" <mailbox> ">"`, so only the recipient's
 * <path> has "@" <host> "," hops; RFC 780 §5.1.2 made it `<sender-path> ::=
 * <path>`. Each era's syntax line (verbs/mtp-mail.ts) names the symbol.
 */
const MAILBOX_SENDER = /FROM:<sender>/;

/** Parses the argument of a command whose verb is known. */
export function parseArguments(
  spec: CommandSpec,
  args: string,
  options: ParseOptions = {},
): ArgumentsParsed {
  if (spec.args === 'none') {
    if (args.trim() === '') return NO_ARGUMENTS;
    return fail(reply('unexpectedArguments', { verb: spec.verb }));
  }
  if (spec.args === 'required' && args.trim() === '') return syntaxError(spec);
  if (spacedArguments(spec, options)) args = args.replace(/^ +/, '');
  switch (spec.parse) {
    case 'none':
      return NO_ARGUMENTS;
    case 'string': {
      const text = args.trim();
      return text === '' ? NO_TEXT : { ok: true, value: { kind: 'string', text } };
    }
    case 'domain': {
      const text = args.trim();
      if (/\s/.test(text)) return syntaxError(spec);
      const literal = text.startsWith('[');
      const bad = literal ? checkAddressLiteral(text) : checkDomain(text, options);
      return bad
        ? fail(reply('badDomain', { reason: bad }))
        : { ok: true, value: { kind: 'domain', domain: text, literal } };
    }
    case 'mail':
    case 'rcpt':
      return parsePathCommand(spec, args, options);
    case 'mtp-mail':
    case 'mtp-rcpt':
      return parseMtpCommand(spec, args, options);
    case 'bdat': {
      // bdat-cmd ::= "BDAT" SP chunk-size [ SP end-marker ]; chunk-size ::= 1*DIGIT; end-marker ::= "LAST"
      // Any number of digits (the command line limit bounds them): leading zeros are no error.
      const m = /^(\d+)(?: (LAST))?$/i.exec(args);
      if (!m) return syntaxError(spec);
      // A count past 2^53 - 1 cannot be held exactly; it is far over any
      // message size this server takes, so it is read like any chunk over the
      // limit (octets counted, not kept, then refused as too much data).
      const size = Number(m[1]);
      return {
        ok: true,
        value: {
          kind: 'bdat',
          size: Number.isSafeInteger(size) ? size : Number.MAX_SAFE_INTEGER,
          last: m[2] !== undefined,
        },
      };
    }
    case 'scheme': {
      const text = args.trim();
      if (text === '') return { ok: true, value: { kind: 'scheme', scheme: null } };
      return text.length === 1
        ? { ok: true, value: { kind: 'scheme', scheme: asciiUpper(text) } }
        : syntaxError(spec);
    }
  }
}

/** What MAIL's and RCPT's paths allow under these options, made once per options object. */
const PATH_OPTIONS = new WeakMap<ParseOptions, { mail: PathOptions; rcpt: PathOptions }>();
function pathOptions(options: ParseOptions, mail: boolean): PathOptions {
  let known = PATH_OPTIONS.get(options);
  if (known === undefined) {
    const made = (mail: boolean): PathOptions => ({
      allowNull: mail && options.nullReversePath !== false,
      allowPostmaster: !mail && options.grammar !== 'legacy' && options.grammar !== 'rfc821',
      utf8: options.utf8,
      grammar: options.grammar,
      ...(options.maxPath !== undefined ? { maxPath: options.maxPath } : {}),
    });
    PATH_OPTIONS.set(options, (known = { mail: made(true), rcpt: made(false) }));
  }
  return mail ? known.mail : known.rcpt;
}

/** `MAIL FROM:<path> [params]` and `RCPT TO:<path> [params]` (§4.1.1.2-§4.1.1.3). */
function parsePathCommand(spec: CommandSpec, args: string, options: ParseOptions): ArgumentsParsed {
  const mail = spec.parse === 'mail';
  const keyword = mail ? 'FROM:' : 'TO:';
  if (asciiUpper(args.slice(0, keyword.length)) !== keyword) {
    return fail(reply('syntax', { syntax: spec.syntax }));
  }
  const rest = args.slice(keyword.length);
  // §3.3: "no further spaces are permitted" around the colon.
  if (rest.startsWith(' ')) return badPath(mail, `no space is allowed after "${keyword}"`);
  const path = parsePath(rest, pathOptions(options, mail));
  if (!path.ok) return badPath(mail, path.reason);
  let tail = path.rest;
  if (tail.trim() === '')
    return { ok: true, value: { kind: 'path', path: path.value, params: NO_PARAMS } };
  if (!tail.startsWith(' ') || options.params === false)
    return badPath(mail, `unexpected "${tail.trim()}" after the address`);
  tail = tail.slice(1).trimEnd();
  // RFC 1869 §6's esmtp-value (any CHAR but "=", SP and 0-31, so DEL too)
  // goes with RFC 821's grammar; RFC 5321 §4.1.2 narrowed it to %d33-60 / %d62-126.
  const params = parseParams(
    tail,
    options.utf8,
    options.grammar === 'rfc821' ? 'rfc1869' : 'rfc5321',
  );
  if (!params.ok) return fail(reply('badArguments', { reason: params.reason }));
  return { ok: true, value: { kind: 'path', path: path.value, params: params.params } };
}

/**
 * MTP (RFC 772 p. 8, RFC 780 §5.1.2): `MAIL <SP> FROM:<sender> [<SP> TO:<path>]`
 * and `MRCP <SP> TO:<path>`. An empty `TO:<>` names no recipient (RFC 772 p. 6).
 */
function parseMtpCommand(spec: CommandSpec, args: string, options: ParseOptions): ArgumentsParsed {
  const pathOptions = {
    grammar: grammarOf(spec, options),
    ...(options.maxPath !== undefined ? { maxPath: options.maxPath } : {}),
  } as const;
  let rest = args;
  let from: Path | null = null;
  if (spec.parse === 'mtp-mail') {
    if (asciiUpper(rest.slice(0, 5)) !== 'FROM:')
      return fail(reply('syntax', { syntax: spec.syntax }));
    const sender = parsePath(rest.slice(5), pathOptions);
    if (!sender.ok) return badArguments(sender.reason);
    if (
      sender.value.kind === 'mailbox' &&
      sender.value.route.length > 0 &&
      MAILBOX_SENDER.test(spec.syntax)
    )
      return badArguments('the sender is a mailbox: no route is allowed here');
    from = sender.value;
    rest = sender.rest.trimEnd();
    if (rest === '') return { ok: true, value: { kind: 'mtp', from, to: null } };
    // One or more spaces separate the arguments (RFC 772 p. 8).
    if (!rest.startsWith(' ')) return badArguments(`unexpected "${rest}" after the sender`);
    rest = rest.trimStart();
  }
  if (asciiUpper(rest.slice(0, 3)) !== 'TO:') return fail(reply('syntax', { syntax: spec.syntax }));
  const to = parsePath(rest.slice(3), { ...pathOptions, allowNull: spec.parse === 'mtp-mail' });
  if (!to.ok) return badArguments(to.reason);
  if (to.rest.trim() !== '')
    return badArguments(`unexpected "${to.rest.trim()}" after the recipient`);
  const recipient = to.value.kind === 'null' ? null : to.value;
  if (spec.parse === 'mtp-rcpt') {
    return { ok: true, value: { kind: 'path', path: to.value, params: [] } };
  }
  return { ok: true, value: { kind: 'mtp', from: from!, to: recipient } };
}
