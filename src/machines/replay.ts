/**
 * Replays a transcript against the server machine: sends each `C:` line and
 * compares every reply the simulator gives with the `S:` line in its place.
 * It also writes the dialogue as the simulator had it, which is the whole
 * point for a bare list of commands (no `S:` line at all).
 */
import type { Reply } from '../protocol/replies.ts';
import type { TranscriptFile, TranscriptStep } from '../protocol/transcript.ts';
import { citeReply } from '../protocol/citations.ts';
import { DIALECTS, type Dialect, type DialectId } from '../protocol/dialects/index.ts';
import { createSession, type Session, type SessionOptions } from './session.ts';

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
  /** The player step it stands at: 0 the connection, N after the N-th client line. */
  readonly step: number;
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

/** A step's replies before it has any (shared: most steps of a long capture get one list). */
const NO_REPLY: readonly SimulatedReply[] = Object.freeze([]);

/** Reply texts shared at most (each unique text past them, a queue id say, is its own object). */
const SHARED_REPLIES = 10_000;

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

/** A reply as the simulator sent it (its lines as on the wire, without the code). */
export interface SimulatedReply {
  readonly code: number;
  readonly lines: readonly string[];
}

/**
 * A replay taken a stretch at a time: the player compares a long capture in
 * slices while the learner already steps through it. `advance` goes on by a
 * number of the file's steps; `replay()` is the same taken in one go.
 *
 * The k-th recorded reply is compared with the k-th reply the simulator gave,
 * as a reader of the two dialogues side by side would; each difference stands
 * at the player step of the recorded reply (0 the connection, N after the N-th
 * client line), and a reply the recording lacks at the step that drew it.
 */
export class Replayer {
  /** The simulator's replies by player step (0 the greeting, N after the N-th client line). */
  readonly replies: (readonly SimulatedReply[])[] = [NO_REPLY];
  readonly differences: Difference[] = [];
  /** The session's step count after the set-up, then after each client line. */
  readonly sessionSteps: number[];
  private readonly dialect: Dialect;
  private readonly session: Session;
  /** Replies given and not yet compared (from `head` on: shifting a long queue is quadratic). */
  private readonly actual: { reply: Reply; command: string; step: number }[] = [];
  private head = 0;
  private next = 0;
  private compared = 0;
  private readonly recordsReplies: boolean;
  private finished: ReplayResult | null = null;
  /**
   * One object for each reply text sent, and one list of it alone (a step's usual replies): a
   * long capture repeats a few replies (250 OK) many thousand times, and a copy of each kept
   * would be most of what a comparison holds.
   */
  private readonly sent = new Map<string, readonly [SimulatedReply]>();

  constructor(
    private readonly file: TranscriptFile,
    options: SessionOptions = {},
  ) {
    const dialectId = (file.meta.dialect ?? 'rfc5321') as DialectId;
    if (!Object.hasOwn(DIALECTS, dialectId)) throw new Error(`unknown dialect "${dialectId}"`);
    this.dialect = DIALECTS[dialectId];
    this.session = createSession({
      ...replayWorld(file.meta.world),
      ...(file.meta.dialect ? { dialect: dialectId } : {}),
      // The replay reads the replies each feed returns, never the session's transcript: none is
      // kept (the bridge's way), which spares a long capture's comparison the garbage
      // collections of a transcript that only grows (100,000 steps: 260,000 entries).
      retain: { transcript: 0 },
      ...options,
    });
    this.recordsReplies = file.steps.some((s) => s.who === 'S');
    const starts = file.meta.starts ?? 'G';
    const greeting = this.session.feed('');
    if (starts.includes('-G')) greeting.length = 0;
    this.answer('', greeting);
    const session = this.session;
    if (starts.includes('+H')) session.send('HELO client.test');
    if (starts.includes('+E')) session.send('EHLO client.test');
    // +T: EHLO, STARTTLS and the (simulated) handshake; the file sends EHLO again itself.
    if (starts.includes('+T')) session.feed('EHLO client.test\r\nSTARTTLS\r\n');
    if (starts.includes('+M')) session.send('MAIL FROM:<setup@client.test>');
    this.sessionSteps = [session.steps];
  }

  /** The player step the replay is at: every step before it is compared (but see `done`). */
  get step(): number {
    return this.replies.length - 1;
  }

