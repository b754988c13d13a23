/**
 * The IMAP server as an XState machine (RFC 9051 §3, its state diagram): it
 * only sequences. What each command answers is in its room
 * (src/protocol/imap/commands/).
 *
 *   (connection: * OK greeting) notAuthenticated --LOGIN OK--> authenticated
 *   authenticated --SELECT/EXAMINE OK--> selected --CLOSE/UNSELECT--> authenticated
 *   selected --SELECT/EXAMINE that fails--> authenticated (no mailbox selected, §6.3.2)
 *   LOGOUT in any state: * BYE, OK, closed
 *
 * A command in the wrong state is answered BAD, saying which state it needs.
 */
import { enqueueActions, setup } from 'xstate';
import type { ImapCommand } from '../protocol/imap/syntax.ts';
import type { ImapRoom } from '../protocol/imap/room.ts';
import { bad, ok, type ImapReply } from '../protocol/imap/response.ts';
import { CAPABILITIES } from '../protocol/imap/commands/capability.ts';
import { LEFT_OUT } from '../protocol/imap/commands/index.ts';
import type { ImapContext, ImapEffect, ImapOutcome } from '../protocol/imap/context.ts';
import { CompiledMachine } from './compiled.ts';

export interface ImapCommandEvent {
  readonly type:
    | 'imap.any'
    | 'imap.logout'
    | 'imap.login'
    | 'imap.authenticated'
    | 'imap.select'
    | 'imap.selected'
    | 'imap.close';
  readonly command: ImapCommand;
  readonly room: ImapRoom;
}

export type ImapEvent =
  | ImapCommandEvent
  /** A command name this server does not know, or one of RFC 9051's it leaves out. */
  | { readonly type: 'imap.unknown'; readonly command: ImapCommand }
  /** A line that is no command (no tag, too long...): BAD, tagged if the tag could be read. */
  | { readonly type: 'imap.bad-line'; readonly tag: string | null; readonly problem: string }
  /** The server closes: shutdown or too many errors (* BYE). */
  | { readonly type: 'imap.abort'; readonly text: string };

export type ImapEmitted =
  | { readonly type: 'imap.reply'; readonly tag: string; readonly reply: ImapReply }
  /** An untagged line alone (the greeting, BYE when the server closes). */
  | { readonly type: 'imap.untagged'; readonly text: string }
  | { readonly type: 'imap.effect'; readonly effect: ImapEffect };

let last: { context: ImapContext; event: ImapEvent; outcome: ImapOutcome } | null = null;

function compute(context: ImapContext, event: ImapEvent): ImapOutcome {
  if ('room' in event) {
    try {
      return event.room.handle(context, event.command);
    } catch (e) {
      // The argument reader throws SyntaxError with what it expected.
      if (e instanceof SyntaxError) return { reply: bad(e.message) };
      throw e;
    }
  }
  if (event.type === 'imap.unknown') {
    const name = event.command.name;
    const section = LEFT_OUT[name];
    return {
      reply: bad(
        section
          ? // ASCII on the wire: a "§" would go as one octet that is not UTF-8 (RFC 9051 §9).
            `${name} is left out of this teaching subset of IMAP4rev2 (RFC 9051 ${section.replace(/§/g, 'section ')})`
          : `No such command as "${name.slice(0, 30)}"`,
      ),
    };
  }
  if (event.type === 'imap.bad-line') return { reply: bad(event.problem) };
  return { reply: ok('') };
}

/** The handler's outcome for this command, computed once for the guard and the action. */
function outcomeOf(context: ImapContext, event: ImapEvent): ImapOutcome {
  if (last && last.context === context && last.event === event) return last.outcome;
  const outcome = compute(context, event);
  last = { context, event, outcome };
  return outcome;
}

const tagOf = (event: ImapEvent) =>
  'command' in event
    ? event.command.tag
    : event.type === 'imap.bad-line'
      ? (event.tag ?? '*')
      : '*';

type Enqueue = {
  assign(patch: Partial<ImapContext>): void;
  emit(event: ImapEmitted): void;
  raise(event: ImapEvent): void;
};

