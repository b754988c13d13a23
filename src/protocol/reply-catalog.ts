/**
 * The one reply catalog: every reply the server sends, by name. Codes and
 * default texts follow RFC 5321 §4.2.2-§4.2.3 (or the RFC example named in
 * `rfc`); enhanced status codes follow RFC 3463 / RFC 5248. `{name}` fields are
 * filled in by `reply()`. Code, tests and lessons all refer to these names.
 */
import { ETRN_REPLIES } from './reply-catalog-etrn.ts';

export interface ReplyTemplate {
  readonly code: number;
  /** RFC 3463 code, sent only when ENHANCEDSTATUSCODES is on (RFC 2034 §3). */
  readonly enhanced?: string;
  readonly text: string;
  /** Where the code (and, when quoted, the text) comes from. */
  readonly rfc: string;
}

export const CATALOG = {
  // 1yz: preliminary replies of MTP (RFC 772 p. 14, RFC 780 §3.1); SMTP has none (RFC 788 Appendix E)
  forwardPreliminary: {
    code: 151,
    text: 'User not local; will forward to {path}',
    rfc: 'RFC 772 p. 14, RFC 780 §3.1',
  },
  // MTP's delayed start: 120 at connection, then 220 (RFC 772 p. 22; RFC 780 §5.3 after CONT).
  delayedGreeting: {
    code: 120,
    text: '{host} Service ready in {minutes} minutes',
    rfc: 'RFC 772 p. 22, RFC 780 §5.3',
  },
  operatorPreliminary: {
    code: 152,
    text: 'User unknown; mail will be forwarded by the operator',
    rfc: 'RFC 772 p. 14, RFC 780 §3.1',
  },
  // 2yz
  commandOkay: { code: 200, text: 'Command okay', rfc: 'RFC 772 p. 13, RFC 780 §5.2.1' },
  actionAborted: { code: 201, text: 'Command okay, action aborted', rfc: 'RFC 780 §3.1, §5.2.1' },
  schemeSelected: { code: 200, text: 'OK, use the specified scheme', rfc: 'RFC 780 §4.1' },
  noSchemeSelected: {
    code: 200,
    text: 'OK, no scheme selected',
    rfc: 'RFC 772 Appendix A, RFC 780 §4.1',
  },
  nameStored: { code: 200, text: 'OK, name stored', rfc: 'RFC 772 p. 18, RFC 780 §4.3' },
  schemePreferred: {
    code: 215,
    text: '{scheme} This is the scheme I prefer',
    rfc: 'RFC 772 p. 16, RFC 780 §4.1',
  },
  mailStored: { code: 250, text: 'Mail stored', rfc: 'RFC 772 Appendix B, RFC 780 §4.5' },
  storedMailSent: { code: 250, text: 'Stored mail sent', rfc: 'RFC 772 Appendix B' },
  turnAccepted: { code: 250, enhanced: '2.0.0', text: 'OK, changing roles', rfc: 'RFC 821 §3.8' },
  helpSystem: { code: 211, enhanced: '2.0.0', text: 'System status', rfc: 'RFC 5321 §4.2.2' },
  help: { code: 214, enhanced: '2.0.0', text: 'Help message', rfc: 'RFC 5321 §4.2.2' },
  greeting: { code: 220, text: '{host} Service ready', rfc: 'RFC 5321 §4.2.2' },
  closing: {
    code: 221,
    enhanced: '2.0.0',
    text: '{host} Service closing transmission channel',
    rfc: 'RFC 5321 §4.2.2',
  },
  hello: { code: 250, text: '{host} greets {client}', rfc: 'RFC 5321 §4.1.1.1, Appendix D' },
  ok: { code: 250, enhanced: '2.0.0', text: 'OK', rfc: 'RFC 5321 §4.2.2' },
  senderOk: { code: 250, enhanced: '2.1.0', text: 'OK', rfc: 'RFC 5321 §4.1.1.2' },
  recipientOk: { code: 250, enhanced: '2.1.5', text: 'OK', rfc: 'RFC 5321 §4.1.1.3' },
  recipientRelay: {
    code: 250,
    enhanced: '2.1.5',
    text: 'OK, will relay',
    rfc: 'RFC 5321 §3.6.2',
  },
  queued: { code: 250, enhanced: '2.0.0', text: 'OK: queued as {id}', rfc: 'RFC 5321 §4.1.1.4' },
  resetOk: { code: 250, enhanced: '2.0.0', text: 'OK', rfc: 'RFC 5321 §4.1.1.5' },
  verified: { code: 250, enhanced: '2.1.5', text: '{user}', rfc: 'RFC 5321 §3.5.2' },
  willForward: {
    code: 251,
    enhanced: '2.1.5',
    text: 'User not local; will forward to {path}',
    rfc: 'RFC 5321 §3.4, §4.2.2',
  },
  cannotVerify: {
    code: 252,
    enhanced: '2.5.0',
    text: 'Cannot VRFY user, but will accept message and attempt delivery',
    rfc: 'RFC 5321 §3.5.3, §4.2.2',
  },
  tlsReady: { code: 220, enhanced: '2.0.0', text: 'Ready to start TLS', rfc: 'RFC 3207 §4' },
  authSucceeded: {
    code: 235,
    enhanced: '2.7.0',
    text: 'Authentication Succeeded',
    rfc: 'RFC 4954 §6',
  },
  chunkReceived: {
    code: 250,
    enhanced: '2.0.0',
    text: '{size} octets received',
    rfc: 'RFC 3030 §2',
  },
  // 3yz
  authChallenge: { code: 334, text: '{challenge}', rfc: 'RFC 4954 §4' },
  startData: {
    code: 354,
    text: 'Start mail input; end with <CRLF>.<CRLF>',
    rfc: 'RFC 5321 §4.2.2',
  },
  // 4yz
  tlsNotAvailable: {
    code: 454,
    enhanced: '4.7.0',
    text: 'TLS not available due to temporary reason',
    rfc: 'RFC 3207 §4',
  },
  userNotActive: {
    code: 450,
    enhanced: '4.2.1',
    text: 'Requested mail action not taken: mailbox unavailable (user not at a terminal)',
    rfc: 'RFC 821 §3.4',
  },
  recipientTableFull: {
    code: 452,
    text: 'Recipient table full, this name not stored',
    rfc: 'RFC 772 p. 18, RFC 780 §4.3',
  },
  closingTooManyErrors: {
    code: 421,
    enhanced: '4.7.0',
    text: '{host} Too many errors, closing transmission channel',
    rfc: 'RFC 5321 §4.2.2 (421 may answer any command)',
  },
  closingTimeout: {
    code: 421,
    enhanced: '4.4.2',
    text: '{host} Timeout exceeded, closing transmission channel',
    rfc: 'RFC 5321 §4.5.3.2.7',
  },
  closingShutdown: {
    code: 421,
    enhanced: '4.3.2',
    text: '{host} Service shutting down, closing transmission channel',
    rfc: 'RFC 5321 §4.2.2, §3.8',
  },
  closingBusy: {
    code: 421,
    enhanced: '4.3.2',
    text: '{host} Too many connections, closing transmission channel',
    rfc: 'RFC 5321 §4.2.2, §3.8',
  },
  localError: {
    code: 451,
    enhanced: '4.3.0',
    text: 'Requested action aborted: local error in processing',
    rfc: 'RFC 5321 §4.2.2',
  },
  storageFailed: {
    code: 451,
    enhanced: '4.3.0',
    text: 'Requested action aborted: local error in processing (the message could not be stored; nothing was accepted)',
    rfc: 'RFC 5321 §6.1, §4.2.2',
  },
  closingSlowCommand: {
    code: 421,
    enhanced: '4.4.2',
    text: '{host} Command line not complete within {seconds} seconds, closing transmission channel',
    rfc: 'RFC 5321 §4.5.3.2.7, §4.2.2',
  },
  closingSlowData: {
    code: 421,
    enhanced: '4.4.2',
    text: '{host} Message text not complete within {seconds} seconds, closing transmission channel',
    rfc: 'RFC 5321 §4.5.3.2.7, §4.2.2',
  },
  recipientSizeLater: {
    code: 452,
    enhanced: '4.3.1',
    text: 'Insufficient storage for a {size} octet message to {path} now; try again later',
    rfc: 'RFC 1870 §6.4',
  },
  tooManyRecipients: {
    code: 452,
    enhanced: '4.5.3',
    text: 'Too many recipients',
    rfc: 'RFC 5321 §4.5.3.1.10',
  },
  // 5yz
  lineTooLong: { code: 500, enhanced: '5.5.2', text: 'Line too long', rfc: 'RFC 5321 §4.5.3.1.9' },
  unrecognized: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Syntax error, command unrecognized',
    rfc: 'RFC 5321 §4.2.2',
  },
  bareLf: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Syntax error, line ended in a bare <LF> (expected <CRLF>)',
    rfc: 'RFC 5321 §2.3.8',
  },
  syntax: { code: 501, enhanced: '5.5.4', text: 'Syntax: {syntax}', rfc: 'RFC 5321 §4.2.2' },
  authLineTooLong: {
    code: 500,
    enhanced: '5.5.6',
    text: 'Authentication Exchange line is too long',
    rfc: 'RFC 4954 §4, §6',
  },
  authCancelled: {
    code: 501,
    enhanced: '5.7.0',
    text: 'Authentication cancelled',
    rfc: 'RFC 4954 §4',
  },
  authMalformed: {
    code: 501,
    enhanced: '5.5.2',
    text: 'Cannot decode the response (not base64)',
    rfc: 'RFC 4954 §4',
  },
  authNoInitialResponse: {
    code: 501,
    enhanced: '5.7.0',
    text: '{mechanism} does not take an initial response: the server speaks first',
    rfc: 'RFC 4954 §4',
  },
  authUnknownMechanism: {
    code: 504,
    enhanced: '5.5.4',
    text: 'Unrecognized authentication type',
    rfc: 'RFC 4954 §4',
  },
  tlsRequired: {
    code: 530,
    enhanced: '5.7.0',
    text: 'Must issue a STARTTLS command first',
    rfc: 'RFC 3207 §4',
  },
  authRequired: {
    code: 530,
    enhanced: '5.7.0',
    text: 'Authentication required',
    rfc: 'RFC 4954 §6, RFC 6409 §4.3',
  },
  authFailed: {
    code: 535,
    enhanced: '5.7.8',
    text: 'Authentication credentials invalid',
    rfc: 'RFC 4954 §6',
  },
  senderNeedsUtf8: {
    code: 550,
    enhanced: '5.6.7',
    text: 'Mailbox unavailable: a non-ASCII address needs MAIL ... SMTPUTF8',
    rfc: 'RFC 6531 §3.5',
  },
  senderNotUtf8: {
    code: 553,
    enhanced: '5.1.7',
    text: 'Mailbox name not allowed: the address is not valid UTF-8',
    rfc: 'RFC 6531 §3.2, RFC 3629 §3',
  },
  recipientNotUtf8: {
    code: 553,
    enhanced: '5.1.3',
    text: 'Mailbox name not allowed: the address is not valid UTF-8',
    rfc: 'RFC 6531 §3.2, RFC 3629 §3',
  },
  senderNotQualified: {
    code: 554,
    enhanced: '5.1.8',
    text: 'Sender domain {domain} is not fully qualified',
    rfc: 'RFC 6409 §4.2',
  },
  recipientNotQualified: {
    code: 554,
    enhanced: '5.1.2',
    text: 'Recipient domain {domain} is not fully qualified',
    rfc: 'RFC 6409 §4.2',
  },
  recipientNeedsUtf8: {
    code: 553,
    enhanced: '5.6.7',
    text: 'Mailbox name not allowed: a non-ASCII address needs MAIL ... SMTPUTF8',
    rfc: 'RFC 6531 §3.5',
  },
  unexpectedArguments: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax error: {verb} takes no arguments',
    rfc: 'RFC 5321 §4.3.2',
  },
  badArguments: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Syntax error in parameters or arguments: {reason}',
    rfc: 'RFC 5321 §4.2.2',
  },
  badSender: {
    code: 501,
    enhanced: '5.1.7',
    text: 'Bad sender address syntax: {reason}',
    rfc: 'RFC 5321 §4.1.2, §4.1.4',
  },
  badRecipient: {
    code: 501,
    enhanced: '5.1.3',
    text: 'Bad recipient address syntax: {reason}',
    rfc: 'RFC 5321 §4.1.2',
  },
  badDomain: {
    code: 501,
    enhanced: '5.5.4',
    text: 'Invalid domain name: {reason}',
    rfc: 'RFC 5321 §4.1.1.1, §4.1.2',
  },
  schemeRefused: {
    code: 504,
    text: "I understand MRSQ but can't use that scheme",
    rfc: 'RFC 780 §4.1 (501 in RFC 772 p. 16)',
  },
  noScheme: {
    code: 503,
    text: 'No scheme specified yet; use MRSQ',
    rfc: 'RFC 772 p. 18, RFC 780 §4.3',
  },
  isAList: {
    code: 550,
    enhanced: '5.1.1',
    text: 'That is a mailing list, not a user',
    rfc: 'RFC 821 §3.3, RFC 5321 §3.5.1',
  },
  turnRefused: {
    code: 502,
    enhanced: '5.5.1',
    text: 'Command not implemented',
    rfc: 'RFC 821 §3.8',
  },
  notImplemented: {
    code: 502,
    enhanced: '5.5.1',
    text: 'Command not implemented',
    rfc: 'RFC 5321 §4.2.4',
  },
  badSequence: {
    code: 503,
    enhanced: '5.5.1',
    text: 'Bad sequence of commands: {reason}',
    rfc: 'RFC 5321 §4.1.4, §3.3',
  },
  parameterNotImplemented: {
    code: 504,
    enhanced: '5.5.4',
    text: 'Command parameter not implemented',
    rfc: 'RFC 5321 §4.2.2',
  },
  noSuchUser: {
    code: 550,
    enhanced: '5.1.1',
    text: 'No such user here',
    rfc: 'RFC 5321 §4.2.2, Appendix D.1',
  },
  noMatch: {
    code: 550,
    enhanced: '5.1.1',
    text: 'String does not match anything.',
    rfc: 'RFC 5321 §3.5.1',
  },
  accessDenied: {
    code: 550,
    enhanced: '5.7.1',
    text: 'Access denied to you.',
    rfc: 'RFC 5321 §3.5.3, §7.3',
  },
  relayDenied: {
    code: 550,
    enhanced: '5.7.1',
    text: 'Relaying denied: {domain} is not a domain this server accepts mail for',
    rfc: 'RFC 5321 §3.6.2, §7.1',
  },
  notAList: {
    code: 550,
    enhanced: '5.1.1',
    text: 'That is a user name, not a mailing list',
    rfc: 'RFC 5321 §3.5.1',
  },
  userNotLocal: {
    code: 551,
    enhanced: '5.1.6',
    text: 'User not local; please try {path}',
    rfc: 'RFC 5321 §3.4, §4.2.2',
  },
  tooMuchData: {
    code: 552,
    enhanced: '5.3.4',
    text: 'Too much mail data.',
    rfc: 'RFC 5321 §4.5.3.1.9',
  },
  recipientSizeLimit: {
    code: 552,
    enhanced: '5.3.4',
    text: 'A {size} octet message exceeds the size limit for {path} ({limit} octets)',
    rfc: 'RFC 1870 §6.4',
  },
  sizeExceedsLimit: {
    code: 552,
    enhanced: '5.3.4',
    text: 'Message size exceeds fixed maximum message size',
    rfc: 'RFC 1870 §6.1',
  },
  textLineTooLong: {
    code: 500,
    enhanced: '5.5.2',
    text: 'Line too long: a text line exceeded 1000 octets including <CRLF>',
    rfc: 'RFC 5321 §4.5.3.1.6, §4.5.3.1.9',
  },
  ambiguous: { code: 553, enhanced: '5.1.4', text: 'User ambiguous', rfc: 'RFC 5321 §3.5.1' },
  mailboxNotAllowed: {
    code: 553,
    enhanced: '5.1.3',
    text: 'Requested action not taken: mailbox name not allowed',
    rfc: 'RFC 5321 §4.2.2',
  },
  noMailHost: {
    code: 521,
    text: '{host} does not accept mail',
    rfc: 'RFC 7504 §3',
  },
  nullMxRecipient: {
    code: 556,
    enhanced: '5.1.10',
    text: 'Recipient domain {domain} does not accept mail (null MX)',
    rfc: 'RFC 7505 §4.1, RFC 7504 §4',
  },
  nullMxSender: {
    code: 550,
    enhanced: '5.7.27',
    text: 'Sender domain {domain} does not accept mail (null MX)',
    rfc: 'RFC 7505 §4.1',
  },
  noService: {
    code: 554,
    enhanced: '5.3.2',
    text: 'No SMTP service here',
    rfc: 'RFC 5321 §4.2.2, §3.1',
  },
  noValidRecipients: {
    code: 554,
    enhanced: '5.5.1',
    text: 'No valid recipients',
    rfc: 'RFC 5321 §3.3',
  },
  parametersNotRecognized: {
    code: 555,
    enhanced: '5.5.4',
    text: 'MAIL FROM/RCPT TO parameters not recognized or not implemented',
    rfc: 'RFC 5321 §4.1.1.11',
  },
  // ETRN (RFC 1985 §5.1): 250-253, 458, 459, 500, 501.
  ...ETRN_REPLIES,
} as const satisfies Record<string, ReplyTemplate>;
