/**
 * The transcript as display lines, swaks-style: `->` what the client sent,
 * `<-` what the server answered, `==` what happened inside the server, `**`
 * notes. Each line keeps the step (command number) it belongs to. Message
 * text is shown as it was on the wire (dot-stuffed), with the text the
 * server stored beside a line that differs. Notes and citations follow the
 * session's era (citations.ts).
 */
import type { TranscriptEntry } from '../../machines/session.ts';
import { citeTopic, eraNote } from '../../protocol/citations.ts';
import type { Dialect } from '../../protocol/dialects/index.ts';
import { sentLines } from '../../protocol/stuffing.ts';

export type LineKind =
  'client' | 'content' | 'server' | 'state' | 'delivery' | 'note' | 'closed' | 'tls';

export interface DisplayLine {
  readonly step: number;
  readonly kind: LineKind;
  /** swaks: `->`/`<-` in the clear, `~>`/`<~` once TLS is on. */
  readonly prefix: '->' | '<-' | '~>' | '<~' | '==' | '**';
  /** As on the wire (a message line dot-stuffed). */
  readonly text: string;
  /** A message line as the server stored it, when that differs from the line as sent. */
  readonly stored?: string;
  /** Sent inside TLS. */
  readonly tls?: boolean;
  /** On the first line of a reply: its code (the page marks its class there, not in exports). */
  readonly reply?: number;
}

export interface DisplayOptions {
  /** The session's era: its transparency rule and the RFCs notes cite. */
  readonly dialect?: Pick<Dialect, 'id' | 'rfc' | 'transparency'>;
  /** The message lines as the client sent them (without the final "."), when they were recorded. */
  readonly sent?: (entry: TranscriptEntry) => readonly string[] | undefined;
  /**
   * TLS began in this session (its `tls` entry was recorded): when a bounded transcript has
   * dropped that entry, the lines kept all came after it.
   */
  readonly tlsBegun?: () => boolean;
}

interface Context {
  readonly tls: boolean;
  readonly dialect: Pick<Dialect, 'id' | 'rfc' | 'transparency'> | undefined;
  readonly sent: readonly string[] | undefined;
  /** The content is a BDAT chunk: counted octets, no stuffing and no "." line (RFC 3030 §2). */
  readonly chunk: boolean;
}

/**
 * The lines of one entry; `tls` when it was sent after TLS started. Made anew
 * each time: DisplayLines keeps the lines of a transcript as it grows. (A
 * WeakMap from every entry to its lines, kept before, made each full garbage
 * collection of a long session walk hundreds of thousands of weak entries:
 * 0.3 s and more in one task.)
 */
export function entryLines(
  entry: TranscriptEntry,
  tls = false,
  context: Partial<Omit<Context, 'tls'>> = {},
): readonly DisplayLine[] {
  return compute(entry, {
    tls,
    dialect: context.dialect,
    sent: context.sent,
    chunk: context.chunk ?? false,
  });
}

/** The message lines: as sent (recorded, or derived from the stored text), each with the stored text if it differs. */
function contentLines(
  e: Extract<TranscriptEntry, { kind: 'content' }>,
  c: Context,
): { lines: { text: string; stored?: string }[]; lost: number } {
  const body = e.text.endsWith('\r\n') ? e.text.slice(0, -2) : e.text;
  const stored = body === '' ? [] : body.split(/\r?\n/);
  if (c.chunk) return { lines: stored.map((text) => ({ text })), lost: 0 };
  const transparency = c.dialect?.transparency ?? true;
  const pair = (sent: readonly string[]) =>
    sent.map((text, i) =>
      stored[i] !== undefined && stored[i] !== text ? { text, stored: stored[i] } : { text },
    );
  if (c.sent && (c.sent.length === stored.length || e.truncated))
    return { lines: pair(c.sent), lost: 0 };
  const derived = sentLines(stored, transparency, e.unstuffed);
  return { lines: pair(derived.lines), lost: derived.lost };
}

function compute(entry: TranscriptEntry, c: Context): DisplayLine[] {
  const tls = c.tls;
  // Properties set one by one on a literal: a spread (`{ ...line(), reply }`) made a slow
  // object per reply line, about 230 B more per transcript line in the page (npm run bench).
  const line = (
    kind: LineKind,
    prefix: DisplayLine['prefix'],
    text: string,
    reply?: number,
  ): DisplayLine => {
    const l: { -readonly [K in keyof DisplayLine]: DisplayLine[K] } = {
      step: entry.step,
      kind,
      prefix,
      text,
    };
    if (tls) l.tls = tls;
    if (reply !== undefined) l.reply = reply;
    return l;
  };
  const e = entry;
  const out = tls ? '~>' : '->';
  const back = tls ? '<~' : '<-';
  switch (e.kind) {
    case 'client':
      return [line('client', out, e.text)];
    case 'content': {
      const { lines, lost } = contentLines(e, c);
      const result: DisplayLine[] = lines.map((l) => {
        const shown: { -readonly [K in keyof DisplayLine]: DisplayLine[K] } = line(
          'content',
          out,
          l.text,
        );
        if (l.stored !== undefined) shown.stored = l.stored;
        return shown;
      });
      if (e.truncated)
        result.push(line('note', '**', `(${e.size} octets in all; the rest is not shown)`));
      if (c.chunk) return result;
      result.push(line('content', out, '.'));
      const rfc = c.dialect ? citeTopic(c.dialect, 'transparency') : 'RFC 5321 §4.5.2';
      if (e.unstuffed > 0)
        result.push(
          line(
            'note',
            '**',
            `The server removed ${e.unstuffed} leading dot${e.unstuffed > 1 ? 's' : ''} (dot-stuffing, ${rfc})`,
          ),
        );
      if (lost > 0)
        result.push(
          line(
            'note',
            '**',
            `${lost} of them came from line${lost > 1 ? 's' : ''} sent without the extra dot: the text shown there is the stored text (${rfc})`,
          ),
        );
      return result;
    }
    case 'server':
      return e.wire
        .replace(/\r\n$/, '')
        .split('\r\n')
        .map((l, i) => line('server', back, l, i === 0 ? e.reply.code : undefined));
    case 'state':
      return [line('state', '==', `state ${e.from} → ${e.to}`)];
    case 'tls':
      return [
        line(
          'tls',
          '==',
          `TLS started: ${e.info.protocol} ${e.info.cipher}, certificate ${e.info.certificate} (RFC 3207); from here on ~> and <~`,
        ),
      ];
    case 'delivery': {
      const to = e.delivery.recipients.map((r) => r.mailbox).join(', ');
      return [
        line(
          'delivery',
          '==',
          `message ${e.delivery.id} delivered to ${to} (${e.delivery.size} octets)`,
        ),
      ];
    }
    case 'note': {
      const n = c.dialect ? eraNote(c.dialect, e) : e;
      return [line('note', '**', `${n.text} (${n.rfc})`)];
    }
    case 'closed':
      return [line('closed', '==', 'connection closed')];
  }
}

