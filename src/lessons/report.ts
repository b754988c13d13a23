/**
 * Proof of completion without a server: a learner exports a report (for each
 * lesson done, the lines they typed that met its goals, and when), and a
 * teacher replays every transcript headlessly against the lesson (the Node
 * command `lessons:verify` and the app's teacher view share this code) to
 * confirm or reject each lesson with the reason.
 *
 * A report comes from outside: everything in it is checked and bounded before
 * anything is replayed. Practice tasks (`practice/<seed>`) are verified
 * against the task regenerated from their seed.
 *
 * What a confirmation means: these lines, typed into this lesson, meet its
 * goals. It does not say who typed them: the report is written in the
 * learner's browser, and its name and times are what that browser wrote.
 */
import { goalLabel } from './goals.ts';
import { generatePractice, seedOfId } from './practice.ts';
import { replayLesson } from './replay-lesson.ts';
import type { Pack } from './tree.ts';
import type { Fault, Goal, Settings } from './types.ts';

export const REPORT_FORMAT = 'smtp-simulator-report';
export const REPORT_VERSION = 1;

/** Bounds for a report read from a file (a whole course is a few dozen kB). */
export const REPORT_LIMITS = {
  bytes: 5_000_000,
  lessons: 1000,
  linesPerLesson: 5000,
  lineLength: 10_000,
} as const;

export interface ReportLesson {
  /** The lesson's id (`smtp-1982/helo-mail-rcpt-data`, `practice/42`). */
  readonly id: string;
  readonly title?: string;
  /** The lines the learner typed that met the lesson's goals, in order. */
  readonly lines: readonly string[];
  /** When the goals were met (ISO date). */
  readonly doneAt?: string;
  /** When the learner first typed in the lesson (ISO date). */
  readonly startedAt?: string;
  /** The learner pressed "Show solution" in this lesson (the app types it for them). */
  readonly solutionShown?: boolean;
}

export interface Report {
  readonly format: typeof REPORT_FORMAT;
  readonly version: typeof REPORT_VERSION;
  /** The app version that made the report. */
  readonly app: string;
  /** The teacher's pack the lessons come from (absent: the course shipped with the app). */
  readonly pack?: string;
  /** The name the learner gave when saving the report (absent in older reports). */
  readonly learner?: string;
  readonly createdAt: string;
  readonly lessons: readonly ReportLesson[];
}

/** The longest learner name a report may carry. */
export const LEARNER_MAX = 100;

/** A learner's name as typed, made safe to keep: spaces collapsed, controls dropped, bounded. */
export function cleanLearner(name: string): string {
  return (
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, LEARNER_MAX)
  );
}

/**
 * The file name a report is saved under: the learner's name in it, so a
 * teacher's folder of reports reads as a class list (`Ada Lovelace` ->
 * `smtp-simulator-report-ada-lovelace.json`). Letters of any script are kept.
 */
export function reportFileName(learner: string): string {
  const slug = learner
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug ? `smtp-simulator-report-${slug}.json` : 'smtp-simulator-report.json';
}

const MONTHS =
  'January February March April May June July August September October November December'.split(
    ' ',
  );

/**
 * A date as a person reads it, "7 December 2026, 14:05", in the reader's
 * time zone (or UTC). Text that is not a date is returned as given: it came
 * from a learner's file, and the teacher should see what it says.
 */
export function formatWhen(iso: string, zone: 'local' | 'utc' = 'local'): string {
  const d = new Date(iso);
  if (!/^\d{4}-\d\d-\d\d/.test(iso) || Number.isNaN(d.getTime())) return iso;
  const utc = zone === 'utc';
  const [day, month, year, hours, minutes] = utc
    ? [d.getUTCDate(), d.getUTCMonth(), d.getUTCFullYear(), d.getUTCHours(), d.getUTCMinutes()]
    : [d.getDate(), d.getMonth(), d.getFullYear(), d.getHours(), d.getMinutes()];
  const hhmm = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  return `${day} ${MONTHS[month]} ${year}, ${hhmm}${utc ? ' UTC' : ''}`;
}

/** What progress keeps per lesson (src/ui/lessons/progress.ts), as far as a report needs it. */
export interface CompletedLesson {
  readonly done: boolean;
  readonly solvedWith?: readonly string[];
  readonly doneAt?: string;
  readonly startedAt?: string;
  readonly solutionShown?: boolean;
}

export interface BuiltReport {
  readonly report: Report;
  /** Lessons marked done without the lines that did it (e.g. an older progress file). */
  readonly skipped: readonly string[];
}

