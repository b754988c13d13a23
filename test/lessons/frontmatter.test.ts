import { describe, expect, it } from 'vitest';
import { parseFrontmatter, splitDocument } from '../../src/lessons/frontmatter.ts';

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

  it('splits the body from the fences', () => {
    const doc = splitDocument('---\ntitle: x\n---\n\n# Body\n');
    expect(doc.front).toBe('title: x\n');
    expect(doc.body).toBe('\n# Body\n');
  });

  it('reports errors with their line', () => {
    expect(() => parseFrontmatter('title: x\ntitle: y')).toThrow('line 2: "title" is given twice');
    expect(() => parseFrontmatter('title: x\n  oops: 1')).toThrow(/line 2: unexpected indentation/);
    expect(() => parseFrontmatter('just words')).toThrow(/line 1: expected "key: value"/);
    expect(() => parseFrontmatter('a: "open')).toThrow(/unterminated string/);
    expect(() => splitDocument('---\ntitle: x\n')).toThrow(/no closing/);
  });
});
