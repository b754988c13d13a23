/**
 * Discovery: a pack is a set of files (path relative to the pack root ->
 * text), laid out `NN-era/index.md` and `NN-era/NN-lesson/index.md` with
 * `solution.smtp` and optional `start.smtp` beside it. Folder order gives the
 * lesson order; the numbers are dropped from ids. Pure: the Node loader
 * (`load.ts`), the browser's bundled course (`browser.ts`) and a teacher's
 * pack all feed it.
 */
import {
  documentReader,
  type DocumentReader,
  type FrontMap,
  type LessonDocument,
} from './frontmatter.ts';
import { readLines } from './run.ts';
import { readEra, readLesson } from './schema.ts';
import type { Era, Lesson, Settings } from './types.ts';

export interface Problem {
  readonly file: string;
  readonly message: string;
}

export interface Pack {
  readonly eras: Era[];
  readonly lessons: Lesson[];
  readonly problems: Problem[];
  /** Every era and lesson folder with an index.md, readable or not (for link checks). */
  readonly folders: string[];
}

const NUMBERED = /^(\d+)-([a-z0-9][a-z0-9-]*)$/;

/**
 * A pack's files: path -> text; an `index.md` may instead come already read
 * (the bundled course is read at build time, see vite.config.ts).
 */
export type PackFiles = ReadonlyMap<string, string | LessonDocument>;

function parse(
  file: string,
  entry: string | LessonDocument | undefined,
  read: () => DocumentReader,
  problems: Problem[],
): { front: FrontMap; body: string } | null {
  const doc = typeof entry === 'object' ? entry : read()(entry ?? '');
  if ('error' in doc) {
    problems.push({ file, message: `frontmatter line ${doc.line}: ${doc.error}` });
    return null;
  }
  if (doc.front === null) {
    problems.push({ file, message: 'no frontmatter: the file must start with a "---" line' });
    return null;
  }
  return { front: doc.front, body: doc.body };
}

/** Lesson settings over era settings; worlds merge key by key. */
export function mergeSettings(era: Settings, lesson: Settings): Settings {
  const world = era.world || lesson.world ? { ...era.world, ...lesson.world } : undefined;
  const dialect = lesson.dialect ?? era.dialect;
  const profile = lesson.profile ?? era.profile;
  const role = lesson.role ?? era.role;
  const client = era.client || lesson.client ? { ...era.client, ...lesson.client } : undefined;
  const scenario = lesson.scenario ?? era.scenario;
  const journey = era.journey || lesson.journey ? { ...era.journey, ...lesson.journey } : undefined;
  return {
    ...(dialect ? { dialect } : {}),
    ...(profile ? { profile } : {}),
    ...(world ? { world } : {}),
    ...(role ? { role } : {}),
    ...(client ? { client } : {}),
    ...(scenario ? { scenario } : {}),
    ...(journey ? { journey } : {}),
  };
}

/**
 * Builds a pack from its files. Texts of `index.md` files are read with
 * `reader` (default: the YAML reader, which must have been loaded: Node
 * tools import frontmatter-yaml.ts, the browser awaits loadDocumentReader()).
 */