/** The report for a progress map: every lesson done with its lines, in the order given. */
export function buildReport(
  progress: Readonly<Record<string, CompletedLesson>>,
  options: {
    readonly app: string;
    readonly createdAt: string;
    readonly pack?: string | null;
    readonly learner?: string;
    readonly title?: (id: string) => string | undefined;
  },
): BuiltReport {
  const lessons: ReportLesson[] = [];
  const skipped: string[] = [];
  for (const [id, p] of Object.entries(progress)) {
    if (!p.done) continue;
    if (!p.solvedWith) {
      skipped.push(id);
      continue;
    }
    const title = options.title?.(id);
    lessons.push({
      id,
      ...(title ? { title } : {}),
      lines: [...p.solvedWith],
      ...(p.doneAt ? { doneAt: p.doneAt } : {}),
      ...(p.startedAt ? { startedAt: p.startedAt } : {}),
      ...(p.solutionShown ? { solutionShown: true } : {}),
    });
  }
  return {
    report: {
      format: REPORT_FORMAT,
      version: REPORT_VERSION,
      app: options.app,
      ...(options.pack ? { pack: options.pack } : {}),
      ...(options.learner && cleanLearner(options.learner)
        ? { learner: cleanLearner(options.learner) }
        : {}),
      createdAt: options.createdAt,
      lessons,
    },
    skipped,
  };
}

export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 2);
}

/** A report's text with the learner's name put in (asked when they save it), before the lessons. */
export function nameReport(text: string, learner: string): string {
  const { lessons, ...head } = JSON.parse(text) as Report;
  const name = cleanLearner(learner);
  return serializeReport({ ...head, ...(name ? { learner: name } : {}), lessons });
}

/** What verification needs of a lesson: the same fields `replay` takes. */
export interface VerifiableLesson {
  readonly id: string;
  readonly title: string;
  readonly settings: Settings;
  readonly faults: readonly Fault[];
  readonly goals: readonly Goal[];
  readonly start: readonly string[];
}

export type LessonLookup = (id: string) => VerifiableLesson | undefined;

/** Lessons of a pack by id; `practice/<seed>` regenerated from its seed. */
export function lookupIn(pack: Pick<Pack, 'lessons'>): LessonLookup {
  const byId = new Map(pack.lessons.map((l) => [l.id, l]));
  return (id) => {
    const lesson = byId.get(id);
    if (lesson) return lesson;
    const seed = seedOfId(id);
    return seed === null ? undefined : generatePractice(seed);
  };
}

export interface Verdict {
  readonly id: string;
  readonly title?: string;
  readonly status: 'confirmed' | 'rejected';
  /** Why: the goals met, or what is wrong. */
  readonly reason: string;
  readonly doneAt?: string;
  readonly startedAt?: string;
  /** The report says "Show solution" was used (reported by the learner's app, like the times). */
  readonly solutionShown?: boolean;
}

export interface Verification {
  /** Every lesson confirmed (and at least one). */
  readonly ok: boolean;
  /** Why the report as a whole was refused (then there are no verdicts). */
  readonly problem: string | null;
  readonly app?: string;
  readonly pack?: string;
  /** The name written in the report (by the learner's browser: not proof of who did it). */
  readonly learner?: string;
  readonly createdAt?: string;
  readonly verdicts: readonly Verdict[];
}

const refused = (problem: string): Verification => ({ ok: false, problem, verdicts: [] });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks one entry's shape; the reason when it is malformed. */
function entryProblem(e: Record<string, unknown>): string | null {
  if (!Array.isArray(e.lines)) return '"lines" is missing or not a list';
  if (e.lines.length > REPORT_LIMITS.linesPerLesson)
    return `more than ${REPORT_LIMITS.linesPerLesson} lines`;
  if (!e.lines.every((l) => typeof l === 'string')) return '"lines" must all be text';
  if ((e.lines as string[]).some((l) => l.length > REPORT_LIMITS.lineLength))
    return `a line is longer than ${REPORT_LIMITS.lineLength} characters`;
  if ((e.lines as string[]).some((l) => /[\r\n]/.test(l)))
    return 'a line holds a line break (each typed line must be its own entry)';
  for (const k of ['doneAt', 'startedAt', 'title'] as const)
    if (e[k] !== undefined && typeof e[k] !== 'string') return `"${k}" must be text`;
  if (e.solutionShown !== undefined && typeof e.solutionShown !== 'boolean')
    return '"solutionShown" must be true or false';
  return null;
}

