/**
 * Paths and mailboxes as RFC 5321 §4.1.2-§4.1.3 define them: `<local@domain>`,
 * the null reverse path `<>`, the bare `<postmaster>` recipient (§4.1.1.3),
 * quoted local parts, address literals and source routes (accepted, then
 * ignored, as §4.1.2 and Appendix C require).
 */
import { LIMITS } from './limits.ts';

export interface Mailbox {
  /** The local part as written (quotes and backslashes kept). */
  readonly local: string;
  /** The local part with quoting removed: what names the mailbox (§4.1.2: all quoted forms are equivalent). */
  readonly localValue: string;
  readonly domain: string;
  /** The domain is an address literal such as `[192.0.2.1]`. */
  readonly literal: boolean;
}

export type Path =
  | { readonly kind: 'null' }
  | { readonly kind: 'postmaster'; readonly text: string }
  | { readonly kind: 'mailbox'; readonly mailbox: Mailbox; readonly route: readonly string[] };

export type Parsed<T> = { ok: true; value: T; rest: string } | { ok: false; reason: string };

export interface AddressOptions {
  /** RFC 6531: UTF-8 allowed in local parts and domains. */
  readonly utf8?: boolean;
  /**
   * Which era's grammar: RFC 5321 (default); RFC 821 §4.1.2, whose domain
   * elements start with a letter or are `#number` / `[dotnum]`; or the
   * 'legacy' paths of RFC 772/780/788, `<@A,@B,user@host>`, whose user is
   * any string without specials (RFC 780 §5.1.2, RFC 788 §4.1.2).
   */
  readonly grammar?: 'rfc5321' | 'rfc821' | 'legacy';
}

const ATEXT = /[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]/;
const LDH_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const UTF8_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?$/u;

/** `Domain = sub-domain *("." sub-domain)` (§4.1.2); returns a reason when invalid. */
export function checkDomain(domain: string, options: AddressOptions = {}): string | null {
  if (domain === '') return 'empty domain';
  if (byteLength(domain) > LIMITS.domain) return `domain longer than ${LIMITS.domain} octets`;
  if (options.grammar === 'legacy') return checkLegacyHost(domain);
  if (options.grammar === 'rfc821') return checkRfc821Domain(domain);
  for (const label of domain.split('.')) {
    if (label === '') return `empty label in "${domain}"`;
    if (LDH_LABEL.test(label)) continue;
    if (options.utf8 && UTF8_LABEL.test(label)) continue;
    return `"${label}" is not a valid label (letters, digits and inner hyphens only)`;
  }
  return null;
}

/** RFC 821 §4.1.2: `<element> ::= <name> | "#" <number> | "[" <dotnum> "]"`, names starting with a letter. */
function checkRfc821Domain(domain: string): string | null {
  if (/^\[\d{1,3}(\.\d{1,3}){3}\]$/.test(domain)) return checkAddressLiteral(domain);
  for (const element of domain.split('.')) {
    if (element === '') return `empty element in "${domain}"`;
    if (/^#\d+$/.test(element)) continue;
    if (!/^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(element)) {
      return `"${element}" is not a name (RFC 821: a letter first, then letters, digits, hyphens)`;
    }
  }
  return null;
}

/** RFC 780/788 `<host> ::= <a> <string> | "#" <number> | "[" <dotnum> "]"`. */
function checkLegacyHost(host: string): string | null {
  if (/^#\d+$/.test(host)) return null;
  if (/^\[\d{1,3}(\.\d{1,3}){3}\]$/.test(host)) return checkAddressLiteral(host);
  if (!/^[A-Za-z]/.test(host)) return `host "${host}" must start with a letter`;
  return /^[^<>()\\,;:@"\x00-\x20\x7f]+$/.test(host) ? null : `bad character in host "${host}"`;
}

/** `address-literal` (§4.1.3), brackets included; returns a reason when invalid. */
export function checkAddressLiteral(text: string): string | null {
  if (!text.startsWith('[') || !text.endsWith(']')) return 'address literal must be in [brackets]';
  const inner = text.slice(1, -1);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(inner)) {
    return inner.split('.').every((n) => Number(n) <= 255)
      ? null
      : `"${inner}" is not an IPv4 address`;
  }
  const tagged = /^([A-Za-z0-9-]*[A-Za-z0-9]):(.+)$/.exec(inner);
  if (!tagged) return `"${inner}" is not an IPv4 address or a tagged literal`;
  const [, tag, value] = tagged as unknown as [string, string, string];
  if (tag.toLowerCase() === 'ipv6') {
    return isIPv6(value) ? null : `"${value}" is not an IPv6 address`;
  }
  // General-address-literal: a standardized tag, then dcontent (%d33-90 / %d94-126).
  return /^[\x21-\x5a\x5e-\x7e]+$/.test(value) ? null : `bad characters in literal "${inner}"`;
}

/** RFC 5321 §4.1.3 IPv6-addr: full, compressed, and both with a trailing IPv4 part. */
export function isIPv6(text: string): boolean {
  let groups = text;
  let max = 8;
  const v4 = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    if (!v4[1]!.split('.').every((n) => Number(n) <= 255)) return false;
    groups = text.slice(0, text.length - v4[1]!.length);
    if (groups.endsWith(':') && !groups.endsWith('::')) groups = groups.slice(0, -1);
    max = 6;
  }
  const hex = (s: string) => s === '' || s.split(':').every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g));
  const count = (s: string) => (s === '' ? 0 : s.split(':').length);
  const parts = groups.split('::');
  if (parts.length > 2) return false;
  if (parts.length === 1) return hex(groups) && count(groups) === max;
  const [head, tail] = parts as [string, string];
  // "::" stands for at least two groups, so at most max-2 others may be present.
  return hex(head) && hex(tail) && count(head) + count(tail) <= max - 2;
}

