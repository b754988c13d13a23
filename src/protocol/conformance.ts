/**
 * What RFC 5321 lets a server answer at each step of `npm run check-server`'s
 * fixed sessions, as data: per step the codes that pass, the codes that also
 * conform but end what the step was for (a refusal, an old server), the
 * section that says so and how strongly; the reply-syntax rules are applied
 * by conformance-reader.ts. Pure; the TCP driver is src/cli/check-server.ts.
 */
import { DIALECTS } from './dialects/index.ts';

/** How strongly the RFC words the rule; both are reported as deviations. */
export type Level = 'MUST' | 'SHOULD';

export interface Rule {
  /** A few words: what the step is. */
  readonly title: string;
  readonly rfc: string;
  /** The rule in plain words (our own, not the RFC's). */
  readonly says: string;
  readonly level: Level;
  /** Codes that pass. Empty: the step is judged by something else (timing, syntax). */
  readonly pass: readonly number[];
  /** Codes that conform too, each with why; the step's purpose is then not reached. */
  readonly allowed?: Readonly<Record<number, string>>;
  /** Refusals that conform (the §4.3.2 list of the verb): later checks that need a yes are skipped. */
  readonly refused?: readonly number[];
}

const SEQ = DIALECTS.rfc5321.sequences;
const errorsOf = (verb: string): readonly number[] => SEQ[verb]!.error;
const AUTH_FIRST = 'the server wants AUTH first (RFC 4954 §6 gives 530 for that)';
const OLD_SERVER =
  'an old server without EHLO: §4.1.1.1 calls that a violation, but §4.3.2 permits 502 from an ' +
  'old server and §3.2 has clients fall back to HELO, so it is reported as information';
const VRFY_OFF =
  'VRFY not carried out: §4.3.2 lists 502 for VRFY, though §3.5.3 says such a server is not in ' +
  'full compliance and §7.3 asks a site that turns VRFY off to answer 252';

/** Reply syntax, checked on every line of every reply. */
const SYNTAX = {
  'reply-crlf': {
    title: 'reply line ending',
    rfc: 'RFC 5321 §2.3.8, §4.2',
    says: 'Every reply line ends with CR LF; nothing else may end a line.',
    level: 'MUST',
    pass: [],
  },
  'reply-code': {
    title: 'reply code',
    rfc: 'RFC 5321 §4.2, §4.3.2',
    says: 'A reply line starts with a three-digit code: first digit 2 to 5, second 0 to 5.',
    level: 'MUST',
    pass: [],
  },
  'reply-separator': {
    title: 'hyphen or space after the code',
    rfc: 'RFC 5321 §4.2, §4.2.1',
    says: 'After the code comes a hyphen when more lines follow, or a space on the last line.',
    level: 'MUST',
    pass: [],
  },
  'reply-same-code': {
    title: 'one code per multiline reply',
    rfc: 'RFC 5321 §4.2.1',
    says: 'Every line of a multiline reply carries the same code.',
    level: 'MUST',
    pass: [],
  },
  'reply-bare-code': {
    title: 'code without text',
    rfc: 'RFC 5321 §4.2, §4.2.1',
    says: 'A reply should carry text; a last line with no text should still have the space after its code.',
    level: 'SHOULD',
    pass: [],
  },
  'reply-text': {
    title: 'reply text characters',
    rfc: 'RFC 5321 §4.2',
    says: 'Reply text is printable US-ASCII, spaces and tabs (the textstring of the grammar).',
    level: 'MUST',
    pass: [],
  },
  'reply-length': {
    title: 'reply line length',
    rfc: 'RFC 5321 §4.5.3.1, §4.5.3.1.5',
    says: 'A reply line, code and CR LF included, should stay within 512 octets.',
    level: 'SHOULD',
    pass: [],
  },
  'greeting-syntax': {
    title: 'greeting names the server',
    rfc: 'RFC 5321 §4.2, §4.3.1',
    says: "The 220 greeting's first line gives the server's domain (or address literal) right after the code.",
    level: 'MUST',
    pass: [],
  },
  'ehlo-syntax': {
    title: 'EHLO reply syntax',
    rfc: 'RFC 5321 §4.1.1.1',
    says:
      "A 250 to EHLO gives the server's domain on its first line; every further line is one " +
      'extension keyword (letters, digits, hyphens) with its parameters.',
    level: 'MUST',
    pass: [],
  },
} as const satisfies Record<string, Rule>;

