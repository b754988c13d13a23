/**
 * `npm run replay -- FILE [--from SOURCE] [--dialect ID] [--world JSON]`:
 * imports a session (a transcript as the RFCs print them, a pcap or pcapng
 * capture, swaks output, smtp-server or Postfix logs, a raw two-way capture,
 * a list of commands; guessed when --from is not given), replays it against
 * the server machine and reports each step where the simulator's reply
 * differs, with the RFC rule behind the simulator's reply, and every input
 * line the importer could not read. A list of commands prints the dialogue
 * the simulator gives. Exit code: 0 all replies match, 1 some differ, 2 bad
 * usage, file or input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replay } from '../machines/replay.ts';
import { DIALECTS } from '../protocol/dialects/index.ts';
import { importTranscript, SOURCES, type Problem, type Source } from '../protocol/import/index.ts';
import { printTranscript } from '../protocol/transcript-print.ts';
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE = `usage: npm run replay -- FILE [--from ${SOURCES.join('|')}] [--dialect ${Object.keys(DIALECTS).join('|')}] [--world JSON]`;

/** The most unread lines listed one by one; the rest are counted. */
const SHOWN_PROBLEMS = 20;

function problemLines(problems: readonly Problem[]): string {
  const shown = problems.slice(0, SHOWN_PROBLEMS).map((p) => {
    const where = p.line ? `line ${p.line}` : 'input';
    return `  not read, ${where}: ${p.why}${p.text ? `: ${JSON.stringify(p.text)}` : ''}\n`;
  });
  const more = problems.length - shown.length;
  return shown.join('') + (more > 0 ? `  ... and ${more} more not read\n` : '');
}

/** Replays the session named in `argv`; returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        dialect: { type: 'string' },
        world: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  const from = values.from as Source | undefined;
  if (from !== undefined && !SOURCES.includes(from)) {
    io.stderr(`unknown source "${from}"\n${USAGE}\n`);
    return 2;
  }
  if (values.world !== undefined) {
    try {
      JSON.parse(values.world);
    } catch (e) {
      io.stderr(`--world is not JSON: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
  }
  const file = positionals[0]!;
  let imported;
  try {
    imported = importTranscript(new Uint8Array(readFileSync(file)), from);
  } catch (e) {
    io.stderr(`${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const { transcript, problems, source } = imported;
  if (transcript.steps.length === 0) {
    io.stderr(
      `${file}: no step of a dialogue found (read as ${source})\n${problemLines(problems)}`,
    );
    return 2;
  }
  const dialect = values.dialect ?? transcript.meta.dialect ?? 'rfc5321';
  if (!Object.hasOwn(DIALECTS, dialect)) {
    io.stderr(`unknown dialect "${dialect}"\n${USAGE}\n`);
    return 2;
  }
  const meta: Record<string, string> = {
    ...transcript.meta,
    dialect,
    ...(values.world ? { world: values.world } : {}),
  };
  let result;
  try {
    result = replay({ ...transcript, meta });
  } catch (e) {
    io.stderr(`${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const title = meta.title ? ` (${meta.title})` : source === 'rfc' ? '' : ` (${source})`;
  const unread = problemLines(problems);
  if (!transcript.steps.some((s) => s.who === 'S')) {
    io.stdout(`${file}${title}: the simulator's replies under ${dialect}\n${unread}`);
    io.stdout(printTranscript(result.simulated));
    return 0;
  }
  if (result.mismatches.length === 0) {
    io.stdout(`${file}${title}: all ${result.replies} replies match ${dialect}\n${unread}`);
    return 0;
  }
  const extra = result.differences.filter((d) => d.line === 0).length;
  const differ = result.mismatches.length - extra;
  const more = extra ? `, and the simulator gave ${extra} more than recorded` : '';
  io.stdout(
    `${file}${title}: ${differ} of ${result.replies} replies differ under ${dialect}${more}\n`,
  );
  for (const m of result.differences) {
    const where = m.line ? `line ${m.line}` : 'extra reply';
    const pad = ' '.repeat(where.length);
    io.stdout(
      `  ${where}: expected ${m.expected}\n` +
        `  ${pad}  got      ${m.actual}\n` +
        (m.actual === '(no reply)'
          ? ''
          : `  ${pad}  answers  ${m.command === '' ? '(the connection)' : m.command}\n` +
            `  ${pad}  rule     ${m.rule}\n`),
    );
  }
  io.stdout(unread);
  return 1;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
