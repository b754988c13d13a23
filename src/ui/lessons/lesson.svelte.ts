/**
 * The lesson side of the page: which lesson is open, its goal checklist and
 * error explanations (from the engine, on the session's transcript), hints,
 * the solution typed line by line, and progress kept in the browser.
 */
import { plural, t } from '../../kit/strings.ts';
import {
  LessonSession,
  formatExplanation,
  loadDocumentReader,
  playsJourney,
  playsServer,
  type GoalResult,
  type Lesson,
  type Pack,
} from '../../lessons/index.ts';
import { parseMarkdown, resolveFolder, safeHref, type Block } from '../shared/markdown.ts';
import type { KeyValueStore } from '../../kit/store.ts';
import {
  importProgress,
  loadProgress,
  mergeProgress,
  partialNote,
  progressKey,
  saveProgress,
  serializeProgress,
  type ProgressMap,
} from './progress.ts';
import type { Simulator } from '../sandbox/simulator.svelte.ts';
import { generatePractice, seedOfId, type PracticeTask } from '../../lessons/practice.ts';
import { buildReport, serializeReport } from '../../lessons/report.ts';
import { allGoalsMet, statusAfter, withSolutionShown } from '../../lessons/status.ts';
import { inputsOf, linesOf } from '../../lessons/goal-groups.ts';
import { isQuizAnswer } from '../../lessons/quiz-answer.ts';
import { quizLine, quizViews, type QuizView } from '../../lessons/quiz.ts';
import { APP_VERSION } from '../../version.ts';
import {
  fetchPack,
  loadActivePack,
  openPack,
  saveActivePack,
  type OpenedPack,
} from '../teacher/teacher-pack.ts';
import type { PackFile } from '../../lessons/pack-file.ts';
import type { Problem } from '../../lessons/tree.ts';
import { ReverseLessonPlay } from './reverse-lesson.svelte.ts';
import { JourneyLessonPlay } from './journey-lesson.svelte.ts';
import type { JourneyAction } from '../../lessons/journey-run.ts';

export interface LessonMessage {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** A teacher's pack: its name keys the progress, its title is shown. */
export interface PackInfo {
  readonly name: string;
  readonly title: string;
}

export interface LessonControllerOptions {
  /** The pack given is a teacher's pack with this name (default: the course). */
  readonly packInfo?: PackInfo;
  readonly store?: KeyValueStore;
  /** Delay between two solution lines, in ms (tests use 0). */
  readonly typingDelay?: number;
  /** The clock for `doneAt` (ISO text). */
  readonly now?: () => string;
}

/** A fresh session for a lesson: its settings and faults, its start lines typed. */
export function lessonSessionFactory(lesson: Lesson): () => LessonSession {
  return () => new LessonSession(lesson.settings, lesson.faults, lesson.start);
}

/** What a quiz form said last: the answer was not taken (empty, or typed in the message text). */
export interface QuizNotice {
  readonly id: string;
  readonly text: string;
}

const isoNow = () => new Date().toISOString();

export class LessonController {
  lesson = $state.raw<Lesson | null>(null);
  progress = $state.raw<ProgressMap>({});
  results = $state.raw<readonly GoalResult[]>([]);
  explanations = $state.raw<readonly string[]>([]);
  /** The lesson's questions, their choices and how they were answered. */
  quizzes = $state.raw<readonly QuizView[]>([]);
  quizNotice = $state.raw<QuizNotice | null>(null);
  hintsShown = $state(0);
  /** The lesson's Play-the-server panel, when the learner plays the server (`role: server`). */
  reverse = $state.raw<ReverseLessonPlay | null>(null);
  /** The lesson's journey through a world of hosts, when the learner sends a message (`role: journey`). */
  journey = $state.raw<JourneyLessonPlay | null>(null);
  /** "Show solution" was pressed once: waiting for the learner to confirm. */
  confirmingSolution = $state(false);
  typing = $state(false);
  message = $state.raw<LessonMessage | null>(null);
  /** The lessons on offer: the course shipped with the app, or a teacher's pack. */
  pack = $state.raw<Pack>({ eras: [], lessons: [], problems: [], folders: [] });
  /** The teacher's pack in use (null: the course); its progress is kept apart. */
  packInfo = $state.raw<PackInfo | null>(null);
  /** What checking the teacher's pack found (its lessons are offered all the same). */
  packProblems = $state.raw<readonly Problem[]>([]);
  /** The course shipped with the app, to go back to. */
  private readonly course: Pack;
  private readonly sim: Simulator;
  private readonly store: KeyValueStore | undefined;
  private readonly typingDelay: number;
  private readonly now: () => string;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(sim: Simulator, pack: Pack, options: LessonControllerOptions = {}) {
    this.sim = sim;
    this.store = options.store;
    this.typingDelay = options.typingDelay ?? 250;
    this.now = options.now ?? isoNow;
    this.course = pack;
    this.usePack(pack, options.packInfo ?? null);
  }

