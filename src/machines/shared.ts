import type { Reply } from '../protocol/replies.ts';

/**
 * Interning for the transcript: a session repeats the same few replies and
 * commands (250 OK, NOOP, RCPT TO:<...>), so each distinct one is kept once.
 * Replies are the same only with the same catalog id and wire text. Bounded:
 * when a table fills up it starts again.
 */
export class Shared {
  private static readonly MAX = 4096;
  private readonly replies = new Map<string, Map<string, { reply: Reply; wire: string }>>();
  private size = 0;
  private readonly byObject = new WeakMap<Reply, { reply: Reply; wire: string }>();
  private readonly texts = new Map<string, string>();

  reply(r: Reply, wireOf: (r: Reply) => string): { reply: Reply; wire: string } {
    // The catalog hands out one object for a reply without fields: known at once.
    const same = this.byObject.get(r);
    if (same) return same;
    const wire = wireOf(r);
    // Keyed by catalog id, then wire text: two replies are one only if both agree.
    const id = r.id ?? '';
    let byWire = this.replies.get(id);
    const known = byWire?.get(wire);
    if (known) {
      this.byObject.set(r, known);
      return known;
    }
    if (++this.size > Shared.MAX) {
      this.replies.clear();
      this.size = 1;
      byWire = undefined;
    }
    if (byWire === undefined) this.replies.set(id, (byWire = new Map()));
    const entry = { reply: r, wire };
    byWire.set(wire, entry);
    this.byObject.set(r, entry);
    return entry;
  }

  text(t: string): string {
    if (t.length > 256) return t;
    const known = this.texts.get(t);
    if (known !== undefined) return known;
    if (this.texts.size >= Shared.MAX) this.texts.clear();
    this.texts.set(t, t);
    return t;
  }
}
