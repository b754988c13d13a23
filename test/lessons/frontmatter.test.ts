import { describe, expect, it } from 'vitest';
import {
  documentReader,
  installDocumentReader,
  loadDocumentReader,
  splitDocument,
} from '../../src/lessons/frontmatter.ts';
import {
  parseFrontmatter,
  quoteLegacyText,
  readLessonDocument,
} from '../../src/lessons/frontmatter-yaml.ts';
import { readLesson } from '../../src/lessons/schema.ts';
import { buildPack } from '../../src/lessons/tree.ts';

describe('frontmatter', () => {
  it('reads maps, lists of maps, inline lists and scalars', () => {
    const text = [
      'title: "A: quoted title"',
      'rfcs: [821, 5321]',
      'goals:',
      '  - kind: reply',
      '    code: 250',
      '  - kind: quiz',
      '    choices:',
      '      - one',
      '      - two',
      'hints:',
      '- first',
      "- 'second'",
      'close: true',
    ].join('\n');
    expect(parseFrontmatter(text)).toEqual({
      title: 'A: quoted title',
      rfcs: [821, 5321],
      goals: [
        { kind: 'reply', code: 250 },
        { kind: 'quiz', choices: ['one', 'two'] },
      ],
      hints: ['first', 'second'],
      close: true,
    });
  });

  it('types scalars as the lesson format always did', () => {
    expect(
      parseFrontmatter(
        [
          'a: 0x10',
          'b: True',
          'c: 2008-10',
          'd: 1e3',
          'e: +1',
          'f: 007',
          'g: -2.5',
          'h: .5',
          'i: ~',
          'j: null',
          'k:',
          'l: false',
          'm: "true"',
          "n: ''",
          'o: []',
          'p: [1,2]',
          'q:  spaced  ',
          'r: "x\\/y \\u00e9"',
        ].join('\n'),
      ),
    ).toEqual({
      a: '0x10',
      b: 'True',
      c: '2008-10',
      d: '1e3',
      e: '+1',
      f: 7,
      g: -2.5,
      h: '.5',
      i: null,
      j: null,
      k: null,
      l: false,
      m: 'true',
      n: '',
      o: [],
      p: [1, 2],
      q: 'spaced',
      r: 'x/y é',
    });
  });

  it('keeps unquoted text of the old format as it was read', () => {
    // The old parser took any unquoted value as text; YAML would read these
    // as maps, comments, aliases, tags or block scalars, or refuse them.
    expect(
      parseFrontmatter(
        [
          'title: Asking about users: VRFY and EXPN',
          'hints:',
          '  - Read the EHLO reply: the SIZE line gives the size.',
          '  - Answer as `? id: answer`.',
          'a: b # not a comment',
          'b: @x',
          'c: *x',
          'd: &x y',
          'e: !t y',
          'f: |',
          'g: - x',
          'h: Note:',
          'i: #x',
          "j: 'a' b'",
          'k: [x: y, "b, c", 3, true, null, @z]',
          'l: [[x], y]',
          'm: [x, ]',
          'goals:',
          '  - kind: reply',
          '    label: Read: this',
        ].join('\n'),
      ),
    ).toEqual({
      title: 'Asking about users: VRFY and EXPN',
      hints: ['Read the EHLO reply: the SIZE line gives the size.', 'Answer as `? id: answer`.'],
      a: 'b # not a comment',
      b: '@x',
      c: '*x',
      d: '&x y',
      e: '!t y',
      f: '|',
      g: '- x',
      h: 'Note:',
      i: '#x',
      j: "a' b",
      k: ['x: y', 'b, c', 3, true, null, '@z'],
      l: [['x'], 'y'],
      m: ['x', null],
      goals: [{ kind: 'reply', label: 'Read: this' }],
    });
    // Line for line, and only when needed.
    expect(quoteLegacyText('a: x: y\nb: 1')).toBe('a: "x: y"\nb: 1');
    expect(quoteLegacyText('a: x\nb: [1, 2]')).toBe('a: x\nb: [1, 2]');
  });

  it('reads the rest of YAML in files beyond the old format', () => {
    // A block scalar, a flow map and a comment after a value: the old parser
    // refused these files; YAML reads them, and the schema checks the fields.
    expect(parseFrontmatter('a: |\n  text: here\n  more\nb: {c: 1} # note')).toEqual({
      a: 'text: here\nmore\n',
      b: { c: 1 },
    });
    const { problems } = readLesson(
      parseFrontmatter('title: {a: 1}\nrfcs: [821]\ngoals: [{kind: delivered}]'),
    );
    expect(problems).toContain('"title" is required (a string)');
  });

  it('splits the body from the fences', () => {
    const doc = splitDocument('---\ntitle: x\n---\n\n# Body\n');
    expect(doc.front).toBe('title: x\n');
    expect(doc.body).toBe('\n# Body\n');
  });

  it('reports errors with their line', () => {
    expect(() => parseFrontmatter('title: x\ntitle: y')).toThrow('line 2: "title" is given twice');
    expect(() => parseFrontmatter('a: 1\ngoals:\n  - kind: x\n    kind: y')).toThrow(
      'line 4: "kind" is given twice',
    );
    expect(() => parseFrontmatter('title: x\n  oops: 1')).toThrow(/line 1: Nested mappings/);
    expect(() => parseFrontmatter('just words')).toThrow(
      'line 1: expected "key: value" lines, got a string',
    );
    expect(() => parseFrontmatter('- a')).toThrow(
      'line 1: expected "key: value" lines, got a list',
    );
    expect(() => parseFrontmatter('a: "open')).toThrow(/line 1: Missing closing "quote/);
    expect(() => parseFrontmatter('a:\n\t- x')).toThrow(/line 2: Tabs are not allowed/);
    expect(() => splitDocument('---\ntitle: x\n')).toThrow(/no closing/);
  });

  it('keeps values plain data: no tagged types, no value inside itself, no alias bombs', () => {
    // (A block scalar last, so these files are read as YAML, not as the old format.)
    const yaml = (text: string) => parseFrontmatter(`${text}\nend: |\n  x`);
    expect(yaml('a: !!binary aGk=\nb: !!timestamp 2001-01-01\nc: !!float 5')).toMatchObject({
      a: 'aGk=',
      b: '2001-01-01',
      c: 5,
    });
    expect(yaml('a: &a [1]\nb: [*a, *a]')).toMatchObject({ a: [1], b: [[1], [1]] });
    expect(() => yaml('a: x\nb: &x [*x]')).toThrow('line 2: the alias *x is inside its own anchor');
    expect(() => yaml('a: *y')).toThrow('line 1: the alias *y has no anchor &y before it');
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [k, v] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ])
      bomb.push(`${k}: &${k} [${Array(10).fill(`*${v}`).join(', ')}]`);
    expect(() => yaml(bomb.join('\n'))).toThrow(/line 1: Excessive alias count/);
  });

  it('reads a lesson file: the error keeps the file line, counting the fence', () => {
    expect(readLessonDocument('---\ntitle: x\n---\nbody\n')).toEqual({
      front: { title: 'x' },
      body: 'body\n',
    });
    expect(readLessonDocument('no fence\n')).toEqual({ front: null, body: 'no fence\n' });
    expect(readLessonDocument('---\ntitle: x\ntitle: y\n---\n')).toEqual({
      error: '"title" is given twice',
      line: 3,
    });
    expect(readLessonDocument('---\ntitle: x\n')).toEqual({
      error: 'the frontmatter has no closing "---" line',
      line: 1,
    });
  });

  it('is loaded on demand: a pack of texts needs the reader installed first', async () => {
    const files = new Map([['01-a/index.md', '---\ntitle: A\n---\n']]);
    // As in the browser before a teacher opens a pack (load.ts and pack-file.ts install it).
    installDocumentReader(null);
    try {
      expect(() => documentReader()).toThrow(/loadDocumentReader/);
      expect(() => buildPack(files)).toThrow(/loadDocumentReader/);
      expect(buildPack(files, readLessonDocument).eras.map((e) => e.title)).toEqual(['A']);
      expect(await loadDocumentReader()).toBe(readLessonDocument);
      expect(buildPack(files).eras.map((e) => e.title)).toEqual(['A']);
    } finally {
      // Modules may be shared with other test files: leave the reader installed.
      installDocumentReader(readLessonDocument);
    }
  });
});
