/**
 * `npm run lessons:pack -- FOLDER [--name NAME] [--title TITLE] [-o FILE]`:
 * bundles a pack folder into one JSON file that the app opens from a file or
 * a link (`?pack=URL`). The pack is checked first; a pack with problems is
 * not written.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkPack } from '../lessons/check.ts';
import { readPackFiles } from '../lessons/load.ts';
import { packName, writePackJson } from '../lessons/pack-file.ts';
import { buildPack } from '../lessons/tree.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    title: { type: 'string' },
    out: { type: 'string', short: 'o' },
  },
});
const folder = positionals[0];
if (!folder || !existsSync(folder) || !statSync(folder).isDirectory()) {
  console.error('usage: npm run lessons:pack -- FOLDER [--name NAME] [--title TITLE] [-o FILE]');
  process.exit(2);
}
const files = readPackFiles(resolve(folder));
const problems = checkPack(buildPack(files));
if (problems.length) {
  for (const p of problems) console.error(`${p.file}: ${p.message}`);
  console.error(`\n${problems.length} problem(s): the pack was not written.`);
  process.exit(1);
}
const name = packName(values.name ?? basename(resolve(folder)));
const text = writePackJson({ name, title: values.title ?? name, files });
if (values.out) {
  writeFileSync(values.out, text);
  console.error(`${values.out}: ${files.size} files, ${(text.length / 1000).toFixed(1)} kB`);
} else process.stdout.write(text);