  /** Opens a teacher's pack and keeps it for the next visit. */
  openTeacherPack(file: PackFile): OpenedPack {
    const opened = openPack(file);
    this.usePack(opened.pack, { name: file.name, title: file.title });
    this.packProblems = opened.problems;
    const kept = saveActivePack(this.store, file);
    const n = opened.pack.lessons.length;
    const issues = opened.problems.length;
    this.message = kept
      ? { kind: 'error', text: kept }
      : {
          kind: issues ? 'error' : 'info',
          text: issues
            ? t('lesson.message.packOpenedProblems', {
                title: file.title,
                lessons: plural('lesson.count', n),
                problems: plural('lesson.problemCount', issues),
              })
            : t('lesson.message.packOpened', {
                title: file.title,
                lessons: plural('lesson.count', n),
              }),
        };
    return opened;
  }

  /** Back to the course shipped with the app; the teacher's pack is forgotten. */
  backToCourse() {
    this.usePack(this.course, null);
    this.packProblems = [];
    saveActivePack(this.store, null);
  }

  /** A reason the pack was not opened, shown to the learner. */
  packRefused(reason: string) {
    this.message = { kind: 'error', text: t('lesson.message.packRefused', { reason }) };
  }

  /**
   * At start: the pack named by `?pack=URL`, else the pack kept from an
   * earlier visit, else the course. Never throws; a refusal is a message.
   */
  async restorePack(search: string, href: string, fetcher?: typeof fetch): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, not state
    const param = new URLSearchParams(search).get('pack');
    const linked = param !== null ? await fetchPack(param, href, fetcher) : null;
    // Offline (the link's address gave no answer): the pack kept from the last visit, said so.
    const offline = linked !== null && !linked.ok && 'unreachable' in linked;
    const read = linked !== null && !offline ? linked : loadActivePack(this.store);
    if (!read) {
      if (linked && !linked.ok) this.packRefused(linked.reason);
      return;
    }
    if (read.ok) {
      // The YAML reader is its own chunk, fetched only when a pack is opened.
      await loadDocumentReader();
      this.openTeacherPack(read.pack);
      if (offline)
        this.message = {
          kind: 'info',
          text: t('pack.offline', {
            reason: linked.reason,
            title: read.pack.title ?? read.pack.name,
          }),
        };
    } else if (param !== null && !offline) this.packRefused(read.reason);
    else this.packRefused(t('pack.reason.kept', { reason: read.reason }));
  }

  private get key(): string {
    return progressKey(this.packInfo?.name);
  }

  /** Switches to another pack (the lesson open is closed); its own progress is loaded. */
  usePack(pack: Pack, info: PackInfo | null) {
    this.close();
    this.packProblems = [];
    this.pack = pack;
    this.packInfo = info;
    this.progress = {};
    const loaded = loadProgress(this.store, this.key);
    if (loaded.status === 'ok') {
      this.progress = loaded.progress;
      // Entries this version could not read were left out (and kept aside), never wiped.
      if (loaded.note) this.message = { kind: 'error', text: loaded.note };
    } else
      this.message = {
        kind: 'error',
        text: t('lesson.message.progressReset', { reason: loaded.reason }),
      };
  }

  get allMet(): boolean {
    return allGoalsMet(this.results);
  }

  find(id: string): Lesson | undefined {
    return this.pack.lessons.find((l) => l.id === id) ?? this.practice(id);
  }

  private practiceTask: PracticeTask | null = null;

