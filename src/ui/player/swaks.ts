/**
 * A swaks command line that sends the client side of a transcript to a real
 * server: the greeting name, the envelope of the first transaction and its
 * message text. swaks dot-stuffs the text itself (RFC 5321 §4.5.2), so the
 * transcript's wire lines are unstuffed; every argument is single-quoted for
 * a POSIX shell, so nothing in a recording runs as a command.
 */
import type { TranscriptFile } from '../../protocol/transcript.ts';

/** A word for a POSIX shell: single quotes, and each single quote as '\''. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const path = (arg: string) => /<([^>]*)>/.exec(arg)?.[1] ?? arg.trim();

export interface SwaksParts {
  readonly helo: string | null;
  readonly from: string | null;
  readonly to: readonly string[];
  /** The message text as the client meant it (unstuffed), null when there is none. */
  readonly data: readonly string[] | null;
}

/** The first transaction's envelope and text, from the client lines. */
export function swaksParts(file: TranscriptFile): SwaksParts {
  let helo: string | null = null;
  let from: string | null = null;
  const to: string[] = [];
  let data: string[] | null = null;
  let inText = false;
  let done = false;
  for (const s of file.steps) {
    if (s.who === 'S') {
      if (s.code === 354 && data === null && from !== null) [inText, data] = [true, []];
      continue;
    }
    if (inText) {
      if (s.text === '.') [inText, done] = [false, true];
      else data!.push(s.text.startsWith('.') ? s.text.slice(1) : s.text);
      continue;
    }
    if (done) continue;
    // RSET drops the envelope so far (RFC 5321 §4.1.1.5): the transaction swaks replays is the one sent.
    if (/^RSET\b/i.test(s.text)) [from, to.length] = [null, 0];
    const m = /^(HELO|EHLO|MAIL FROM:|RCPT TO:)\s*(.*)$/i.exec(s.text);
    if (!m) continue;
    const verb = m[1]!.toUpperCase();
    if (verb === 'HELO' || verb === 'EHLO') helo ??= m[2]!.trim() || null;
    else if (verb === 'MAIL FROM:') from ??= path(m[2]!.split(/\s+(?=[A-Z-]+=)/i)[0]!);
    else to.push(path(m[2]!.split(/\s+(?=[A-Z-]+=)/i)[0]!));
  }
  return { helo, from, to, data };
}

/** `swaks --server HOST:PORT ...`; swaks reads `\n` in a --data string as a line end. */
export function swaksCommand(file: TranscriptFile, server: string): string {
  const p = swaksParts(file);
  const words = ['swaks', '--server', shellQuote(server)];
  if (p.helo) words.push('--helo', shellQuote(p.helo));
  if (p.from !== null) words.push('--from', shellQuote(p.from === '' ? '<>' : p.from));
  if (p.to.length) words.push('--to', shellQuote(p.to.join(',')));
  if (p.data) words.push('--data', shellQuote(p.data.join('\\n')));
  return words.join(' ');
}
