/**
 * `npm run lessons:verify REPORT [--pack PATH]`: replays each lesson of a
 * learner's completion report against the lesson from the pack (a folder,
 * default lessons/, or a pack JSON file; practice tasks are regenerated from
 * their seed) and prints, per
 * lesson, confirmed or rejected with the reason. Exit 1 when any lesson (or
 * the report itself) is rejected, 2 when the command is used wrongly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readPackPath } from '../lessons/load.ts';
import { formatVerification, lookupIn, verifyReport } from '../lessons/report.ts';
import { buildPack } from '../lessons/tree.ts';

const USAGE = 'usage: npm run lessons:verify -- REPORT.json [--pack PATH]';

function usage(message: string): never {
  console.error(`lessons:verify: ${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
let reportPath: string | undefined;
let packPath: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--pack') {
    const next = args[++i];
    if (next === undefined) usage('--pack needs a folder or a pack file');
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

const root = resolve(packPath ?? 'lessons');
if (!existsSync(root)) usage(`${packPath ?? 'lessons'} is neither a folder nor a file`);
let text: string;
try {
  text = readFileSync(resolve(reportPath), 'utf8');
} catch (error) {
  usage(
    `${reportPath} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
  );
}

const read = readPackPath(root);
if ('reason' in read) usage(`${packPath}: ${read.reason}`);
const pack = buildPack(read.pack.files);
if (pack.problems.length)
  console.error(
    `lessons:verify: the pack has ${pack.problems.length} problem(s); run npm run lessons:check ${packPath ?? ''}`,
  );
const verification = verifyReport(text, lookupIn(pack));
// The report names the teacher's pack it was made with (none: the course shipped with the app).
if (verification.pack && (packPath === undefined || verification.pack !== read.pack.name))
  console.error(
    `lessons:verify: note: the report was made with the pack "${verification.pack}"; ` +
      `give that pack with --pack (verifying against ${packPath === undefined ? 'lessons/' : `"${read.pack.name}"`})`,
  );
const lines = formatVerification(verification);
for (const line of lines) console.log(line);
process.exit(verification.ok ? 0 : 1);
