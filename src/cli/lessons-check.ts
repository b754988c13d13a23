/**
 * `npm run lessons:check [PATH]`: validates a lesson pack (default: lessons/)
 * and exits 1 with one line per problem.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkPack } from '../lessons/check.ts';
import { loadPack } from '../lessons/load.ts';

const root = resolve(process.argv[2] ?? 'lessons');
if (!existsSync(root) || !statSync(root).isDirectory()) {
  console.error(`lessons:check: ${process.argv[2] ?? 'lessons'} is not a folder`);
  process.exit(2);
}
const pack = loadPack(root);
const problems = checkPack(pack);
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  console.error(`\n${problems.length} problem(s) in ${pack.lessons.length} lesson(s).`);
  process.exit(1);
}
console.log(`${pack.lessons.length} lesson(s) in ${pack.eras.length} era(s): all good.`);
