/**
 * Lines sent at once. A pipelining client sends a group of commands in one
 * go and the server reads them together (RFC 2920 §3.1); the transcript says
 * which input completed each client line (`read`). Here: the `.smtp` syntax
 * for such a group (a line `!group`, the lines, a line `!end`), and the check
 * that given verbs arrived in one input (the `pipelined` goal).
 */
import type { TranscriptEntry } from '../machines/session.ts';

/** Opens a group in `.smtp` files and saved lines: the lines up to `!end` go as one input. */
export const GROUP_START = '!group';
/** Ends a group: its lines are sent, together. */
export const GROUP_END = '!end';

/** `!group` or `!end` (any case, spaces around allowed), else null. */
export function groupMarker(line: string): typeof GROUP_START | typeof GROUP_END | null {
  const word = line.trim().toLowerCase();
  return word === GROUP_START ? GROUP_START : word === GROUP_END ? GROUP_END : null;
}

/**
 * Typed lines as inputs: a line alone, or the lines of a group (an array).
 * An unended group at the end is one input too; a stray `!end` is dropped.
 */
export function inputsOf(lines: readonly string[]): (string | readonly string[])[] {
  const inputs: (string | readonly string[])[] = [];
  let group: string[] | null = null;
  for (const line of lines) {
    const marker = groupMarker(line);
    if (group !== null) {
      if (marker === GROUP_END) {
        inputs.push(group);
        group = null;
      } else group.push(line);
    } else if (marker === GROUP_START) group = [];
    else if (marker === null) inputs.push(line);
  }
  if (group !== null) inputs.push(group);
  return inputs;
}

/** The inputs as lines again (a group of one line is written as that line). */
export function linesOf(inputs: readonly (string | readonly string[])[]): string[] {
  return inputs.flatMap((input) =>
    typeof input === 'string'
      ? [input]
      : input.length === 1
        ? [...input]
        : [GROUP_START, ...input, GROUP_END],
  );
}

const verbOf = (text: string) => (text.trim().split(/\s+/)[0] ?? '').toUpperCase();

/**
 * Whether one input of the client held a command for each verb listed (a
 * verb listed twice needs two such commands in it): the commands arrived
 * together, as a pipelined group, not one after another's reply.
 */
export function sentTogether(
  transcript: readonly TranscriptEntry[],
  verbs: readonly string[],
): boolean {
  const byRead = new Map<number, string[]>();
  for (const e of transcript)
    if (e.kind === 'client' && e.read !== undefined) {
      const list = byRead.get(e.read) ?? [];
      list.push(verbOf(e.text));
      byRead.set(e.read, list);
    }
  const wanted = verbs.map((v) => v.toUpperCase());
  return [...byRead.values()].some((got) => {
    const left = [...got];
    return wanted.every((v) => {
      const i = left.indexOf(v);
      if (i < 0) return false;
      left.splice(i, 1);
      return true;
    });
  });
}
