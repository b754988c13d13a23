/**
 * Replays a transcript against the server machine: sends each `C:` line and
 * compares every reply the simulator gives with the `S:` line in its place.
 */
import type { Reply } from '../protocol/replies.ts';
import type { TranscriptFile } from '../protocol/transcript.ts';
import { DIALECTS, type DialectId } from '../protocol/dialects/index.ts';
import { createSession, type SessionOptions } from './session.ts';

export interface Mismatch {
  /** Line of the transcript file where the expected reply stands (0: none expected). */
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
}

export interface ReplayResult {
  readonly replies: number;
  readonly mismatches: readonly Mismatch[];
}

const show = (r: Reply) => `${r.code} ${r.lines.join(' / ')}`;

/**
 * Replays a transcript. `# dialect:` and `# world:` set up the server; `# starts:`
 * says where an excerpt begins: `-G` no greeting printed (the simulator's is
 * read and dropped), `+H` after an accepted HELO, `+M` inside a transaction.
 */
export function replay(file: TranscriptFile, options: SessionOptions = {}): ReplayResult {
  const dialect = file.meta.dialect;
  if (dialect && !(dialect in DIALECTS)) throw new Error(`unknown dialect "${dialect}"`);
  const session = createSession({
    ...(file.meta.world ? { world: JSON.parse(file.meta.world) } : {}),
    ...(dialect ? { dialect: dialect as DialectId } : {}),
    ...options,
  });
  const starts = file.meta.starts ?? 'G';
  const actual: Reply[] = session.feed('');
  if (starts.includes('-G')) actual.length = 0;
  if (starts.includes('+H')) session.send('HELO client.test');
  if (starts.includes('+E')) session.send('EHLO client.test');
  // +T: EHLO, STARTTLS and the (simulated) handshake; the file sends EHLO again itself.
  if (starts.includes('+T')) session.feed('EHLO client.test\r\nSTARTTLS\r\n');
  if (starts.includes('+M')) session.send('MAIL FROM:<setup@client.test>');
  const mismatches: Mismatch[] = [];
  let compared = 0;
  for (const step of file.steps) {
    if (step.who === 'C') {
      actual.push(...session.feed(`${step.text}\r\n`));
      continue;
    }
    const got = actual.shift();
    compared++;
    const expected = `${step.code} ${step.lines.join(' / ')}`;
    if (!got) mismatches.push({ line: step.line, expected, actual: '(no reply)' });
    else if (got.code !== step.code)
      mismatches.push({ line: step.line, expected, actual: show(got) });
  }
  for (const extra of actual)
    mismatches.push({ line: 0, expected: '(no reply)', actual: show(extra) });
  return { replies: compared, mismatches };
}
