/**
 * Transcript files as the RFCs print sessions: `C:` lines the client sends,
 * `S:` lines the server answers (a multi-line reply is several `S:` lines,
 * `250-` ... `250 `). Lines starting with `#` are comments; a `# world:` line
 * holds JSON for the simulated world and `# dialect:` names the dialect;
 * `# differs: LINE reason` records where the printed example itself departs
 * from its RFC's rules, or needs what the simulator does not model.
 */

export type TranscriptStep =
  | { readonly who: 'C'; readonly text: string; readonly line: number }
  | {
      readonly who: 'S';
      readonly code: number;
      readonly lines: readonly string[];
      readonly line: number;
    };

export interface TranscriptFile {
  readonly steps: readonly TranscriptStep[];
  /** `# key: value` header comments (title, source, world, dialect...). */
  readonly meta: Readonly<Record<string, string>>;
}

const SERVER = /^(\d{3})([ -]?)(.*)$/;

export function parseTranscript(text: string): TranscriptFile {
  const steps: TranscriptStep[] = [];
  const meta: Record<string, string> = {};
  let open: { code: number; lines: string[]; line: number } | null = null;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const comment = /^#\s*([\w-]+):\s*(.*)$/.exec(raw);
    if (comment) {
      const key = comment[1]!.toLowerCase();
      // A key given twice (e.g. several `# differs:` lines) keeps every value, one per line.
      meta[key] = key in meta ? `${meta[key]}\n${comment[2]!}` : comment[2]!;
      return;
    }
    if (raw.startsWith('#') || raw.trim() === '') return;
    const m = /^\s*([CS]):(?: (.*))?$/.exec(raw);
    if (!m) throw new Error(`line ${lineNo}: expected "C: " or "S: ", got ${JSON.stringify(raw)}`);
    const body = m[2] ?? '';
    // Stage directions such as "S: <wait for open connection>" (RFC 2920 §4) are not protocol lines.
    if (/^<[a-z][^>]* [^>]*>$/i.test(body) && !/[@:]/.test(body)) return;
    if (m[1] === 'C') {
      if (open)
        throw new Error(`line ${lineNo}: multi-line reply not finished before the client spoke`);
      steps.push({ who: 'C', text: body, line: lineNo });
      return;
    }
    const r = SERVER.exec(body);
    if (!r) throw new Error(`line ${lineNo}: a server line must start with a 3-digit code`);
    const code = Number(r[1]);
    if (open && open.code !== code)
      throw new Error(`line ${lineNo}: code ${code} inside a ${open.code} reply`);
    open ??= { code, lines: [], line: lineNo };
    open.lines.push(r[3]!);
    if (r[2] !== '-') {
      steps.push({ who: 'S', code, lines: open.lines, line: open.line });
      open = null;
    }
  });
  if (open) throw new Error('the transcript ends inside a multi-line reply');
  return { steps, meta };
}