/** Replays one lesson's lines; the verdict. */
function verifyEntry(e: Record<string, unknown>, lookup: LessonLookup, seen: Set<string>): Verdict {
  const id = typeof e.id === 'string' ? e.id : '';
  const times = {
    ...(typeof e.doneAt === 'string' ? { doneAt: e.doneAt } : {}),
    ...(typeof e.startedAt === 'string' ? { startedAt: e.startedAt } : {}),
  };
  const reject = (reason: string, title?: string): Verdict => ({
    id: id || '(no id)',
    ...(title ? { title } : {}),
    status: 'rejected',
    reason,
    ...times,
  });
  if (!id || id.length > 200) return reject('malformed entry: "id" is missing or not valid');
  const malformed = entryProblem(e);
  if (malformed) return reject(`malformed entry: ${malformed}`);
  if (seen.has(id)) return reject('listed twice in the report');
  seen.add(id);
  const lesson = lookup(id);
  if (!lesson) return reject('unknown lesson: there is no lesson with this id in the pack');
  let result;
  try {
    result = replayLesson(lesson, e.lines as string[]);
  } catch (error) {
    return reject(
      `the transcript could not be replayed (${error instanceof Error ? error.message : String(error)})`,
      lesson.title,
    );
  }
  const missed = result.results.filter((r) => !r.met);
  if (missed.length)
    return reject(
      `goal${missed.length === 1 ? '' : 's'} not met: ${missed.map((r) => `"${goalLabel(r.goal)}"`).join(', ')}`,
      lesson.title,
    );
  const n = result.results.length;
  return {
    id,
    title: lesson.title,
    status: 'confirmed',
    reason: `the transcript replays and meets ${n === 1 ? 'the goal' : `all ${n} goals`}${e.solutionShown === true ? '; the learner used "Show solution"' : ''}`,
    ...times,
    ...(e.solutionShown === true ? { solutionShown: true } : {}),
  };
}

/** Verifies a report's text (as read from the file): one verdict per lesson listed. */
export function verifyReport(text: string, lookup: LessonLookup): Verification {
  if (text.length > REPORT_LIMITS.bytes)
    return refused(`the file is larger than ${REPORT_LIMITS.bytes / 1_000_000} MB`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refused('malformed report: the file is not valid JSON');
  }
  if (!isObject(value)) return refused('malformed report: it is not a JSON object');
  if (value.format !== REPORT_FORMAT)
    return refused(
      `malformed report: it is not a completion report of this app (${value.format === undefined ? 'no "format"' : `format "${String(value.format)}"`})`,
    );
  if (value.version !== REPORT_VERSION)
    return refused(
      `the report's version (${String(value.version)}) is not one this app reads (${REPORT_VERSION})`,
    );
  if (
    value.learner !== undefined &&
    (typeof value.learner !== 'string' ||
      value.learner.length > LEARNER_MAX ||
      cleanLearner(value.learner) !== value.learner)
  )
    return refused(
      `malformed report: "learner" must be a name of at most ${LEARNER_MAX} characters on one line`,
    );
  if (!Array.isArray(value.lessons)) return refused('malformed report: "lessons" is not a list');
  if (value.lessons.length === 0) return refused('the report lists no lessons');
  if (value.lessons.length > REPORT_LIMITS.lessons)
    return refused(`the report lists more than ${REPORT_LIMITS.lessons} lessons`);
  const seen = new Set<string>();
  const verdicts = value.lessons.map((e) =>
    isObject(e)
      ? verifyEntry(e, lookup, seen)
      : ({
          id: '(no id)',
          status: 'rejected',
          reason: 'malformed entry: not an object',
        } satisfies Verdict),
  );
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  const app = str(value.app);
  const pack = str(value.pack);
  const createdAt = str(value.createdAt);
  return {
    ok: verdicts.every((v) => v.status === 'confirmed'),
    problem: null,
    ...(app ? { app } : {}),
    ...(pack ? { pack } : {}),
    ...(typeof value.learner === 'string' && value.learner ? { learner: value.learner } : {}),
    ...(createdAt ? { createdAt } : {}),
    verdicts,
  };
}

/** The verification as lines of text (the CLI prints them). */
export function formatVerification(v: Verification, zone: 'local' | 'utc' = 'local'): string[] {
  if (v.problem) return [`rejected  the report: ${v.problem}`];
  const head = [
    `Report${v.learner ? ` of ${v.learner},` : ''} made by the app${v.app ? ` version ${v.app}` : ''}${v.createdAt ? ` on ${formatWhen(v.createdAt, zone)}` : ''}${v.pack ? `, pack "${v.pack}"` : ''}:`,
  ];
  const width = Math.max(...v.verdicts.map((x) => x.id.length));
  const rows = v.verdicts.map(
    (x) =>
      `${x.status === 'confirmed' ? 'confirmed' : 'rejected '} ${x.id.padEnd(width)}  ${x.reason}${x.doneAt ? ` (done ${formatWhen(x.doneAt, zone)})` : ''}`,
  );
  const ok = v.verdicts.filter((x) => x.status === 'confirmed').length;
  return [
    ...head,
    ...rows,
    `${ok} confirmed, ${v.verdicts.length - ok} rejected, of ${v.verdicts.length} lesson(s).`,
  ];
}

