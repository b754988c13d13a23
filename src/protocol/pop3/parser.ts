/**
 * A POP3 command line (RFC 1939 §3): a keyword of three or four characters,
 * case-insensitive, then arguments separated by single spaces, each at most
 * 40 characters, all printable ASCII; CRLF ends it. PASS may take spaces
 * inside its one argument (RFC 1939 §7), so the text after the keyword is
 * kept whole too.
 */

export interface Pop3Command {
  /** Upper case. */
  readonly keyword: string;
  readonly args: readonly string[];
  /** Everything after the keyword and its space, as sent. */
  readonly rest: string;
}

export type Parsed =
  | { readonly ok: true; readonly command: Pop3Command }
  | { readonly ok: false; readonly problem: string };

/** RFC 1939 §3: each argument may be up to 40 characters long. */
export const MAX_ARGUMENT = 40;

/**
 * Longest command line read, CRLF included: this server's bound. RFC 1939
 * gives no figure for a whole line; a keyword and two 40-character
 * arguments fit in well under 100 octets.
 */
export const MAX_COMMAND_LINE = 255;

export function parseCommand(line: string): Parsed {
  if (line === '') return { ok: false, problem: 'empty command line' };
  if (/[^\x20-\x7e]/.test(line))
    return { ok: false, problem: 'commands are printable ASCII only (RFC 1939 section 3)' };
  const space = line.indexOf(' ');
  const word = space < 0 ? line : line.slice(0, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  if (!/^[A-Za-z]{3,4}$/.test(word))
    return {
      ok: false,
      problem: `"${word.slice(0, 8)}" is not a command keyword (three or four letters, RFC 1939 section 3)`,
    };
  const keyword = word.toUpperCase();
  const args = rest === '' ? [] : rest.split(' ');
  return { ok: true, command: { keyword, args, rest } };
}

/** Checks the arguments of one command: how many, and not empty or too long (PASS is checked on its own). */
export function checkArgs(
  command: Pop3Command,
  min: number,
  max: number,
  usage: string,
): string | null {
  const n = command.args.length;
  if (command.args.some((a) => a === ''))
    return `arguments are separated by a single space (RFC 1939 section 3); usage: ${usage}`;
  if (n < min || n > max) return `usage: ${usage}`;
  if (command.args.some((a) => a.length > MAX_ARGUMENT))
    return `an argument is at most ${MAX_ARGUMENT} characters (RFC 1939 section 3)`;
  return null;
}

/** A message-number (RFC 1939 §4): decimal, from 1; null if the text is not one. */
export function messageNumber(text: string): number | null {
  if (!/^[0-9]{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}
