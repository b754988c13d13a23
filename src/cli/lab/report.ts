/**
 * A lab report: one JSON document per session (docs/lab-reports.md is its
 * format, kept stable by `format` and `version`), and the one line of text
 * the session adds to the lab's summary file.
 */
import type { LabFinding, LabKind, LabResult } from '../../protocol/client-lab.ts';
import { shownLine } from '../../protocol/client-lab.ts';
import type { LabConnection } from '../bridge-options.ts';

export const LAB_REPORT_FORMAT = 'smtp-simulator-lab-session';
export const LAB_REPORT_VERSION = 1;

export interface LabReport {
  readonly format: typeof LAB_REPORT_FORMAT;
  readonly version: typeof LAB_REPORT_VERSION;
  /** The connection's number since the bridge started (from 1). */
  readonly connection: number;
  /** When the connection was accepted and when its report was made (ISO dates). */
  readonly started: string;
  readonly ended: string;
  readonly client: {
    readonly address: string;
    /** The name it gave in its first accepted EHLO or HELO, or null. */
    readonly hello: string | null;
  };
  readonly server: {
    readonly hostname: string;
    readonly port: number;
    readonly profile: string | null;
  };
  /** Lines the client sent. */
  readonly commands: number;
  /** Messages the server accepted. */
  readonly messages: number;
  readonly quit: boolean;
  /** Every mistake counted, listed or not; 0 for a clean session. */
  readonly mistakes: number;
  readonly counts: Readonly<Partial<Record<LabKind, number>>>;
  /** At most 10 per kind, in the order they were made. */
  readonly findings: readonly LabFinding[];
  /** Mistakes counted but not listed. */
  readonly omitted: number;
}

export function labReport(
  connection: LabConnection,
  hostname: string,
  result: LabResult,
  ended: Date,
): LabReport {
  const mistakes = Object.values(result.counts).reduce((a, b) => a + b, 0);
  return {
    format: LAB_REPORT_FORMAT,
    version: LAB_REPORT_VERSION,
    connection: connection.number,
    started: connection.started.toISOString(),
    ended: ended.toISOString(),
    client: {
      address: connection.client,
      hello: result.hello === null ? null : shownLine(result.hello),
    },
    server: { hostname, port: connection.port, profile: connection.profile },
    commands: result.commands,
    messages: result.messages,
    quit: result.quit,
    mistakes,
    counts: result.counts,
    findings: result.findings,
    omitted: result.omitted,
  };
}

/**
 * The summary line, tab-separated: start, `#connection`, client address, its
 * EHLO name (`-` if none), `clean` or the mistakes by kind with the first
 * one's rule, and the report's file name.
 */
export function summaryLine(report: LabReport, file: string): string {
  const kinds = Object.entries(report.counts).map(([kind, n]) => {
    const rfc = report.findings.find((f) => f.kind === kind)?.rfc;
    return `${kind}${n > 1 ? ` x${n}` : ''}${rfc ? ` (${rfc})` : ''}`;
  });
  const verdict =
    report.mistakes === 0
      ? 'clean'
      : `${report.mistakes} mistake${report.mistakes > 1 ? 's' : ''}: ${kinds.join(', ')}`;
  const hello = report.client.hello?.replace(/\s/g, '_') || '-';
  return [report.started, `#${report.connection}`, report.client.address, hello, verdict, file]
    .join('\t')
    .concat('\n');
}
