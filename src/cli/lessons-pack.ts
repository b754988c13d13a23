/**
 * `npm run lessons:pack -- FOLDER... [--name NAME] [--title TITLE] [-o FILE]`:
 * bundles lessons into one JSON file that the app opens from a file or a link
 * (`?pack=URL`). A FOLDER is a course or pack folder, an era folder or a lesson
 * folder; several make one pack (see readSubset). Links to lessons of the
 * course left out become plain text with a note, and each is listed. The pack
 * is checked first; a pack with problems is not written.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPack, unlinkOutside } from '../lessons/check.ts';
import { readSubset } from '../lessons/load.ts';
import { packName, writePackJson } from '../lessons/pack-file.ts';
import { buildPack } from '../lessons/tree.ts';
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE =
  'usage: npm run lessons:pack -- FOLDER... [--name NAME] [--title TITLE] [-o FILE]\n' +
  '  FOLDER: a course folder (eras inside), an era folder (NN-era) or a lesson folder (NN-era/NN-lesson)\n';

/**
 * Bundles the folders named in `argv`; returns the exit code. An unknown
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
  const notFolder = positionals.find((f) => !existsSync(f) || !statSync(f).isDirectory());
  if (positionals.length === 0 || notFolder !== undefined) {
    if (notFolder !== undefined) io.stderr(`lessons:pack: ${notFolder} is not a folder\n`);
    io.stderr(USAGE);
    return 2;
  }
  const subset = readSubset(positionals);
  const { files, notes } = unlinkOutside(subset.files, subset.courseFolders);
  // What kept the folders from making a pack comes first: it explains what follows.
  const problems = [...subset.problems, ...checkPack(buildPack(files))];
  if (problems.length) {
    for (const p of problems) io.stderr(`${p.file}: ${p.message}\n`);
    io.stderr(`\n${problems.length} problem(s): the pack was not written.\n`);
    return 1;
  }
  for (const n of notes)
    io.stderr(
      `${n.file}: note: the link "${n.link}" leads to ${n.target}, which is not in this pack; it is written as plain text with a note\n`,
    );
  // One folder names the pack; several need --name (or are called "pack").
  const name = packName(
    values.name ?? (positionals.length === 1 ? basename(resolve(positionals[0]!)) : 'pack'),
  );
  const text = writePackJson({ name, title: values.title ?? name, files });
  if (values.out) {
    writeFileSync(values.out, text);
    io.stderr(`${values.out}: ${files.size} files, ${(text.length / 1000).toFixed(1)} kB\n`);
  } else io.stdout(text);
  return 0;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
