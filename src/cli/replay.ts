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

const USAGE = `usage: npm run replay -- FILE [--dialect ${Object.keys(DIALECTS).join('|')}] [--world JSON]`;

function main(argv: string[]): number {
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
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const file = positionals[0]!;
  let transcript;
  try {
    transcript = parseTranscript(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`${file}: ${(e as Error).message}`);
    return 2;
  }
  const dialect = values.dialect ?? transcript.meta.dialect ?? 'rfc5321';
  if (!(dialect in DIALECTS)) {
    console.error(`unknown dialect "${dialect}"\n${USAGE}`);
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
    console.log(`${file}${title}: all ${result.replies} replies match ${dialect}`);
    return 0;
  }
  console.log(
    `${file}${title}: ${result.mismatches.length} of ${result.replies} replies differ under ${dialect}`,
  );
  for (const m of result.mismatches) {
    const where = m.line ? `line ${m.line}` : 'extra reply';
    console.log(
      `  ${where}: expected ${m.expected}\n  ${' '.repeat(where.length)}  got      ${m.actual}`,
    );
  }
  return 1;
}

process.exitCode = main(process.argv.slice(2));
