/**
 * The browser benchmark's build: its own folder (OUT), built with the manifest on when stale,
 * served by `vite preview` on 127.0.0.1, and the first screen's gzipped size against the budget.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { AddressInfo } from 'node:net';
import { preview } from 'vite';
import { ROOT } from './lib/child.ts';
import { now } from './lib/util.ts';

export const KB = 1000; // as Vite reports sizes (kB)
/**
 * The benchmark's own build folder (dist/ is the e2e tests' and the developer's). `BENCH_DIST`
 * names another one, built beforehand with `vite build --manifest --outDir <folder>`: two builds
 * (an older commit's and this one) benched back to back, in the same conditions.
 */
export const OUT = process.env.BENCH_DIST || 'dist-bench';
const GIVEN = Boolean(process.env.BENCH_DIST);
export const MiB = 1024 * 1024;

export interface Budget {
  readonly firstScreenGzipKB: number;
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  assets?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/** Newest modification time under `path` (files and folders, recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(resolve(path, name)));
  return t;
}

/** `vite preview` of OUT on 127.0.0.1, port chosen by the system (as the e2e harness serves dist/). */
export async function startPreview(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: OUT },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') {
    await server.close();
    throw new Error('vite preview is not listening on a TCP port');
  }
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

/** Builds into OUT with the manifest on (inline config; vite.config.ts untouched) unless it is fresh. */
export async function ensureBuild(
  log: (l: string) => void,
  quick: boolean,
): Promise<{ manifest: Manifest; built: boolean; stale: boolean; seconds: number }> {
  const manifestFile = resolve(ROOT, OUT, '.vite', 'manifest.json');
  const inputs = [
    'src',
    'public',
    'index.html',
    'vite.config.ts',
    'svelte.config.js',
    'package-lock.json',
  ];
  if (GIVEN) {
    if (!existsSync(manifestFile))
      throw new Error(`BENCH_DIST=${OUT} has no .vite/manifest.json: build it with --manifest`);
    log(`browser: ${OUT}/ (BENCH_DIST) used as built`);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
    return { manifest, built: false, stale: false, seconds: 0 };
  }
  const sources = Math.max(...inputs.map((p) => newest(resolve(ROOT, p))));
  const t0 = now();
  let built = false;
  const exists = existsSync(manifestFile);
  const stale = exists && statSync(manifestFile).mtimeMs < sources;
  // --quick only checks that everything works: it keeps a built dist/ even when sources changed.
  if (stale && quick) log(`browser: ${OUT}/ is older than the sources, reused with --quick`);
  else if (!exists || stale) {
    log('browser: vite build (with build.manifest)');
    await build({
      root: ROOT,
      configFile: resolve(ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { manifest: true, outDir: OUT, emptyOutDir: true },
    });
    built = true;
  } else log(`browser: ${OUT}/ is newer than the sources, reused`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  return { manifest, built, stale: stale && !built, seconds: (now() - t0) / 1000 };
}

const gz = (file: string) => gzipSync(readFileSync(resolve(ROOT, OUT, file))).length;

/** The files a chunk loads before it runs: itself, its CSS, its static imports (recursively). */
function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  const c = manifest[key];
  if (!c || seen.has(key)) return seen;
  seen.add(key);
  for (const i of c.imports ?? []) staticClosure(manifest, i, seen);
  return seen;
}
function filesOf(manifest: Manifest, keys: Iterable<string>): string[] {
  const files = new Set<string>();
  for (const k of keys) {
    const c = manifest[k]!;
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
  }
  return [...files];
}

export function sizes(manifest: Manifest, budget: Budget) {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error(`no entry chunk in ${OUT}/.vite/manifest.json`);
  const first = staticClosure(manifest, entry);
  const firstFiles = filesOf(manifest, first);
  // What the first screen imports later: Monaco (the console's import('./editor.ts')), and the
  // panels fetched after the first screen (pictures, server settings, lessons, ...).
  const later = new Map<string, Set<string>>();
  const pending = [...first].flatMap((k) => manifest[k]!.dynamicImports ?? []);
  const seen = new Set<string>(first);
  while (pending.length) {
    const d = pending.shift()!;
    if (seen.has(d)) continue;
    seen.add(d);
    const keys = new Set([...staticClosure(manifest, d)].filter((c) => !first.has(c)));
    later.set(d, keys);
    for (const k of keys) pending.push(...(manifest[k]!.dynamicImports ?? []));
  }
  const editorKey = [...later.keys()].find((k) => k.endsWith('src/console/editor.ts'));
  const monacoKeys = editorKey ? later.get(editorKey)! : new Set<string>();
  const restKeys = new Set<string>();
  for (const [d, keys] of later)
    if (d !== editorKey) for (const k of keys) if (!monacoKeys.has(k)) restKeys.add(k);
  const lazyFiles = filesOf(manifest, monacoKeys);
  const lazyAssets = [...monacoKeys].flatMap((k) => manifest[k]!.assets ?? []);
  const restFiles = filesOf(manifest, restKeys);
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(f), 0);
  const firstGzip = sum(firstFiles);
  const monacoGzip = sum(lazyFiles);
  return {
    firstFiles,
    firstGzip,
    lazyFiles,
    monacoGzip,
    lazyAssets: Object.fromEntries(lazyAssets.map((a) => [a, gz(a)])),
    restFiles: Object.fromEntries(restFiles.map((f) => [f, gz(f)])),
    restGzip: sum(restFiles),
    budgetGzip: budget.firstScreenGzipKB * KB,
  };
}

// ---------------------------------------------------------------------------------------------
// In the page
