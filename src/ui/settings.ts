// Moved to ./sandbox/settings.ts; kept until bench/transcript-child.ts imports it from there.
export * from './sandbox/settings.ts';
