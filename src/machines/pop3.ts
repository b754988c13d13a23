/**
 * The POP3 server as an XState machine (RFC 1939 §3): it only sequences.
 * What each command answers is in its room (src/protocol/pop3/commands/).
 *
 *   (connection: +OK greeting with a timestamp)
 *   authorization.waiting --USER +OK--> authorization.named --PASS +OK--> transaction
 *        |   ^----------------------- PASS -ERR ----------'                 |
 *        +-- APOP +OK -----------------------------------------------> transaction
 *   QUIT in authorization: closed, nothing removed (§6)
 *   QUIT in transaction: the UPDATE state removes what DELE marked, then closed (§6)
 *
 * A command in the wrong state gets -ERR (RFC 1939 §3) and the state stays.
 * A connection that ends without QUIT never reaches UPDATE.
 */
import { enqueueActions, setup } from 'xstate';
import type { Pop3Command } from '../protocol/pop3/parser.ts';
import type { Pop3Room } from '../protocol/pop3/room.ts';
import { err, type Pop3Reply } from '../protocol/pop3/reply.ts';
import { greeting } from '../protocol/pop3/greeting.ts';
import type { Pop3Context, Pop3Effect, Pop3Outcome } from '../protocol/pop3/context.ts';
import { CompiledMachine } from './compiled.ts';

export interface Pop3CommandEvent {
  readonly type: 'pop3.user' | 'pop3.apop' | 'pop3.pass' | 'pop3.transaction' | 'pop3.quit';
  readonly command: Pop3Command;
  readonly room: Pop3Room;
}

export type Pop3Event =
  | Pop3CommandEvent
  /** A keyword that is no POP3 command. */
  | { readonly type: 'pop3.unknown'; readonly command: Pop3Command }
  /** A line that is no command at all (too long, not ASCII, no keyword). */
  | { readonly type: 'pop3.bad-line'; readonly problem: string }
  /** The server closes: shutdown or too many errors (RFC 1939 §6: no UPDATE). */
  | { readonly type: 'pop3.abort'; readonly reply: Pop3Reply };

export type Pop3Emitted =
  | { readonly type: 'pop3.reply'; readonly reply: Pop3Reply }
  | { readonly type: 'pop3.effect'; readonly effect: Pop3Effect };

let last: { context: Pop3Context; event: Pop3Event; outcome: Pop3Outcome } | null = null;

/** The handler's outcome for this command, computed once for the guard and the action. */
function outcomeOf(context: Pop3Context, event: Pop3Event): Pop3Outcome {
  if (last && last.context === context && last.event === event) return last.outcome;
  let outcome: Pop3Outcome;
  if ('room' in event) outcome = event.room.handle(context, event.command);
  else if (event.type === 'pop3.unknown')
    outcome = { reply: err(`unknown command ${event.command.keyword}`) };
  else if (event.type === 'pop3.bad-line') outcome = { reply: err(event.problem) };
  else outcome = { reply: event.reply };
  last = { context, event, outcome };
  return outcome;
}

type Enqueue = {
  assign(patch: Partial<Pop3Context>): void;
  emit(event: Pop3Emitted): void;
  raise(event: Pop3Event): void;
};

/** Sends a reply; a -ERR counts, and past the limit the server says so and closes. */
function respond(enqueue: Enqueue, context: Pop3Context, outcome: Pop3Outcome) {
  const errors = context.errors + (outcome.reply.ok ? 0 : 1);
  enqueue.assign({ ...outcome.patch, errors });
  for (const effect of outcome.effects ?? []) enqueue.emit({ type: 'pop3.effect', effect });
  enqueue.emit({ type: 'pop3.reply', reply: outcome.reply });
  if (errors > context.maxErrors)
    enqueue.raise({ type: 'pop3.abort', reply: err('too many errors, closing the connection') });
}

/** The command moves the session to `target` on +OK, to `otherwise` (or nowhere) on -ERR. */
const onOk = (target: string, otherwise?: string) => [
  { guard: 'accepted' as const, target, actions: 'apply' as const },
  { ...(otherwise ? { target: otherwise } : {}), actions: 'apply' as const },
];
const refuse = (reason: string) => ({ actions: { type: 'refuse' as const, params: { reason } } });

export const pop3Machine = setup({
  types: {
    context: {} as Pop3Context,
    events: {} as Pop3Event,
    input: {} as Pop3Context,
    emitted: {} as Pop3Emitted,
  },
  guards: {
    /** The handler answered +OK: the command moves the session on. */
    accepted: ({ context, event }) => outcomeOf(context, event).reply.ok,
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) =>
      respond(enqueue, context, outcomeOf(context, event)),
    ),
    /** RFC 1939 §3: a command in the wrong state gets a negative response. */
    refuse: enqueueActions(({ context, event, enqueue }, params: { reason: string }) => {
      const keyword = 'command' in event ? event.command.keyword : '';
      respond(enqueue, context, { reply: err(params.reason.replace('{command}', keyword)) });
    }),
    greet: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'pop3.reply', reply: greeting(context.stamp) });
    }),
    closeWith: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'pop3.abort') enqueue.emit({ type: 'pop3.reply', reply: event.reply });
    }),
  },
}).createMachine({
  id: 'pop3',
  context: ({ input }) => input,
  entry: 'greet',
  initial: 'authorization',
  on: {
    'pop3.unknown': { actions: 'apply' },
    'pop3.bad-line': { actions: 'apply' },
    'pop3.abort': { target: '.closed', actions: 'closeWith' },
    // QUIT ends every state (RFC 1939 §4, §6); its room decides whether UPDATE runs.
    'pop3.quit': { target: '.closed', actions: 'apply' },
  },
  states: {
    authorization: {
      initial: 'waiting',
      on: {
        'pop3.transaction': refuse(
          '{command} is only valid in the TRANSACTION state: log in first (USER and PASS)',
        ),
      },
      states: {
        /** After the greeting or a failed USER or PASS (RFC 1939 §7). */
        waiting: {
          on: {
            'pop3.user': onOk('named'),
            'pop3.apop': onOk('#pop3.transaction'),
            'pop3.pass': refuse('send USER first (RFC 1939 section 7)'),
          },
        },
        /** USER was accepted: only PASS (or QUIT) may follow (RFC 1939 §7). */
        named: {
          on: {
            'pop3.pass': onOk('#pop3.transaction', 'waiting'),
            'pop3.user': refuse(
              'USER was accepted: PASS must follow, or QUIT (RFC 1939 section 7)',
            ),
            'pop3.apop': refuse(
              'USER was accepted: PASS must follow, or QUIT (RFC 1939 section 7)',
            ),
          },
        },
      },
    },
    transaction: {
      on: {
        'pop3.transaction': { actions: 'apply' },
        'pop3.user': refuse('already logged in: USER is only valid in the AUTHORIZATION state'),
        'pop3.apop': refuse('already logged in: APOP is only valid in the AUTHORIZATION state'),
        'pop3.pass': refuse('already logged in: PASS is only valid in the AUTHORIZATION state'),
      },
    },
    closed: { type: 'final' },
  },
});

export type Pop3Machine = typeof pop3Machine;

/** The same machine compiled for running sessions (compiled.ts). */
export const compiledPop3Machine = new CompiledMachine<Pop3Context, Pop3Event, Pop3Emitted>(
  pop3Machine,
);
