/**
 * One long session: thousands of messages over one connection. With the
 * session told to keep little (`retain`: the newest transcript entries, no
 * mailbox, messages handed to `store`), what it holds must stay bounded
 * whatever the number of messages. Measured as heapUsed after a full collection (needs
 * --expose-gc) with the session alive, less the heap before it was made.
 */
import { createSession, type SessionOptions } from '../../src/machines/session.ts';
import { bin, now } from '../property/arbitraries.ts';
import type { Problem } from './checks.ts';
import { heapNow, mb } from './fuzz.ts';

/** What a session told to keep 1,000 transcript entries and no mailbox may hold. */
export const RETAINED_LIMIT = 8 * 1024 * 1024;

const RETAIN: SessionOptions['retain'] = { transcript: 1000, mailbox: false };

/** One transaction of about 1 KB of text, pipelined. */
function transaction(i: number): Uint8Array {
  const body = `Subject: message ${i}\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(12);
  return bin(
    `MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n${body}.\r\n`,
  );
}

export interface LongRun {
  readonly messages: number;
  /** Octets fed. */
  readonly input: number;
  /** Heap held by the live session after all messages (bytes). */
  readonly retained: number;
  readonly stored: number;
  readonly option: string | null;
}

/** Feeds `messages` transactions to one session and measures what it holds along the way. */
export function longSession(messages: number, retain: boolean): LongRun {
  const before = heapNow();
  let stored = 0;
  const session = createSession({
    world: { maxErrors: 1000 },
    now,
    ...(retain
      ? { retain: RETAIN, store: (ds: readonly unknown[]) => void (stored += ds.length) }
      : {}),
  });
  let input = 0;
  session.feed('EHLO client.test\r\n');
  for (let i = 0; i < messages; i++) {
    const t = transaction(i);
    input += t.length;
    const replies = session.feed(t);
    if (replies.length !== 4 || replies[3]!.code !== 250)
      throw new Error(`message ${i} got ${replies.map((r) => r.code).join(' ')}`);
  }
  const retained = heapNow() - before;
  // Keep the session alive until measured.
  if (session.closed) throw new Error('the session closed');
  return {
    messages,
    input,
    retained,
    stored: retain ? stored : session.mailbox.length,
    option: retain ? `retain ${JSON.stringify(RETAIN)}` : null,
  };
}

/**
 * The long session with `retain` stays under RETAINED_LIMIT (its transcript
 * is trimmed in batches, so what it holds swings between about one and two
 * thousand entries: a bound, not a growth rate). The same session without
 * `retain` is measured too, to show the bound means something.
 */
export function longSessionProblems(
  messages = 4000,
): LongRun & { problems: Problem[]; unbounded: number } {
  const run = longSession(messages, true);
  const unbounded = longSession(messages, false).retained;
  const problems: Problem[] = [];
  if (run.stored !== messages)
    problems.push({ kind: 'memory', detail: `${run.stored} of ${messages} messages were stored` });
  if (run.retained > RETAINED_LIMIT)
    problems.push({
      kind: 'memory',
      detail: `one session of ${messages} messages holds ${mb(run.retained)} with ${run.option} (limit ${mb(RETAINED_LIMIT)})`,
    });
  return { ...run, problems, unbounded };
}
