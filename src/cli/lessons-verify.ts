/**
 * `npm run lessons:verify REPORT [--pack PATH]`: replays each lesson of a
 * learner's completion report against the lesson from the pack (default:
 * lessons/; practice tasks are regenerated from their seed) and prints, per
 * lesson, confirmed or rejected with the reason. Exit 1 when any lesson (or
 * the report itself) is rejected, 2 when the command is used wrongly.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPack } from '../lessons/load.ts';
import { formatVerification, lookupIn, verifyReport } from '../lessons/report.ts';

const USAGE = 'usage: npm run lessons:verify -- REPORT.json [--pack PATH]';

function usage(message: string): never {
  console.error(`lessons:verify: ${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let reportPath: string | undefined;
let packPath = 'lessons';
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--pack') {
    const next = args[++i];
    if (next === undefined) usage('--pack needs a folder');
    packPath = next;
  } else if (a.startsWith('--pack=')) packPath = a.slice('--pack='.length);
  else if (a === '--help' || a === '-h') {
    console.log(USAGE);
    process.exit(0);
  } else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (reportPath === undefined) reportPath = a;
  else usage('give one report');
}
if (reportPath === undefined) usage('no report given');

const root = resolve(packPath);
if (!existsSync(root) || !statSync(root).isDirectory()) usage(`${packPath} is not a folder`);
let text: string;
try {
  text = readFileSync(resolve(reportPath), 'utf8');
} catch (error) {
  usage(
    `${reportPath} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
  );
}

const pack = loadPack(root);
if (pack.problems.length)
  console.error(
    `lessons:verify: the pack has ${pack.problems.length} problem(s); run npm run lessons:check ${packPath}`,
  );
const verification = verifyReport(text, lookupIn(pack));
const lines = formatVerification(verification);
for (const line of lines) console.log(line);
process.exit(verification.ok ? 0 : 1);
