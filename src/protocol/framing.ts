/**
 * Framing: cuts the byte stream into command lines, and in DATA mode into the
 * message content (RFC 5321 §4.1.1.4, §4.5.2). Pure and incremental: bytes may
 * arrive in any split, the caller reads one unit at a time, and the machine
 * decides after each command whether the next bytes are a command or content.
 * That single rule is what makes pipelining correct (RFC 2920 §3.2).
 */
import { CR as CR_OCTET, DOT as DOT_OCTET, LF as LF_OCTET } from './bytes.ts';

// Read on every line: plain module constants, not imported bindings (which
// tsx's CommonJS output turns into a getter call on each read).
const CR = CR_OCTET;
const DOT = DOT_OCTET;
const LF = LF_OCTET;
import { LIMITS } from './limits.ts';

export type LineEnding = 'CRLF' | 'LF';

export type CommandUnit =
  | { kind: 'line'; bytes: Uint8Array; ending: LineEnding }
  /** The line went past the limit; its bytes were discarded (§4.5.3.1.4). */
  | { kind: 'too-long'; length: number };

export interface DataOptions {
  /** Largest message accepted; content past it is counted, not kept (RFC 1870 §6). */
  maxSize: number;
  /**
   * Whether a LF without CR ends a text line (World.dataEnding 'lenient'). Off
   * (the default), only <CRLF> ends a line and only <CRLF>.<CRLF> ends the
   * data (RFC 5321 §2.3.8, §4.1.1.4); on, `<LF>.<LF>` ends it too, which is
   * what lets pipelined text after it be smuggled in as commands.
   */
  lenientEnding?: boolean;
  /** Longest text line counted as normal, CRLF included (RFC 5321 §4.5.3.1.6); 0 for no limit (RFC 772). */
  textLine?: number;
  /** Dot transparency (RFC 780 §5.5.2 onward); off, a leading dot is text (RFC 772). */
  transparency?: boolean;
}

export interface DataResult {
  /** Unstuffed content, byte-exact, without the terminating "." line. */
  content: Uint8Array[];
  /** Octets of content counted as RFC 1870 §5 says (CRLFs in, terminator and stuffing dots out). */
  size: number;
  /** Size went past DataOptions.maxSize: content was dropped past that point. */
  overflow: boolean;
  /** Lines longer than 1000 octets including CRLF (§4.5.3.1.6). */
  longLines: number;
  /**
   * LFs without a CR before them. Kept as data when data ending is strict; in
   * lenient mode each one ended a line.
   */
  bareLfLines: number;
  /** Lines whose leading dot was removed (§4.5.2). */
  unstuffed: number;
}

interface DataProgress extends DataResult {
  /** A line was flushed before its end because it was already too long. */
  midLine: boolean;
  lineLength: number;
}

/** Adds `buf[from, to)` to the content read so far (counted always, kept up to maxSize). */
function keep(d: DataProgress, buf: Uint8Array, maxSize: number, from: number, to: number) {
  if (to <= from) return;
  d.size += to - from;
  if (d.size > maxSize) d.overflow = true;
  if (!d.overflow) d.content.push(buf.subarray(from, to));
}

/** What a framer holds when everything received is consumed (never written into). */
const NOTHING = new Uint8Array(0);

export class Framer {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  private discarding = 0; // bytes dropped of an over-long command line so far
  private data: DataProgress | null = null;
  private chunk: { parts: Uint8Array[]; size: number; overflow: boolean; wanted: number } | null =
    null;

