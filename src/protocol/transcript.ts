/**
 * The one transcript format (docs/transcript-format.md): a header of
 * `# key: value` lines (title, source, dialect, starts, world JSON, note,
 * differs...), then the dialogue as the RFCs print it: `C:` lines the client
 * sends, `S:` lines the server answers (a multi-line reply is several `S:`
 * lines, `250-` ... `250 `). A step may carry a time stamp in brackets before
 * its role (`[2026-12-07T11:29:01.120Z] C: EHLO client.test`) and annotations,
 * `## text` lines right after it. printTranscript (transcript-print.ts) writes
 * the canonical form back, character for character.
 */

interface StepExtras {
  /** When the step was sent, as the source gave it (ISO 8601 when it knows the date). */
  readonly at?: string;
  /** Plain-words annotations of this step (`## ` lines after it). */
  readonly notes?: readonly string[];
}

export type TranscriptStep =
  | ({ readonly who: 'C'; readonly text: string; readonly line: number } & StepExtras)
  | ({
      readonly who: 'S';
      readonly code: number;
      readonly lines: readonly string[];
      readonly line: number;
    } & StepExtras);

export interface TranscriptFile {
  readonly steps: readonly TranscriptStep[];
  /**
   * `# key: value` header lines, keys in lower case, in the order they first
   * appear; a key given several times (several `# differs:` lines) keeps every
   * value, one per line.
   */
  readonly meta: Readonly<Record<string, string>>;
}

const HEADER = /^#\s*([\w-]+):\s*(.*)$/;
const ANNOTATION = /^##(?: (.*))?$/;
const STEP = /^\s*(?:\[([^\]]*)\] )?([CS]):(?: (.*))?$/;
const SERVER = /^(\d{3})([ -]?)(.*)$/;
/** Stage directions such as "S: <wait for open connection>" (RFC 2920 §4) are not protocol lines. */
export const isStageDirection = (body: string) =>
  /^<[a-z][^>]* [^>]*>$/i.test(body) && !/[@:]/.test(body);

type Open = { code: number; lines: string[]; line: number; at?: string; notes: string[] };

/** Reads a transcript; throws with the line number on a line that is not the format. */
export function parseTranscript(text: string): TranscriptFile {
  const steps: TranscriptStep[] = [];
  const meta: Record<string, string> = {};
  let open: Open | null = null;
  const annotate = (note: string, lineNo: number) => {
    if (open) open.notes.push(note);
    else if (steps.length > 0) {
      const last = steps[steps.length - 1]!;
      steps[steps.length - 1] = { ...last, notes: [...(last.notes ?? []), note] };
    } else
      throw new Error(
        `line ${lineNo}: an annotation (##) explains the step above it; before the first step use "# note:"`,
      );
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    const note = ANNOTATION.exec(raw);
    if (note) return annotate(note[1] ?? '', lineNo);
    const header = HEADER.exec(raw);
    if (header) {
      const key = header[1]!.toLowerCase();
      meta[key] = Object.hasOwn(meta, key) ? `${meta[key]}\n${header[2]!}` : header[2]!;
      return;
    }
    if (raw.startsWith('#') || raw.trim() === '') return;
    const m = STEP.exec(raw);
    if (!m) throw new Error(`line ${lineNo}: expected "C: " or "S: ", got ${JSON.stringify(raw)}`);
    const at = m[1];
    const body = m[3] ?? '';
    if (isStageDirection(body)) {
      if (steps.length > 0 || open) return annotate(`${m[2]}: ${body}`, lineNo);
      meta.note = Object.hasOwn(meta, 'note')
        ? `${meta.note}\n${m[2]}: ${body}`
        : `${m[2]}: ${body}`;
      return;
    }
    if (m[2] === 'C') {
      if (open)
        throw new Error(`line ${lineNo}: multi-line reply not finished before the client spoke`);
      steps.push({ who: 'C', text: body, line: lineNo, ...(at !== undefined ? { at } : {}) });
      return;
    }
    const r = SERVER.exec(body);
    if (!r) throw new Error(`line ${lineNo}: a server line must start with a 3-digit code`);
    const code = Number(r[1]);
    if (open && open.code !== code)
      throw new Error(`line ${lineNo}: code ${code} inside a ${open.code} reply`);
    open ??= { code, lines: [], line: lineNo, notes: [], ...(at !== undefined ? { at } : {}) };
    open.lines.push(r[3]!);
    if (r[2] !== '-') {
      steps.push(closeReply(open));
      open = null;
    }
  });
  if (open) throw new Error('the transcript ends inside a multi-line reply');
  return { steps, meta };
}

function closeReply(open: Open): TranscriptStep {
  return {
    who: 'S',
    code: open.code,
    // A list of its own length (the one pushed to holds room for 17): every reply is kept.
    lines: open.lines.slice(),
    line: open.line,
    ...(open.at !== undefined ? { at: open.at } : {}),
    ...(open.notes.length ? { notes: open.notes } : {}),
  };
}
