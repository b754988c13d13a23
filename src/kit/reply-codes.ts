/**
 * What a reply code means in a session's era: the console's hovers show it as
 * Markdown, the transcript and the last reply as a plain tooltip. Shared by
 * the console and the page, so it lives in the kit.
 */
import { DIALECTS, type Dialect } from '../protocol/dialects/index.ts';
import { citeReplyFrom, citeReply, eraLimit, eraMeaning } from '../protocol/citations.ts';
import { CATALOG, type ReplyId, type ReplyTemplate } from '../protocol/replies.ts';
import { t } from './strings.ts';

const entries = Object.entries(CATALOG) as [ReplyId, ReplyTemplate][];

/** `{reason}` in catalog texts stands for text the server fills in. */
export const showPlaceholders = (text: string) => text.replace(/\{(\w+)\}/g, '<$1>');
/** Enhanced status codes exist from RFC 2034 (ENHANCEDSTATUSCODES, October 1996) on. */
export const ENHANCED_FROM = 2034;

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
    const text = showPlaceholders(override?.text ?? template.text);
    const extra =
      enhanced && template.enhanced && override?.code === undefined ? ` ${template.enhanced}` : '';
    const line = `**${code}${extra}** ${text} (${cite.rfc})`;
    if (seen.has(line)) continue;
    seen.add(line);
    variants.push(line);
  }
  if (era) return [`**${code}** ${showPlaceholders(era.text)} (${era.rfc})`, ...variants];
  // Today's SMTP includes its service extensions' codes (530, 535...): no remark then.
  if (variants.length && eraLimit(dialect) === Number.POSITIVE_INFINITY) return variants;
  const theory = citeReply(dialect, { code });
  const absent = t('hover.codeNotInEra', { rfc: dialect.rfc, date: dialect.date, theory });
  return [`**${code}** ${absent}`, ...variants];
}

/** Dialects are fixed tables: a code's title in one never changes. */
const titles = new WeakMap<Dialect, Map<number, string>>();

/** Plain text for a reply code (tooltips in the transcript and the last reply). */
export function replyCodeTitle(code: number, dialect: Dialect = DIALECTS.rfc5321): string {
  // Kept per dialect and code: every reply row of the transcript carries one, and working it
  // out walks the whole catalog with a citation for each entry (a third of a row's cost).
  let byCode = titles.get(dialect);
  if (!byCode) titles.set(dialect, (byCode = new Map()));
  let title = byCode.get(code);
  if (title === undefined) {
    title = replyCodeInfo(code, dialect)
      .map((l) => l.replace(/\*\*/g, ''))
      .join('\n');
    byCode.set(code, title);
  }
  return title;
}

/** A reply's class, by its first digit (RFC 5321 §4.2.1; RFC 821 §4.2.1 names the same). */
export interface ReplyClass {
  readonly digit: 1 | 2 | 3 | 4 | 5;
  readonly ok: boolean;
  /** Shown beside the code, so that the class is seen without its colour. */
  readonly symbol: string;
  /** The class in words, for screen readers and tooltips. */
  readonly name: string;
}

const SYMBOLS = { 1: '·', 2: '✓', 3: '…', 4: '⚠\uFE0E', 5: '✗' } as const;
const NAMES = {
  1: 'sandbox.reply.class.1',
  2: 'sandbox.reply.class.2',
  3: 'sandbox.reply.class.3',
  4: 'sandbox.reply.class.4',
  5: 'sandbox.reply.class.5',
} as const;

/** The class of a reply code, or null for a text that is not one. */
export function replyClass(code: number): ReplyClass | null {
  const digit = Math.floor(code / 100);
  if (!Number.isInteger(code) || digit < 1 || digit > 5) return null;
  const d = digit as ReplyClass['digit'];
  return { digit: d, ok: d < 4, symbol: SYMBOLS[d], name: t(NAMES[d]) };
}
