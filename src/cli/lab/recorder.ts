/**
 * Lab mode for the bridge (`npm run smtp -- --lab DIR`): students point their
 * own SMTP client at the bridge, and each session (one TCP connection) gets a
 * report in DIR: `<time>-<connection>.json`, plus one line in
 * DIR/sessions.txt. The judging is pure (src/protocol/client-lab.ts); this
 * file feeds it the session's transcript as it is recorded, and writes.
 *
 * Nothing of the session's text is kept: the analysis keeps counts and a few
 * examples, and the bridge keeps no transcript, so memory stays flat however
 * long a session runs.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '../../machines/session.ts';
import { ClientLab } from '../../protocol/client-lab.ts';
import type { BridgeLab, LabConnection, LabWatch } from '../bridge-options.ts';
import { labReport, summaryLine, type LabReport } from './report.ts';

export const SUMMARY_FILE = 'sessions.txt';

/** The greeting's default wait: long enough for a client that does not wait to show it. */
export const DEFAULT_GREETING_DELAY_MS = 1000;

export interface LabOptions {
  /** Where reports go (created if missing). */
  readonly dir: string;
  readonly greetingDelayMs?: number;
  /** One JSON line per report written (the bridge's log). */
  readonly log?: (line: string) => void;
  /** Problems writing a report. */
  readonly warn?: (line: string) => void;
  readonly now?: () => Date;
}

/** The report-written log line. */
export interface LabReportEvent {
  readonly event: 'lab-report';
  readonly connection: number;
  readonly file: string;
  readonly mistakes: number;
  readonly kinds: readonly string[];
}

/** `2026-11-29T20:20:41.123Z` as `20261129T202041123Z`: sortable, safe in any file system. */
const stamp = (d: Date) => d.toISOString().replace(/[-:.]/g, '');

/** Creates the folder and returns the lab the bridge runs with (its `lab` option). */
export function labRecorder(options: LabOptions): BridgeLab {
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  const log = options.log ?? (() => {});
  const warn = options.warn ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  /** Writes the report under a name no other session has (a second bridge may share the folder). */
  const write = (report: LabReport, started: Date) => {
    const base = `${stamp(started)}-${report.connection}`;
    const text = `${JSON.stringify(report, null, 2)}\n`;
    for (let n = 1; n <= 100; n++) {
      const name = n === 1 ? `${base}.json` : `${base}-${n}.json`;
      try {
        writeFileSync(join(dir, name), text, { flag: 'wx' });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw e;
      }
      appendFileSync(join(dir, SUMMARY_FILE), summaryLine(report, name));
      const event: LabReportEvent = {
        event: 'lab-report',
        connection: report.connection,
        file: join(dir, name),
        mistakes: report.mistakes,
        kinds: Object.keys(report.counts),
      };
      return log(JSON.stringify(event));
    }
    throw new Error(`100 reports named ${base} already exist`);
  };

  const open = (session: Session, connection: LabConnection): LabWatch => {
    const lab = new ClientLab({ lenientDataEnding: session.world.dataEnding === 'lenient' });
    let done = false;
    /** A fault in the lab must not cost the student's connection: it stops this report only. */
    const guarded = (what: string, fn: () => void) => {
      if (done) return;
      try {
        fn();
      } catch (e) {
        done = true;
        off();
        warn(
          `bridge: lab report for connection ${connection.number} abandoned (${what}): ${(e as Error).message}`,
        );
      }
    };
    const finish = () =>
      guarded('writing it', () => {
        const result = lab.end(session.buffered);
        done = true;
        off();
        write(labReport(connection, session.world.hostname, result, now()), connection.started);
      });
    const off = session.subscribe((entry) =>
      guarded('reading the session', () => {
        lab.observe(entry, session.buffered);
        // The session has ended (221, or a 421): nothing the client sends now counts.
        if (entry.kind === 'closed') finish();
      }),
    );
    return {
      input: (octets, greeted) => {
        if (!greeted) guarded('reading input', () => lab.beforeGreeting(octets));
      },
      closed: finish,
    };
  };

  return { greetingDelayMs: options.greetingDelayMs ?? DEFAULT_GREETING_DELAY_MS, open };
}