/** Parses a mailbox `Local-part "@" (Domain / address-literal)` at the start of `s`. */
export function parseMailbox(s: string, options: AddressOptions = {}): Parsed<Mailbox> {
  const local = parseLocalPart(s, options);
  if (!local.ok) return local;
  let rest = local.rest;
  if (!rest.startsWith('@')) return { ok: false, reason: 'missing "@domain"' };
  rest = rest.slice(1);
  let domain: string;
  let literal = false;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) return { ok: false, reason: 'address literal has no closing "]"' };
    domain = rest.slice(0, end + 1);
    const bad = checkAddressLiteral(domain);
    if (bad) return { ok: false, reason: bad };
    literal = true;
  } else {
    const m = /^[^>,:\s]*/.exec(rest)!;
    domain = m[0];
    const bad = checkDomain(domain, options);
    if (bad) return { ok: false, reason: bad };
  }
  const value: Mailbox = { local: local.value.raw, localValue: local.value.value, domain, literal };
  return { ok: true, value, rest: rest.slice(domain.length) };
}

function parseLocalPart(
  s: string,
  options: AddressOptions,
): Parsed<{ raw: string; value: string }> {
  let i = 0;
  let value = '';
  if (s.startsWith('"')) {
    // Quoted-string: qtextSMTP or backslash + %d32-126 (§4.1.2).
    for (i = 1; i < s.length; i++) {
      const c = s[i]!;
      if (c === '"') break;
      if (c === '\\') {
        const next = s[i + 1];
        if (next === undefined || !isQuotable(next, options)) {
          return { ok: false, reason: 'bad backslash escape in quoted local part' };
        }
        value += next;
        i++;
      } else if (isQuotable(c, options)) {
        value += c;
      } else {
        return { ok: false, reason: 'bad character in quoted local part' };
      }
    }
    if (s[i] !== '"') return { ok: false, reason: 'unterminated quoted local part' };
    i++;
  } else {
    // Dot-string: atoms separated by single dots.
    let atomLength = 0;
    for (; i < s.length; i++) {
      const c = s[i]!;
      if (c === '.') {
        if (atomLength === 0)
          return { ok: false, reason: 'empty atom in local part (misplaced ".")' };
        atomLength = 0;
      } else if (ATEXT.test(c) || (options.utf8 && c.charCodeAt(0) > 0x7f)) {
        atomLength++;
      } else {
        break;
      }
      value += c;
    }
    const stop = s[i];
    if (stop !== undefined && stop !== '@' && stop !== '>') {
      return {
        ok: false,
        reason:
          stop.charCodeAt(0) > 0x7f
            ? `non-ASCII character "${stop}" in the local part (allowed only with SMTPUTF8, RFC 6531)`
            : `character "${stop}" is not allowed in an unquoted local part`,
      };
    }
    if (value === '') return { ok: false, reason: 'empty local part' };
    if (atomLength === 0) return { ok: false, reason: 'local part ends in "."' };
  }
  const raw = s.slice(0, i);
  if (byteLength(raw) > LIMITS.localPart) {
    return { ok: false, reason: `local part longer than ${LIMITS.localPart} octets` };
  }
  return { ok: true, value: { raw, value }, rest: s.slice(i) };
}

function isQuotable(c: string, options: AddressOptions): boolean {
  const code = c.charCodeAt(0);
  return (code >= 32 && code <= 126) || (!!options.utf8 && code > 0x7f);
}

export interface PathOptions extends AddressOptions {
  /** MAIL accepts `<>` (§4.1.1.2). */
  readonly allowNull?: boolean;
  /** RCPT accepts `<Postmaster>` with no domain, in any case (§4.1.1.3). */
  readonly allowPostmaster?: boolean;
  /** Longest path in octets, punctuation included: 256 (§4.5.3.1.3); RFC 780 §5.5.3 had 100; 0 = none (RFC 772). */
  readonly maxPath?: number;
}

