import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSession, type SessionOptions } from '../src/machines/session.ts';
import type { World } from '../src/protocol/world.ts';

export const FIXED_NOW = () => new Date(Date.UTC(2026, 10, 29, 12, 0, 0));

/** The RFC sessions the app ships live in `library/`; the captures of the importers stay here. */
const LIBRARY = /^(rfc\d+|ext|modern)\//;

/** A file of `test/fixtures/`, or a library session (`rfc821/f1-typical.smtp`: `library/`). */
export function fixture(path: string): string {
  const base = LIBRARY.test(path) ? '../library/' : './fixtures/';
  return readFileSync(fileURLToPath(new URL(`${base}${path}`, import.meta.url)), 'utf8');
}

/** A session with a fixed clock, already greeted; returns it and a `codes(line)` helper. */
export function open(world: Partial<World> = {}, options: SessionOptions = {}) {
  const session = createSession({ world, now: FIXED_NOW, ...options });
  const greeting = session.feed('');
  /** Sends lines (CRLF added to each) and returns the reply codes. */
  const codes = (...lines: string[]) => lines.flatMap((l) => session.send(l)).map((r) => r.code);
  /** Sends one line and returns its single reply's wire text. */
  const wire = (line: string) => session.feedWire(`${line}\r\n`);
  return { session, greeting, codes, wire };
}

/** A session already past EHLO. */
export function ready(world: Partial<World> = {}) {
  const s = open(world);
  s.codes('EHLO client.test');
  return s;
}

/** A session with an open transaction and one accepted recipient. */
export function withRecipient(world: Partial<World> = {}) {
  const s = ready(world);
  s.codes('MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>');
  return s;
}
