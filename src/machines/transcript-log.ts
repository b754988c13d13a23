/**
 * A session's transcript: the typed entries every view, test and lesson
 * reads, and the listeners that see each one. The browser keeps all of it,
 * with one copy of each repeated reply and command text; the bridge keeps
 * none (its listeners, if any, still see every entry) and builds nothing when
 * nobody would read it.
 */
import { decode } from '../protocol/bytes.ts';
import { eraNote } from '../protocol/citations.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import type { DataResult } from '../protocol/framing.ts';
import { NOTES, undeclaredEightBit, type Note } from '../protocol/notes.ts';
import type { Reply } from '../protocol/replies.ts';
import { Shared } from './shared.ts';
import type { Listener, TranscriptEntry } from './session-types.ts';

export class TranscriptLog {
  private entries: TranscriptEntry[] = [];
  private readonly listeners = new Set<Listener>();
  /** Sharing repeated texts pays only in a whole transcript; a bounded one drops them anyway. */
  private readonly shared: Shared | null;

  constructor(
    /** Entries kept (Infinity: all; 0: none). */
    private readonly keep: number,
    /** Largest slice of message content kept as text. */
    private readonly contentLimit: number,
    /** Notes are worded and cited for this era. */
    private readonly dialect: Dialect,
  ) {
    this.shared = keep === Infinity ? new Shared() : null;
  }

  /** The entries kept (with a bound, at least the newest `keep`). */
  get all(): readonly TranscriptEntry[] {
    return this.entries;
  }

  /** Whether anybody will read an entry: with none kept and no listener, none is built. */
  get recording(): boolean {
    return this.keep > 0 || this.listeners.size > 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(entry: TranscriptEntry) {
    if (this.keep > 0) {
      const entries = this.entries;
      entries.push(entry);
      // A bounded transcript drops its oldest entries in batches (amortised O(1)).
      if (entries.length > 2 * this.keep + 16) this.entries = entries.slice(-this.keep);
    }
    for (const l of this.listeners) l(entry);
  }

  /** The reply, shared with an earlier identical one when the whole transcript is kept. */
  reply(r: Reply, wireOf: (r: Reply) => string): Reply {
    return this.shared ? this.shared.reply(r, wireOf).reply : r;
  }

  /** The wire text of a reply `reply` returned (no pair object per reply: the bridge shares nothing). */
  wire(r: Reply, wireOf: (r: Reply) => string): string {
    return this.shared ? this.shared.reply(r, wireOf).wire : wireOf(r);
  }

  /** A command line as the client sent it. */
  client(step: number, text: string, ending: 'CRLF' | 'LF', read: number) {
    if (!this.recording) return;
    this.record({
      kind: 'client',
      step,
      text: this.shared ? this.shared.text(text) : text,
      ending,
      read,
    });
  }

  /** A note, worded and cited for the session's era (RFC 821 for an RFC 821 server). */
  note(step: number, note: Note) {
    if (!this.recording) return;
    const n = eraNote(this.dialect, note);
    this.record({ kind: 'note', step, text: n.text, rfc: n.rfc });
  }

  /** Message text (or a BDAT chunk) as text, cut at the content limit. */
  preview(parts: readonly Uint8Array[]): string {
    let text = '';
    let kept = 0;
    for (const part of parts) {
      if (kept >= this.contentLimit) break;
      const slice = part.subarray(0, this.contentLimit - kept);
      text += decode(slice);
      kept += slice.length;
    }
    return text;
  }

  /** A BDAT chunk (RFC 3030 §2: counted octets, no stuffing). */
  chunk(step: number, parts: readonly Uint8Array[], size: number) {
    if (!this.recording) return;
    this.record({
      kind: 'content',
      step,
      text: this.preview(parts),
      size,
      truncated: size > this.contentLimit,
      unstuffed: 0,
      bareLfLines: 0,
    });
  }

  /**
   * The message text after DATA, with what the server noticed in it: 8-bit
   * octets not declared (RFC 6152 §3), bare LFs (RFC 5321 §2.3.8, §4.1.1.4).
   */
  content(step: number, data: DataResult, body: string | undefined, lenient: boolean) {
    if (!this.recording) return;
    this.record({
      kind: 'content',
      step,
      text: this.preview(data.content),
      size: data.size,
      truncated: Math.min(data.size, this.contentLimit) < data.size,
      unstuffed: data.unstuffed,
      bareLfLines: data.bareLfLines,
    });
    if (undeclaredEightBit(body, data.content)) this.note(step, NOTES.undeclaredEightBit(body));
    if (data.bareLfLines > 0) this.note(step, NOTES.bareLfInText(data.bareLfLines, lenient));
  }
}
