/**
 * A POP3 command's room, as the SMTP verbs have theirs: its syntax, the
 * state it belongs to, where the RFC defines it, and its handler (a pure
 * function of the session's context and the command). The machine
 * (src/machines/pop3.ts) decides whether a command comes in its state; the
 * handler what it answers.
 */
import { checkArgs, type Pop3Command } from './parser.ts';
import type { Pop3Handler, Pop3Outcome } from './context.ts';
import { err } from './reply.ts';

/**
 * How the machine sequences the command: `user` (USER: names the mailbox),
 * `apop` (logs in at once), `pass` (only after USER), `transaction` (after login),
 * `quit` (in every state).
 */
export type Pop3Role = 'user' | 'apop' | 'pass' | 'transaction' | 'quit';

export interface Pop3Room {
  readonly keyword: string;
  readonly role: Pop3Role;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  /** Minimal (every server) or optional (RFC 1939 §7). */
  readonly optional: boolean;
  readonly handle: Pop3Handler;
}

/** A room whose arguments are counted before its handler runs. */
export function pop3Room(r: {
  readonly keyword: string;
  readonly role: Pop3Role;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  readonly optional?: boolean;
  /** Arguments taken, from `min` to `max` (PASS checks its own). */
  readonly args?: readonly [number, number];
  readonly handle: Pop3Handler;
}): Pop3Room {
  const [min, max] = r.args ?? [0, 0];
  return {
    keyword: r.keyword,
    role: r.role,
    syntax: r.syntax,
    summary: r.summary,
    rfc: r.rfc,
    optional: r.optional ?? false,
    handle: r.args
      ? (context, command: Pop3Command): Pop3Outcome => {
          const problem = checkArgs(command, min, max, r.syntax);
          return problem ? { reply: err(problem) } : r.handle(context, command);
        }
      : r.handle,
  };
}
