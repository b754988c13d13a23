/**
 * Session text as the RFCs print it, pasted from the RFC or written in the
 * transcript format: `C:`/`S:` lines, or `S:`/`R:` in the oldest RFCs (RFC
 * 772, 780, 788, 821 and RFC 3030 call the sender S and the receiver R), with
 * the RFC's indentation. What the printed examples add is read as
 * docs/transcript-format.md says: a trailing `<CRLF>` (RFC 772/780) is the
 * line end; a line `<CRLF>.<CRLF>` is the end of the text (`.`); a stage
 * direction (`S: <wait for open connection>`, RFC 2920 §4) becomes an
 * annotation. Header (`# key: value`) and annotation (`##`) lines are kept.
 * A line with no role (prose, a page footer, the second half of a line the
 * RFC wrapped) is reported: it is not guessed into the dialogue.
 */
import { isStageDirection } from '../transcript.ts';
import { DialogueBuilder, inputLines, type ImportResult } from './dialogue.ts';

const ROLE = /^\s*(?:\[([^\]]*)\] )?([CSR]):(?: ?(.*))?$/;
const HEADER = /^#\s*([\w-]+):\s*(.*)$/;
const ANNOTATION = /^##(?: (.*))?$/;

/**
 * A line's time stamp, role and text (ROLE's groups); the usual line, a role
 * at its very start, is read without the expression (a long capture is
 * hundreds of thousands of them).
 */
function roleOf(raw: string): readonly (string | undefined)[] | null {
  const role = raw[0];
  if ((role === 'C' || role === 'S' || role === 'R') && raw[1] === ':')
    return [raw, undefined, role, raw[2] === ' ' ? raw.slice(3) : raw.slice(2)];
  return ROLE.exec(raw);
}

/** S:/R: when the text has any `R:` line; C:/S: otherwise. */
export function usesSenderReceiver(lines: readonly string[]): boolean {
  return lines.some((l) => /^\s*R:/.test(l));
}

export function importRfc(text: string): ImportResult {
  const lines = inputLines(text);
  const b = new DialogueBuilder();
  const meta: Record<string, string> = {};
  const sr = usesSenderReceiver(lines);
  const pending: string[] = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    const note = ANNOTATION.exec(raw);
    if (note) {
      if (b.stepCount) b.note(note[1] ?? '');
      else pending.push(note[1] ?? '');
      return;
    }
    const header = HEADER.exec(raw);
    if (header) {
      const key = header[1]!.toLowerCase();
      meta[key] = Object.hasOwn(meta, key) ? `${meta[key]}\n${header[2]!}` : header[2]!;
      return;
    }
    if (raw.trim() === '') return;
    const m = roleOf(raw);
    if (!m) {
      const why = raw.startsWith('#')
        ? 'a comment, not a header line (# key: value)'
        : /\f|\[Page \d+\]/.test(raw)
          ? 'a page break or footer of the RFC'
          : 'no C:, S: or R: at its start (prose, or the rest of a line the RFC wrapped: join it by hand)';
      b.problem(n, raw, why);
      return;
    }
    const at = m[1];
    const client = sr ? m[2] === 'S' : m[2] === 'C';
    if (!sr && m[2] === 'R') {
      b.problem(n, raw, 'R: in a C:/S: text');
      return;
    }
    let body = m[3] ?? '';
    const trimmed = body.trim();
    if (trimmed.startsWith('<') && isStageDirection(trimmed)) {
      if (b.stepCount) b.note(`${m[2]}: ${body.trim()}`);
      else pending.push(`${m[2]}: ${body.trim()}`);
      return;
    }
    if (client) {
      // RFC 772/780 print the line end: `MAIL FROM:<A> <CRLF>`, the end of text `<CRLF>.<CRLF>`.
      if (trimmed === '<CRLF>.<CRLF>') body = '.';
      else if (body.endsWith('>')) body = body.replace(/ ?<CRLF>$/, '').replace(/ ?<CR><LF>$/, '');
      b.client(body, n, at);
    } else b.server(body, n, at);
  });
  if (pending.length) meta.note = [...(meta.note ? [meta.note] : []), ...pending].join('\n');
  return b.finish(meta);
}
