/**
 * Every importer behind one call, and the guess of which one fits when the
 * caller does not say (a capture by its magic number, text by which
 * importer reads most of its lines).
 */
import { isCapture } from './capture-file.ts';
import { inputLines, type ImportResult } from './dialogue.ts';
import { importCommands } from './commands.ts';
import { importPcap } from './pcap.ts';
import { importPostfix } from './postfix.ts';
import { importRaw } from './raw.ts';
import { importRfc } from './rfc.ts';
import { importSmtpServer } from './smtp-server.ts';
import { importSwaks } from './swaks.ts';

export type { ImportResult, Problem } from './dialogue.ts';

export const SOURCES = [
  'pcap',
  'swaks',
  'smtp-server',
  'postfix',
  'raw',
  'rfc',
  'commands',
] as const;
export type Source = (typeof SOURCES)[number];

const TEXT_IMPORTERS: Record<Exclude<Source, 'pcap'>, (text: string) => ImportResult> = {
  swaks: importSwaks,
  'smtp-server': importSmtpServer,
  postfix: importPostfix,
  raw: importRaw,
  rfc: importRfc,
  commands: importCommands,
};

/** What each text source's lines look like, for the guess. */
const SHAPES: Record<Exclude<Source, 'pcap' | 'commands'>, RegExp> = {
  swaks: /^( -> |<- {2}|<\*\* | ~> |<~ {2}|\*\*\* |=== )/,
  'smtp-server': /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] (TRACE|DEBUG|INFO |WARN |ERROR|FATAL) /,
  postfix: /\bpostfix\/[\w/-]+\[\d+\]: |\bsmtpd\[\d+\]: |^\s*(In|Out):\s/,
  raw: /^([<>*] |\d{3}[ -]|Trying |Connected to |Escape character )/,
  rfc: /^\s*(\[[^\]]*\] )?[CSR]:|^#/,
};
const VERB =
  /^(HELO|EHLO|MAIL|RCPT|DATA|RSET|VRFY|EXPN|HELP|NOOP|QUIT|SEND|SOML|SAML|TURN|STARTTLS|AUTH|BDAT|ETRN|MRSQ|MRCP)\b/i;

/** How much of a long input the guess reads. */
const GUESS_CHARS = 256 * 1024;
const GUESS_LINES = 2000;

export type Guess = { readonly source: Source } | { readonly unsure: string };

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Which importer fits: the one that reads most lines, if it reads at least 60% of them and clearly more than the next. */
export function detectSource(input: Uint8Array | string): Guess {
  if (typeof input !== 'string' && isCapture(input)) return { source: 'pcap' };
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  // The start of a long input tells the sources apart as well as the whole (a capture of
  // 100,000 lines was read five times over for the guess); a line cut there is left out.
  const head = inputLines(text.length > GUESS_CHARS ? text.slice(0, GUESS_CHARS) : text);
  if (text.length > GUESS_CHARS) head.pop();
  const lines = head.filter((l) => l.trim() !== '').slice(0, GUESS_LINES);
  if (lines.length === 0) return { unsure: 'the input is empty' };
  const scores = Object.entries(SHAPES).map(
    ([source, shape]) =>
      [source as Source, lines.filter((l) => shape.test(l)).length / lines.length] as const,
  );
  // A list of commands: its first line is a command verb and most lines are commands or message text.
  if (VERB.test(lines[0]!))
    scores.push(['commands', lines.filter((l) => VERB.test(l)).length / lines.length + 0.3]);
  scores.sort((a, b) => b[1] - a[1]);
  const [best, second] = scores;
  const score = Math.min(best![1], 1);
  if (score >= 0.6 && (!second || score - second[1] >= 0.2)) return { source: best![0] };
  const ranked = scores
    .slice(0, 3)
    .map(([s, x]) => `${s} ${pct(Math.min(x, 1))}`)
    .join(', ');
  return {
    unsure: `cannot tell which source this is (lines read by each: ${ranked}); say it with --from`,
  };
}

/** Imports with the given source, or the guessed one; throws the guess's reason when unsure. */
export function importTranscript(
  input: Uint8Array | string,
  from?: Source,
): ImportResult & { source: Source } {
  const guess = from ? { source: from } : detectSource(input);
  if ('unsure' in guess) throw new Error(guess.unsure);
  const { source } = guess;
  if (source === 'pcap') {
    const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
    return { ...importPcap(bytes), source };
  }
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return { ...TEXT_IMPORTERS[source](text), source };
}
