// Moved to ./lessons/lesson.svelte.ts; kept until test/lessons/report.test.ts imports it from there.
export * from './lessons/lesson.svelte.ts';