/** Parses `Path` (or `<>` / `<postmaster>` where allowed) at the start of `s`. */
export function parsePath(s: string, options: PathOptions = {}): Parsed<Path> {
  if (!s.startsWith('<'))
    return { ok: false, reason: 'the address must be enclosed in <angle brackets>' };
  if (options.grammar === 'legacy') return parseLegacyPath(s, options);
  const close = closingBracket(s);
  if (close < 0) return { ok: false, reason: 'missing closing ">"' };
  const inner = s.slice(1, close);
  const rest = s.slice(close + 1);
  const maxPath = options.maxPath === 0 ? Infinity : (options.maxPath ?? LIMITS.path);
  if (byteLength(s.slice(0, close + 1)) > maxPath) {
    return { ok: false, reason: `path longer than ${maxPath} octets` };
  }
  if (inner === '') {
    return options.allowNull
      ? { ok: true, value: { kind: 'null' }, rest }
      : { ok: false, reason: 'the null path <> is not allowed here' };
  }
  if (options.allowPostmaster && inner.toLowerCase() === 'postmaster') {
    return { ok: true, value: { kind: 'postmaster', text: inner }, rest };
  }
  const route: string[] = [];
  let body = inner;
  if (body.startsWith('@')) {
    // A-d-l ":" — a source route: accepted, recorded, then ignored (§4.1.2, Appendix C).
    const colon = body.indexOf(':');
    if (colon < 0) return { ok: false, reason: 'source route without ":"' };
    for (const hop of body.slice(0, colon).split(',')) {
      if (!hop.startsWith('@')) return { ok: false, reason: `bad source route hop "${hop}"` };
      const bad = hop.startsWith('@[')
        ? checkAddressLiteral(hop.slice(1))
        : checkDomain(hop.slice(1), options);
      if (bad) return { ok: false, reason: bad };
      route.push(hop.slice(1));
    }
    body = body.slice(colon + 1);
  }
  const mailbox = parseMailbox(body, options);
  if (!mailbox.ok) return mailbox;
  if (mailbox.rest !== '')
    return { ok: false, reason: `unexpected "${mailbox.rest}" after the domain` };
  return { ok: true, value: { kind: 'mailbox', mailbox: mailbox.value, route }, rest };
}

/**
 * RFC 772/780/788 paths: `"<" ["@" <host> "," ...] <mailbox> ">"`, the route
 * hops separated by commas and no colon (`<@ONE,@TWO,JOE@THREE>`), the user a
 * string where `\` quotes the next character (RFC 780 §5.1.2, RFC 788 §4.1.2).
 */
function parseLegacyPath(s: string, options: PathOptions): Parsed<Path> {
  let i = 1;
  const elements: string[] = [];
  let current = '';
  for (; i < s.length && s[i] !== '>'; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      current += c + s[i + 1];
      i++;
    } else if (c === ',') {
      elements.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (s[i] !== '>') return { ok: false, reason: 'missing closing ">"' };
  elements.push(current);
  const rest = s.slice(i + 1);
  const maxPath = options.maxPath === 0 ? Infinity : (options.maxPath ?? LIMITS.path);
  if (i + 1 > maxPath) return { ok: false, reason: `path longer than ${maxPath} octets` };
  if (elements.length === 1 && elements[0] === '') {
    return options.allowNull
      ? { ok: true, value: { kind: 'null' }, rest }
      : { ok: false, reason: 'the null path <> is not allowed here' };
  }
  const box = elements.pop()!;
  const route: string[] = [];
  for (const hop of elements) {
    if (!hop.startsWith('@'))
      return { ok: false, reason: `bad source route hop "${hop}" (expected "@host,")` };
    const bad = checkLegacyHost(hop.slice(1));
    if (bad) return { ok: false, reason: bad };
    route.push(hop.slice(1));
  }
  const at = lastUnquotedAt(box);
  if (at <= 0) return { ok: false, reason: 'missing "user@host"' };
  const user = box.slice(0, at);
  const host = box.slice(at + 1);
  if (/(^|[^\\])[<>()@,;:"\x00-\x20\x7f]/.test(user))
    return { ok: false, reason: `bad character in user "${user}"` };
  const bad = checkLegacyHost(host);
  if (bad) return { ok: false, reason: bad };
  const mailbox: Mailbox = {
    local: user,
    localValue: user.replace(/\\(.)/g, '$1'),
    domain: host,
    literal: host.startsWith('['),
  };
  return { ok: true, value: { kind: 'mailbox', mailbox, route }, rest };
}

function lastUnquotedAt(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (s[i] === '@' && s[i - 1] !== '\\') return i;
  return -1;
}

/** Index of the ">" closing the path, skipping quoted local parts. */
function closingBracket(s: string): number {
  let quoted = false;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) return i;
  }
  return -1;
}

/** The canonical text of a path: `<>`, `<postmaster>`, `<local@domain>` (route dropped). */
export function pathText(path: Path): string {
  if (path.kind === 'null') return '<>';
  if (path.kind === 'postmaster') return `<${path.text}>`;
  return `<${mailboxText(path.mailbox)}>`;
}

export function mailboxText(m: Mailbox): string {
  return `${m.local}@${m.domain}`;
}

function byteLength(s: string): number {
  // By UTF-16 code units (a string iterator makes a string per character): a
  // surrogate pair is one code point of 4 octets, a lone surrogate counts 3.
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