function respond(enqueue: Enqueue, context: ImapContext, tag: string, outcome: ImapOutcome) {
  const errors = context.errors + (outcome.reply.status === 'OK' ? 0 : 1);
  enqueue.assign({ ...outcome.patch, errors });
  for (const effect of outcome.effects ?? []) enqueue.emit({ type: 'imap.effect', effect });
  enqueue.emit({ type: 'imap.reply', tag, reply: outcome.reply });
  if (errors > context.maxErrors)
    enqueue.raise({ type: 'imap.abort', text: 'too many errors, closing the connection' });
}

const onOk = (target: string, otherwise?: string) => [
  { guard: 'accepted' as const, target, actions: 'apply' as const },
  { ...(otherwise ? { target: otherwise } : {}), actions: 'apply' as const },
];
const refuse = (reason: string) => ({ actions: { type: 'refuse' as const, params: { reason } } });

const NEEDS_LOGIN = '{command} needs a logged-in session: LOGIN first';
const NEEDS_MAILBOX = '{command} needs a selected mailbox: SELECT INBOX first';

export const imapMachine = setup({
  types: {
    context: {} as ImapContext,
    events: {} as ImapEvent,
    input: {} as ImapContext,
    emitted: {} as ImapEmitted,
  },
  guards: {
    /** The command completed with OK. */
    accepted: ({ context, event }) => outcomeOf(context, event).reply.status === 'OK',
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) =>
      respond(enqueue, context, tagOf(event), outcomeOf(context, event)),
    ),
    refuse: enqueueActions(({ context, event, enqueue }, params: { reason: string }) => {
      const name = 'command' in event ? event.command.name : '';
      respond(enqueue, context, tagOf(event), {
        reply: bad(params.reason.replace('{command}', name)),
      });
    }),
    /** RFC 9051 §7.1.1: the greeting is an untagged OK, here with the capabilities. */
    greet: enqueueActions(({ enqueue }) => {
      enqueue.emit({
        type: 'imap.untagged',
        text: `OK [CAPABILITY ${CAPABILITIES}] IMAP4rev2 Service Ready`,
      });
    }),
    /** §7.1.5: the server says BYE before it closes the connection. */
    bye: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'imap.abort')
        enqueue.emit({ type: 'imap.untagged', text: `BYE ${event.text}` });
    }),
  },
}).createMachine({
  id: 'imap',
  context: ({ input }) => input,
  entry: 'greet',
  initial: 'notAuthenticated',
  on: {
    'imap.any': { actions: 'apply' },
    'imap.logout': { target: '.logout', actions: 'apply' },
    'imap.unknown': { actions: 'apply' },
    'imap.bad-line': { actions: 'apply' },
    'imap.abort': { target: '.logout', actions: 'bye' },
  },
  states: {
    notAuthenticated: {
      on: {
        'imap.login': onOk('authenticated'),
        'imap.authenticated': refuse(NEEDS_LOGIN),
        'imap.select': refuse(NEEDS_LOGIN),
        'imap.selected': refuse(NEEDS_LOGIN),
        'imap.close': refuse(NEEDS_LOGIN),
      },
    },
    authenticated: {
      on: {
        'imap.login': refuse('already logged in (RFC 9051 section 6.2)'),
        'imap.authenticated': { actions: 'apply' },
        'imap.select': onOk('selected'),
        'imap.selected': refuse(NEEDS_MAILBOX),
        'imap.close': refuse(NEEDS_MAILBOX),
      },
    },
    selected: {
      on: {
        'imap.login': refuse('already logged in (RFC 9051 section 6.2)'),
        'imap.authenticated': { actions: 'apply' },
        // A new SELECT closes the mailbox first; if it fails, none is selected (§6.3.2).
        // (Targetless on success: the compiled runner enters the root again on a self-target.)
        'imap.select': [
          { guard: 'accepted', actions: 'apply' },
          { target: 'authenticated', actions: 'apply' },
        ],
        'imap.selected': { actions: 'apply' },
        'imap.close': onOk('authenticated'),
      },
    },
    logout: { type: 'final' },
  },
});

/** The same machine compiled for running sessions (compiled.ts). */
export const compiledImapMachine = new CompiledMachine<ImapContext, ImapEvent, ImapEmitted>(
  imapMachine,
);
