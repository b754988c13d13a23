/**
 * Validating a pack: frontmatter, cited RFCs and their dates, links, and that
 * every solution replays to all its goals. Pure over a Pack; the CLI
 * (`src/cli/lessons-check.ts`) reads the folder and prints the problems.
 */
import { DIALECTS } from '../protocol/dialects/index.ts';
import { goalLabel } from './goals.ts';
import { seeProblemsIn } from './quiz.ts';
import { knownRfc, sameDate } from './rfcs.ts';
import { replaySide } from './compare.ts';
import { playsJourney, playsServer, replayLesson } from './replay-lesson.ts';
import { checkJourneyRole } from './check-journey.ts';
import { JOURNEY_ROLE_KINDS } from './goals-journey.ts';
import { REPLY_LINE } from './reverse-run.ts';
import { ANY_ROLE_KINDS, SERVER_ROLE_KINDS } from './goals-reverse.ts';
import { isQuizAnswer } from './quiz-answer.ts';
import { groupMarker } from './goal-groups.ts';
import type { Pack, Problem } from './tree.ts';
import type { Lesson } from './types.ts';

const RFC_IN_TEXT = /\bRFCs?\s+(\d{1,5})\b/g;
const DATED_IN_TEXT = /\bRFC\s+(\d{1,5})\s*\(([^)]*)\)/g;
const LINK = /(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** RFC numbers written as "RFC NNNN" in a text (also "RFCs 821 and 822" counts the first). */
export function rfcsInText(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(RFC_IN_TEXT)) found.add(Number(m[1]));
  // "RFC 821 and 822", "RFC 821/822", "RFC 561, 680": following bare numbers of a list.
  for (const m of text.matchAll(/\bRFCs?\s+\d{1,5}((?:\s*(?:,|\/|and|or|to|→)\s*\d{2,5}\b)+)/g))
    for (const n of m[1]!.matchAll(/\d{2,5}/g)) found.add(Number(n[0]));
  return [...found];
}

function lessonTexts(lesson: Lesson): string {
  const goalTexts = lesson.goals.flatMap((g) =>
    [g.label, g.question, g.explain, ...(Array.isArray(g.choices) ? g.choices : [])].filter(
      (x): x is string => typeof x === 'string',
    ),
  );
  const compareTitles = (lesson.compare ?? []).map((side) => side.title);
  return [lesson.title, lesson.body, ...lesson.hints, ...goalTexts, ...compareTitles].join('\n');
}

const YEAR = /\b(1[89]\d\d|20\d\d)\b/g;
const RFC_CITATION = /\bRFCs?\s+\d{1,5}(?:\s*(?:,|\/|and|or|to|→)\s*\d{2,5}\b)*/g;

/**
 * What a quiz's right answer claims that a date could prove: the RFC numbers
 * and years it states. A typed answer is an RFC number when the question asks
 * "which RFC", and a year when it is 1800-2099 and the question is not about a
 * port or a code; a chosen answer states what its choice text says.
 */
export function quizClaims(goal: Lesson['goals'][number]): { rfcs: number[]; years: number[] } {
  if (goal.kind !== 'quiz') return { rfcs: [], years: [] };
  const answer = String(goal.answer ?? '').trim();
  const question = String(goal.question ?? '');
  const choices = Array.isArray(goal.choices) ? goal.choices.map(String) : null;
  if (choices && /^[a-z]$/i.test(answer)) {
    const chosen = choices[answer.toLowerCase().charCodeAt(0) - 97] ?? '';
    const years = [...chosen.replace(RFC_CITATION, '').matchAll(YEAR)].map((m) => Number(m[1]));
    return { rfcs: rfcsInText(chosen), years };
  }
  if (/\bRFC\s*\d/i.test(answer)) return { rfcs: rfcsInText(answer), years: [] };
  if (!/^\d+$/.test(answer)) return { rfcs: [], years: [] };
  if (/\bwhich RFC\b|\bRFC number\b/i.test(question)) return { rfcs: [Number(answer)], years: [] };
  if (/^(1[89]\d\d|20\d\d)$/.test(answer) && !/\bports?\b|\bcodes?\b/i.test(question))
    return { rfcs: [], years: [Number(answer)] };
  return { rfcs: [], years: [] };
}

