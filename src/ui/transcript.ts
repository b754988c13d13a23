// Moved to ./pictures/transcript.ts; kept until bench/transcript-child.ts imports it from there.
export * from './pictures/transcript.ts';
