/**
 * Hovers: a verb shows its syntax, summary and RFC section (commands.ts); a
 * reply code shows what it means in the session's era first, then the
 * catalog's replies with that code, each cited in the era's RFC
 * (citations.ts); an enhanced status code, from RFC 2034 on, its replies.
 */
import { plural, t } from '../ui/strings.ts';
import { rawLine } from '../protocol/raw-line.ts';
import { showBytes } from '../protocol/bytes.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { citeReplyFrom, citeReply, eraLimit, eraMeaning } from '../protocol/citations.ts';
import { CATALOG, type ReplyId, type ReplyTemplate } from '../protocol/replies.ts';

export interface HoverInfo {
  /** Markdown paragraphs. */
  readonly contents: readonly string[];
  /** 1-based columns of the word hovered. */
  readonly startColumn: number;
  readonly endColumn: number;
}

const entries = Object.entries(CATALOG) as [ReplyId, ReplyTemplate][];
const templates = entries.map(([, t]) => t);
/** `{reason}` in catalog texts stands for text the server fills in. */
const shown = (text: string) => text.replace(/\{(\w+)\}/g, '<$1>');

export function verbInfo(dialect: Dialect, verb: string): string[] | null {
  const spec: CommandSpec | undefined =
    dialect.commands.find((c) => c.verb === verb.toUpperCase()) ??
    Object.values(DIALECTS)
      .flatMap((x) => x.commands)
      .find((c) => c.verb === verb.toUpperCase());
  if (!spec) return null;
  const known = dialect.commands.includes(spec);
  return [
    `**${spec.verb}**: ${spec.summary}`,
    '```\n' + spec.syntax + '\n```',
    known
      ? spec.rfc
      : t('hover.notInDialect', { rfc: spec.rfc, date: dialect.date, dialectRfc: dialect.rfc }),
  ];
}

/** Enhanced status codes exist from RFC 2034 (ENHANCEDSTATUSCODES, October 1996) on. */
const ENHANCED_FROM = 2034;

/**
 * A reply code as the dialect's era defines it: first the meaning its RFC
 * lists (e.g. 500 in RFC 780 §5.2.2), then the catalog's replies with this
 * code that the era has a section for, worded as the dialect words them. No
 * citation is later than the era (citations.ts).
 */
export function replyCodeInfo(code: number, dialect: Dialect = DIALECTS.rfc5321): string[] {
  const era = eraMeaning(dialect, code);
  const enhanced = eraLimit(dialect) >= ENHANCED_FROM;
  const seen = new Set<string>();
  const variants: string[] = [];
  for (const [id, template] of entries) {
    const override = dialect.replies[id];
    if ((override?.code ?? template.code) !== code) continue;
    const cite = citeReplyFrom(dialect, { id, code });
    if (cite.about !== 'reply') continue;
    const text = shown(override?.text ?? template.text);
    const extra =
      enhanced && template.enhanced && override?.code === undefined ? ` ${template.enhanced}` : '';
    const line = `**${code}${extra}** ${text} (${cite.rfc})`;
    if (seen.has(line)) continue;
    seen.add(line);
    variants.push(line);
  }
  if (era) return [`**${code}** ${shown(era.text)} (${era.rfc})`, ...variants];
  // Today's SMTP includes its service extensions' codes (530, 535...): no remark then.
  if (variants.length && eraLimit(dialect) === Number.POSITIVE_INFINITY) return variants;
  const theory = citeReply(dialect, { code });
  const absent = t('hover.codeNotInEra', { rfc: dialect.rfc, date: dialect.date, theory });
  return [`**${code}** ${absent}`, ...variants];
}

export function enhancedCodeInfo(enhanced: string, dialect: Dialect = DIALECTS.rfc5321): string[] {
  if (eraLimit(dialect) < ENHANCED_FROM) return [];
  return templates
    .filter((t) => t.enhanced === enhanced)
    .map((t) => `**${t.code} ${enhanced}** ${shown(t.text)} (${t.rfc})`);
}

/** Plain text for a reply code (tooltips in the transcript and the last reply). */
export function replyCodeTitle(code: number, dialect: Dialect = DIALECTS.rfc5321): string {
  return replyCodeInfo(code, dialect)
    .map((l) => l.replace(/\*\*/g, ''))
    .join('\n');
}

/**
 * The octets a raw line sends, line ends and other controls named: `<CRLF>`,
 * a CR or LF alone as `<CR>` / `<LF>`, `<TAB>`, other controls and octets that
 * are not UTF-8 as `\xNN`.
 */
export function showRaw(bytes: Uint8Array): string {
  const names: Readonly<Record<string, string>> = { '\r': '<CR>', '\n': '<LF>', '\t': '<TAB>' };
  let out = '';
  const text = showBytes(bytes);
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (c === '\r' && text[i + 1] === '\n') {
      out += '<CRLF>';
      i++;
    } else if (names[c]) out += names[c];
    else if (code < 0x20 || code === 0x7f)
      out += `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

/** What to show when hovering column `column` (1-based) of `line`. */
export function hoverAt(dialect: Dialect, line: string, column: number): HoverInfo | null {
  const raw = rawLine(line);
  if (raw) {
    // The `!raw` word: the octets the line sends.
    if (!raw.ok || column > 5) return null;
    const count = raw.bytes.length;
    return {
      contents: [plural('hover.raw', count), '```\n' + showRaw(raw.bytes) + '\n```'],
      startColumn: 1,
      endColumn: 5,
    };
  }
  const index = column - 1;
  const re = /\d\.\d{1,3}\.\d{1,3}|[A-Za-z0-9]+/g;
  for (const m of line.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (index < start || index > end) continue;
    const word = m[0];
    let contents: string[] | null = null;
    if (start === 0 && /^[A-Za-z]+$/.test(word)) contents = verbInfo(dialect, word);
    else if (start === 0 && /^\d{3}$/.test(word)) contents = replyCodeInfo(Number(word), dialect);
    else if (/^\d\.\d{1,3}\.\d{1,3}$/.test(word)) contents = enhancedCodeInfo(word, dialect);
    if (!contents || contents.length === 0) return null;
    return { contents, startColumn: start + 1, endColumn: end + 1 };
  }
  return null;
}
