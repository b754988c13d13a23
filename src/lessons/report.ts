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
 * goals. It does not say who typed them.
 */
import { goalLabel } from './goals.ts';
import { generatePractice, seedOfId } from './practice.ts';
import { replay } from './run.ts';
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
  readonly createdAt: string;
  readonly lessons: readonly ReportLesson[];
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
      createdAt: options.createdAt,
      lessons,
    },
    skipped,
  };
}

export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 2);
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
    result = replay(lesson, e.lines as string[]);
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
      `malformed report: it is not a completion report of this app (format "${String(value.format)}")`,
    );
  if (value.version !== REPORT_VERSION)
    return refused(
      `the report's version (${String(value.version)}) is not one this app reads (${REPORT_VERSION})`,
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
    ...(createdAt ? { createdAt } : {}),
    verdicts,
  };
}

/** The verification as lines of text (the CLI prints them). */
export function formatVerification(v: Verification): string[] {
  if (v.problem) return [`rejected  the report: ${v.problem}`];
  const head = [
    `Report made by the app${v.app ? ` version ${v.app}` : ''}${v.createdAt ? ` on ${v.createdAt}` : ''}${v.pack ? `, pack "${v.pack}"` : ''}:`,
  ];
  const width = Math.max(...v.verdicts.map((x) => x.id.length));
  const rows = v.verdicts.map(
    (x) =>
      `${x.status === 'confirmed' ? 'confirmed' : 'rejected '} ${x.id.padEnd(width)}  ${x.reason}${x.doneAt ? ` (done ${x.doneAt})` : ''}`,
  );
  const ok = v.verdicts.filter((x) => x.status === 'confirmed').length;
  return [
    ...head,
    ...rows,
    `${ok} confirmed, ${v.verdicts.length - ok} rejected, of ${v.verdicts.length} lesson(s).`,
  ];
}