/** A quiz answer that is an RFC number or a year must rest on a fact the lesson gives (and lessons:check dates). */
function checkQuizFacts(lesson: Lesson, file: string, problems: Problem[]) {
  const factRfcs = new Set(lesson.facts.map((f) => f.rfc));
  const factYears = new Set(
    lesson.facts.flatMap((f) => [...f.date.matchAll(YEAR)].map((m) => Number(m[1]))),
  );
  for (const goal of lesson.goals) {
    const { rfcs, years } = quizClaims(goal);
    const id = String(goal.id ?? '');
    for (const n of rfcs)
      if (!factRfcs.has(n))
        problems.push({
          file,
          message: `quiz "${id}": its answer names RFC ${n}, which no entry of "facts" gives; add RFC ${n} and its date to "facts"`,
        });
    for (const y of years)
      if (!factYears.has(y))
        problems.push({
          file,
          message: `quiz "${id}": its answer states the year ${y}, which is the year of no date in "facts"; add the fact that proves it`,
        });
  }
}

/** Dates stated in a text next to the RFC: "RFC 788 (November 1981, Appendix A)". */
function checkDatesInText(text: string, file: string, problems: Problem[]) {
  for (const m of text.matchAll(DATED_IN_TEXT)) {
    const known = knownRfc(Number(m[1]));
    const stated = m[2]!.split(/[,;]/).find((part) => /\b\d{4}\b/.test(part));
    if (known && stated && !sameDate(stated, known.date))
      problems.push({
        file,
        message: `the text dates RFC ${m[1]} "${stated.trim()}", but RFC ${m[1]} (${known.title}) is dated ${known.date}`,
      });
  }
}

function checkRfcs(lesson: Lesson, file: string, problems: Problem[]) {
  for (const n of lesson.rfcs)
    if (!knownRfc(n))
      problems.push({
        file,
        message: `"rfcs" lists RFC ${n}, which the project does not know (see src/lessons/rfcs.ts)`,
      });
  for (const n of rfcsInText(lessonTexts(lesson))) {
    if (!knownRfc(n))
      problems.push({
        file,
        message: `the text cites RFC ${n}, which the project does not know (see src/lessons/rfcs.ts)`,
      });
    else if (!lesson.rfcs.includes(n))
      problems.push({
        file,
        message: `the text cites RFC ${n}; add ${n} to "rfcs" so the lesson lists its sources`,
      });
  }
  checkDatesInText(lessonTexts(lesson), file, problems);
  for (const f of lesson.facts) {
    const known = knownRfc(f.rfc);
    if (known && !lesson.rfcs.includes(f.rfc))
      problems.push({
        file,
        message: `"facts" gives a date for RFC ${f.rfc}; add ${f.rfc} to "rfcs" so the lesson lists its sources`,
      });
    if (!known)
      problems.push({
        file,
        message: `"facts" gives a date for RFC ${f.rfc}, which the project does not know`,
      });
    else if (!sameDate(f.date, known.date))
      problems.push({
        file,
        message: `"facts" dates RFC ${f.rfc} "${f.date}", but RFC ${f.rfc} (${known.title}) is dated ${known.date}`,
      });
  }
}

function resolve(from: string, target: string): string {
  const parts = from.split('/');
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** A lesson or era folder's address without its numbers (`02-mtp/01-x` -> `mtp/x`). */
const addressOf = (folder: string) => folder.replace(/(^|\/)\d+-/g, '$1');

export interface UnlinkedNote {
  /** The file whose text changed. */
  readonly file: string;
  /** The link as written, and the course folder it leads to. */
  readonly link: string;
  readonly target: string;
}

/**
 * A part of a course packed on its own: a link to a lesson or era of the
 * course that the pack does not hold becomes its text followed by a note
 * naming where it is in the course ("(not in this pack: mtp/mail-in-one-command
 * in the full course)"). Only the text after the frontmatter is changed; a
 * link that leads nowhere in the course either is left for checkPack to report.
 */
export function unlinkOutside(
  files: ReadonlyMap<string, string>,
  courseFolders: ReadonlySet<string>,
): { files: Map<string, string>; notes: UnlinkedNote[] } {
  const inPack = new Set(
    [...files.keys()].filter((p) => p.endsWith('/index.md')).map((p) => p.slice(0, -9)),
  );
  const out = new Map(files);
  const notes: UnlinkedNote[] = [];
  for (const [file, text] of files) {
    if (!file.endsWith('/index.md')) continue;
    const dir = file.slice(0, -9);
    const front = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)?.[0] ?? '';
    const body = text.slice(front.length).replace(LINK, (whole, target: string) => {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return whole;
      if (target.startsWith('#')) return whole;
      const path = resolve(dir, target.split('#')[0]!).replace(/\/index\.md$/, '');
      if (inPack.has(path) || !courseFolders.has(path)) return whole;
      notes.push({ file, link: target, target: path });
      const label = /^\[([^\]]*)\]/.exec(whole)![1]!;
      return `${label} (not in this pack: ${addressOf(path)} in the full course)`;
    });
    if (front + body !== text) out.set(file, front + body);
  }
  return { files: out, notes };
}