  /** Appends received bytes. The framer keeps references: do not mutate a chunk after pushing it. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const rest = this.buf.length - this.start;
    if (rest === 0) {
      this.buf = chunk;
    } else {
      const next = new Uint8Array(rest + chunk.length);
      next.set(this.buf.subarray(this.start));
      next.set(chunk, rest);
      this.buf = next;
    }
    this.start = 0;
  }

  /**
   * Lets go of the last received chunk once all of it is consumed: held until
   * the next one (a second later in a paced class lab), the socket's buffer
   * would outlive the young generation, and its memory wait for a major GC.
   */
  release(): void {
    if (this.start < this.buf.length || this.buf.length === 0) return;
    this.buf = NOTHING;
    this.start = 0;
  }

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.buf.length - this.start;
  }

  /**
   * Next command line, or null when no complete line is buffered yet. A line
   * longer than `limit` octets (ending included) is reported as too long and
   * its bytes are dropped as they arrive, so memory stays bounded.
   */
  nextLine(limit: number = LIMITS.commandLine): CommandUnit | null {
    const buf = this.buf;
    const lf = buf.indexOf(LF, this.start);
    if (lf < 0) {
      const pending = buf.length - this.start;
      if (this.discarding + pending > limit) {
        this.discarding += pending;
        this.start = buf.length;
      }
      return null;
    }
    const length = this.discarding + lf - this.start + 1;
    const from = this.start;
    this.start = lf + 1;
    if (this.discarding > 0 || length > limit) {
      this.discarding = 0;
      return { kind: 'too-long', length };
    }
    const crlf = lf > from && buf[lf - 1] === CR;
    return {
      kind: 'line',
      bytes: buf.subarray(from, crlf ? lf - 1 : lf),
      ending: crlf ? 'CRLF' : 'LF',
    };
  }

  /**
   * Reads message content up to and including the end-of-data line ".".
   * Returns null while the terminator has not arrived; the content read so far
   * is kept inside, so calling again after more bytes continues where it was.
   */
  readData(options: DataOptions): DataResult | null {
    const d = (this.data ??= {
      content: [],
      size: 0,
      overflow: false,
      longLines: 0,
      bareLfLines: 0,
      unstuffed: 0,
      midLine: false,
      lineLength: 0,
    });
    const buf = this.buf;
    let pos = this.start;
    let seg = pos; // start of the run of content not yet handed to `keep`
    const textLine = options.textLine === 0 ? Infinity : (options.textLine ?? LIMITS.textLine);
    const unstuff = options.transparency !== false;

    const maxSize = options.maxSize;
    const lenient = options.lenientEnding === true;

    for (;;) {
      const lf = findLineEnd(buf, pos, lenient);
      if (lf < 0) break;
      const crlf = lf > pos && buf[lf - 1] === CR;
      if (!lenient) d.bareLfLines += countBareLf(buf, pos, lf);
      let stuffed = 0;
      if (!d.midLine && buf[pos] === DOT) {
        const bodyLen = lf - pos + 1 - (crlf ? 2 : 1);
        if (bodyLen === 1) {
          // "." alone: end of data (§4.1.1.4). Its own line ending is not content.
          keep(d, buf, maxSize, seg, pos);
          if (!crlf) d.bareLfLines++;
          this.start = lf + 1;
          this.data = null;
          const { midLine: _m, lineLength: _l, ...result } = d;
          return result;
        }
        if (unstuff) {
          keep(d, buf, maxSize, seg, pos);
          seg = pos + 1; // drop the transparency dot (§4.5.2)
          stuffed = 1;
          d.unstuffed++;
        }
      }
      // A line flushed early was already counted as long when it was flushed.
      if (!d.midLine && lf + 1 - pos - stuffed > textLine) d.longLines++;
      if (!crlf) d.bareLfLines++;
      d.midLine = false;
      d.lineLength = 0;
      pos = lf + 1;
    }

    // An incomplete line stays buffered (at most one text line) unless it is
    // already too long: then what came so far is kept and the line goes on.
    // A trailing CR is held back so a CRLF split across chunks is still seen.
    let end = buf.length;
    if (end > pos && buf[end - 1] === CR) end--;
    const pending = end - pos;
    const flushAt = Math.min(textLine, LIMITS.textLine);
    if (pending > 0 && (d.midLine || d.lineLength + buf.length - pos > flushAt)) {
      if (!d.midLine) {
        if (unstuff && buf[pos] === DOT) {
          keep(d, buf, maxSize, seg, pos);
          seg = pos + 1;
          d.unstuffed++;
        }
        if (d.lineLength + buf.length - pos > textLine) d.longLines++;
      }
      if (!lenient) d.bareLfLines += countBareLf(buf, pos, end);
      d.midLine = true;
      d.lineLength += pending;
      pos = end;
    }
    keep(d, buf, maxSize, seg, pos);
    this.start = pos;
    return null;
  }

  /**
   * Reads exactly `size` octets (BDAT, RFC 3030 §2: no dot-stuffing, no
   * terminator), across as many pushes as it takes. Octets past `maxSize` are
   * counted, not kept. Returns null until all have arrived.
   */
  readChunk(
    size: number,
    maxSize: number,
  ): { parts: Uint8Array[]; size: number; overflow: boolean } | null {
    const c = (this.chunk ??= { parts: [], size: 0, overflow: false, wanted: size });
    const take = Math.min(c.wanted - c.size, this.buf.length - this.start);
    if (take > 0) {
      if (c.size + take > maxSize) c.overflow = true;
      if (!c.overflow) c.parts.push(this.buf.subarray(this.start, this.start + take));
      c.size += take;
      this.start += take;
    }
    if (c.size < c.wanted) return null;
    this.chunk = null;
    return { parts: c.parts, size: c.size, overflow: c.overflow };
  }

  /** Drops everything received and not yet read (after STARTTLS, RFC 3207 §4: nothing sent before the handshake counts). */
  discard(): number {
    const dropped = this.buf.length - this.start;
    this.start = this.buf.length;
    return dropped;
  }

  /** True while a DATA read is under way (content partly received). */
  get inData(): boolean {
    return this.data !== null;
  }
}

/** Index of the LF that ends the line starting at `from`; unless lenient, only a LF after CR counts. */
function findLineEnd(buf: Uint8Array, from: number, lenient: boolean): number {
  let at = from;
  for (;;) {
    const lf = buf.indexOf(LF, at);
    if (lf < 0 || lenient || (lf > from && buf[lf - 1] === CR)) return lf;
    at = lf + 1;
  }
}

/** LFs without a CR before them in `buf[from, to)` (a CR held back from an earlier read never precedes `from`). */
function countBareLf(buf: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let lf = buf.indexOf(LF, from); lf >= 0 && lf < to; lf = buf.indexOf(LF, lf + 1))
    if (lf === from || buf[lf - 1] !== CR) n++;
  return n;
}
