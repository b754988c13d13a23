/**
 * Hovers: a verb shows its syntax, summary and RFC section (commands.ts); a
 * reply code or an enhanced status code shows the catalog's replies with that
 * code and where the RFCs define them (replies.ts).
 */
import { t } from '../ui/strings.ts';
import type { CommandSpec } from '../protocol/commands.ts';
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { CATALOG, type ReplyTemplate } from '../protocol/replies.ts';

export interface HoverInfo {
  /** Markdown paragraphs. */
  readonly contents: readonly string[];
  /** 1-based columns of the word hovered. */
  readonly startColumn: number;
  readonly endColumn: number;
}

const templates = Object.values(CATALOG) as ReplyTemplate[];
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
      : t('hover.notInDialect', { rfc: spec.rfc, dialect: dialect.title, dialectRfc: dialect.rfc }),
  ];
}

/** The catalog's replies with this code, e.g. 503: "Bad sequence of commands" (RFC 5321 §4.1.4, §3.3). */
export function replyCodeInfo(code: number): string[] {
  const matches = templates.filter((t) => t.code === code);
  return matches.map(
    (t) => `**${t.code}${t.enhanced ? ` ${t.enhanced}` : ''}** ${shown(t.text)} (${t.rfc})`,
  );
}

export function enhancedCodeInfo(enhanced: string): string[] {
  return templates
    .filter((t) => t.enhanced === enhanced)
    .map((t) => `**${t.code} ${enhanced}** ${shown(t.text)} (${t.rfc})`);
}

/** Plain text for a reply code (tooltips in the transcript). */
export function replyCodeTitle(code: number): string {
  return replyCodeInfo(code)
    .map((l) => l.replace(/\*\*/g, ''))
    .join('\n');
}

/** What to show when hovering column `column` (1-based) of `line`. */
export function hoverAt(dialect: Dialect, line: string, column: number): HoverInfo | null {
  const index = column - 1;
  const re = /\d\.\d{1,3}\.\d{1,3}|[A-Za-z0-9]+/g;
  for (const m of line.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (index < start || index > end) continue;
    const word = m[0];
    let contents: string[] | null = null;
    if (start === 0 && /^[A-Za-z]+$/.test(word)) contents = verbInfo(dialect, word);
    else if (start === 0 && /^\d{3}$/.test(word)) contents = replyCodeInfo(Number(word));
    else if (/^\d\.\d{1,3}\.\d{1,3}$/.test(word)) contents = enhancedCodeInfo(word);
    if (!contents || contents.length === 0) return null;
    return { contents, startColumn: start + 1, endColumn: end + 1 };
  }
  return null;
}
