/**
 * The lesson side of the page: which lesson is open, its goal checklist and
 * error explanations (from the engine, on the session's transcript), hints,
 * the solution typed line by line, and progress kept in the browser.
 */
import {
  LessonSession,
  formatExplanation,
  type GoalResult,
  type Lesson,
  type Pack,
} from '../lessons/index.ts';
import { parseMarkdown, resolveFolder, safeHref, type Block } from './markdown.ts';
import type { KeyValueStore } from './persistence.ts';
import {
  importProgress,
  loadProgress,
  mergeProgress,
  saveProgress,
  serializeProgress,
  type LessonProgress,
  type ProgressMap,
} from './progress.ts';
import type { Simulator } from './simulator.svelte.ts';
import { generatePractice, seedOfId, type PracticeTask } from '../lessons/practice.ts';
import { buildReport, serializeReport } from '../lessons/report.ts';
import { APP_VERSION } from '../version.ts';

export interface LessonMessage {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

export interface LessonControllerOptions {
  readonly store?: KeyValueStore;
  /** Delay between two solution lines, in ms (tests use 0). */
  readonly typingDelay?: number;
  /** The clock for `doneAt` (ISO text). */
  readonly now?: () => string;
}

/** A fresh session for a lesson: its settings and faults, its start lines typed. */
export function lessonSessionFactory(lesson: Lesson): () => LessonSession {
  return () => {
    const run = new LessonSession(lesson.settings, lesson.faults);
    for (const line of lesson.start) run.type(line);
    return run;
  };
}

const isoNow = () => new Date().toISOString();

export class LessonController {
  lesson = $state.raw<Lesson | null>(null);
  progress = $state.raw<ProgressMap>({});
  results = $state.raw<readonly GoalResult[]>([]);
  explanations = $state.raw<readonly string[]>([]);
  hintsShown = $state(0);
  /** "Show solution" was pressed once: waiting for the learner to confirm. */
  confirmingSolution = $state(false);
  typing = $state(false);
  message = $state.raw<LessonMessage | null>(null);

  readonly pack: Pack;
  private readonly sim: Simulator;
  private readonly store: KeyValueStore | undefined;
  private readonly typingDelay: number;
  private readonly now: () => string;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(sim: Simulator, pack: Pack, options: LessonControllerOptions = {}) {
    this.sim = sim;
    this.pack = pack;
    this.store = options.store;
    this.typingDelay = options.typingDelay ?? 250;
    this.now = options.now ?? isoNow;
    const loaded = loadProgress(this.store);
    if (loaded.status === 'ok') this.progress = loaded.progress;
    else
      this.message = {
        kind: 'error',
        text: `Your lesson progress was reset: ${loaded.reason}.`,
      };
  }

  get allMet(): boolean {
    return this.results.length > 0 && this.results.every((r) => r.met);
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
      this.message = { kind: 'error', text: `There is no lesson "${id}".` };
      return false;
    }
    this.stopTyping();
    this.lesson = lesson;
    this.hintsShown = 0;
    this.confirmingSolution = false;
    this.sim.openLesson(lessonSessionFactory(lesson), this.progress[id]?.lines ?? []);
    this.update();
    return true;
  }

  /** Back to the sandbox. */
  close() {
    this.stopTyping();
    if (!this.lesson) return;
    this.lesson = null;
    this.results = [];
    this.explanations = [];
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
    const run = this.sim.lesson;
    if (!lesson || !run) return;
    this.results = run.evaluate(lesson.goals);
    this.explanations = run.explain().map(formatExplanation);
    const lines = this.sim.typedLines;
    const before = this.progress[lesson.id];
    let entry: LessonProgress = { ...before, done: before?.done ?? false, lines };
    if (lines.length && !entry.startedAt) entry = { ...entry, startedAt: this.now() };
    if (this.allMet && !before?.done)
      entry = { ...entry, done: true, solvedWith: lines, doneAt: this.now() };
    if (JSON.stringify(entry) !== JSON.stringify(before))
      this.write({ ...this.progress, [lesson.id]: entry });
  }

  private write(progress: ProgressMap) {
    this.progress = progress;
    const problem = saveProgress(this.store, progress);
    if (problem) this.message = { kind: 'error', text: problem };
  }

  hint() {
    if (this.lesson && this.hintsShown < this.lesson.hints.length) this.hintsShown++;
  }

  /** Starts the lesson's session again. */
  reset() {
    this.stopTyping();
    this.confirmingSolution = false;
    if (this.lesson) this.sim.openLesson(lessonSessionFactory(this.lesson), []);
    this.update();
  }

  undo() {
    this.stopTyping();
    this.sim.undo();
    this.update();
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
    this.reset();
    const lines = [...lesson.solution];
    this.typing = true;
    const step = () => {
      const line = lines.shift();
      if (line === undefined || this.lesson !== lesson) {
        this.stopTyping();
        return;
      }
      this.sim.send(line);
      this.update();
      this.timer = setTimeout(step, this.typingDelay);
    };
    this.timer = setTimeout(step, this.typingDelay);
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
      this.message = { kind: 'error', text: `The file was not imported: ${result.reason}.` };
      return false;
    }
    this.write(mergeProgress(this.progress, result.progress));
    const done = Object.values(result.progress).filter((p) => p.done).length;
    this.message = { kind: 'info', text: `Progress imported (${done} lessons done in the file).` };
    return true;
  }

  forgetProgress() {
    this.write({});
    this.message = { kind: 'info', text: 'Your lesson progress was cleared.' };
  }

  dismissMessage() {
    this.message = null;
  }

  destroy() {
    this.stopTyping();
  }
}
