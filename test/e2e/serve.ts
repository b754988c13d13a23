/**
 * The built app, served for the e2e tests by `vite preview` (browser.ts
 * re-exports this; global-setup.ts imports it without Vitest's test API).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PreviewHandle {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  url: string;
  close: () => Promise<void>;
}

/**
 * The built app the e2e tests serve: `dist/`, or the folder in E2E_DIST (a
 * relative path, from the repository root), so that several builds can be
 * tested side by side (`vite build --outDir <folder>`).
 */
const DIST = process.env.E2E_DIST ?? 'dist';

/** The absolute path of that build folder (for tests that serve it themselves). */
export const distPath = (): string => join(ROOT, DIST);

/**
 * Serve the build (run `vite build` first) on 127.0.0.1 at a port chosen by the OS.
 */
export async function startPreview(): Promise<PreviewHandle> {
  if (!existsSync(join(ROOT, DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html not found: run \`vite build\` before the e2e tests`);
  }
  // Imported here: a test file that uses the run's server never loads Vite.
  const { preview } = await import('vite');
  const server = await preview({
    root: ROOT,
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir: DIST },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') {
    await server.close();
    throw new Error(`vite preview is not listening on a TCP port: ${String(address)}`);
  }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}