/** The steps of the sessions. */
const STEPS = {
  greeting: {
    title: 'greeting',
    rfc: 'RFC 5321 §3.1, §4.3.2',
    says: 'On connection the server greets with 220, or refuses the session with 554.',
    level: 'MUST',
    pass: [220],
    allowed: { 554: 'the server refuses sessions (§3.1): nothing else can be checked' },
  },
  ehlo: {
    title: 'EHLO',
    rfc: 'RFC 5321 §4.1.1.1, §4.3.2',
    says: 'A server that supports service extensions answers EHLO with 250 and its extension list.',
    level: 'MUST',
    pass: [250],
    allowed: { 500: OLD_SERVER, 502: OLD_SERVER },
    refused: errorsOf('EHLO'),
  },
  helo: {
    title: 'HELO',
    rfc: 'RFC 5321 §4.1.1.1, §4.3.2',
    says: 'Every server supports HELO and answers it with 250.',
    level: 'MUST',
    pass: [250],
    refused: errorsOf('HELO'),
  },
  'helo-style': {
    title: 'HELO gets a plain reply',
    rfc: 'RFC 5321 §3.2',
    says: 'A server must not answer HELO with the EHLO-style list of extensions.',
    level: 'MUST',
    pass: [],
  },
  noop: {
    title: 'NOOP',
    rfc: 'RFC 5321 §4.1.1.9',
    says: 'NOOP does nothing and gets 250.',
    level: 'MUST',
    pass: [250],
  },
  'noop-arg': {
    title: 'NOOP with a parameter',
    rfc: 'RFC 5321 §4.1.1.9',
    says: 'A parameter given to NOOP should be ignored: still 250.',
    level: 'SHOULD',
    pass: [250],
  },
  vrfy: {
    title: 'VRFY',
    rfc: 'RFC 5321 §3.5, §4.3.2',
    says: 'VRFY gets 250, 251 or 252, or one of the errors §4.3.2 lists for it.',
    level: 'MUST',
    pass: [250, 251, 252],
    allowed: { 500: VRFY_OFF, 502: VRFY_OFF, 530: AUTH_FIRST },
    refused: errorsOf('VRFY'),
  },
  unknown: {
    title: 'unknown command',
    rfc: 'RFC 5321 §4.2.4, §3.8',
    says: 'A command the server does not recognize gets 500, and the connection stays open.',
    level: 'SHOULD',
    pass: [500],
  },
  'long-line': {
    title: 'command line over 512 octets',
    rfc: 'RFC 5321 §4.5.3.1.4, §4.3.2',
    says: 'A command line longer than the 512 octets every server must take may be refused with 500 ("line too long").',
    level: 'SHOULD',
    pass: [500],
    allowed: {
      250:
        'the server took the long line: allowed, as §4.5.3.1 asks for no fixed limits where ' +
        'possible and extensions may raise the 512 (§4.5.3.1.4)',
    },
  },
  'one-reply': {
    title: 'one reply per command',
    rfc: 'RFC 5321 §4.2',
    says: 'Every command gets exactly one reply.',
    level: 'MUST',
    pass: [],
  },
  'bare-lf-command': {
    title: 'bare LF in a command line',
    rfc: 'RFC 5321 §2.3.8',
    says: 'Only CR LF ends a line: a LF alone must not end a command line and have it carried out.',
    level: 'MUST',
    pass: [],
  },
  'no-reply': {
    title: 'reply in time',
    rfc: 'RFC 5321 §4.2',
    says: 'Every command gets a reply.',
    level: 'MUST',
    pass: [],
  },
  'closed-early': {
    title: 'connection kept open',
    rfc: 'RFC 5321 §3.8, §4.1.1.10',
    says: 'A server closes the connection only after its 221 to QUIT, after a 421, or on a timeout.',
    level: 'MUST',
    pass: [],
  },
  quit: {
    title: 'QUIT',
    rfc: 'RFC 5321 §4.1.1.10',
    says: 'QUIT gets 221.',
    level: 'MUST',
    pass: [221],
  },
  'quit-close': {
    title: 'close after QUIT',
    rfc: 'RFC 5321 §4.1.1.10, §3.8',
    says: 'After its 221 to QUIT the server closes the connection.',
    level: 'MUST',
    pass: [],
  },
  'mail-before-ehlo': {
    title: 'MAIL before EHLO',
    rfc: 'RFC 5321 §4.1.1.1, §4.1.4',
    says:
      'EHLO or HELO must come before MAIL, but that binds the client: the server may take the ' +
      'MAIL (250) or refuse it (503); other codes must be ones §4.3.2 lists for MAIL.',
    level: 'MUST',
    pass: [250, 503],
    allowed: { 530: AUTH_FIRST },
    refused: errorsOf('MAIL'),
  },
  'noop-before-ehlo': {
    title: 'NOOP before EHLO',
    rfc: 'RFC 5321 §4.1.4, §4.1.1.9',
    says: 'NOOP works before EHLO too: 250, not 503.',
    level: 'SHOULD',
    pass: [250],
  },
  'rset-before-ehlo': {
    title: 'RSET before EHLO',
    rfc: 'RFC 5321 §4.1.1.5, §4.1.4',
    says: 'RSET may be sent at any time and always gets 250.',
    level: 'MUST',
    pass: [250],
  },
  'vrfy-before-ehlo': {
    title: 'VRFY before EHLO',
    rfc: 'RFC 5321 §4.1.4, §4.3.2',
    says: 'VRFY is handled normally before EHLO too (not 503).',
    level: 'SHOULD',
    pass: [250, 251, 252],
    allowed: { 500: VRFY_OFF, 502: VRFY_OFF, 530: AUTH_FIRST },
    refused: errorsOf('VRFY'),
  },
  'rcpt-before-mail': {
    title: 'RCPT before MAIL',
    rfc: 'RFC 5321 §3.3',
    says: 'A RCPT with no MAIL before it gets 503 "Bad sequence of commands".',
    level: 'MUST',
    pass: [503],
    allowed: { 530: AUTH_FIRST },
  },
  'data-before-mail': {
    title: 'DATA before MAIL',
    rfc: 'RFC 5321 §3.3, §4.1.4, §4.3.2',
    says: 'DATA with no MAIL and no RCPT gets 503 (or 554 "no valid recipients").',
    level: 'MUST',
    pass: [503, 554],
    allowed: {
      354: 'the server took DATA; §3.3 then wants the incomplete transaction to fail after the text',
      530: AUTH_FIRST,
    },
  },
  'data-no-rcpt': {
    title: 'DATA before RCPT',
    rfc: 'RFC 5321 §3.3, §4.3.2',
    says: 'DATA after MAIL but with no recipient gets 503 (or 554 "no valid recipients").',
    level: 'MUST',
    pass: [503, 554],
    allowed: {
      354: 'the server took DATA; §3.3 then wants the incomplete transaction to fail after the text',
    },
  },
  'data-incomplete': {
    title: 'no message without recipients',
    rfc: 'RFC 5321 §3.3, §4.1.4',
    says: 'After a 354 to a transaction with no sender or no recipient, the end of the text gets a failure reply.',
    level: 'SHOULD',
    pass: [450, 451, 452, 503, 550, 552, 554],
  },
  mail: {
    title: 'MAIL',
    rfc: 'RFC 5321 §3.3, §4.3.2',
    says: 'MAIL after EHLO gets 250, or one of the refusals §4.3.2 lists for MAIL.',
    level: 'MUST',
    pass: [250],
    allowed: { 530: `${AUTH_FIRST}; try --profile submission` },
    refused: errorsOf('MAIL'),
  },
  'mail-before-auth': {
    title: 'MAIL before AUTH (submission)',
    rfc: 'RFC 6409 §4.3',
    says:
      'A submission server refuses MAIL with 530 until the client has authenticated (unless it ' +
      'trusts the client by other means, such as its network).',
    level: 'MUST',
    pass: [530],
  },
  rcpt: {
    title: 'RCPT',
    rfc: 'RFC 5321 §3.3, §4.3.2',
    says: 'RCPT for a local mailbox gets 250 (or 251), or one of the refusals §4.3.2 lists.',
    level: 'MUST',
    pass: [250, 251],
    allowed: { 530: AUTH_FIRST },
    refused: errorsOf('RCPT'),
  },
  rset: {
    title: 'RSET',
    rfc: 'RFC 5321 §4.1.1.5',
    says: 'RSET with no argument always gets 250.',
    level: 'MUST',
    pass: [250],
  },
  'rset-clears': {
    title: 'RSET clears the transaction',
    rfc: 'RFC 5321 §4.1.1.5, §3.3',
    says: 'RSET discards the sender and recipients: a RCPT right after it has no MAIL and gets 503.',
    level: 'MUST',
    pass: [503],
  },
  data: {
    title: 'DATA',
    rfc: 'RFC 5321 §3.3, §4.3.2',
    says: 'DATA after an accepted MAIL and RCPT gets 354, or 503 or 554.',
    level: 'MUST',
    pass: [354],
    refused: errorsOf('DATA'),
  },
  'dot-stuffing': {
    title: 'dot transparency',
    rfc: 'RFC 5321 §4.5.2',
    says:
      'Only a line holding a single period ends the text; a line that starts with a period and ' +
      'has more on it is text (the server removes that first period).',
    level: 'MUST',
    pass: [],
  },
  'end-of-data': {
    title: 'end of the text',
    rfc: 'RFC 5321 §4.1.1.4, §4.3.2',
    says: 'The end of the text gets 250 when the message is taken, or one of the failures §4.3.2 lists.',
    level: 'MUST',
    pass: [250],
    refused: SEQ.DATA!.afterData,
  },
  'lf-dot-lf': {
    title: '<LF>.<LF> is not the end',
    rfc: 'RFC 5321 §4.1.1.4',
    says: 'Only <CRLF>.<CRLF> ends the text: <LF>.<LF> must not be taken for it (the hole behind SMTP smuggling).',
    level: 'MUST',
    pass: [],
  },
  'recipients-100': {
    title: '100 recipients',
    rfc: 'RFC 5321 §4.5.3.1.8, §4.5.3.1.10',
    says:
      'A server buffers at least 100 recipients per message: refusing any of the first 100 for ' +
      'their number is a violation (452 is for those past its limit).',
    level: 'MUST',
    pass: [250, 251],
  },
} as const satisfies Record<string, Rule>;

export const RULES = { ...SYNTAX, ...STEPS } as const satisfies Record<string, Rule>;
export type RuleId = keyof typeof RULES;

/** Codes any command may get (§4.3.2, §3.8): the server is shutting down. */
export const SHUTDOWN = 421;

export type Verdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'allowed'; readonly why: string }
  | { readonly kind: 'deviation' };

/** Judges one reply code at a step. */
export function judge(id: RuleId, code: number): Verdict {
  const rule: Rule = RULES[id];
  if (rule.pass.includes(code)) return { kind: 'pass' };
  if (code === SHUTDOWN)
    return { kind: 'allowed', why: 'the server is closing (421 may answer any command, §3.8)' };
  const why = rule.allowed?.[code];
  if (why) return { kind: 'allowed', why };
  if (rule.refused?.includes(code))
    return { kind: 'allowed', why: `${code} is a refusal §4.3.2 lists here: later checks skipped` };
  return { kind: 'deviation' };
}

/** The codes a step expects, for the report ("503 or 554"). */
export function expected(id: RuleId): string {
  const pass = RULES[id].pass;
  return pass.length > 1 ? `${pass.slice(0, -1).join(', ')} or ${pass.at(-1)}` : pass.join('');
}
