/**
 * The words of the interface, kept out of the code: `locales/en/ui.json`
 * holds every label, message and hint, keyed by where it appears, and a
 * feature loaded on demand (the journey, the player) brings its own file. A
 * translation is one more folder (`locales/xx/ui.json`, with the lessons as
 * a pack in that language); English is the only one for now.
 *
 * `{name}` in a text is filled from the parameters; a key ending in `.one` /
 * `.other` is chosen by `plural` with the language's plural rules.
 */
import en from '../../locales/en/ui.json';
// A feature's own words come with its chunk (addWords), out of the first screen's bundle.
import type journeyWords from '../../locales/en/journey.json';
import type playerWords from '../../locales/en/player.json';
import type libraryWords from '../../locales/en/library.json';
import type shareWords from '../../locales/en/share.json';

export type StringKey =
  | keyof typeof en
  | keyof typeof journeyWords
  | keyof typeof playerWords
  | keyof typeof libraryWords
  | keyof typeof shareWords;
type PluralBase<K> = K extends `${infer B}.one` ? B : never;
export type PluralKey = PluralBase<StringKey>;

const TABLE: Record<string, string> = { ...en };

/** Adds the words of a feature loaded later (`locales/en/<feature>.json`), before it renders. */
export function addWords(words: Readonly<Record<string, string>>): void {
  Object.assign(TABLE, words);
}
const RULES = new Intl.PluralRules('en');

function fill(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The text for `key`, its `{name}` fields filled. */
export function t(key: StringKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fill(TABLE[key] ?? key, params);
}

/** The `.one` or `.other` form for `count` (also given to the text as `{count}`). */
export function plural(
  key: PluralKey,
  count: number,
  params: Readonly<Record<string, string | number>> = {},
): string {
  const form = RULES.select(count) === 'one' ? 'one' : 'other';
  return fill(TABLE[`${key}.${form}`] ?? key, { count, ...params });
}

/** The inline elements a text may hold: `<code>`, `<kbd>`, `<strong>`, `<small>`, `<em>`. */
export type PieceTag = 'code' | 'kbd' | 'strong' | 'small' | 'em';

/** A run of a text: plain, inside one inline element, or a slot the component fills. */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tag'; readonly tag: PieceTag; readonly text: string }
  | { readonly kind: 'slot'; readonly name: string };

const TAGGED = /<(code|kbd|strong|small|em)>(.*?)<\/\1>/gs;

/**
 * The text for `key` cut into runs, for a component to render (`Rich.svelte`):
 * the inline elements of the text become elements (never HTML from the
 * parameters, which are filled in each run as plain text), and a `{name}`
 * listed in `slots` stands alone for the component to fill.
 */
export function rich(
  key: StringKey,
  params: Readonly<Record<string, string | number>> = {},
  slots: readonly string[] = [],
): Piece[] {
  const text = TABLE[key] ?? key;
  const pieces: Piece[] = [];
  const plain = (s: string) => {
    if (!s) return;
    if (!slots.length) {
      pieces.push({ kind: 'text', text: fill(s, params) });
      return;
    }
    const parts = s.split(/\{(\w+)\}/);
    parts.forEach((part, i) => {
      if (i % 2 === 0) {
        if (part) pieces.push({ kind: 'text', text: part });
      } else if (slots.includes(part)) pieces.push({ kind: 'slot', name: part });
      else pieces.push({ kind: 'text', text: fill(`{${part}}`, params) });
    });
  };
  let last = 0;
  for (const m of text.matchAll(TAGGED)) {
    plain(text.slice(last, m.index));
    pieces.push({ kind: 'tag', tag: m[1] as PieceTag, text: fill(m[2]!, params) });
    last = m.index + m[0].length;
  }
  plain(text.slice(last));
  return pieces;
}
