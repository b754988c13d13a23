/**
 * The interface's words live in `locales/en/ui.json` and the files a feature
 * brings (issue 8): every key is used, plurals come in pairs, placeholders
 * are filled, and no component writes an English sentence in its markup.
 * A key built from a template (`share.problem.${problem}`) counts as used
 * when it is one of the template's listed values and the template is in src/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en/ui.json';
import journeyWords from '../../locales/en/journey.json';
import libraryWords from '../../locales/en/library.json';
import playerWords from '../../locales/en/player.json';
import shareWords from '../../locales/en/share.json';
import { plural, rich, t } from '../../src/kit/strings.ts';
import '../../src/ui/journey/words.ts';
import '../../src/ui/library/words.ts';
import { NOTE_KEYS } from '../../src/ui/library/retrieval-steps.ts';
import type { ShareProblem } from '../../src/ui/player/share-codec.ts';
import type { HopSide } from '../../src/machines/journey-types.ts';
import '../../src/ui/player/words.ts';

const ROOT = join(import.meta.dirname, '../..');
const FILES = [en, journeyWords, playerWords, libraryWords, shareWords];
/** Every key: the first screen's file and the files a feature brings when it loads. */
const KEYS = FILES.flatMap((f) => Object.keys(f));

/** ShareError's problems, each the end of a `share.problem.` key (share-open.ts builds it). */
const SHARE_PROBLEMS = [
  'empty',
  'not-base64',
  'damaged',
  'too-large',
  'not-text',
] as const satisfies readonly ShareProblem[];
// The list holds every ShareProblem: a new one fails to compile until it is listed here.
const everyProblem: Exclude<ShareProblem, (typeof SHARE_PROBLEMS)[number]> extends never
  ? true
  : false = true;

/** The sides a learner takes on a journey's hop, each the end of a `journey.take.*.` key. */
const SIDES = ['client', 'server'] as const satisfies readonly HopSide[];
const everySide: Exclude<HopSide, (typeof SIDES)[number]> extends never ? true : false = true;
const bySide = (base: string) => ({
  template: `\`${base}.\${`,
  keys: SIDES.map((side) => `${base}.${side}`),
});

/** Keys built from a template: the template as src/ writes it, and every key it can build. */
const TEMPLATES: readonly { readonly template: string; readonly keys: readonly string[] }[] = [
  { template: '`share.problem.${', keys: SHARE_PROBLEMS.map((p) => `share.problem.${p}`) },
  { template: '`library.retr.${', keys: NOTE_KEYS },
  ...['learner', 'heading', 'intro', 'howto', 'path'].map((x) => bySide(`journey.take.${x}`)),
];

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('locales/en/*.json', () => {
  const sources = files('src', /\.(ts|svelte)$/)
    .map(read)
    .join('\n');

  it('has every key used in src/ (a plural by its base, a template-built one by its template)', () => {
    const built = (key: string) =>
      TEMPLATES.some((x) => x.keys.includes(key) && sources.includes(x.template));
    const unused = KEYS.filter((key) => {
      const base = key.replace(/\.(one|other)$/, '');
      return !sources.includes(`'${base}'`) && !sources.includes(`"${base}"`) && !built(key);
    });
    expect(unused).toEqual([]);
  });

  it('has every key a template can build', () => {
    expect(everyProblem && everySide).toBe(true);
    const set = new Set(KEYS);
    expect(TEMPLATES.flatMap((x) => x.keys).filter((k) => !set.has(k))).toEqual([]);
  });

  it('has the .other of every .one, and the .one of every .other', () => {
    const set = new Set(KEYS);
    const missing = KEYS.flatMap((key) => {
      const m = /^(.*)\.(one|other)$/.exec(key);
      if (!m) return [];
      const pair = `${m[1]}.${m[2] === 'one' ? 'other' : 'one'}`;
      return set.has(pair) ? [] : [pair];
    });
    expect(missing).toEqual([]);
  });

  it('has only texts, none empty', () => {
    for (const [key, text] of Object.entries(Object.assign({}, ...FILES) as object)) {
      expect(typeof text, key).toBe('string');
      expect((text as string).trim(), key).not.toBe('');
    }
  });
});

describe('t and plural', () => {
  it('fills the placeholders and leaves unknown ones visible', () => {
    expect(t('lessons.map.count', { done: 2, total: 5 })).toBe('2 of 5 lessons done');
    expect(t('lessons.map.count', { done: 2 })).toBe('2 of {total} lessons done');
  });

  it('chooses the plural form by the count, given as {count}', () => {
    expect(plural('pack.problems', 1)).toBe('1 problem in this pack');
    expect(plural('pack.problems', 3)).toBe('3 problems in this pack');
    expect(plural('pack.problems', 0)).toBe('0 problems in this pack');
  });

  it('cuts a text with inline elements into runs, parameters as plain text', () => {
    expect(rich('pack.current', { title: '<b>x</b>' })).toEqual([
      { kind: 'text', text: 'Lesson pack: ' },
      { kind: 'tag', tag: 'strong', text: '<b>x</b>' },
    ]);
    expect(rich('practice.seed', {}, ['seed'])[0]).toEqual({ kind: 'text', text: 'Seed ' });
    expect(rich('practice.seed', {}, ['seed'])[1]).toEqual({ kind: 'slot', name: 'seed' });
  });
});

/**
 * The markup of a component without its script, style and `{...}` expressions
 * (blocks and tags included): what is left between tags is literal text.
 */
function literalText(source: string): string[] {
  let markup = source
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  // Expressions, nested braces included (template literals inside hold no lone braces here).
  let previous = '';
  while (previous !== markup) {
    previous = markup;
    markup = markup.replace(/\{[^{}]*\}/g, ' ');
  }
  // Tags, with their attributes (their expressions are gone already).
  markup = markup.replace(/<[^<>]*>/g, '\n');
  return markup
    .split('\n')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** Literal text a component may keep: marks and SMTP words, not English sentences. */
const ALLOWED: readonly RegExp[] = [];

/** Two or more English words in a row. */
const SENTENCE = /[A-Za-z][a-z']+[\s,;:]+[A-Za-z][a-z']+/;

describe('components', () => {
  const components = ['src/ui', 'src/kit', 'src/console'].flatMap((d) => files(d, /\.svelte$/));

  it('are found', () => {
    expect(components.length).toBeGreaterThan(10);
  });

  it.each(components)('%s writes no English sentence outside t()', (file) => {
    const left = literalText(read(file)).filter(
      (text) => SENTENCE.test(text) && !ALLOWED.some((re) => re.test(text)),
    );
    expect(left).toEqual([]);
  });

  it('the scan finds a sentence written in markup', () => {
    const sample =
      '<script lang="ts">let a = "Not this one";</script>\n<p class="x">{t(\'a.b\')}</p>\n<p>Hello there, learner</p>';
    expect(literalText(sample).filter((s) => SENTENCE.test(s))).toEqual(['Hello there, learner']);
  });
});

describe('the words a feature brings (locales/en/<feature>.json)', () => {
  it('never repeat a key of another file, and are found by t() once their chunk is in', () => {
    expect(KEYS.length).toBe(new Set(KEYS).size);
    expect(t('journey.heading')).toBe(journeyWords['journey.heading']);
    expect(t('library.retr.next')).toBe(libraryWords['library.retr.next']);
    expect(t('player.import.heading')).toBe(playerWords['player.import.heading']);
  });
});
