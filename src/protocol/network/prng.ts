/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same
 * numbers on every machine, so a lesson's random choices replay. Not for
 * anything secret.
 */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from a number and some words (FNV-1a): one stream per domain, the same each run. */
export function seedFor(seed: number, ...words: readonly string[]): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const c of words.join('\u0000')) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Fisher-Yates with the given generator: a new array, the input untouched. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
