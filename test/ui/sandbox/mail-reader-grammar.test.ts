// @vitest-environment jsdom
/**
 * The POP3 and IMAP grammars of the console, run by Monaco's own tokenizer
 * (as test/console/language.test.ts runs the SMTP one): verbs, an unknown
 * verb, the IMAP tag, flags, literals and FETCH items; each line starts
 * afresh, so a second command is read as the first was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { imapLanguage, pop3Language } from '../../../src/console/reader-console.ts';

type Tokens = [number, string][];
let tokenize: (text: string, language: string) => Tokens[];

beforeAll(async () => {
  globalThis.CSS ??= { escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) } as never;
  window.matchMedia ??= (() => ({
    matches: false,
    addEventListener() {},
    removeEventListener() {},
  })) as never;
  const monaco = await import('monaco-editor/editor');
  for (const [id, language] of [
    ['pop3', pop3Language],
    ['imap', imapLanguage],
  ] as const) {
    monaco.languages.register({ id });
    monaco.languages.setMonarchTokensProvider(id, language);
  }
  tokenize = (text, language) =>
    monaco.editor
      .tokenize(text, language)
      .map((line) => line.map((t) => [t.offset, t.type.replace(`.${language}`, '')]));
}, 120_000);

describe('the mail reader grammars', () => {
  it('POP3: a verb, its argument; an unknown verb', () => {
    expect(tokenize('RETR 1\nxyz 2', 'pop3')).toEqual([
      [
        [0, 'keyword'],
        [4, 'white'],
        [5, 'number'],
      ],
      [
        [0, 'invalid'],
        [3, 'white'],
        [4, 'number'],
      ],
    ]);
  });

  it('IMAP: tag, command, sequence set, FETCH items, flags; the next line starts with its tag', () => {
    const [fetch, store] = tokenize(
      'a3 FETCH 1:* (FLAGS BODY[])\na4 STORE 1 +FLAGS (\\Seen)',
      'imap',
    );
    expect(fetch).toEqual([
      [0, 'variable.tag'],
      [2, 'white'],
      [3, 'keyword'],
      [8, 'white'],
      [9, 'number'],
      [12, 'white'],
      [13, 'delimiter'],
      [14, 'type'],
      [19, 'white'],
      [20, 'type'],
      [26, 'delimiter'],
    ]);
    expect(store?.slice(0, 3)).toEqual([
      [0, 'variable.tag'],
      [2, 'white'],
      [3, 'keyword'],
    ]);
    expect(store).toContainEqual([19, 'string.path']); // \Seen
    expect(tokenize('a1 BLURDYBLOOP', 'imap')[0]).toContainEqual([3, 'invalid']);
    expect(tokenize('a1 LOGIN {11}', 'imap')[0]).toContainEqual([9, 'number.literal']);
  });
});
