/**
 * Questions asked of the server machine without running it: XState's pure
 * `transition` computes what a command would get now, and nothing changes.
 * The console (completions, diagnostics) and the lessons' explanations use them.
 */
import { transition, type SnapshotFrom } from 'xstate';
import type { CommandSpec } from '../protocol/commands.ts';
import type { Dialect } from '../protocol/dialects/index.ts';
import type { Reply } from '../protocol/replies.ts';
import { serverMachine, type ServerMachine } from './server.ts';
import type { ServerEvent } from './types.ts';

/** What the queries need of a session. */
export interface Queryable {
  readonly closed: boolean;
  readonly inData: boolean;
  readonly dialect: Dialect;
  readonly actor: { getSnapshot(): SnapshotFrom<ServerMachine> };
  commandEvent(text: string): ServerEvent;
}

/** The replies a command's actions would emit, in order. */
function repliesTo(session: Queryable, snapshot: SnapshotFrom<ServerMachine>, line: string) {
  const [, actions] = transition(serverMachine, snapshot, session.commandEvent(line));
  return actions.flatMap((a) => {
    const emitted = (a.params as { event?: { type?: string; reply?: Reply } } | undefined)?.event;
    return emitted?.type === 'smtp.reply' && emitted.reply ? [emitted.reply] : [];
  });
}

/** The reply a command line would get now; null when the session reads no commands. */
export function previewReply(session: Queryable, line: string): Reply | null {
  if (session.closed || session.inData) return null;
  return repliesTo(session, session.actor.getSnapshot(), line)[0] ?? null;
}

/**
 * The dialect's commands that are in sequence now: each is tried and kept
 * unless the server would answer 503 (or 554 "no valid recipients", or not
 * know the verb at all).
 */
export function commandsInSequence(session: Queryable): CommandSpec[] {
  if (session.closed || session.inData) return [];
  const snapshot = session.actor.getSnapshot();
  const out = new Set(['badSequence', 'noValidRecipients', 'unrecognized']);
  return session.dialect.commands.filter(
    (spec) => !repliesTo(session, snapshot, spec.verb).some((r) => out.has(r.id ?? '')),
  );
}

/** `transaction.mail` for nested states, `ready` for flat ones. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value as Record<string, unknown>)[0]!;
  return `${key}.${stateName(inner)}`;
}
