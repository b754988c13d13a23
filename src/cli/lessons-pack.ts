/**
 * `npm run lessons:pack -- FOLDER [--name NAME] [--title TITLE] [-o FILE]`:
 * bundles a pack folder into one JSON file that the app opens from a file or
 * a link (`?pack=URL`). The pack is checked first; a pack with problems is
 * not written.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPack } from '../lessons/check.ts';
import { readPackFiles } from '../lessons/load.ts';
import { packName, writePackJson } from '../lessons/pack-file.ts';
import { buildPack } from '../lessons/tree.ts';
import { isMain, processIo, type CliIo } from './io.ts';

/**
 * Bundles the folder named in `argv`; returns the exit code. An unknown
 * option throws (parseArgs' error), as it always has.
 */
export function main(argv: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      title: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  const folder = positionals[0];
  if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
    io.stderr('usage: npm run lessons:pack -- FOLDER [--name NAME] [--title TITLE] [-o FILE]\n');
    return 2;
  }
  const files = readPackFiles(resolve(folder));
  const problems = checkPack(buildPack(files));
  if (problems.length) {
    for (const p of problems) io.stderr(`${p.file}: ${p.message}\n`);
    io.stderr(`\n${problems.length} problem(s): the pack was not written.\n`);
    return 1;
  }
  const name = packName(values.name ?? basename(resolve(folder)));
  const text = writePackJson({ name, title: values.title ?? name, files });
  if (values.out) {
    writeFileSync(values.out, text);
    io.stderr(`${values.out}: ${files.size} files, ${(text.length / 1000).toFixed(1)} kB\n`);
  } else io.stdout(text);
  return 0;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
