/**
 * The scripted SMTP session every engine benchmark feeds: EHLO once, then per
 * message MAIL, three RCPT, DATA, a 10 KB body with dot-leading lines, the
 * final dot and RSET; QUIT at the end. The same bytes go to both servers.
 */
import type { World } from '../../src/protocol/world.ts';
import { stuffed, textLines } from './util.ts';

export const SENDER = 'alice@example.test';
/** Local users of the simulator's default world; smtp-server is told to accept exactly these. */
export const RECIPIENTS = ['bob@example.test', 'alice@example.test', 'postmaster@example.test'];

/** Replies per message: MAIL, 3 x RCPT, DATA (354), end of data (250), RSET. */
export const REPLIES_PER_MESSAGE = 7;

/** The message content (headers and text), as lines before dot-stuffing. */
export function messageLines(bodyBytes = 10 * 1024, seed = 42): string[] {
  const headers = [
    `From: Alice <${SENDER}>`,
    `To: ${RECIPIENTS.join(', ')}`,
    'Subject: benchmark message',
    'Message-ID: <bench-1@client.test>',
    'Date: Sun, 1 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
  ];
  const text = textLines(bodyBytes, seed, 0.01);
  // Whatever the random draw gave, the text has lines that need stuffing, a
  // lone-dot-looking line among them (RFC 5321 §4.5.2).
  text.splice(3, 0, '.hidden line', '.', '..two dots', '...');
  return [...headers, ...text];
}

/** Lines on the wire per message (commands, stuffed content, final dot). */
export function linesPerMessage(lines: readonly string[]): number {
  return 1 + RECIPIENTS.length + 1 + lines.length + 1 + 1;
}

/** One message's transaction on the wire, RSET included. */
export function transaction(lines: readonly string[]): string {
  return (
    `MAIL FROM:<${SENDER}>\r\n` +
    RECIPIENTS.map((r) => `RCPT TO:<${r}>\r\n`).join('') +
    'DATA\r\n' +
    stuffed(lines) +
    '.\r\n' +
    'RSET\r\n'
  );
}

export interface Turn {
  /** What the client sends at once (views into Script.bytes). */
  readonly bytes: Uint8Array;
  /** Replies it waits for before sending the next turn. */
  readonly replies: number;
}

export interface Script {
  readonly bytes: Buffer;
  /**
   * The same bytes cut where a pipelining client waits for replies (RFC 2920
   * §3.1, as Nodemailer does): EHLO; MAIL + 3 RCPT + DATA; content, "." and
   * RSET; ...; QUIT.
   */
  readonly turns: Turn[];
  readonly messages: number;
  /** Replies the client's input asks for (the greeting not included). */
  readonly replies: number;
  /** CRLF-terminated lines in the input. */
  readonly lines: number;
}

/** EHLO, `messages` transactions, then QUIT unless told not to (a session left open). */
export function script(
  messages: number,
  lines: readonly string[] = messageLines(),
  quit = true,
): Script {
  const one = transaction(lines);
  const text = `EHLO client.test\r\n${one.repeat(messages)}${quit ? 'QUIT\r\n' : ''}`;
  const bytes = Buffer.from(text, 'latin1');
  const ehlo = 'EHLO client.test\r\n'.length;
  const envelope = one.indexOf('DATA\r\n') + 'DATA\r\n'.length;
  const turns: Turn[] = [{ bytes: bytes.subarray(0, ehlo), replies: 1 }];
  for (let m = 0, at = ehlo; m < messages; m++, at += one.length) {
    turns.push({ bytes: bytes.subarray(at, at + envelope), replies: 2 + RECIPIENTS.length });
    turns.push({ bytes: bytes.subarray(at + envelope, at + one.length), replies: 2 });
  }
  if (quit) turns.push({ bytes: bytes.subarray(bytes.length - 'QUIT\r\n'.length), replies: 1 });
  let count = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) count++;
  return {
    bytes,
    turns,
    messages,
    replies: 1 + REPLIES_PER_MESSAGE * messages + (quit ? 1 : 0),
    lines: count,
  };
}

/** After EHLO, the lines a person types in turn: a transaction opened and dropped, with VRFY and NOOP in it. */
export const TYPED_CYCLE = [
  'MAIL FROM:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'VRFY bob',
  'NOOP',
  'RSET',
];

/**
 * The junk-command limit (NOOP/RSET/VRFY/EXPN/HELP past `maxJunkCommands`
 * count as errors) and the error limit switched off, so a long session of
 * such lines stays open.
 */
export const NO_LIMITS = { maxErrors: Infinity, maxJunkCommands: Infinity } as Partial<World>;
