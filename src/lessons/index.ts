/**
 * The lesson engine's public API (pure TS, no DOM; `load.ts` is the only
 * module that touches the file system, and only the Node tools use it).
 * The YAML reader (`parseFrontmatter`, `readLessonDocument`) is imported from
 * frontmatter-yaml.ts itself, never through here: the browser's lessons
 * chunk imports this file and must not carry the YAML library.
 */
export { buildPack, mergeSettings, type Pack, type Problem } from './tree.ts';
export { checkPack, isReservedDomain, rfcsInText } from './check.ts';
export { explainErrors, explainReply, formatExplanation, type Explanation } from './explain.ts';
export {
  evaluateGoals,
  goalLabel,
  GOAL_KINDS,
  validateGoal,
  type GoalContext,
  type GoalKind,
  type GoalResult,
} from './goals.ts';
export {
  FrontmatterError,
  loadDocumentReader,
  splitDocument,
  type FrontMap,
  type FrontValue,
  type LessonDocument,
} from './frontmatter.ts';
export { knownRfc, RFCS, sameDate, type KnownRfc } from './rfcs.ts';
export { decisiveLine, LessonSession, readLines, replay, type Replay } from './run.ts';
export {
  decisiveLineOf,
  playsJourney,
  playsServer,
  replayLesson,
  type LessonReplay,
} from './replay-lesson.ts';
export { JourneyLessonRun, replayJourney } from './journey-run.ts';
export { clientInputOf, ReverseLessonRun, replayReverse } from './reverse-run.ts';
export type { ClientSettings, Era, Fault, Goal, Lesson, Settings } from './types.ts';
