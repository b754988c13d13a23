/**
 * `npm run replay -- FILE [--dialect rfc821] [--world JSON]`: replays a
 * transcript (`C:`/`S:` lines as the RFCs print them) against the server
 * machine and reports each step where the simulator's reply differs.
 * Exit code: 0 all replies match, 1 some differ, 2 bad usage or file.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replay } from '../machines/replay.ts';
import { DIALECTS } from '../protocol/dialects/index.ts';
import { parseTranscript } from '../protocol/transcript.ts';
import { isMain, processIo, type CliIo } from './io.ts';

const USAGE = `usage: npm run replay -- FILE [--dialect ${Object.keys(DIALECTS).join('|')}] [--world JSON]`;

/** Replays the transcript named in `argv`; returns the exit code. */
export function main(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
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
  const file = positionals[0]!;
  let transcript;
  try {
    transcript = parseTranscript(readFileSync(file, 'utf8'));
  } catch (e) {
    io.stderr(`${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const dialect = values.dialect ?? transcript.meta.dialect ?? 'rfc5321';
  if (!(dialect in DIALECTS)) {
    io.stderr(`unknown dialect "${dialect}"\n${USAGE}\n`);
    return 2;
  }
  const meta: Record<string, string> = {
    ...transcript.meta,
    dialect,
    ...(values.world ? { world: values.world } : {}),
  };
  const result = replay({ ...transcript, meta });
  const title = meta.title ? ` (${meta.title})` : '';
  if (result.mismatches.length === 0) {
    io.stdout(`${file}${title}: all ${result.replies} replies match ${dialect}\n`);
    return 0;
  }
  io.stdout(
    `${file}${title}: ${result.mismatches.length} of ${result.replies} replies differ under ${dialect}\n`,
  );
  for (const m of result.mismatches) {
    const where = m.line ? `line ${m.line}` : 'extra reply';
    io.stdout(
      `  ${where}: expected ${m.expected}\n  ${' '.repeat(where.length)}  got      ${m.actual}\n`,
    );
  }
  return 1;
}

if (isMain(import.meta.url)) process.exitCode = main(process.argv.slice(2), processIo);
