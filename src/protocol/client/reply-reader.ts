/**
 * Replies as a client reads them off the wire (RFC 5321 §4.2): lines of a
 * three-digit code, then `-` while more lines follow or a space (or nothing)
 * on the last. A reply may arrive cut anywhere across reads; several replies
 * may come in one read (pipelining, RFC 2920 §3.1: the client counts replies,
 * and a multi-line reply is still one).
 */
import type { Reply } from '../replies.ts';

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets; more is kept as a broken line. */
const MAX_LINE = 512;

/** A line that is not a reply line: kept with why, for the transcript. */
export interface BadReplyLine {
  readonly line: string;
  readonly why: string;
}

export class ReplyReader {
  private buffer = '';
  private code = 0;
  private lines: string[] = [];
  readonly bad: BadReplyLine[] = [];

  /** The replies completed by `text` (wire text), in order. */
  push(text: string): Reply[] {
    const out: Reply[] = [];
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      const reply = this.line(line);
      if (reply) out.push(reply);
    }
    // A line with no end in sight: not a reply line (the server must end lines with CRLF).
    if (this.buffer.length > MAX_LINE * 8) {
      this.bad.push({
        line: this.buffer.slice(0, 80),
        why: 'a line longer than a reply line may be',
      });
      this.buffer = '';
    }
    return out;
  }

  /** True when part of a reply has been read and the rest is awaited. */
  get partial(): boolean {
    return this.buffer !== '' || this.lines.length > 0;
  }

  private line(line: string): Reply | null {
    const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (!m || (m[2] === '' && m[3] !== '')) {
      this.bad.push({ line, why: 'a reply line starts with a three-digit code' });
      return null;
    }
    const code = Number(m[1]);
    if (this.lines.length > 0 && code !== this.code) {
      // RFC 5321 §4.2.1: every line of a multi-line reply has the same code.
      this.bad.push({ line, why: `a multi-line reply changed its code from ${this.code}` });
    }
    this.code = code;
    this.lines.push(m[3]!);
    if (m[2] === '-') return null;
    const lines = this.lines;
    this.lines = [];
    // The lines stay as sent (an enhanced code, RFC 2034 §4, is part of the text): a client
    // acts on the code alone (RFC 5321 §4.2.1; RFC 2920 §3.1 forbids matching the text).
    return { code, lines };
  }
}
