/**
 * Students' lab reports in the teacher view: the JSON files `npm run smtp --
 * --lab DIR` writes, one per SMTP session a student's client made
 * (docs/lab-reports.md is their format). Each file is read on its own: one
 * that is not a lab report is named with the reason and the others still
 * load. The sessions are grouped by student, each kind of mistake shown with
 * its RFC rule, and the table exported as CSV, one line per session.
 *
 * Only what the table shows is checked strictly; fields this page does not
 * use are ignored, as the format asks of readers ("fields may be added in
 * version 1"), and so is a kind of mistake it does not know yet.
 */
import { formatWhen } from '../../lessons/report.ts';
import { t } from '../../kit/strings.ts';

/** The format and version this page reads (src/cli/lab/report.ts writes them). */
export const LAB_FORMAT = 'smtp-simulator-lab-session';
export const LAB_VERSION = 1;

/** A report larger than this is not a lab report (one is a few kilobytes: 10 findings per kind). */
export const LAB_FILE_LIMIT = 2_000_000;

/** One finding of a report: a mistake and the rule it breaks. */
export interface LabSessionFinding {
  readonly kind: string;
  readonly rfc: string;
  readonly rule: string;
  readonly step: number;
  readonly line?: string;
  readonly detail?: string;
}

/** One kind of mistake in a session: how many, its RFC sections and rules, its examples. */
export interface LabKindSummary {
  readonly kind: string;
  readonly count: number;
  /** The RFC sections cited, in order, each once (a kind may have variants). */
  readonly rfcs: readonly string[];
  /** The rules cited, each once, with the section of each. */
  readonly rules: readonly { readonly rfc: string; readonly rule: string }[];
  /** The listed findings of this kind (at most 10 in a report). */
  readonly examples: readonly LabSessionFinding[];
}

/** A session as the table needs it, read from one report file. */
export interface LabSession {
  readonly file: string;
  readonly connection: number;
  readonly started: string;
  readonly address: string;
  /** The name the client gave in EHLO or HELO, or null. */
  readonly hello: string | null;
  readonly mistakes: number;
  readonly kinds: readonly LabKindSummary[];
  /** Mistakes counted but not listed in the report. */
  readonly omitted: number;
  readonly quit: boolean | null;
  readonly messages: number | null;
}

export type LabRead =
  | { readonly ok: true; readonly session: LabSession }
  | { readonly ok: false; readonly file: string; readonly problem: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isText = (v: unknown): v is string => typeof v === 'string';

const refused = (file: string, problem: string): LabRead => ({ ok: false, file, problem });
const badField = (file: string, field: string, what: string) =>
  refused(file, t('lab.bad.field', { field, what }));

/** Reads one report file's text: a session, or why the file is not one. */
export function parseLabReport(file: string, text: string): LabRead {
  if (text.length > LAB_FILE_LIMIT) return refused(file, t('lab.bad.large'));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused(file, t('lab.bad.json'));
  }
  if (!isObject(value)) return refused(file, t('lab.bad.object'));
  if (value.format !== LAB_FORMAT)
    return refused(
      file,
      value.format === 'smtp-simulator-report'
        ? t('lab.bad.completion')
        : t('lab.bad.format', {
            format:
              value.format === undefined ? t('lab.bad.noFormat') : `"${String(value.format)}"`,
          }),
    );
  if (value.version !== LAB_VERSION)
    return refused(
      file,
      t('lab.bad.version', { version: String(value.version), known: LAB_VERSION }),
    );
  if (!isCount(value.connection) || value.connection < 1)
    return badField(file, 'connection', t('lab.what.number'));
  if (!isText(value.started) || Number.isNaN(Date.parse(value.started)))
    return badField(file, 'started', t('lab.what.date'));
  const client = value.client;
  if (!isObject(client) || !isText(client.address))
    return badField(file, 'client.address', t('lab.what.text'));
  if (client.hello !== null && !isText(client.hello))
    return badField(file, 'client.hello', t('lab.what.textOrNull'));
  if (!isCount(value.mistakes)) return badField(file, 'mistakes', t('lab.what.count'));
  const counts = value.counts;
  if (!isObject(counts) || !Object.values(counts).every(isCount))
    return badField(file, 'counts', t('lab.what.counts'));
  if (!Array.isArray(value.findings) || !value.findings.every(isFinding))
    return badField(file, 'findings', t('lab.what.findings'));
  const omitted = value.omitted === undefined ? 0 : value.omitted;
  if (!isCount(omitted)) return badField(file, 'omitted', t('lab.what.count'));
  const findings = value.findings as LabSessionFinding[];
  return {
    ok: true,
    session: {
      file,
      connection: value.connection,
      started: value.started,
      address: client.address,
      hello: client.hello,
      mistakes: value.mistakes,
      kinds: kindsOf(counts as Record<string, number>, findings),
      omitted,
      quit: typeof value.quit === 'boolean' ? value.quit : null,
      messages: isCount(value.messages) ? value.messages : null,
    },
  };
}

function isFinding(f: unknown): f is LabSessionFinding {
  return (
    isObject(f) &&
    isText(f.kind) &&
    isText(f.rfc) &&
    isText(f.rule) &&
    isCount(f.step) &&
    (f.line === undefined || isText(f.line)) &&
    (f.detail === undefined || isText(f.detail))
  );
}

