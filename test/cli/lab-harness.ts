/**
 * The harness of the lab-mode tests: a bridge with a lab recorder writing into
 * a fresh folder, raw clients, and the one report a test's session made. Each
 * test starts its own bridge, so its session is connection 1.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { BridgeOptions } from '../../src/cli/bridge-server.ts';
import { labRecorder, type LabReportEvent } from '../../src/cli/lab/recorder.ts';
import type { LabReport } from '../../src/cli/lab/report.ts';
import { RawClient, codes, startTestBridge, until, type TestBridge } from './helpers.ts';

/** Short, so the tests are quick; long enough that a client writing on connect is early. */
const WAIT_MS = 300;

/** The current test's bridge, report folder, logged events and warnings. */
export const lab = {
  tb: null as TestBridge | null,
  dir: '',
  events: [] as LabReportEvent[],
  warnings: [] as string[],
};
const clients: RawClient[] = [];
const dirs: string[] = [];

/** A fresh report folder, removed after the test. */
export function newDir(): string {
  lab.dir = mkdtempSync(join(tmpdir(), 'smtp-lab-'));
  dirs.push(lab.dir);
  return lab.dir;
}

/** A client the harness closes after the test. */
export function track(c: RawClient): RawClient {
  clients.push(c);
  return c;
}

export async function startLab(options: BridgeOptions = {}) {
  newDir();
  lab.events = [];
  lab.warnings = [];
  lab.tb = await startTestBridge({
    lab: labRecorder({
      dir: lab.dir,
      greetingDelayMs: WAIT_MS,
      log: (line) => lab.events.push(JSON.parse(line) as LabReportEvent),
      warn: (line) => lab.warnings.push(line),
    }),
    // What a real bridge keeps: no transcript, no mailbox.
    retain: { transcript: 0, mailbox: false },
    ...options,
  });
  return lab.tb;
}

export async function open(): Promise<RawClient> {
  return track(await RawClient.open(lab.tb!.port));
}

/** Opens a connection and waits for the greeting, as a careful client does. */
export async function greeted(): Promise<RawClient> {
  const c = await open();
  await c.replies(1);
  return c;
}

/** Sends `text` and waits until `total` replies have come in all. */
export async function send(c: RawClient, text: string, total: number): Promise<number[]> {
  c.write(text);
  await c.replies(total);
  return codes(c.received);
}

export const reportFiles = () => readdirSync(lab.dir).filter((f) => f.endsWith('.json'));

/** The one report this test's session made, once it is written. */
export async function report(): Promise<LabReport> {
  await until(() => reportFiles().length === 1, 3000, 'the lab report');
  return JSON.parse(readFileSync(join(lab.dir, reportFiles()[0]!), 'utf8')) as LabReport;
}

export const judged = (r: LabReport) => r.findings.map((f) => [f.kind, f.rfc]);

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab.tb?.stop();
  lab.tb = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export const MAIL = 'MAIL FROM:<alice@example.test>';
export const RCPT = 'RCPT TO:<bob@example.test>';
