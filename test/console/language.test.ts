// @vitest-environment jsdom
/**
 * The Monarch grammar, run by Monaco's own tokenizer: a table of lines and
 * the tokens expected (offset and type), as Monaco's language tests do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  SMTP,
  SMTP_DATA,
  VERBS,
  smtpConfiguration,
  smtpDataLanguage,
  smtpLanguage,
} from '../../src/console/language.ts';

type Tokens = [number, string][];
let tokenize: (text: string, language: string) => Tokens[];

beforeAll(async () => {
  // jsdom lacks these two; Monaco's theme service uses them while loading.
  globalThis.CSS ??= { escape: (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`) } as never;
  window.matchMedia ??= (() => ({
    matches: false,
    addEventListener() {},
    removeEventListener() {},
  })) as never;
  const monaco = await import('monaco-editor/editor');
  monaco.languages.register({ id: SMTP });
  monaco.languages.register({ id: SMTP_DATA });
  monaco.languages.setMonarchTokensProvider(SMTP, smtpLanguage);
  monaco.languages.setMonarchTokensProvider(SMTP_DATA, smtpDataLanguage);
  monaco.languages.setLanguageConfiguration(SMTP, smtpConfiguration);
  tokenize = (text, language) =>
    monaco.editor
      .tokenize(text, language)
      .map((line) => line.map((t) => [t.offset, t.type.replace(`.${language}`, '')]));
}, 120_000);

const COMMANDS: [string, Tokens][] = [
  [
    'EHLO client.test',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'identifier'],
    ],
  ],
  [
    'ehlo [192.0.2.1]',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'number.literal'],
    ],
  ],
  [
    'MAIL FROM:<alice@example.test> SIZE=1000 BODY=8BITMIME',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'keyword.path'],
      [9, 'delimiter'],
      [10, 'string.path'],
      [30, 'white'],
      [31, 'attribute.name'],
      [35, 'delimiter'],
      [36, 'attribute.value'],
      [40, 'white'],
      [41, 'attribute.name'],
      [45, 'delimiter'],
      [46, 'attribute.value'],
    ],
  ],
  [
    'RCPT TO:<bob@example.test>',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'keyword.path'],
      [7, 'delimiter'],
      [8, 'string.path'],
    ],
  ],
  // A path not closed: marked while typing.
  [
    'RCPT TO:<bob@example.test',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'keyword.path'],
      [7, 'delimiter'],
      [8, 'invalid'],
    ],
  ],
  [
    'MAIL FROM:<>',
    [
      [0, 'keyword'],
      [4, 'white'],
      [5, 'keyword.path'],
      [9, 'delimiter'],
      [10, 'string.path'],
    ],
  ],
  ['DATA', [[0, 'keyword']]],
  [
    'FOO bar',
    [
      [0, 'invalid'],
      [3, 'white'],
      [4, 'identifier'],
    ],
  ],
  // Reply lines: the code, the enhanced code, the text.
  [
    '250 2.1.0 OK',
    [
      [0, 'number.code'],
      [3, 'white'],
      [4, 'number.enhanced'],
      [9, 'white'],
      [10, 'identifier'],
    ],
  ],
  [
    '503-Bad',
    [
      [0, 'number.code'],
      [3, 'identifier'],
    ],
  ],
];

const CONTENT: [string, Tokens][] = [
  [
    'Subject: hello',
    [
      [0, 'attribute.name'],
      [7, 'delimiter'],
      [8, 'string.body'],
    ],
  ],
  ['.', [[0, 'keyword.end']]],
  [
    '..a stuffed line',
    [
      [0, 'string.escape'],
      [2, 'string.body'],
    ],
  ],
  [
    '.lost dot',
    [
      [0, 'invalid'],
      [1, 'string.body'],
    ],
  ],
  ['plain text', [[0, 'string.body']]],
];

describe('smtp grammar', () => {
  it.each(COMMANDS)('%s', (line, expected) => {
    expect(tokenize(line, SMTP)[0]).toEqual(expected);
  });

  it('knows every verb of every dialect', () => {
    for (const verb of [
      'EHLO',
      'HELO',
      'MAIL',
      'RCPT',
      'DATA',
      'QUIT',
      'SEND',
      'SOML',
      'SAML',
      'TURN',
    ])
      expect(VERBS).toContain(verb);
    for (const verb of VERBS)
      expect(tokenize(`${verb.toLowerCase()} x`, SMTP)[0]![0]).toEqual([0, 'keyword']);
  });
});

describe('smtp-data grammar', () => {
  it.each(CONTENT)('%s', (line, expected) => {
    expect(tokenize(line, SMTP_DATA)[0]).toEqual(expected);
  });
});

describe('raw lines (!raw), in both grammars', () => {
  const RAW: Tokens = [
    [0, 'keyword.raw'],
    [4, 'string.raw'],
    [8, 'string.escape'],
    [12, 'string.raw'],
    [13, 'invalid'],
    [15, 'string.raw'],
  ];

  it.each([SMTP, SMTP_DATA])(
    '%s: the prefix, the escapes, a bad escape; the next line is its own',
    (language) => {
      const lines = tokenize('!raw Hi.\\n\\r.\\qx\n.\nDATA', language);
      expect(lines[0]).toEqual(RAW);
      // The raw state ends with its line.
      expect(lines[1]).toEqual(language === SMTP ? [[0, 'identifier']] : [[0, 'keyword.end']]);
      expect(lines[2]![0]).toEqual(language === SMTP ? [0, 'keyword'] : [0, 'string.body']);
      expect(tokenize('!RAW \\x41', language)[0]).toEqual([
        [0, 'keyword.raw'],
        [4, 'string.raw'],
        [5, 'string.escape'],
      ]);
      // Not a raw line: "!rawx", or "!raw" not at the start.
      expect(tokenize('!rawx y', language)[0]![0]![1]).not.toBe('keyword.raw');
    },
  );
});
