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
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE = 'usage: npm run lessons:verify -- REPORT.json [--pack PATH]';

/** The command was used wrongly (exit code 2). */
class UsageError extends Error {}

function usage(message: string): never {
  throw new UsageError(message);
}

/** Verifies the report named in `argv`; returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  try {
    return verify(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`lessons:verify: ${e.message}\n${USAGE}\n`);
    return 2;
  }
}

function verify(args: string[], io: CliIo): number {
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
      io.stdout(`${USAGE}\n`);
      return 0;
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
    io.stderr(
      `lessons:verify: the pack has ${pack.problems.length} problem(s); run npm run lessons:check ${packPath ?? ''}\n`,
    );
  const verification = verifyReport(text, lookupIn(pack));
  // The report names the teacher's pack it was made with (none: the course shipped with the app).
  if (verification.pack && (packPath === undefined || verification.pack !== read.pack.name))
    io.stderr(
      `lessons:verify: note: the report was made with the pack "${verification.pack}"; ` +
        `give that pack with --pack (verifying against ${packPath === undefined ? 'lessons/' : `"${read.pack.name}"`})\n`,
    );
  const lines = formatVerification(verification);
  for (const line of lines) io.stdout(`${line}\n`);
  return verification.ok ? 0 : 1;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
