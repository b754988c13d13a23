/**
 * Shared pieces of the check-server tests: `npm run check-server` run through
 * its main() in process, its --json report parsed, and the servers a test
 * starts, closed when its file is done.
 */
import { afterAll, expect } from 'vitest';
import { main } from '../../src/cli/check-server.ts';
import { recordIo } from '../../src/cli/io.ts';
import type { Finding } from '../../src/cli/check-server/probe.ts';
import { withTimeout } from './helpers.ts';

/** Each run holds six sessions, 100 RCPTs included, and waits up to 0.5 s six times. */
export const RUN_MS = 30_000;

export interface Run {
  code: number;
  out: string;
  err: string;
}

export async function check(...argv: string[]): Promise<Run> {
  const io = recordIo();
  const code = await withTimeout(main(argv, io), RUN_MS, `check-server ${argv.join(' ')}`);
  return { code, out: io.out, err: io.err };
}

interface Report {
  deviations: Omit<Finding, 'kind'>[];
  notes: Omit<Finding, 'kind'>[];
  sessions: number;
  passed: number;
}

/** Runs with --json and returns the parsed report. */
export async function report(...argv: string[]): Promise<Report & { code: number }> {
  const run = await check(...argv, '--json');
  expect(run.err).toBe('');
  return { code: run.code, ...(JSON.parse(run.out) as Report) };
}

export const checks = (fs: readonly { check: string }[]) => fs.map((f) => f.check);

/**
 * Every server a test file starts, closed when the file is done: the checks
 * run concurrently, so no test may close the others' servers.
 */
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers.splice(0)) await withTimeout(s.close(), 5000, 'closing a server');
});

/** Has `close` called once the file's tests are done. */
export function closeAfterAll(close: () => Promise<void>): void {
  servers.push({ close });
}
