/** The bundled course (frontmatter read at build time) is the pack the Node tools read. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledPack } from '../../src/lessons/browser.ts';
import { readPackFiles } from '../../src/lessons/load.ts';
import { buildPack } from '../../src/lessons/tree.ts';

describe('the bundled course', () => {
  it('gives the same eras, lessons and problems as the files read in Node', () => {
    const files = readPackFiles(fileURLToPath(new URL('../../lessons', import.meta.url)));
    expect(bundledPack()).toEqual(buildPack(files));
  });

  it('takes a file read at build time, with its error and line', () => {
    const pack = buildPack(
      new Map<string, string | { error: string; line: number }>([
        ['01-a/index.md', '---\ntitle: A\n---\n'],
        ['01-a/01-b/index.md', { error: '"title" is given twice', line: 3 }],
      ]),
    );
    expect(pack.problems).toEqual([
      { file: '01-a/01-b/index.md', message: 'frontmatter line 3: "title" is given twice' },
    ]);
  });
});
