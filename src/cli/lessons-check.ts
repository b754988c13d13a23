/**
 * `npm run lessons:check [PATH]`: validates a lesson pack, a folder (default:
 * lessons/; an era or a lesson folder is checked as lessons:pack would pack
 * it) or a pack JSON file, and exits 1 with one line per problem.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPack, unlinkOutside } from '../lessons/check.ts';
import { readPackPath, readSubset } from '../lessons/load.ts';
import { buildPack } from '../lessons/tree.ts';
import { isMain, processIo, type CliIo } from './io.ts';

/** Checks the pack named by `argv[0]` (default lessons/); returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  const arg = argv[0] ?? 'lessons';
  const path = resolve(arg);
  if (!existsSync(path)) {
    io.stderr(`lessons:check: ${arg} is neither a folder nor a file\n`);
    return 2;
  }
  const read = readPackPath(path);
  if ('reason' in read) {
    io.stderr(`lessons:check: ${arg}: ${read.reason}\n`);
    return 1;
  }
  let files = read.pack.files;
  const first: { file: string; message: string }[] = [];
  if (statSync(path).isDirectory()) {
    const subset = readSubset([path]);
    files = unlinkOutside(subset.files, subset.courseFolders).files;
    first.push(...subset.problems);
  }
  const pack = buildPack(files);
  const problems = [...first, ...checkPack(pack)];
  if (problems.length) {
    for (const p of problems) io.stderr(`${p.file}: ${p.message}\n`);
    io.stderr(`\n${problems.length} problem(s) in ${pack.lessons.length} lesson(s).\n`);
    return 1;
  }
  io.stdout(`${pack.lessons.length} lesson(s) in ${pack.eras.length} era(s): all good.\n`);
  return 0;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
