/** The part of the page's store read here (kit/store.ts's KeyValueStore has it). */
type Store = { getItem(key: string): string | null };

/**
 * The keys the lessons keep (src/ui/lessons/progress.ts's PROGRESS_KEY, src/ui/teacher/
 * teacher-pack.ts's ACTIVE_PACK_KEY), written out here: importing those modules would bring the
 * lessons into the first screen. A test checks they are the same.
 */
export const KEPT_LESSON_KEYS = ['smtp-simulator/progress', 'smtp-simulator/pack'] as const;

/**
 * Whether the lessons have something to say at load, before the learner asks for them: a pack
 * linked (`?pack=URL`), or progress or a pack kept from an earlier visit (its message, a pack
 * refused or progress that could not be read, shows under the header). Otherwise the lessons
 * wait for the learner (the Lessons section, a lesson link): reading the course is a long task.
 */
export function lessonsToRestore(search: string, store: Store | undefined): boolean {
  if (new URLSearchParams(search).has('pack')) return true;
  try {
    return KEPT_LESSON_KEYS.some((key) => store?.getItem(key) != null);
  } catch {
    return false;
  }
}
