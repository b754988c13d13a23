// Moved to ./lessons/progress.ts; kept until test/lessons/report.test.ts imports it from there.
export * from './lessons/progress.ts';