export function displayLines(
  entries: readonly TranscriptEntry[],
  options: DisplayOptions = {},
): DisplayLine[] {
  return [...new DisplayLines(options).of(entries)];
}

/**
 * The display lines of a transcript that only grows, kept between refreshes: each refresh
 * walks the entries added since the last one (a page refreshes on every command; walking a
 * 10,000-entry transcript each time was most of the time from Enter to the reply on screen).
 * A transcript that is not the last one extended (a new session, a replay) is walked whole.
 */
export class DisplayLines {
  /** Grown in place; `of` hands out a copy when it changed (a picture keeps the array it drew). */
  private lines: DisplayLine[] = [];
  private snapshot: readonly DisplayLine[] = [];
  // What the lines were made of: how many entries, the first and the last (an array passed
  // again may be the same one, grown in place).
  private count = 0;
  private first: TranscriptEntry | undefined;
  private last: TranscriptEntry | undefined;
  private tls = false;
  private bdat = false;
  // One context for every entry but message text (no allocation per line on each refresh).
  private readonly plain: { dialect: DisplayOptions['dialect'] };

  constructor(private readonly options: DisplayOptions = {}) {
    this.plain = { dialect: options.dialect };
  }

  /** The lines of `entries`: a new array when they changed, the same one when not. */
  of(entries: readonly TranscriptEntry[]): readonly DisplayLine[] {
    if (this.advance(entries) || this.snapshot.length !== this.lines.length)
      this.snapshot = this.lines.slice();
    return this.snapshot;
  }

  /**
   * Makes the lines of the entries added since the last call, handing out
   * nothing: a long re-run calls this as it goes, so the one `of` at its end
   * copies once instead of walking the whole transcript. True when the
   * transcript was not the last one extended (then it is walked whole).
   */
  advance(entries: readonly TranscriptEntry[]): boolean {
    const n = this.count;
    const grown =
      entries.length >= n &&
      (n === 0 || (entries[0] === this.first && entries[n - 1] === this.last));
    if (grown && entries.length === n) return false;
    if (!grown) {
      // A walk from the first entry kept; TLS is on from there when its entry is gone.
      this.tls = !!this.options.tlsBegun?.() && !entries.some((e) => e.kind === 'tls');
      this.bdat = false;
      this.lines = [];
    }
    const out = this.lines;
    for (let i = grown ? n : 0; i < entries.length; i++) {
      const e = entries[i]!;
      const context =
        e.kind === 'content'
          ? { ...this.plain, sent: this.options.sent?.(e), chunk: this.bdat }
          : this.plain;
      for (const l of entryLines(e, this.tls, context)) out.push(l);
      if (e.kind === 'tls') this.tls = true;
      if (e.kind === 'client') this.bdat = /^BDAT\b/i.test(e.text);
    }
    this.count = entries.length;
    this.first = entries[0];
    this.last = entries.at(-1);
    return !grown;
  }
}

/** Who a line is from, said in words beside the `->`/`<-` glyphs (for screen readers). */
export type Speaker = 'client' | 'server' | 'inside' | 'note';

export function speaker(kind: LineKind | 'pending'): Speaker {
  switch (kind) {
    case 'client':
    case 'content':
    case 'pending':
      return 'client';
    case 'server':
      return 'server';
    case 'note':
      return 'note';
    default:
      return 'inside';
  }
}

export function lineText(l: DisplayLine, stored = false): string {
  const beside = stored && l.stored !== undefined ? `   [stored: ${l.stored}]` : '';
  return `${String(l.step).padStart(4, ' ')} ${l.prefix} ${l.text}${beside}`;
}

/** What went over the connection: client and server lines, message text as sent. */
export const isDialogue = (l: DisplayLine) =>
  l.kind === 'client' || l.kind === 'content' || l.kind === 'server';

/**
 * Plain-text export, step numbers first: the dialogue as it was on the wire;
 * with `notes`, also the lines about the server's inside (state changes,
 * deliveries, notes) and the stored text beside a message line that differs.
 */
export function exportText(
  lines: readonly DisplayLine[],
  options: { notes?: boolean } = {},
): string {
  const kept = options.notes ? lines : lines.filter(isDialogue);
  return kept.map((l) => lineText(l, options.notes)).join('\n') + (kept.length ? '\n' : '');
}
