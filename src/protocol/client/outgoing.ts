/**
 * What a client sends: the message and its envelope, the client's choices,
 * and each command line as the era writes it. Verbs are those of the era's
 * rooms (commandSpec): the client never sends a verb its server's era lacks.
 */
import type { Dialect } from '../dialects/index.ts';
import { commandSpec } from '../dialects/index.ts';
import { toBase64 } from '../sasl.ts';
import { stuffText } from '../stuffing.ts';

export interface OutgoingMessage {
  /** The reverse-path ('' for the null path of a bounce, RFC 5321 §4.5.5). */
  readonly from: string;
  readonly to: readonly string[];
  /** Header and body, lines ended by CRLF (or LF), without the final dot. */
  readonly text: string;
}

export interface ClientOptions {
  /** The name the client gives in HELO/EHLO (RFC 5321 §4.1.1.1). */
  readonly hello: string;
  /** STARTTLS (RFC 3207): never, when the server offers it, or required (no mail in the clear). */
  readonly starttls: 'never' | 'if-offered' | 'required';
  /** AUTH (RFC 4954) with these credentials, when the server offers it; required when given. */
  readonly auth?: {
    readonly user: string;
    readonly password: string;
    readonly mechanism?: 'PLAIN' | 'LOGIN';
  };
  /** Send MAIL, RCPT and DATA as one group when PIPELINING is offered (RFC 2920). */
  readonly pipelining: boolean;
  /** Send the message with BDAT when CHUNKING is offered (RFC 3030). */
  readonly chunking: boolean;
}

export const DEFAULT_CLIENT_OPTIONS: ClientOptions = {
  hello: 'client.test',
  starttls: 'if-offered',
  pipelining: true,
  chunking: false,
};

/** The message's lines (a last empty line, from a final line end, is not a line). */
export function messageLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** The message as sent after 354: each line stuffed as the era says, then the lone "." line. */
export function dataWire(lines: readonly string[], transparency: boolean): string {
  return [...stuffText(lines, transparency), '.'].map((l) => `${l}\r\n`).join('');
}

/** The message as a BDAT chunk carries it: the lines as they are, no stuffing, no dot (RFC 3030 §2). */
export function chunkText(lines: readonly string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** Octets in a string of UTF-16 code units, as sent in UTF-8. */
export function octets(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** True when some octet of the text is not 7-bit ASCII. */
export const isEightBit = (text: string) => /[^\x00-\x7f]/.test(text);

/** MAIL FROM, with SIZE (RFC 1870 §6) and BODY=8BITMIME (RFC 6152 §3) when offered and meaningful. */
export function mailCommand(
  dialect: Dialect,
  message: OutgoingMessage,
  extensions: ReadonlyMap<string, string> | null,
): string {
  const params: string[] = [];
  if (extensions?.has('SIZE')) params.push(`SIZE=${octets(message.text)}`);
  if (extensions?.has('8BITMIME') && isEightBit(message.text)) params.push('BODY=8BITMIME');
  const spec = commandSpec(dialect, 'MAIL');
  if (!spec) throw new Error(`${dialect.id} has no MAIL`);
  return [`MAIL FROM:<${message.from}>`, ...params].join(' ');
}

export const rcptCommand = (to: string) => `RCPT TO:<${to}>`;

/** MTP's MAIL carries the sender and one recipient, then the text (RFC 772 p. 9, RFC 780 §4.1). */
export const mtpMailCommand = (from: string, to: string) => `MAIL FROM:<${from}> TO:<${to}>`;

/** The first AUTH line: PLAIN with its initial response (RFC 4616 §2, RFC 4954 §4), or LOGIN. */
export function authCommand(auth: NonNullable<ClientOptions['auth']>): string {
  if ((auth.mechanism ?? 'PLAIN') === 'LOGIN') return 'AUTH LOGIN';
  return `AUTH PLAIN ${toBase64(`\0${auth.user}\0${auth.password}`)}`;
}

/** LOGIN's answers to the server's two 334 prompts: the user name, then the password. */
export function loginAnswer(auth: NonNullable<ClientOptions['auth']>, prompt: number): string {
  return toBase64(prompt === 0 ? auth.user : auth.password);
}
