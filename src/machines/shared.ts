import type { Reply } from '../protocol/replies.ts';

/**
 * Interning for the transcript: a session repeats the same few replies and
 * commands (250 OK, NOOP, RCPT TO:<...>), so each distinct one is kept once.
 * Replies are the same only with the same catalog id and wire text. Bounded:
 * when a table fills up it starts again.
 */
export class Shared {
  private static readonly MAX = 4096;
  private readonly replies = new Map<string, { reply: Reply; wire: string }>();
  private readonly texts = new Map<string, string>();

  reply(r: Reply, wireOf: (r: Reply) => string): { reply: Reply; wire: string } {
    const wire = wireOf(r);
    const key = `${r.id ?? ''} ${wire}`;
    const known = this.replies.get(key);
    if (known) return known;
    if (this.replies.size >= Shared.MAX) this.replies.clear();
    const entry = { reply: r, wire };
    this.replies.set(key, entry);
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
