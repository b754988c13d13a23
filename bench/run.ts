/**
 * `npm run bench [-- --quick] [-- --only engine,data,bridge,memory]`
 *
 * Runs the benchmarks of issue 6, each against a real peer measured in the
 * same run, prints one table of ratios and writes bench/results/latest.json.
 * Nothing here asserts a time: goals are reported as met or not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bridge } from './bridge.ts';
import { bridgeMemory } from './bridge-memory.ts';
import { browser } from './browser.ts';
import { browserPlayer } from './browser-player.ts';
import { dataPath } from './data-path.ts';
import { engine } from './engine.ts';
import { ROOT } from './lib/child.ts';
import {
  machineFacts,
  table,
  type BenchOptions,
  type BenchResult,
  type Figure,
} from './lib/report.ts';
import { hasGc, now } from './lib/util.ts';
import { lab } from './lab.ts';
import { memory } from './memory.ts';
import { transcript } from './transcript.ts';
import { transcriptChromium } from './transcript-chromium.ts';

const BENCHES: Record<string, (o: BenchOptions) => Promise<BenchResult>> = {
  engine,
  data: dataPath,
  bridge,
  memory,
  transcript,
  'transcript-chromium': transcriptChromium,
  'bridge-memory': bridgeMemory,
  lab,
  browser,
  player: browserPlayer,
};

/** What the issue asks for that cannot be measured yet, said as such (never a made-up number). */
const NOT_MEASURED: string[] = [];

function usage(): never {
  console.error(
    `usage: tsx --expose-gc bench/run.ts [--quick] [--profile] [--only ${Object.keys(BENCHES).join(',')}]`,
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]) {
  let quick = false;
  let profile = false;
  let only: string[] = Object.keys(BENCHES);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick') quick = true;
    else if (a === '--profile') profile = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!value) usage();
      only = value.split(',').map((s) => s.trim());
      for (const name of only) if (!(name in BENCHES)) usage();
    } else if (a === '--help' || a === '-h') usage();
    else usage();
  }
  return { quick, profile, only };
}

async function main() {
  const { quick, profile, only } = parseArgs(process.argv.slice(2));
  const machine = machineFacts();
  const log = (line: string) => console.log(`  ${line}`);
  console.log(`SMTP simulator benchmarks${quick ? ' (--quick)' : ''}`);
  console.log(
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}, ${machine.cpu}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB; load average ${machine.loadAverage.join(' ')}`,
  );
  if (!hasGc()) log('no --expose-gc: runs are not preceded by a full GC (npm run bench passes it)');

  // Per benchmark: full runs stay well under 2 minutes, --quick keeps the whole run under 20 s.
  const budgetMs = quick ? 2_500 : 90_000;
  const figures: Figure[] = [];
  const results: Record<string, unknown> = {};
  const started = now();
  let failed = false;
  for (const name of only) {
    const t0 = now();
    console.log(`${name}...`);
    try {
      const r = await BENCHES[name]!({ quick, budgetMs, log, profile });
      figures.push(...r.figures);
      results[name] = { seconds: (now() - t0) / 1000, figures: r.figures, details: r.details };
    } catch (e) {
      failed = true;
      const message = e instanceof Error ? e.message : String(e);
      console.error(`  ${name} failed: ${message}`);
      results[name] = { error: message };
    }
    log(`${name}: ${((now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const n of NOT_MEASURED) results[n.split(' ')[0]!] = { status: 'not measured yet', what: n };

  console.log('');
  console.log(table(figures, NOT_MEASURED));
  console.log(`\ntotal ${((now() - started) / 1000).toFixed(1)} s`);

  const out = resolve(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = resolve(out, 'latest.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        quick,
        only,
        machine,
        seconds: (now() - started) / 1000,
        notMeasured: NOT_MEASURED,
        results,
      },
      null,
      2,
    )}\n`,
  );
  console.log('written: bench/results/latest.json');
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