export function buildPack(files: PackFiles, reader?: DocumentReader): Pack {
  const read = () => reader ?? documentReader();
  const text = (path: string): string | undefined => {
    const entry = files.get(path);
    return typeof entry === 'string' ? entry : undefined;
  };
  const problems: Problem[] = [];
  const eras: Era[] = [];
  const lessons: Lesson[] = [];
  const paths = [...files.keys()].map((p) => p.replace(/\\/g, '/')).sort();
  // A lesson folder where an era belongs (a part of a course packed from the wrong
  // folder): said once, first, instead of its lesson fields read as unknown era fields.
  const misplaced = new Set(
    paths.filter((p) => /^[^/]+\/solution\.smtp$/.test(p)).map((p) => p.split('/')[0]!),
  );
  for (const dir of misplaced)
    problems.push({
      file: `${dir}/index.md`,
      message:
        'this is a lesson (it has a solution.smtp) where an era folder belongs: lessons go in NN-era/NN-lesson/; pack the era or course folder that holds it, or give lessons:pack the lesson folder inside its era',
    });
  const eraDirs = [
    ...new Set(
      paths
        .filter((p) => p.split('/').length === 2 && p.endsWith('/index.md'))
        .map((p) => p.split('/')[0]!)
        .filter((dir) => !misplaced.has(dir)),
    ),
  ];
  for (const p of paths) {
    const parts = p.split('/');
    if (!p.endsWith('/index.md')) continue;
    if (!NUMBERED.test(parts[0]!))
      problems.push({
        file: p,
        message: 'an era folder must be named NN-name (e.g. 03-smtp-1982)',
      });
    else if (parts.length === 3 && !NUMBERED.test(parts[1]!))
      problems.push({
        file: p,
        message: 'a lesson folder must be named NN-name (e.g. 01-helo-mail-rcpt-data)',
      });
    else if (parts.length === 3 && !eraDirs.includes(parts[0]!))
      problems.push({ file: p, message: `the era ${parts[0]} has no index.md` });
  }
  const slugs = new Set<string>();
  for (const dir of eraDirs) {
    if (!NUMBERED.test(dir)) continue;
    const file = `${dir}/index.md`;
    const doc = parse(file, files.get(file), read, problems);
    const eraMeta = doc ? readEra(doc.front) : null;
    for (const m of eraMeta?.problems ?? []) problems.push({ file, message: m });
    const era: Era = {
      slug: NUMBERED.exec(dir)![2]!,
      dir,
      title: eraMeta?.title ?? dir,
      body: doc?.body ?? '',
      settings: eraMeta?.settings ?? {},
      lessons: [],
    };
    eras.push(era);
    const lessonDirs = [
      ...new Set(
        paths
          .filter(
            (p) => p.startsWith(`${dir}/`) && p.split('/').length === 3 && p.endsWith('/index.md'),
          )
          .map((p) => p.split('/')[1]!),
      ),
    ];
    for (const name of lessonDirs) {
      const m = NUMBERED.exec(name);
      if (!m) continue;
      const ldir = `${dir}/${name}`;
      const lfile = `${ldir}/index.md`;
      const ldoc = parse(lfile, files.get(lfile), read, problems);
      if (!ldoc) continue;
      const { lesson: meta, problems: lp } = readLesson(ldoc.front);
      for (const message of lp) problems.push({ file: lfile, message });
      if (slugs.has(m[2]!))
        problems.push({
          file: lfile,
          message: `the lesson name "${m[2]}" is used twice; names must be unique`,
        });
      slugs.add(m[2]!);
      const solution = text(`${ldir}/solution.smtp`);
      const start = text(`${ldir}/start.smtp`);
      const lesson: Lesson = {
        id: `${era.slug}/${m[2]}`,
        slug: m[2]!,
        dir: ldir,
        era: era.slug,
        title: meta.title,
        body: ldoc.body,
        settings: mergeSettings(era.settings, meta.settings),
        rfcs: meta.rfcs,
        facts: meta.facts,
        goals: meta.goals,
        hints: meta.hints,
        faults: meta.faults,
        compare: meta.compare.map((side) => {
          const lines = text(`${ldir}/${side.session}`);
          return { ...side, lines: lines === undefined ? null : readLines(lines) };
        }),
        solution: solution === undefined ? null : readLines(solution),
        start: start === undefined ? [] : readLines(start),
        prev: null,
        next: null,
        front: ldoc.front,
      };
      era.lessons.push(lesson);
      lessons.push(lesson);
    }
  }
  // prev/next across eras, in order.
  lessons.forEach((l, i) => {
    Object.assign(l, { prev: lessons[i - 1]?.id ?? null, next: lessons[i + 1]?.id ?? null });
  });
  const folders = paths
    .filter((p) => p.endsWith('/index.md'))
    .map((p) => p.slice(0, -'/index.md'.length));
  return { eras, lessons, problems, folders };
}