/** The kinds of a session, in the order of `counts` (the order they were first seen). */
function kindsOf(
  counts: Readonly<Record<string, number>>,
  findings: readonly LabSessionFinding[],
): LabKindSummary[] {
  const kinds = [...Object.keys(counts)];
  // A finding of a kind left out of `counts` still shows (a report edited by hand).
  for (const f of findings) if (!kinds.includes(f.kind)) kinds.push(f.kind);
  return kinds
    .map((kind) => {
      const examples = findings.filter((f) => f.kind === kind);
      const rules: { rfc: string; rule: string }[] = [];
      for (const f of examples)
        if (!rules.some((r) => r.rule === f.rule)) rules.push({ rfc: f.rfc, rule: f.rule });
      return {
        kind,
        count: counts[kind] ?? examples.length,
        rfcs: [...new Set(examples.map((f) => f.rfc))],
        rules,
        examples,
      };
    })
    .filter((k) => k.count > 0);
}

/** A file as chosen in the page (a browser File gives both). */
export interface ChosenFile {
  readonly name: string;
  text(): Promise<string>;
}

export interface LabLoad {
  readonly sessions: readonly LabSession[];
  /** Files that are not lab reports, each with why. */
  readonly problems: readonly { readonly file: string; readonly problem: string }[];
  /** Files left unread: not `.json` (a folder's `sessions.txt`). */
  readonly skipped: readonly string[];
}

/**
 * Reads the chosen files, each on its own. In a folder only the `.json`
 * files are reports; `sessions.txt` (the lab's summary) says nothing more.
 */
export async function readLabFiles(files: readonly ChosenFile[]): Promise<LabLoad> {
  const sessions: LabSession[] = [];
  const problems: { file: string; problem: string }[] = [];
  const skipped: string[] = [];
  for (const f of files) {
    if (!/\.json$/i.test(f.name)) {
      skipped.push(f.name);
      continue;
    }
    let text: string;
    try {
      text = await f.text();
    } catch {
      problems.push({ file: f.name, problem: t('lab.bad.unreadable') });
      continue;
    }
    const read = parseLabReport(f.name, text);
    if (read.ok) sessions.push(read.session);
    else problems.push({ file: read.file, problem: read.problem });
  }
  return { sessions, problems, skipped };
}

/** What tells one session from another: a second load of the same file adds nothing. */
const sessionId = (s: LabSession) => `${s.started}\u0000${s.connection}\u0000${s.address}`;

/** Adds a load to what is open: a session, a problem or a skipped file already there, once. */
export function mergeLoads(open: LabLoad, more: LabLoad): LabLoad {
  const seen = new Set(open.sessions.map(sessionId));
  const added = more.sessions.filter((s) => {
    const id = sessionId(s);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return {
    sessions: [...open.sessions, ...added],
    problems: [
      ...open.problems,
      ...more.problems.filter(
        (p) => !open.problems.some((q) => q.file === p.file && q.problem === p.problem),
      ),
    ],
    skipped: [...new Set([...open.skipped, ...more.skipped])],
  };
}

/** One student's client: its sessions, oldest first. */
export interface LabStudent {
  readonly hello: string | null;
  readonly address: string;
  readonly sessions: readonly LabSession[];
  /** Sessions with no mistake. */
  readonly clean: number;
}

/**
 * Sessions by student. The key is the pair (EHLO/HELO name, address), not one
 * of them: when every student runs the bridge on their own machine all
 * addresses are 127.0.0.1, and the EHLO name (a teacher can ask for the
 * student's name there) tells them apart; when a whole class connects to one
 * bridge, clients copied from the same example all say `localhost`, and the
 * address tells them apart. Either alone would put two students in one row
 * group; the pair splits a student only if their client changes its name or
 * machine, which the teacher sees as two groups with one side in common. A
 * session without an accepted EHLO/HELO has its own group for its address.
 * Groups are sorted by name, then address; sessions by start.
 */
export function groupByStudent(sessions: readonly LabSession[]): LabStudent[] {
  const groups = new Map<string, LabSession[]>();
  for (const s of sessions) {
    const key = `${s.hello ?? ''}\u0000${s.address}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  const byName = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b);
  return [...groups.values()]
    .map((list) => {
      const ordered = [...list].sort(
        (a, b) => Date.parse(a.started) - Date.parse(b.started) || a.connection - b.connection,
      );
      return {
        hello: ordered[0]!.hello,
        address: ordered[0]!.address,
        sessions: ordered,
        clean: ordered.filter((s) => s.mistakes === 0).length,
      };
    })
    .sort((a, b) => byName(a.hello, b.hello) || a.address.localeCompare(b.address));
}

/** A kind as one short text: `bare-lf x2 (RFC 5321 §2.3.8)`. */
export function kindText(k: LabKindSummary): string {
  return `${k.kind}${k.count > 1 ? ` x${k.count}` : ''}${k.rfcs.length ? ` (${k.rfcs.join('; ')})` : ''}`;
}

export const LAB_CSV_COLUMNS = [
  'Started',
  'Connection',
  'Address',
  'Hello',
  'Mistakes',
  'Kinds',
  'Report file',
] as const;

/**
 * The table as CSV, one line per session in the table's order. A cell that
 * starts like a formula is prefixed with `'` (a client chooses its own EHLO
 * name, and a spreadsheet must not run it).
 */
export function labCsv(students: readonly LabStudent[], zone: 'local' | 'utc' = 'local'): string {
  const cell = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const lines = [
    [...LAB_CSV_COLUMNS],
    ...students.flatMap((g) =>
      g.sessions.map((s) => [
        formatWhen(s.started, zone),
        String(s.connection),
        s.address,
        s.hello ?? '',
        String(s.mistakes),
        s.mistakes === 0 ? 'clean' : s.kinds.map(kindText).join(', '),
        s.file,
      ]),
    ),
  ];
  return lines.map((cells) => cells.map(cell).join(',')).join('\r\n') + '\r\n';
}