function checkLinks(pack: Pack, lesson: Lesson, file: string, problems: Problem[]) {
  const dirs = new Set(pack.folders);
  for (const m of lesson.body.matchAll(LINK)) {
    const target = m[1]!;
    if (target.startsWith('https://')) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
      problems.push({
        file,
        message: `link "${target}": only https links and relative links to lessons are allowed`,
      });
      continue;
    }
    if (target.startsWith('#')) continue;
    const path = resolve(lesson.dir, target.split('#')[0]!).replace(/\/index\.md$/, '');
    if (!dirs.has(path))
      problems.push({
        file,
        message: `link "${target}" points to ${path || 'the pack root'}, which is not a lesson or era of this pack`,
      });
  }
}

function checkSolution(lesson: Lesson, problems: Problem[]) {
  if (lesson.solution === null) {
    problems.push({
      file: `${lesson.dir}/solution.smtp`,
      message: 'missing: every lesson needs a solution.smtp',
    });
    return;
  }
  if (lesson.goals.length === 0) return;
  let results;
  try {
    ({ results } = replayLesson(lesson, lesson.solution));
  } catch (e) {
    problems.push({
      file: `${lesson.dir}/solution.smtp`,
      message: `the solution could not be replayed: ${(e as Error).message}`,
    });
    return;
  }
  const missed = results.filter((r) => !r.met);
  if (missed.length)
    problems.push({
      file: `${lesson.dir}/solution.smtp`,
      message: `the solution does not meet ${missed.length === 1 ? 'the goal' : 'these goals'}: ${missed.map((r) => `"${goalLabel(r.goal)}"`).join(', ')}`,
    });
}

/** Each side of a comparison exists and sends its mail without an error reply. */
function checkCompare(lesson: Lesson, problems: Problem[]) {
  for (const side of lesson.compare ?? []) {
    const file = `${lesson.dir}/${side.session}`;
    if (side.lines === null) {
      problems.push({ file, message: 'missing: "compare" names this session file' });
      continue;
    }
    const column = replaySide(side, lesson);
    if (column.errors.length)
      problems.push({
        file,
        message: `the ${side.dialect} session gets error replies (${column.errors.join(', ')}); a comparison shows a mail that goes through`,
      });
    else if (column.delivered === 0)
      problems.push({ file, message: `the ${side.dialect} session delivers no message` });
  }
}

/** RFC 2606 names: the .test, .example, .invalid and .localhost TLDs, and example.com/net/org. */
export function isReservedDomain(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return (
    /\.(test|example|invalid|localhost)$/.test(d) ||
    /^(test|example|invalid|localhost)$/.test(d) ||
    /(^|\.)example\.(com|net|org)$/.test(d)
  );
}

const DOMAIN_IN_LINE = [
  /@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g,
  /^(?:HELO|EHLO)\s+([A-Za-z0-9.-]+\.[A-Za-z0-9-]+)/gi,
];

/** Lines typed and addresses in goals and world may use only reserved names (RFC 2606). */
function checkNames(lesson: Lesson, problems: Problem[]) {
  const sources: [string, string][] = [
    ...(lesson.solution ?? []).map((l) => [`${lesson.dir}/solution.smtp`, l] as [string, string]),
    ...lesson.start.map((l) => [`${lesson.dir}/start.smtp`, l] as [string, string]),
    ...lesson.goals.flatMap((g) =>
      [g.from, g.to]
        .filter((x): x is string => typeof x === 'string')
        .map(
          (x) =>
            [`${lesson.dir}/index.md`, `@${x.replace(/^<|>$/g, '').split('@').pop()}`] as [
              string,
              string,
            ],
        ),
    ),
    ...(Array.isArray(lesson.settings.world?.forwards) ? lesson.settings.world.forwards : []).map(
      (f) => [`${lesson.dir}/index.md`, `@${String(f.to).split('@').pop()}`] as [string, string],
    ),
    ...[lesson.settings.journey?.from, ...(lesson.settings.journey?.to ?? [])]
      .filter((x): x is string => typeof x === 'string')
      .map((x) => [`${lesson.dir}/index.md`, `@${x.split('@').pop()}`] as [string, string]),
  ];
  const seen = new Set<string>();
  for (const [file, line] of sources)
    for (const re of DOMAIN_IN_LINE)
      for (const m of line.matchAll(re)) {
        const key = `${file} ${m[1]}`;
        if (isReservedDomain(m[1]!) || seen.has(key)) continue;
        seen.add(key);
        problems.push({
          file,
          message: `"${m[1]}" is not a reserved name; use names under .test (e.g. client.test, example.test) as RFC 2606 reserves them`,
        });
      }
}

