/**
 * Replays a transcript against the server machine: sends each `C:` line and
 * compares every reply the simulator gives with the `S:` line in its place.
 * It also writes the dialogue as the simulator had it, which is the whole
 * point for a bare list of commands (no `S:` line at all).
 */
import type { Reply } from '../protocol/replies.ts';
import type { TranscriptFile, TranscriptStep } from '../protocol/transcript.ts';
import { citeReply } from '../protocol/citations.ts';
import { DIALECTS, type DialectId } from '../protocol/dialects/index.ts';
import { createSession, type SessionOptions } from './session.ts';

export interface Mismatch {
  /** Line of the transcript file where the expected reply stands (0: none expected). */
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
}

/** A mismatch with what the simulator's reply answered and the rule behind it. */
export interface Difference extends Mismatch {
  /** The client line the reply answers ('' for the greeting). */
  readonly command: string;
  /** Where the era's RFC defines the reply the simulator gave (citeReply), '' when it gave none. */
  readonly rule: string;
}

export interface ReplayResult {
  readonly replies: number;
  readonly mismatches: readonly Mismatch[];
  /** The same, in the same order, each with its command and RFC rule. */
  readonly differences: readonly Difference[];
  /** The same dialogue with the simulator's replies (header and client steps kept). */
  readonly simulated: TranscriptFile;
  /**
   * The session's step count (Session.steps) after the set-up, then after each
   * client line: where an entry of step s stands in the transcript (the player
   * goes from an arrow of the sequence diagram to its line).
   */
  readonly sessionSteps: readonly number[];
}

const show = (r: Reply) => `${r.code} ${r.lines.join(' / ')}`;

/**
 * Values a world header may fix so that a replay is the same every time, kept
 * out of the world itself: `now` (ISO date: the clock of Received dates and of
 * the CRAM-MD5 challenge) and `idPrefix` (put before each queue id).
 */
export function replayWorld(
  json: string | undefined,
): Pick<SessionOptions, 'world' | 'now' | 'idPrefix'> {
  if (!json) return {};
  const { now, idPrefix, ...world } = JSON.parse(json) as Record<string, unknown>;
  const at = typeof now === 'string' ? new Date(now) : undefined;
  if (at && Number.isNaN(at.getTime()))
    throw new Error(`world "now" is not a date: ${JSON.stringify(now)}`);
  return {
    world,
    ...(at ? { now: () => at } : {}),
    ...(typeof idPrefix === 'string' ? { idPrefix } : {}),
  };
}

/**
 * The server a transcript is replayed against, as plain data (kept in storage
 * when the learner continues from a step): its era and its `# world:` header.
 */
export interface RecordedServer {
  readonly dialect: DialectId;
  /** The world header's JSON, as the transcript has it (replayWorld reads it). */
  readonly world?: string;
}

/** The session options of a recorded server (none for null: the settings' own server). */
export function serverOf(server: RecordedServer | null): SessionOptions {
  return server ? { ...replayWorld(server.world), dialect: server.dialect } : {};
}

/** A recorded server read back from storage; null when it is not one. */
export function parseRecordedServer(value: unknown): RecordedServer | null {
  const v = value as { dialect?: unknown; world?: unknown } | null;
  if (typeof v !== 'object' || v === null || typeof v.dialect !== 'string') return null;
  if (!Object.hasOwn(DIALECTS, v.dialect)) return null;
  if (v.world !== undefined && typeof v.world !== 'string') return null;
  try {
    replayWorld(v.world);
  } catch {
    return null;
  }
  const dialect = v.dialect as DialectId;
  return v.world === undefined ? { dialect } : { dialect, world: v.world };
}

/**
 * Replays a transcript. `# dialect:` and `# world:` set up the server; `# starts:`
 * says where an excerpt begins: `-G` no greeting printed (the simulator's is
 * read and dropped), `+H` after an accepted HELO, `+M` inside a transaction.
 */
export function replay(file: TranscriptFile, options: SessionOptions = {}): ReplayResult {
  const dialectId = (file.meta.dialect ?? 'rfc5321') as DialectId;
  if (!Object.hasOwn(DIALECTS, dialectId)) throw new Error(`unknown dialect "${dialectId}"`);
  const dialect = DIALECTS[dialectId];
  const session = createSession({
    ...replayWorld(file.meta.world),
    ...(file.meta.dialect ? { dialect: dialectId } : {}),
    ...options,
  });
  const starts = file.meta.starts ?? 'G';
  const actual: { reply: Reply; command: string }[] = [];
  const simulated: TranscriptStep[] = [];
  const answer = (command: string, line: number, replies: readonly Reply[]) => {
    for (const reply of replies) {
      actual.push({ reply, command });
      // As sent: with its enhanced status code once the session uses them (RFC 2034 §4).
      const wire = session
        .wire(reply)
        .split('\r\n')
        .filter((l) => l !== '');
      simulated.push({ who: 'S', code: reply.code, lines: wire.map((l) => l.slice(4)), line });
    }
  };
  const greeting = session.feed('');
  if (starts.includes('-G')) greeting.length = 0;
  answer('', 0, greeting);
  if (starts.includes('+H')) session.send('HELO client.test');
  if (starts.includes('+E')) session.send('EHLO client.test');
  // +T: EHLO, STARTTLS and the (simulated) handshake; the file sends EHLO again itself.
  if (starts.includes('+T')) session.feed('EHLO client.test\r\nSTARTTLS\r\n');
  if (starts.includes('+M')) session.send('MAIL FROM:<setup@client.test>');
  const mismatches: Difference[] = [];
  const sessionSteps = [session.steps];
  let compared = 0;
  for (const step of file.steps) {
    if (step.who === 'C') {
      simulated.push(step);
      answer(step.text, step.line, session.feed(`${step.text}\r\n`));
      sessionSteps.push(session.steps);
      continue;
    }
    const got = actual.shift();
    compared++;
    const expected = `${step.code} ${step.lines.join(' / ')}`;
    if (!got)
      mismatches.push({ line: step.line, expected, actual: '(no reply)', command: '', rule: '' });
    else if (got.reply.code !== step.code)
      mismatches.push({
        line: step.line,
        expected,
        actual: show(got.reply),
        command: got.command,
        rule: citeReply(dialect, got.reply),
      });
  }
  // A bare list of commands records no reply: the simulator's are the dialogue, not differences.
  if (file.steps.some((s) => s.who === 'S'))
    for (const extra of actual)
      mismatches.push({
        line: 0,
        expected: '(no reply)',
        actual: show(extra.reply),
        command: extra.command,
        rule: citeReply(dialect, extra.reply),
      });
  return {
    replies: compared,
    mismatches: mismatches.map(({ line, expected, actual }) => ({ line, expected, actual })),
    differences: mismatches,
    simulated: { meta: file.meta, steps: simulated },
    sessionSteps,
  };
}
