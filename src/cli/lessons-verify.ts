/**
 * `npm run lessons:verify -- REPORT... [--pack PATH] [--csv FILE]`: replays
 * each lesson of learners' completion reports against the lesson from the
 * pack (a folder, default lessons/, or a pack JSON file; practice tasks are
 * regenerated from their seed). One report: per lesson, confirmed or
 * rejected with the reason. Several (files, or folders of .json files): a
 * class table, one line per learner, then the rejected lessons; `--csv`
 * writes the table for a spreadsheet. Exit 1 when any lesson (or a report
 * itself) is rejected, 2 when the command is used wrongly.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPackPath } from '../lessons/load.ts';
import {
  classCsv,
  classRows,
  formatClass,
  formatVerification,
  lookupIn,
  verifyReport,
  type Verification,
} from '../lessons/report.ts';
import { buildPack } from '../lessons/tree.ts';
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE =
  'usage: npm run lessons:verify -- REPORT.json|FOLDER... [--pack PATH] [--csv FILE.csv]';

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

/** The report files named: files as given, a folder's .json files in name order. */
function reportFiles(paths: readonly string[]): { file: string; text: string }[] {
  const files: string[] = [];
  for (const p of paths) {
    let folder = false;
    try {
      folder = statSync(p).isDirectory();
    } catch {
      // Not there: reading it below says so.
    }
    if (!folder) files.push(p);
    else {
      const found = readdirSync(p).filter((n) => n.toLowerCase().endsWith('.json'));
      if (found.length === 0) usage(`${p} holds no .json report`);
      files.push(...found.sort().map((n) => join(p, n)));
    }
  }
  return files.map((file) => {
    try {
      return { file, text: readFileSync(resolve(file), 'utf8') };
    } catch (error) {
      usage(
        `${file} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  });
}

function verify(args: string[], io: CliIo): number {
  const reportPaths: string[] = [];
  let packPath: string | undefined;
  let csvPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--pack' || a === '--csv') {
      const next = args[++i];
      if (next === undefined)
        usage(a === '--pack' ? '--pack needs a folder or a pack file' : '--csv needs a file name');
      if (a === '--pack') packPath = next;
      else csvPath = next;
    } else if (a.startsWith('--pack=')) packPath = a.slice('--pack='.length);
    else if (a.startsWith('--csv=')) csvPath = a.slice('--csv='.length);
    else if (a === '--help' || a === '-h') {
      io.stdout(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else reportPaths.push(a);
  }
  if (reportPaths.length === 0) usage('no report given');

  const root = resolve(packPath ?? 'lessons');
  if (!existsSync(root)) usage(`${packPath ?? 'lessons'} is neither a folder nor a file`);
  const reports = reportFiles(reportPaths);

  const read = readPackPath(root);
  if ('reason' in read) usage(`${packPath}: ${read.reason}`);
  const pack = buildPack(read.pack.files);
  if (pack.problems.length)
    io.stderr(
      `lessons:verify: the pack has ${pack.problems.length} problem(s); run npm run lessons:check ${packPath ?? ''}\n`,
    );
  const lookup = lookupIn(pack);
  const verified = reports.map(({ file, text }) => ({
    file,
    verification: verifyReport(text, lookup),
  }));
  // A report names the teacher's pack it was made with (none: the course shipped with the app).
  const against = packPath === undefined ? 'lessons/' : `"${read.pack.name}"`;
  for (const { file, verification: v } of verified)
    if (v.pack && (packPath === undefined || v.pack !== read.pack.name))
      io.stderr(
        `lessons:verify: note: ${reports.length > 1 ? `${file}: ` : ''}the report was made with the pack "${v.pack}"; ` +
          `give that pack with --pack (verifying against ${against})\n`,
      );
  const rows = classRows(verified);
  if (reports.length === 1) printOne(verified[0]!.verification, io);
  else printClass(verified, io);
  if (csvPath !== undefined) {
    writeFileSync(csvPath, classCsv(rows));
    io.stderr(`${csvPath}: ${rows.length} report(s) as CSV\n`);
  }
  return rows.every((r) => r.verified) ? 0 : 1;
}

function printOne(v: Verification, io: CliIo) {
  for (const line of formatVerification(v)) io.stdout(`${line}\n`);
}

/** The class table, then each report that is not verified, with its rejected lessons. */
function printClass(verified: { file: string; verification: Verification }[], io: CliIo) {
  for (const line of formatClass(classRows(verified))) io.stdout(`${line}\n`);
  for (const { file, verification: v } of verified) {
    if (v.ok) continue;
    io.stdout(`\n${file}${v.learner ? ` (${v.learner})` : ''}:\n`);
    const lines = formatVerification(v);
    const rejected = v.problem ? lines : lines.filter((l) => l.startsWith('rejected'));
    for (const line of rejected) io.stdout(`  ${line}\n`);
  }
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
