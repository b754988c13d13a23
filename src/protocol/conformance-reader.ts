/**
 * Reading a server's replies for `npm run check-server`: the reader cuts the
 * bytes into replies however they were split and names each line that breaks
 * the reply syntax of RFC 5321 §4.2 by its rule in conformance.ts; beside it,
 * the shapes of particular replies (greeting, EHLO, HELO). The client machine reads
 * with it too (`asReply`). Pure.
 */
import type { RuleId } from './conformance.ts';
import { LIMITS } from './limits.ts';
import type { Reply } from './replies.ts';

export interface SyntaxProblem {
  readonly rule: RuleId;
  /** The offending line as received, without its line ending. */
  readonly line: string;
}

export interface ServerReply {
  /** The first line's code; NaN when it has none. */
  readonly code: number;
  /** Lines without their endings. */
  readonly lines: readonly string[];
  readonly problems: readonly SyntaxProblem[];
}

const TEXT = /^[\t\x20-\x7e]*$/;

/**
 * Cuts what the server sends (latin1 text, in any split) into replies. A line
 * ends at LF; a line that cannot continue a reply (no code, no hyphen after
 * it) ends the reply, so a broken server cannot make the reader wait forever.
 */
export class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private problems: SyntaxProblem[] = [];
  private code = Number.NaN;

  push(chunk: string): ServerReply[] {
    this.buffer += chunk;
    const out: ServerReply[] = [];
    let lf: number;
    while ((lf = this.buffer.indexOf('\n')) >= 0) {
      const raw = this.buffer.slice(0, lf + 1);
      this.buffer = this.buffer.slice(lf + 1);
      if (this.line(raw)) out.push(this.take());
    }
    return out;
  }

  /** Whatever is left when the connection closes: an unfinished reply, if any. */
  flush(): ServerReply[] {
    if (this.buffer !== '') {
      const raw = this.buffer;
      this.buffer = '';
      this.line(raw);
      return [this.take()];
    }
    return this.lines.length > 0 ? [this.take()] : [];
  }

  /** True while part of a reply has been read. */
  get partial(): boolean {
    return this.buffer !== '' || this.lines.length > 0;
  }

  /** Adds one line (with whatever ending it had); true when it ends a reply. */
  private line(raw: string): boolean {
    const crlf = raw.endsWith('\r\n');
    const text = raw.endsWith('\n') ? raw.slice(0, crlf ? -2 : -1) : raw;
    const problem = (rule: RuleId) => this.problems.push({ rule, line: text });
    if (!crlf) problem('reply-crlf');
    if (raw.length > LIMITS.replyLine) problem('reply-length');
    this.lines.push(text);
    const m = /^(\d{3})(.?)(.*)$/s.exec(text);
    if (!m) {
      problem('reply-code');
      return true;
    }
    const code = Number(m[1]);
    if (!/^[2-5][0-5]/.test(m[1]!)) problem('reply-code');
    if (this.lines.length === 1) this.code = code;
    else if (code !== this.code) problem('reply-same-code');
    if (!TEXT.test(m[3]!) || !TEXT.test(m[2]!)) problem('reply-text');
    if (m[2] === '-') return false;
    if (m[2] === '') problem('reply-bare-code');
    else if (m[2] !== ' ') problem('reply-separator');
    return true;
  }

  private take(): ServerReply {
    const reply = { code: this.code, lines: this.lines, problems: this.problems };
    this.lines = [];
    this.problems = [];
    this.code = Number.NaN;
    return reply;
  }
}

/**
 * The reply as a client acts on it: its code and the text of each line (after the code and
 * its separator). Null for a line with no code, which no client can act on. The client
 * machine and the checker read with the same ReplyReader.
 */
export function asReply(r: ServerReply): Reply | null {
  if (Number.isNaN(r.code)) return null;
  return { code: r.code, lines: r.lines.map((l) => l.slice(4)) };
}

// ---------------------------------------------------------------------------
// The shapes of particular replies

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const DOMAIN = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[^\\]\\s]+\\])$`);
const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const PARAM = /^[\x21-\x7e]+$/;

/** The name after the code on a reply's first line ("220 mail.example.test ESMTP"). */
function firstWord(line: string): string {
  return line.slice(4).split(' ')[0] ?? '';
}

/** A 220 greeting names the server first (§4.2 Greeting, §4.3.1). */
export function greetingProblems(reply: ServerReply): SyntaxProblem[] {
  const first = reply.lines[0] ?? '';
  if (reply.code !== 220 || DOMAIN.test(firstWord(first))) return [];
  return [{ rule: 'greeting-syntax', line: first }];
}

/** The lines of a 250 to EHLO that break `ehlo-ok-rsp` (§4.1.1.1). */
export function ehloProblems(reply: ServerReply): SyntaxProblem[] {
  if (reply.code !== 250) return [];
  const out: SyntaxProblem[] = [];
  reply.lines.forEach((line, i) => {
    const ok = i === 0 ? DOMAIN.test(firstWord(line)) : isEhloLine(line.slice(4));
    if (!ok) out.push({ rule: 'ehlo-syntax', line });
  });
  return out;
}

function isEhloLine(text: string): boolean {
  const [keyword = '', ...params] = text.split(' ');
  return KEYWORD.test(keyword) && params.every((p) => PARAM.test(p));
}

/**
 * The extensions a 250 to EHLO offers (§4.1.1.1): each line after the first, its keyword (upper
 * case) and its parameters; a malformed keyword is left out. `texts` are the lines after the
 * code. The client machine learns the server's extensions with it too.
 */
export function ehloExtensions(texts: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of texts.slice(1)) {
    const [keyword = '', ...params] = line.trim().split(/\s+/);
    const k = keyword.toUpperCase();
    if (KEYWORD.test(k)) out.set(k, params.join(' '));
  }
  return out;
}

/** The extension keywords of a 250 to EHLO, upper case. */
export function ehloKeywords(reply: ServerReply): string[] {
  if (reply.code !== 250) return [];
  return [...ehloExtensions(reply.lines.map((l) => l.slice(4))).keys()];
}

/** A reply to HELO that lists extensions the server's EHLO reply offered (§3.2 forbids it). */
export function heloLooksExtended(reply: ServerReply, keywords: readonly string[]): boolean {
  if (reply.code !== 250 || reply.lines.length < 2) return false;
  const offered = new Set(keywords);
  return reply.lines.slice(1).some((l) => offered.has(l.slice(4).split(' ')[0]!.toUpperCase()));
}

/** Text as the report prints it: line endings and controls shown, long text shortened. */
export function printable(text: string, max = 80): string {
  const shown = text
    .replace(/\r/g, '<CR>')
    .replace(/\n/g, '<LF>')
    .replace(
      /[\x00-\x08\x0b-\x1f\x7f-\xff]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
  return shown.length > max ? `${shown.slice(0, max)}... (${text.length} octets)` : shown;
}
