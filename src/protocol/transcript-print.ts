/**
 * Writes a transcript in the canonical form of docs/transcript-format.md:
 * the header first (one `# key: value` line per value, keys in their order),
 * then one line per step line, annotations right after their step, LF line
 * ends and a final LF. parseTranscript reads it back to the same value, and
 * a canonical file prints back to itself.
 */
import type { TranscriptFile, TranscriptStep } from './transcript.ts';

const stamp = (at: string | undefined) => (at === undefined ? '' : `[${at}] `);
const code3 = (code: number) => String(code).padStart(3, '0');

/** The lines of one step, its annotations included. */
export function stepLines(step: TranscriptStep): string[] {
  const out =
    step.who === 'C'
      ? [`${stamp(step.at)}C:${step.text === '' ? '' : ` ${step.text}`}`]
      : step.lines.map(
          (text, i) =>
            `${i === 0 ? stamp(step.at) : ''}S: ${code3(step.code)}${i < step.lines.length - 1 ? '-' : ' '}${text}`,
        );
  for (const note of step.notes ?? []) out.push(note === '' ? '##' : `## ${note}`);
  return out;
}

/** The header lines: one per value of each key. */
export function headerLines(meta: TranscriptFile['meta']): string[] {
  return Object.entries(meta).flatMap(([key, value]) =>
    value.split('\n').map((v) => (v === '' ? `# ${key}:` : `# ${key}: ${v}`)),
  );
}

export function printTranscript(file: TranscriptFile): string {
  const lines = [...headerLines(file.meta), ...file.steps.flatMap(stepLines)];
  return lines.map((l) => `${l}\n`).join('');
}
