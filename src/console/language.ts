/**
 * The `smtp` language for Monaco, as data: a Monarch grammar for command lines
 * (verbs, paths, ESMTP parameters, address literals) and reply lines (code,
 * enhanced code), and `smtp-data` for message content typed after 354. The
 * verbs come from the dialect tables. Registered by editor.ts; tested by a
 * table of lines and tokens.
 */
import type { languages } from 'monaco-editor/editor';
import { DIALECTS } from '../protocol/dialects/index.ts';

export const SMTP = 'smtp';
export const SMTP_DATA = 'smtp-data';

/** Every verb some dialect knows (upper case; the grammar ignores case). */
export const VERBS: readonly string[] = [
  ...new Set(Object.values(DIALECTS).flatMap((d) => d.commands.map((c) => c.verb))),
];

/**
 * A raw line (`!raw ...`, sent as the bytes it spells: lessons/run.ts), the
 * same in both languages: the prefix, its escapes, and a backslash that
 * starts none (the line cannot be sent). The state ends with the line.
 */
const RAW_START: languages.IMonarchLanguageRule = [
  /^![Rr][Aa][Ww](?= |$)/,
  { token: 'keyword.raw', next: '@raw' },
];
const RAW_STATE: languages.IMonarchLanguageRule[] = [
  // A later line of the buffer: back to the language's own rules.
  [/^/, { token: '', next: '@pop' }],
  [/\\(?:x[0-9A-Fa-f]{2}|[rnt\\])/, 'string.escape'],
  [/\\(?:x[^]{0,2}|[^]?)/, 'invalid'],
  [/[^\\]+/, 'string.raw'],
];

export const smtpLanguage: languages.IMonarchLanguage & { verbs: readonly string[] } = {
  ignoreCase: true,
  defaultToken: '',
  tokenPostfix: '.smtp',
  verbs: VERBS,
  tokenizer: {
    root: [
      RAW_START,
      // A reply line: code, then "-" (more lines follow) or " ".
      [/^\d{3}(?=[ -]|$)/, 'number.code'],
      [/^[A-Za-z]+/, { cases: { '@verbs': 'keyword', '@default': 'invalid' } }],
      [/\b\d\.\d{1,3}\.\d{1,3}\b/, 'number.enhanced'],
      [/\b(FROM|TO)(:)/, ['keyword.path', 'delimiter']],
      [/<[^<>]*>/, 'string.path'],
      [/<[^<>]*$/, 'invalid'],
      [/\[[^\]\s]*\]/, 'number.literal'],
      [
        /([A-Za-z0-9][A-Za-z0-9-]*)(=)([^\s=]*)/,
        ['attribute.name', 'delimiter', 'attribute.value'],
      ],
      [/[^\s<>[\]=]+/, 'identifier'],
      [/\s+/, 'white'],
    ],
    raw: RAW_STATE,
  },
};

export const smtpDataLanguage: languages.IMonarchLanguage = {
  defaultToken: 'string.body',
  tokenPostfix: '.smtp-data',
  tokenizer: {
    root: [
      RAW_START,
      // The line that ends the message, and lines the client dot-stuffed.
      [/^\.$/, 'keyword.end'],
      [/^\.\./, 'string.escape'],
      [/^\.(?=.)/, 'invalid'],
      [/^([A-Za-z0-9-]+)(:)/, ['attribute.name', 'delimiter']],
      [/<[^<>]*>/, 'string.path'],
      [/.+/, 'string.body'],
    ],
    raw: RAW_STATE,
  },
};

export const smtpConfiguration: languages.LanguageConfiguration = {
  brackets: [['<', '>']],
  autoClosingPairs: [
    { open: '<', close: '>' },
    { open: '[', close: ']' },
  ],
  wordPattern: /[A-Za-z0-9.@_+-]+/,
};
