/**
 * The import rules of docs/ARCHITECTURE.md, checked on the real files: which
 * part of src/ may import which, which packages each part may use, that no
 * two parts import each other (the UI's feature folders included), and that
 * no file of src/ is over 500 lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** What each part may import (besides itself, `src/version.ts` and `locales/`): dependencies point one way. */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  protocol: [],
  machines: ['protocol'],
  lessons: ['protocol', 'machines'],
  kit: ['protocol', 'machines'],
  console: ['protocol', 'machines', 'kit'],
  cli: ['protocol', 'machines', 'lessons'],
  // The UI's feature folders: shared widgets for all; the sandbox (the simulator) is the hub.
  'ui/shared': ['protocol', 'machines', 'lessons', 'kit'],
  'ui/teacher': ['protocol', 'machines', 'lessons', 'kit', 'ui/shared'],
  'ui/reverse': ['protocol', 'machines', 'kit', 'ui/shared'],
  'ui/journey': ['protocol', 'machines', 'kit', 'ui/shared'],
  'ui/sandbox': ['protocol', 'machines', 'lessons', 'kit', 'console', 'ui/shared'],
  'ui/pictures': ['protocol', 'machines', 'lessons', 'kit', 'ui/shared', 'ui/sandbox'],
  // The player shows a replayed session with the sandbox's model and pictures.
  'ui/player': ['protocol', 'machines', 'kit', 'ui/shared', 'ui/sandbox', 'ui/pictures'],
  // The library lists the sessions of library/ (its index; the files come in through a glob)
  // and replays the POP3 and IMAP ones against their servers (machines/retrieval-replay.ts).
  'ui/library': ['protocol', 'machines', 'kit', 'ui/shared', 'library/index.json'],
  // A lesson where the learner plays the server shows the reverse/ panel on its own run;
  // one where the learner sends a message through the world shows the journey/ view's parts.
  'ui/lessons': [
    'protocol',
    'machines',
    'lessons',
    'kit',
    'ui/shared',
    'ui/sandbox',
    'ui/teacher',
    'ui/reverse',
    'ui/journey',
  ],
  // App.svelte puts the features together.
  ui: ['protocol', 'machines', 'lessons', 'kit', 'console', 'ui/*'],
  // The service worker and its registration: plain browser code, nothing of the app.
  offline: [],
  main: ['ui', 'kit', 'offline'],
  // The one leaf everybody may import: the app's version, read from package.json.
  'version.ts': ['package.json'],
};

/** Packages each part may use: the protocol core is plain TypeScript. */
const PACKAGES: Readonly<Record<string, RegExp>> = {
  protocol: /^$/,
  machines: /^xstate$/,
  // The Node loader (load.ts) reads lesson folders from disk.
  lessons: /^(yaml|node:fs|node:path)$/,
  kit: /^svelte(\/.*)?$/,
  console: /^(svelte|monaco-editor\/.*)$/,
  cli: /^node:/,
  // The state chart reads the machine's own definition.
  ui: /^(svelte(\/.*)?|xstate)$/,
  main: /^svelte$/,
  offline: /^$/,
};

const SHARED_LEAVES = [join(SRC, 'version.ts'), join(ROOT, 'locales')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f));
}

/** The part a file belongs to: `protocol`, `machines`, ..., `ui/sandbox`, `ui` (App.svelte), `main`. */
function partOf(file: string): string {
  const [top, second] = relative(SRC, file).split(/[\\/]/);
  if (top === 'main.ts') return 'main';
  if (top === 'ui') return second && !second.includes('.') ? `ui/${second}` : 'ui';
  return top!;
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:^|\s)(?:import|export)\s[^'";]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|^\s*import\s+'([^']+)'/gm;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly spec: string;
}

function edges(): { parts: Edge[]; packages: Edge[] } {
  const parts: Edge[] = [];
  const packages: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = partOf(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const where = relative(ROOT, file);
      if (!spec.startsWith('.')) {
        packages.push({ from, to: spec.replace(/\?.*$/, ''), file: where, spec });
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\?.*$/, ''));
      if (SHARED_LEAVES.some((leaf) => target === leaf || target.startsWith(`${leaf}/`))) continue;
      if (!target.startsWith(`${SRC}/`)) {
        parts.push({ from, to: relative(ROOT, target), file: where, spec });
        continue;
      }
      const to = partOf(target);
      if (to !== from) parts.push({ from, to, file: where, spec });
    }
  }
  return { parts, packages };
}

const allowed = (from: string, to: string) => {
  const rule = MAY_IMPORT[from] ?? [];
  return rule.includes(to) || (rule.includes('ui/*') && to.startsWith('ui/'));
};

describe('architecture', () => {
  const { parts, packages } = edges();

  it('finds the imports it checks', () => {
    // A parser that saw nothing would pass every rule below.
    expect(parts.length).toBeGreaterThan(200);
    expect(parts.some((e) => e.from === 'machines' && e.to === 'protocol')).toBe(true);
    expect(packages.some((e) => e.from === 'machines' && e.to === 'xstate')).toBe(true);
  });

  it('every import between parts goes the way docs/ARCHITECTURE.md says', () => {
    const wrong = parts
      .filter((e) => !allowed(e.from, e.to))
      .map((e) => `${e.file}: ${e.from} imports ${e.to} ('${e.spec}')`);
    expect(wrong).toEqual([]);
  });

  it('no two parts import each other', () => {
    const pairs = new Set(parts.map((e) => `${e.from} -> ${e.to}`));
    const both = [...pairs].filter((p) => {
      const [a, b] = p.split(' -> ');
      return pairs.has(`${b} -> ${a}`);
    });
    expect(both).toEqual([]);
  });

  it('each part uses only its own packages (the protocol core none)', () => {
    const wrong = packages
      .filter((e) => !(PACKAGES[e.from.split('/')[0]!] ?? /^$/).test(e.to))
      .map((e) => `${e.file}: ${e.from} uses ${e.to}`);
    expect(wrong).toEqual([]);
  });

  it('no file in src/ is over 500 lines', () => {
    const long = sourceFiles(SRC)
      .map((f) => ({ f: relative(ROOT, f), n: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter(({ n }) => n > 500)
      .map(({ f, n }) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });

  it('would see a wrong import: protocol importing machines breaks the rule', () => {
    expect(allowed('protocol', 'machines')).toBe(false);
    expect(allowed('console', 'ui')).toBe(false);
    expect(allowed('ui/sandbox', 'ui/pictures')).toBe(false);
    expect(allowed('ui', 'ui/pictures')).toBe(true);
  });
});