  /** `practice/<seed>`: the generated task (kept, so the open lesson stays the same object). */
  private practice(id: string): PracticeTask | undefined {
    const seed = seedOfId(id);
    if (seed === null) return undefined;
    if (this.practiceTask?.seed !== seed) this.practiceTask = generatePractice(seed);
    return this.practiceTask;
  }

  isDone(id: string): boolean {
    return this.progress[id]?.done === true;
  }

  /** Opens a lesson (its saved lines replayed); false when there is no such lesson. */
  open(id: string): boolean {
    const lesson = this.find(id);
    if (!lesson) {
      this.message = { kind: 'error', text: t('lesson.message.noLesson', { id }) };
      return false;
    }
    this.stopTyping();
    this.lesson = lesson;
    this.hintsShown = 0;
    this.confirmingSolution = false;
    this.quizNotice = null;
    this.replay(this.progress[id]?.lines ?? []);
    return true;
  }

  /** Back to the sandbox. */
  close() {
    this.stopTyping();
    if (!this.lesson) return;
    this.lesson = null;
    this.reverse = null;
    this.journey = null;
    this.results = [];
    this.explanations = [];
    this.quizzes = [];
    this.quizNotice = null;
    this.sim.closeLesson();
  }

  /** The lesson's text, with links to other lessons made into deep links. */
  blocks(lesson: Lesson): Block[] {
    return parseMarkdown(lesson.body, (href) => {
      const safe = safeHref(href);
      if (safe === null || safe.startsWith('https:')) return safe;
      const folder = resolveFolder(lesson.dir, safe.split('#')[0]!);
      const target = this.pack.lessons.find((l) => l.dir === folder);
      return target ? `#/lesson/${target.id}` : null;
    });
  }

  /** Re-evaluates the goals and explanations after the session changed; saves progress. */
  update() {
    const lesson = this.lesson;
    const run = this.reverse?.run ?? this.journey?.run ?? this.sim.lesson;
    if (!lesson || !run) return;
    this.results = run.evaluate(lesson.goals);
    // Playing the server, each reply's verdict is its explanation (in the panel).
    this.explanations = 'explain' in run ? run.explain().map(formatExplanation) : [];
    this.quizzes = quizViews(lesson.goals, run.given, lesson.body);
    const before = this.progress[lesson.id];
    // The lesson's own record: lines sent at once stay a group (`!group`), so a replay keeps them together.
    const entry = statusAfter(before, run.typed, this.allMet, this.now);
    if (JSON.stringify(entry) !== JSON.stringify(before))
      this.write({ ...this.progress, [lesson.id]: entry });
  }

  private write(progress: ProgressMap) {
    this.progress = progress;
    const problem = saveProgress(this.store, progress, this.key);
    if (problem) this.message = { kind: 'error', text: problem };
  }

  hint() {
    if (this.lesson && this.hintsShown < this.lesson.hints.length) this.hintsShown++;
  }

  /**
   * A fresh session with these lines typed again, input by input: a group
   * (`!group` ... `!end`) goes as one chunk, as it was sent.
   */
  private replay(lines: readonly string[]) {
    const lesson = this.lesson;
    if (!lesson) return;
    if (playsServer(lesson)) {
      // The learner plays the server in the lesson's panel; the console keeps the sandbox.
      this.sim.closeLesson();
      this.reverse = new ReverseLessonPlay(lesson, () => this.update());
      this.reverse.replay(lines);
      this.update();
      return;
    }
    this.reverse = null;
    if (playsJourney(lesson)) {
      // The journey takes the console's place; its actions are the lesson's lines.
      this.sim.closeLesson();
      this.journey = new JourneyLessonPlay(lesson);
      this.journey.replay(lines);
      this.update();
      return;
    }
    this.journey = null;
    this.sim.openLesson(lessonSessionFactory(lesson), []);
    for (const input of inputsOf(lines)) {
      if (typeof input === 'string') {
        // After the server closed, only quiz answers are taken (as when they were typed).
        if (!this.sim.closed || isQuizAnswer(input)) this.sim.send(input);
      } else if (!this.sim.closed) this.sim.sendLines(input);
    }
    this.update();
  }

  /** Starts the lesson's session again. */
  reset() {
    this.stopTyping();
    this.confirmingSolution = false;
    this.quizNotice = null;
    this.replay([]);
  }

