/**
 * ESMTP parameters on MAIL and RCPT (RFC 5321 §4.1.2, RFC 1869 §6):
 * `esmtp-param = esmtp-keyword ["=" esmtp-value]`, separated by single spaces.
 */
export interface EsmtpParam {
  /** Upper-cased keyword (keywords are case-insensitive). */
  readonly keyword: string;
  readonly value?: string;
}

export type ParamsParsed =
  { ok: true; params: readonly EsmtpParam[] } | { ok: false; reason: string };

const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
/** Whose esmtp-value: RFC 1869 §6 (any CHAR but "=", SP and controls 0-31) or RFC 5321 §4.1.2. */
export type ValueRule = 'rfc1869' | 'rfc5321';
// esmtp-value = 1*(%d33-60 / %d62-126): printable ASCII except "=" (and SP).
// RFC 1869 §6 excluded only "=", SP and 0-31 from CHAR (0-127), so DEL too was allowed.
// UTF-8 values: RFC 6531 §3.3.
const VALUES: Readonly<Record<ValueRule, readonly [RegExp, RegExp]>> = {
  rfc5321: [/^[\x21-\x3c\x3e-\x7e]+$/, /^(?:[\x21-\x3c\x3e-\x7e]|[^\x00-\x7f])+$/],
  rfc1869: [/^[\x21-\x3c\x3e-\x7f]+$/, /^(?:[\x21-\x3c\x3e-\x7f]|[^\x00-\x7f])+$/],
};

/**
 * Upper-cases ASCII letters only. RFC 5321 §2.4 makes verbs and keywords
 * case-insensitive in ASCII (ALPHA is %x41-5A / %x61-7A, RFC 5234 B.1);
 * toUpperCase() would also fold U+017F (long s) to "S" and U+0131 (dotless
 * i) to "I", so "\u017fIZE" would pass for SIZE.
 */
export function asciiUpper(text: string): string {
  // Verbs and keywords mostly come upper-cased already: then no regular expression runs.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) return text.replace(/[a-z]+/g, (s) => s.toUpperCase());
  }
  return text;
}

export function parseParams(
  text: string,
  utf8 = false,
  values: ValueRule = 'rfc5321',
): ParamsParsed {
  const valuePattern = VALUES[values][utf8 ? 1 : 0];
  if (text === '') return { ok: true, params: [] };
  const params: EsmtpParam[] = [];
  const seen = new Set<string>();
  for (const token of text.split(' ')) {
    if (token === '') return { ok: false, reason: 'extra space between parameters' };
    const eq = token.indexOf('=');
    const keyword = asciiUpper(eq < 0 ? token : token.slice(0, eq));
    const value = eq < 0 ? undefined : token.slice(eq + 1);
    if (!KEYWORD.test(keyword))
      return { ok: false, reason: `"${keyword}" is not a parameter keyword` };
    if (value !== undefined && !valuePattern.test(value)) {
      return { ok: false, reason: `bad value for ${keyword}` };
    }
    if (seen.has(keyword)) return { ok: false, reason: `${keyword} given twice` };
    seen.add(keyword);
    params.push(value === undefined ? { keyword } : { keyword, value });
  }
  return { ok: true, params };
}

export const hasParam = (params: readonly EsmtpParam[], keyword: string) =>
  params.some((p) => p.keyword === keyword);

export const paramValue = (params: readonly EsmtpParam[], keyword: string) =>
  params.find((p) => p.keyword === keyword)?.value;
