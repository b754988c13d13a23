/**
 * The transcript's lines with the client machine's notes among them: each
 * note (the client's "why" for its next step, with its rule) goes after the
 * lines of the server entries that came before it. The session's transcript
 * only grows, so a note's place, once found, stays; it is found once.
 */
import type { TranscriptEntry } from '../../machines/session.ts';
import type { ClientNote } from '../../machines/conversation.ts';
import { t } from '../../kit/strings.ts';
import { DisplayLines, type DisplayLine, type DisplayOptions } from '../shared/transcript-lines.ts';

/** A transcript line; `by: 'client'` on the client machine's notes. */
export type ShownLine = DisplayLine & { readonly by?: 'client' };

export class ClientNoteLines {
  /** Where each note's `at` falls among the lines: entries before it -> lines before it. */
  private readonly places = new Map<number, number>();
  private readonly made = new WeakMap<ClientNote, ShownLine>();

  constructor(private readonly options: DisplayOptions) {}

  /** `lines` (of `entries`) with `notes` put in their places; `lines` itself when there are none. */
  merge(
    lines: readonly DisplayLine[],
    entries: readonly TranscriptEntry[],
    notes: readonly ClientNote[],
  ): readonly ShownLine[] {
    if (notes.length === 0) return lines;
    const out: ShownLine[] = [];
    let from = 0;
    for (const note of notes) {
      const at = Math.min(note.at, entries.length);
      const place = this.place(at, lines, entries);
      for (; from < place; from++) out.push(lines[from]!);
      out.push(this.line(note, entries[at - 1]?.step ?? 0));
    }
    for (; from < lines.length; from++) out.push(lines[from]!);
    return out;
  }

  private place(
    at: number,
    lines: readonly DisplayLine[],
    entries: readonly TranscriptEntry[],
  ): number {
    let place = this.places.get(at);
    if (place === undefined) {
      // Usually a note made just now, after every entry; else the lines of the entries before it.
      place =
        at === entries.length
          ? lines.length
          : new DisplayLines(this.options).of(entries.slice(0, at)).length;
      this.places.set(at, place);
    }
    return place;
  }

  private line(note: ClientNote, step: number): ShownLine {
    let made = this.made.get(note);
    if (!made) {
      made = {
        step,
        kind: 'note',
        prefix: '**',
        by: 'client',
        text: t('sandbox.client.note', { text: note.text, rfc: note.rfc }),
      };
      this.made.set(note, made);
    }
    return made;
  }
}
