/**
 * What every importer shares: the result shape, and a builder that turns the
 * lines each side sent into transcript steps (a multi-line reply is one step,
 * RFC 5321 §4.2.1). Nothing is dropped without a word: a line an importer
 * cannot read goes into `problems` with its line number and the reason.
 */
import type { TranscriptFile, TranscriptStep } from '../transcript.ts';

export interface Problem {
  /** Line of the input (for a capture: the packet number), from 1; 0 for the whole input. */
  readonly line: number;
  /** The line as it stood (cut to 200 characters). */
  readonly text: string;
  readonly why: string;
}

export interface ImportResult {
  readonly transcript: TranscriptFile;
  readonly problems: readonly Problem[];
}

type Open = { code: number; lines: string[]; line: number; at?: string; notes: string[] };

const REPLY_LINE = /^(\d{3})([ -]?)(.*)$/;
const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);
type ServerStep = TranscriptStep & { who: 'S' };

/**
 * Collects the dialogue in the order it was sent. `line` on each step is the
 * line of the input it came from, so a replay's report points into that input.
 */
export class DialogueBuilder {
  readonly problems: Problem[] = [];
  private readonly steps: TranscriptStep[] = [];
  private open: Open | null = null;
  /** Client lines that arrived while a multi-line reply was still open (pipelining). */
  private held: { text: string; line: number; at?: string }[] = [];

  problem(line: number, text: string, why: string): void {
    this.problems.push({ line, text: cut(text), why });
  }

  client(text: string, line: number, at?: string): void {
    if (this.open) this.held.push(at === undefined ? { text, line } : { text, line, at });
    else
      this.steps.push(at === undefined ? { who: 'C', text, line } : { who: 'C', text, line, at });
  }

  /** One reply line; the reply is a step once its last line (code and space) has come. */
  server(text: string, line: number, at?: string): void {
    const m = REPLY_LINE.exec(text);
    if (!m) {
      this.problem(line, text, 'a reply line starts with a three-digit code (RFC 5321 §4.2)');
      return;
    }
    const code = Number(m[1]);
    if (this.open && this.open.code !== code) {
      this.problem(line, text, `code ${code} inside an unfinished ${this.open.code} reply`);
      this.close('unfinished: its last line never came');
    }
    this.open ??=
      at === undefined
        ? { code, lines: [], line, notes: [] }
        : { code, lines: [], line, notes: [], at };
    this.open.lines.push(m[3]!);
    if (m[2] !== '-') this.close();
  }

  /** Annotates the step last written (or the open reply). */
  note(text: string): void {
    if (this.open) this.open.notes.push(text);
    else if (this.steps.length) {
      const last = this.steps[this.steps.length - 1]!;
      this.steps[this.steps.length - 1] = { ...last, notes: [...(last.notes ?? []), text] };
    }
  }

  get stepCount(): number {
    return this.steps.length;
  }

  /** The last step written, to read what the dialogue is at (e.g. inside DATA). */
  get last(): TranscriptStep | undefined {
    return this.steps[this.steps.length - 1];
  }

  finish(meta: Record<string, string>): ImportResult {
    if (this.open) {
      this.problem(
        this.open.line,
        `${this.open.code}-${this.open.lines[0]}`,
        'the input ends inside a multi-line reply',
      );
      this.close('unfinished: its last line never came');
    }
    return { transcript: { meta, steps: this.steps }, problems: this.problems };
  }

  private close(note?: string): void {
    const o = this.open!;
    if (note) o.notes.push(note);
    // Fields set one by one: spreading small objects for each of many replies cost most of an import.
    // The lines are copied to a list of their own length: the one pushed to holds room for 17, and
    // a long capture keeps every reply (most of its memory, and of each collection's copying).
    const step: { -readonly [K in keyof ServerStep]: ServerStep[K] } = {
      who: 'S',
      code: o.code,
      lines: o.lines.length === 1 ? [o.lines[0]!] : o.lines.slice(),
      line: o.line,
    };
    if (o.at !== undefined) step.at = o.at;
    if (o.notes.length) step.notes = o.notes;
    this.steps.push(step);
    this.open = null;
    if (!this.held.length) return;
    const held = this.held;
    this.held = [];
    for (const h of held) this.steps.push({ who: 'C', ...h });
  }
}

/** Input lines: CRLF or LF ends; the empty piece after a final line end is not a line. */
export function inputLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Logs that do not record the message text (smtp-server, Postfix) show a 354
 * then the reply to the text: the end of the text is put in between, so a
 * replay sends an empty message there, and the step says so.
 */
export function endOfUnloggedText(
  b: DialogueBuilder,
  line: number,
  at?: string,
  note = 'The log does not record the message text: its end (a line with one dot) is put here.',
): void {
  const last = b.last;
  if (last?.who === 'S' && last.code === 354) {
    b.client('.', line, at);
    b.note(note);
  }
}
