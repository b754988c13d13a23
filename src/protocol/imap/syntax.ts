/**
 * Reading an IMAP command (RFC 9051 §2.2.1, §9): a tag, a command name, and
 * arguments: atoms, quoted strings, literals (already read in, as
 * `{n}` CRLF and the octets), and parenthesized lists. The FETCH items have
 * their own reader (fetch-items.ts): brackets and angle brackets are part of
 * an item's name.
 */

export type Token =
  | { readonly kind: 'atom'; readonly text: string }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly Token[] };

export interface ImapCommand {
  readonly tag: string;
  /** Upper case. */
  readonly name: string;
  /** The text after the name and its space (literals inline). */
  readonly rest: string;
}

/** RFC 9051 §9: tag = 1*<any ASTRING-CHAR except "+">. */
const TAG = /^[^\x00-\x20\x7f-\xff(){%*"\\+]+$/;
const ATOM_CHAR = /[^\x00-\x20\x7f-\xff(){%*"\\\]]/;

export type CommandParse =
  | { readonly ok: true; readonly command: ImapCommand }
  | { readonly ok: false; readonly tag: string | null; readonly problem: string };

export function parseCommand(line: string): CommandParse {
  const space = line.indexOf(' ');
  const tag = space < 0 ? line : line.slice(0, space);
  if (tag === '' || !TAG.test(tag))
    return {
      ok: false,
      tag: null,
      problem: 'a command starts with a tag, then a space and the command',
    };
  if (space < 0) return { ok: false, tag, problem: 'a command name must follow the tag' };
  const after = line.slice(space + 1);
  const m = /^([A-Za-z][A-Za-z0-9.-]*)(?: |$)/.exec(after);
  if (!m) return { ok: false, tag, problem: 'a command name (letters) must follow the tag' };
  return {
    ok: true,
    command: { tag, name: m[1]!.toUpperCase(), rest: after.slice(m[0].length) },
  };
}

/** Reads space-separated arguments; throws a SyntaxError with a readable message. */
export function tokens(text: string): Token[] {
  const r = new Reader(text);
  const out: Token[] = [];
  while (!r.done()) {
    if (out.length > 0) r.expect(' ');
    out.push(r.token());
  }
  return out;
}

export class Reader {
  at = 0;
  constructor(readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string {
    return this.text[this.at] ?? '';
  }

  expect(c: string): void {
    if (this.text[this.at] !== c)
      throw new SyntaxError(
        `expected ${c === ' ' ? 'a space' : `"${c}"`} at ${this.at + 1}, found ${this.done() ? 'the end of the line' : `"${this.peek()}"`}`,
      );
    this.at++;
  }

  token(): Token {
    const c = this.peek();
    if (c === '(') {
      this.at++;
      const items: Token[] = [];
      while (this.peek() !== ')') {
        if (this.done()) throw new SyntaxError('a list "(" is not closed by ")"');
        if (items.length > 0) this.expect(' ');
        items.push(this.token());
      }
      this.at++;
      return { kind: 'list', items };
    }
    if (c === '"') return { kind: 'string', text: this.quoted() };
    if (c === '{') return { kind: 'string', text: this.literal() };
    return { kind: 'atom', text: this.atom() };
  }

  /** An atom; `\Seen` (a flag) and `[...]` in a FETCH item read as atoms too. */
  atom(): string {
    const start = this.at;
    if (this.peek() === '\\') this.at++;
    while (!this.done() && ATOM_CHAR.test(this.peek())) this.at++;
    if (this.at === start)
      throw new SyntaxError(
        `unexpected ${this.done() ? 'end of the line' : `"${this.peek()}"`} at ${this.at + 1}`,
      );
    return this.text.slice(start, this.at);
  }

  quoted(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      if (this.done()) throw new SyntaxError('a quoted string is not closed');
      const c = this.text[this.at++]!;
      if (c === '"') return out;
      if (c === '\\') {
        const next = this.text[this.at++];
        if (next !== '"' && next !== '\\')
          throw new SyntaxError('in a quoted string, "\\" may only escape \\ or "');
        out += next;
      } else if (c === '\r' || c === '\n')
        throw new SyntaxError('a quoted string cannot hold CR or LF');
      else out += c;
    }
  }

  /** `{n}` or `{n+}`, CRLF, n octets (the session has read them into the line). */
  literal(): string {
    const m = /^\{(\d{1,9})\+?\}\r\n/.exec(this.text.slice(this.at, this.at + 16));
    if (!m) throw new SyntaxError('a literal is {n} and CRLF, then n octets');
    const n = Number(m[1]);
    const start = this.at + m[0].length;
    if (start + n > this.text.length)
      throw new SyntaxError('the literal is shorter than announced');
    this.at = start + n;
    return this.text.slice(start, this.at);
  }
}

/** astring: an atom (with "]" allowed) or a string. */
export function astring(t: Token | undefined): string | null {
  if (!t || t.kind === 'list') return null;
  return t.text;
}
