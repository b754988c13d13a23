/**
 * The e2e project's global setup: the build is served once for the whole run
 * (each file used to start its own `vite preview`, loading Vite and the config
 * again), and the files are told whether they share one worker, hence one
 * Chromium (browser.ts, useApp).
 */
import type { TestProject } from 'vitest/node';
import { startPreview } from './serve.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPreview();
  project.provide('e2eServerUrl', server.url);
  project.provide('e2eShareBrowser', project.config.isolate === false);
  return () => server.close();
}