  /** True once every line is replayed; only then are replies the recording lacks counted. */
  get done(): boolean {
    return this.finished !== null;
  }

  /** Replays up to `count` more of the file's steps; true once the whole file is done. */
  advance(count: number): boolean {
    const steps = this.file.steps;
    const end = Math.min(steps.length, this.next + count);
    for (; this.next < end; this.next++) {
      const step = steps[this.next]!;
      if (step.who === 'C') {
        this.replies.push(NO_REPLY);
        this.answer(step.text, this.session.feed(`${step.text}\r\n`));
        this.sessionSteps.push(this.session.steps);
      } else this.compare(step);
    }
    if (this.next >= steps.length && !this.finished) this.finish();
    return this.finished !== null;
  }

  /** The whole result (replays what is left first). */
  result(): ReplayResult {
    this.advance(Infinity);
    return this.finished!;
  }

  private answer(command: string, replies: readonly Reply[]) {
    for (const reply of replies) {
      this.actual.push({ reply, command, step: this.step });
      // As sent: with its enhanced status code once the session uses them (RFC 2034 §4).
      const text = this.session.wire(reply);
      let alone = this.sent.get(text);
      if (!alone) {
        const lines = text
          .split('\r\n')
          .filter((l) => l !== '')
          .map((l) => l.slice(4));
        alone = [{ code: reply.code, lines }];
        if (this.sent.size < SHARED_REPLIES) this.sent.set(text, alone);
      }
      const before = this.replies[this.step]!;
      this.replies[this.step] = before.length ? [...before, alone[0]] : alone;
    }
  }

  private compare(step: TranscriptStep & { who: 'S' }) {
    const got = this.head < this.actual.length ? this.actual[this.head++] : undefined;
    // Compared replies go (a queue kept whole would keep every reply of a long capture).
    if (this.head > 1024 && this.head * 2 > this.actual.length) {
      this.actual.splice(0, this.head);
      this.head = 0;
    }
    this.compared++;
    const expected = `${step.code} ${step.lines.join(' / ')}`;
    const at = this.step;
    if (!got)
      this.differences.push({
        line: step.line,
        expected,
        actual: '(no reply)',
        command: '',
        rule: '',
        step: at,
      });
    else if (got.reply.code !== step.code)
      this.differences.push({
        line: step.line,
        expected,
        actual: show(got.reply),
        command: got.command,
        rule: citeReply(this.dialect, got.reply),
        step: at,
      });
  }

  private finish() {
    // A bare list of commands records no reply: the simulator's are the dialogue, not differences.
    if (this.recordsReplies)
      for (const extra of this.actual.slice(this.head))
        this.differences.push({
          line: 0,
          expected: '(no reply)',
          actual: show(extra.reply),
          command: extra.command,
          rule: citeReply(this.dialect, extra.reply),
          step: extra.step,
        });
    const { differences, file, replies } = this;
    let simulated: TranscriptFile | undefined;
    this.finished = {
      replies: this.compared,
      mismatches: differences.map(({ line, expected, actual }) => ({ line, expected, actual })),
      differences,
      // Made when asked (the command line, a bare list of commands): the player reads `replies`,
      // and a copy of each reply made as the comparison went was a third of what it kept.
      get simulated() {
        return (simulated ??= dialogue(file, replies));
      },
      sessionSteps: this.sessionSteps,
    };
  }
}

/** The file's client lines with the simulator's replies after each (`replies` by player step). */
function dialogue(file: TranscriptFile, replies: readonly (readonly SimulatedReply[])[]) {
  const steps: TranscriptStep[] = [];
  const answers = (step: number, line: number) => {
    for (const r of replies[step] ?? [])
      steps.push({ who: 'S', code: r.code, lines: r.lines, line });
  };
  answers(0, 0);
  let step = 0;
  for (const s of file.steps)
    if (s.who === 'C') {
      steps.push(s);
      answers(++step, s.line);
    }
  return { meta: file.meta, steps };
}

/**
 * Replays a transcript. `# dialect:` and `# world:` set up the server; `# starts:`
 * says where an excerpt begins: `-G` no greeting printed (the simulator's is
 * read and dropped), `+H` after an accepted HELO, `+M` inside a transaction.
 */
export function replay(file: TranscriptFile, options: SessionOptions = {}): ReplayResult {
  return new Replayer(file, options).result();
}
