// Moved to ./sandbox/simulator.svelte.ts; kept until test/lessons/report.test.ts imports it from there.
export * from './sandbox/simulator.svelte.ts';