/** One learner's line in a class table: a report file and its verification. */
export interface ClassRow {
  readonly file: string;
  /** The name the report carries (null: none given). */
  readonly learner: string | null;
  /** The lessons the report lists as completed. */
  readonly completed: number;
  readonly confirmed: number;
  /** Every lesson confirmed (false too when the report was refused). */
  readonly verified: boolean;
  /** Why the whole report was refused. */
  readonly problem: string | null;
  /** When the last lesson was done, and when the report was saved (as the report says). */
  readonly lastDoneAt?: string;
  readonly createdAt?: string;
  readonly pack?: string;
}

/** A class's reports as table rows, by learner name (unnamed reports last), then file. */
export function classRows(
  reports: readonly { readonly file: string; readonly verification: Verification }[],
): ClassRow[] {
  const rows = reports.map(({ file, verification: v }): ClassRow => {
    const done = v.verdicts.map((x) => x.doneAt).filter((d): d is string => !!d);
    const lastDoneAt = done.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
    return {
      file,
      learner: v.learner ?? null,
      completed: v.verdicts.length,
      confirmed: v.verdicts.filter((x) => x.status === 'confirmed').length,
      verified: v.ok,
      problem: v.problem,
      ...(lastDoneAt ? { lastDoneAt } : {}),
      ...(v.createdAt ? { createdAt: v.createdAt } : {}),
      ...(v.pack ? { pack: v.pack } : {}),
    };
  });
  return rows.sort(
    (a, b) =>
      (a.learner === null ? 1 : 0) - (b.learner === null ? 1 : 0) ||
      (a.learner ?? '').localeCompare(b.learner ?? '') ||
      a.file.localeCompare(b.file),
  );
}

/** "yes", or why not, as a teacher reads it. */
export function verifiedText(row: ClassRow): string {
  if (row.problem) return `no: the report was refused (${row.problem})`;
  if (row.verified) return 'yes';
  const rejected = row.completed - row.confirmed;
  return `no: ${rejected} of ${row.completed} rejected`;
}

/** Learner names given by more than one report (a copied or re-saved report shows this way). */
export function repeatedLearners(rows: readonly ClassRow[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of rows) {
    if (r.learner === null) continue;
    const key = r.learner.toLowerCase();
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return twice;
}

export const CLASS_COLUMNS = [
  'Learner',
  'Lessons completed',
  'Confirmed',
  'Verified',
  'Last lesson done',
  'Report saved',
  'Report file',
] as const;

/** A row's cells, in CLASS_COLUMNS order, dates in words. */
export function classCells(row: ClassRow, zone: 'local' | 'utc' = 'local'): string[] {
  return [
    row.learner ?? '(no name given)',
    String(row.completed),
    String(row.confirmed),
    verifiedText(row),
    row.lastDoneAt ? formatWhen(row.lastDoneAt, zone) : '',
    row.createdAt ? formatWhen(row.createdAt, zone) : '',
    row.file,
  ];
}

/**
 * The class table as CSV (RFC 4180: CRLF line ends, fields quoted). A cell
 * that a spreadsheet would take as a formula (=, +, -, @ first) gets a
 * leading apostrophe: names come from learners' files.
 */
export function classCsv(rows: readonly ClassRow[], zone: 'local' | 'utc' = 'local'): string {
  const cell = (s: string) => {
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const lines = [CLASS_COLUMNS, ...rows.map((r) => classCells(r, zone))];
  return lines.map((cells) => cells.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The class table as text lines (the CLI prints them), with a summary. */
export function formatClass(rows: readonly ClassRow[], zone: 'local' | 'utc' = 'local'): string[] {
  const table = [[...CLASS_COLUMNS], ...rows.map((r) => classCells(r, zone))];
  const widths = CLASS_COLUMNS.map((_, i) => Math.max(...table.map((cells) => cells[i]!.length)));
  const text = table.map((cells) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
  const verified = rows.filter((r) => r.verified).length;
  const twice = [...repeatedLearners(rows)];
  return [
    ...text,
    `${verified} of ${rows.length} report(s) verified.`,
    ...(twice.length
      ? [`note: more than one report gives the name ${twice.map((n) => `"${n}"`).join(', ')}.`]
      : []),
  ];
}
