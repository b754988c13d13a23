/**
 * The lesson side of the page in a chunk of its own (App.svelte imports it when a lesson is
 * linked, the Lessons section is opened, or the page is idle): the bundled lesson pack, the
 * controller and its panels. None of it is needed to type a session.
 */
export { bundledPack } from '../../lessons/browser.ts';
export { LessonController } from './lesson.svelte.ts';
export { default as LessonMap } from './LessonMap.svelte';
export { default as LessonPanel } from './LessonPanel.svelte';
export { default as ProgressTools } from './ProgressTools.svelte';
export { default as ReverseWork } from './ReverseWork.svelte';
export { default as JourneyWork } from './JourneyWork.svelte';
