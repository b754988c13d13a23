/**
 * Hovers: a verb shows its syntax, summary and RFC section (commands.ts); a
 * reply code shows what it means in the session's era first, then the
 * catalog's replies with that code, each cited in the era's RFC
 * (citations.ts); an enhanced status code, from RFC 2034 on, its replies.
 */
import { plural, t } from '../kit/strings.ts';
import { rawLine } from '../protocol/raw-line.ts';
import { showBytes } from '../protocol/bytes.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { eraLimit } from '../protocol/citations.ts';
import { CATALOG, type ReplyTemplate } from '../protocol/replies.ts';
import { ENHANCED_FROM, replyCodeInfo, showPlaceholders } from '../kit/reply-codes.ts';

// A reply code's hover is the kit's text (the page shows it as a tooltip); still offered here.

export interface HoverInfo {
  /** Markdown paragraphs. */
  readonly contents: readonly string[];
  /** 1-based columns of the word hovered. */
  readonly startColumn: number;
  readonly endColumn: number;
}

const templates: readonly ReplyTemplate[] = Object.values(CATALOG);

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

export function enhancedCodeInfo(enhanced: string, dialect: Dialect = DIALECTS.rfc5321): string[] {
  if (eraLimit(dialect) < ENHANCED_FROM) return [];
  return templates
    .filter((t) => t.enhanced === enhanced)
    .map((t) => `**${t.code} ${enhanced}** ${showPlaceholders(t.text)} (${t.rfc})`);
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
