/**
 * `npm run lessons:check [PATH]`: validates a lesson pack, a folder (default:
 * lessons/) or a pack JSON file, and exits 1 with one line per problem.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPack } from '../lessons/check.ts';
import { readPackPath } from '../lessons/load.ts';
import { buildPack } from '../lessons/tree.ts';

const arg = process.argv[2] ?? 'lessons';
const path = resolve(arg);
if (!existsSync(path)) {
  console.error(`lessons:check: ${arg} is neither a folder nor a file`);
  process.exit(2);
}
const read = readPackPath(path);
if ('reason' in read) {
  console.error(`lessons:check: ${arg}: ${read.reason}`);
  process.exit(1);
}
const pack = buildPack(read.pack.files);
const problems = checkPack(pack);
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  console.error(`\n${problems.length} problem(s) in ${pack.lessons.length} lesson(s).`);
  process.exit(1);
}
console.log(`${pack.lessons.length} lesson(s) in ${pack.eras.length} era(s): all good.`);