  /** Takes back the last input: one line, or a group sent at once. */
  undo() {
    this.stopTyping();
    const run = this.reverse?.run ?? this.journey?.run ?? this.sim.lesson;
    if (!run) return;
    this.replay(linesOf(inputsOf(run.typed).slice(0, -1)));
  }

  /**
   * A quiz answered from its form: the same line as typed in the console
   * (`? id: answer`), so progress and the completion report keep it. Not
   * in the message text, where the line would be text of the message.
   */
  answerQuiz(id: string, answer: string): boolean {
    if (!this.lesson || this.typing) return false;
    if (answer.trim() === '') {
      this.quizNotice = { id, text: t('quiz.notice.empty') };
      return false;
    }
    if (!this.reverse && !this.journey && this.sim.inData) {
      this.quizNotice = { id, text: t('quiz.notice.inData') };
      return false;
    }
    this.quizNotice = null;
    this.typeInput(quizLine(id, answer));
    this.update();
    return true;
  }

  askSolution() {
    this.confirmingSolution = true;
  }

  cancelSolution() {
    this.confirmingSolution = false;
  }

  /** Restarts the lesson and types its solution, one line at a time. */
  showSolution() {
    this.confirmingSolution = false;
    const lesson = this.lesson;
    if (!lesson?.solution) return;
    // Said in the completion report: the teacher sees which lessons were shown, not solved.
    const before = this.progress[lesson.id];
    if (!before?.solutionShown)
      this.write({ ...this.progress, [lesson.id]: withSolutionShown(before) });
    this.reset();
    const inputs = inputsOf(lesson.solution);
    this.typing = true;
    const step = () => {
      const input = inputs.shift();
      if (input === undefined || this.lesson !== lesson) {
        this.stopTyping();
        return;
      }
      this.typeInput(input);
      this.update();
      this.timer = setTimeout(step, this.typingDelay);
    };
    this.timer = setTimeout(step, this.typingDelay);
  }

  /** One input of the learner: to the lesson's Play-the-server panel, or to the console's session. */
  private typeInput(input: string | readonly string[]) {
    if (this.reverse) this.reverse.input(input);
    else if (this.journey)
      for (const line of typeof input === 'string' ? [input] : input) this.journey.input(line);
    // A group of the solution (`!group` ... `!end`) goes at once, as a pipelining client sends it.
    else if (typeof input === 'string') this.sim.send(input);
    else this.sim.sendLines(input);
  }

  /** A button of the journey: sent as its line (`send`, `step`, `run`), as a solution types it. */
  journeyAction(action: JourneyAction) {
    if (!this.lesson || !this.journey || this.typing) return;
    this.typeInput(action);
    this.update();
  }

  private stopTyping() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.typing = false;
  }

  /** The completion report: every lesson done, with the lines that met its goals. */
  reportText(): { text: string; count: number; skipped: readonly string[] } {
    const { report, skipped } = buildReport(this.progress, {
      app: APP_VERSION,
      createdAt: this.now(),
      // A teacher's pack's name, so the report is verified against that pack.
      pack: this.packInfo?.name ?? null,
      title: (id) => this.find(id)?.title,
    });
    return { text: serializeReport(report), count: report.lessons.length, skipped };
  }

  exportText(): string {
    return serializeProgress(this.progress);
  }

  /** Merges an exported file into the progress; the message says how it went. */
  importText(text: string): boolean {
    const result = importProgress(text);
    if ('reason' in result) {
      this.message = {
        kind: 'error',
        text: t('lesson.message.notImported', { reason: result.reason }),
      };
      return false;
    }
    this.write(mergeProgress(this.progress, result.progress));
    const done = Object.values(result.progress).filter((p) => p.done).length;
    const skipped = partialNote(result);
    this.message = {
      kind: skipped ? 'error' : 'info',
      text: [t('lesson.message.imported', { done }), skipped].filter(Boolean).join(' '),
    };
    return true;
  }

  forgetProgress() {
    this.write({});
    this.message = { kind: 'info', text: t('lesson.message.progressCleared') };
  }

  dismissMessage() {
    this.message = null;
  }

  destroy() {
    this.stopTyping();
  }
}
