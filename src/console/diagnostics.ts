/**
 * Diagnostics before sending: each command line is shown the reply the
 * server would give it now, when that reply is a syntax error (500, 501,
 * 504, 555) or, on the first line, a sequence error (503). The reply comes
 * from the machine (see protocol-view.ts), so the underline and the server
 * always agree. Content lines get a note when the server would remove a dot.
 */
import { t } from '../kit/strings.ts';
import type { Session } from '../machines/session.ts';
import { commandSpec } from '../protocol/dialects/index.ts';
import { splitCommand } from '../protocol/parser.ts';
import { citeReply, citeTopic } from '../protocol/citations.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import { rawLine } from '../protocol/raw-line.ts';
import { contentLine } from './protocol-view.ts';

export interface Diagnostic {
  /** 1-based line of the console buffer. */
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly code?: number;
}

const SYNTAX_CODES = new Set([500, 501, 504, 555]);

export function diagnoseCommand(
  session: Session,
  text: string,
  lineNumber: number,
  first: boolean,
): Diagnostic | null {
  if (text.trim() === '') return null;
  const r = session.preview(text);
  if (!r) return null;
  const sequence = r.id === 'badSequence' || r.id === 'noValidRecipients';
  if (!SYNTAX_CODES.has(r.code) && !(sequence && first)) return null;
  const { verb, args } = splitCommand(text);
  const end = text.length + 1;
  let start = 1;
  // Point at the arguments when the verb itself is fine.
  if (r.code !== 500 && !sequence && args !== '') {
    start = verb.length + 2;
    const spec = commandSpec(session.dialect, verb);
    const close = text.indexOf('>');
    if (r.code === 555 && spec && (spec.parse === 'mail' || spec.parse === 'rcpt') && close > 0)
      start = close + 3;
  }
  const rfc = ` (${citeReply(session.dialect, r)})`;
  return {
    line: lineNumber,
    startColumn: Math.min(start, end - 1),
    endColumn: end,
    severity: sequence ? 'warning' : 'error',
    message: t('diagnostic.wouldAnswer', { reply: session.wire(r).trimEnd(), rfc }),
    code: r.code,
  };
}

/** A content line whose leading dot the server would remove, cited in the era's RFC (none in RFC 772). */
export function diagnoseContent(
  text: string,
  lineNumber: number,
  dialect?: Pick<Dialect, 'id' | 'rfc' | 'transparency'>,
): Diagnostic | null {
  const transparency = dialect?.transparency ?? true;
  if (contentLine(text, transparency) !== 'dot-lost') return null;
  const rfc = dialect ? citeTopic(dialect, 'transparency') : 'RFC 5321 §4.5.2';
  return {
    line: lineNumber,
    startColumn: 1,
    endColumn: 2,
    severity: 'info',
    message: t('diagnostic.dotLost', { rfc: rfc ?? '' }),
  };
}

/**
 * A raw line (`!raw ...`, lessons/run.ts) is no command and no text line:
 * only a backslash that starts no escape is marked (the line cannot be sent).
 * Undefined for any other line.
 */
export function diagnoseRaw(text: string, lineNumber: number): Diagnostic | null | undefined {
  const raw = rawLine(text);
  if (!raw) return undefined;
  if (raw.ok) return null;
  return {
    line: lineNumber,
    startColumn: raw.column,
    endColumn: raw.column + raw.escape.length,
    severity: 'error',
    message: t('diagnostic.raw.badEscape', { escape: raw.escape }),
  };
}

/** Diagnostics for the whole console buffer. */
export function diagnose(session: Session, lines: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  lines.forEach((text, i) => {
    const raw = diagnoseRaw(text, i + 1);
    const d =
      raw !== undefined
        ? raw
        : session.inData
          ? diagnoseContent(text, i + 1, session.dialect)
          : diagnoseCommand(session, text, i + 1, i === 0);
    if (d) out.push(d);
  });
  return out;
}
