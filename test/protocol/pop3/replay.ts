/**
 * Reads a retrieval fixture (library/rfc1939, rfc9051) from disk and replays
 * it with the app's own replay (src/machines/retrieval-replay.ts): one set of
 * comparison rules for the tests and the library's view.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  firstDifference,
  parseFixture,
  replaySteps,
  type Fixture,
} from '../../../src/machines/retrieval-replay.ts';

export type { Fixture };

export function readFixture(path: string): Fixture {
  const text = readFileSync(
    fileURLToPath(new URL(`../../../library/${path}`, import.meta.url)),
    'utf8',
  );
  return parseFixture(text, path);
}

/** A mismatch, or null when the server said every line the fixture holds and nothing more. */
export function replay(
  fixture: Fixture,
  start: () => string,
  feed: (text: string) => string,
): string | null {
  return firstDifference(replaySteps(fixture, start, feed));
}