/**
 * A lesson's goals fit who the learner is: `answered`, `recipient` and
 * `ended` need `role: server`, the server's session kinds the client role.
 * In the server role, faults and comparisons have no server to script, the
 * client's names are reserved ones, and each solution line is a reply line
 * or a quiz answer.
 */
function checkRole(lesson: Lesson, file: string, problems: Problem[]) {
  problems.push(...checkJourneyRole(lesson, file));
  if (playsJourney(lesson)) return;
  const server = playsServer(lesson);
  lesson.goals.forEach((g, i) => {
    if (ANY_ROLE_KINDS.includes(g.kind)) return;
    // A journey kind outside its role is named by checkJourneyRole.
    if (JOURNEY_ROLE_KINDS.includes(g.kind)) return;
    if (server && !SERVER_ROLE_KINDS.includes(g.kind))
      problems.push({
        file,
        message: `"goals[${i}]" (${g.kind}) checks the simulated server's session, but in a "role: server" lesson the learner is the server: use ${[...SERVER_ROLE_KINDS, ...ANY_ROLE_KINDS].join(', ')}`,
      });
    if (!server && SERVER_ROLE_KINDS.includes(g.kind))
      problems.push({
        file,
        message: `"goals[${i}]" (${g.kind}) checks the learner's replies: it needs "role: server" (the learner plays the server)`,
      });
  });
  if (!server) {
    if (lesson.settings.client)
      problems.push({ file, message: '"client" applies only with "role: server"' });
    return;
  }
  if (lesson.faults.length)
    problems.push({
      file,
      message:
        '"faults" script the simulated server; with "role: server" the learner is the server',
    });
  if (lesson.compare?.length)
    problems.push({
      file,
      message: '"compare" replays client sessions; it cannot be used with "role: server"',
    });
  // An era before EHLO has no extension verbs: an `answered` goal names a command of its table.
  const dialect = DIALECTS[lesson.settings.dialect ?? 'rfc5321'];
  const verbs = Object.keys(dialect.sequences);
  if (!verbs.includes('EHLO'))
    lesson.goals.forEach((g, i) => {
      const to = String(g.to ?? '').toUpperCase();
      if (g.kind === 'answered' && to !== 'TEXT' && !verbs.includes(to))
        problems.push({
          file,
          message: `"goals[${i}]" (answered): the ${dialect.id} client never sends ${to}; "to" is TEXT or one of ${verbs.join(', ')}`,
        });
    });
  const c = lesson.settings.client ?? {};
  for (const name of [c.from, ...(c.to ?? []), c.hello && `@${c.hello}`]) {
    const domain = typeof name === 'string' ? name.split('@').pop()! : '';
    if (domain && !isReservedDomain(domain))
      problems.push({
        file,
        message: `"client": "${domain}" is not a reserved name; use names under .test (e.g. client.test, example.test) as RFC 2606 reserves them`,
      });
  }
  (lesson.solution ?? []).forEach((line, i) => {
    if (!REPLY_LINE.test(line) && !isQuizAnswer(line) && !groupMarker(line))
      problems.push({
        file: `${lesson.dir}/solution.smtp`,
        message: `line ${i + 1}: "${line}" is neither a reply line (three digits, then a space or a hyphen and text, e.g. 250 OK or 250-PIPELINING) nor a quiz answer (? id: answer)`,
      });
  });
}

export function checkPack(pack: Pack): Problem[] {
  const problems: Problem[] = [...pack.problems];
  if (pack.lessons.length === 0)
    problems.push({ file: '.', message: 'no lessons found (expected NN-era/NN-lesson/index.md)' });
  const broken = new Set(pack.problems.map((p) => p.file));
  for (const lesson of pack.lessons) {
    const file = `${lesson.dir}/index.md`;
    checkRfcs(lesson, file, problems);
    checkQuizFacts(lesson, file, problems);
    // A quiz's "see" must lead somewhere: a heading of the text, or an RFC the lesson lists.
    for (const message of seeProblemsIn(lesson)) problems.push({ file, message });
    checkLinks(pack, lesson, file, problems);
    checkNames(lesson, problems);
    checkRole(lesson, file, problems);
    // A lesson whose frontmatter has problems is not replayed: its settings cannot be trusted.
    if (!broken.has(file)) {
      checkSolution(lesson, problems);
      checkCompare(lesson, problems);
    }
  }
  for (const era of pack.eras) {
    const text = [era.title, era.body].join('\n');
    for (const n of rfcsInText(text))
      if (!knownRfc(n))
        problems.push({
          file: `${era.dir}/index.md`,
          message: `the text cites RFC ${n}, which the project does not know`,
        });
    checkDatesInText(text, `${era.dir}/index.md`, problems);
  }
  return problems;
}
