/**
 * The notes a session writes into its transcript: what the client did that a
 * careful server notices without refusing it, each with the RFC rule. One
 * catalog, as replies have theirs; the transcript log words and cites each
 * note for the session's era (citations.ts `eraNote`).
 */
import { hasEightBit } from './bytes.ts';
import { asciiUpper, paramValue, type EsmtpParam } from './params.ts';

export interface Note {
  readonly text: string;
  readonly rfc: string;
}

export const NOTES = {
  bareLfCommand: (): Note => ({
    text: 'The line ended in a bare <LF>; SMTP lines end in <CRLF>.',
    rfc: 'RFC 5321 §2.3.8',
  }),

  /** RFC 2920 §3.1: EHLO, DATA, VRFY, EXPN, TURN, QUIT, NOOP (and AUTH) end a pipelined group. */
  notLastInGroup: (verb: string, inData: boolean): Note => ({
    text: `${verb} should be the last command of a pipelined group; ${
      inData
        ? 'the message text should wait for the 354 reply'
        : 'more commands followed it in the same send'
    }.`,
    rfc: 'RFC 2920 §3.1',
  }),

  /** RFC 3207 §4: what came after STARTTLS, before the handshake, is not taken as commands. */
  discardedAfterStarttls: (octets: number): Note => ({
    text: `${octets} octets sent after STARTTLS, before the handshake, were discarded.`,
    rfc: 'RFC 3207 §4',
  }),

  /** RFC 5321 §6.1: without storage the server must not take responsibility for the message. */
  notStored: (reason: string): Note => ({
    text: `The message could not be stored (${reason}), so it is not acknowledged: 451, and the client keeps responsibility for it.`,
    rfc: 'RFC 5321 §6.1',
  }),

  /** RFC 6152 §3: 8-bit octets only after BODY=8BITMIME (or BINARYMIME, RFC 3030 §3). */
  undeclaredEightBit: (body: string | undefined): Note => ({
    text: `The message has 8-bit octets but was declared ${body ?? 'without BODY=8BITMIME'}: a client may send them only after BODY=8BITMIME, to a server that offered 8BITMIME.`,
    rfc: 'RFC 6152 §3',
  }),

  /** RFC 5321 §2.3.8, §4.1.1.4: a bare LF in the text is data; only <CRLF>.<CRLF> ends it. */
  bareLfInText: (lines: number, lenient: boolean): Note => ({
    text: lenient
      ? `${lines} line(s) of the message ended in a bare <LF>, and this server took them as line ends: a <LF>.<LF> would have ended the message (SMTP smuggling).`
      : `The message has ${lines} bare <LF> (a LF without CR before it): kept as data, since only <CRLF> ends a line and only <CRLF>.<CRLF> ends the message.`,
    rfc: 'RFC 5321 §2.3.8, §4.1.1.4',
  }),
} as const;

/** The BODY= value of a transaction, upper-cased (RFC 6152 §2, RFC 3030 §3). */
export function bodyType(mailParams: readonly EsmtpParam[] | undefined): string | undefined {
  const body = mailParams ? paramValue(mailParams, 'BODY') : undefined;
  return body === undefined ? undefined : asciiUpper(body);
}

/** The text has 8-bit octets its BODY= did not declare (RFC 6152 §3). */
export function undeclaredEightBit(
  body: string | undefined,
  parts: readonly Uint8Array[],
): boolean {
  return body !== '8BITMIME' && body !== 'BINARYMIME' && parts.some(hasEightBit);
}
