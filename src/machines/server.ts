/**
 * The SMTP server as an XState machine. The states and their transitions are
 * the sequence rules of RFC 5321 §4.1.4 and §3.3: which command is accepted
 * where, and where it leads. What each command answers is in handlers.ts;
 * the syntax of each command is in src/protocol.
 *
 *   greeting --HELO/EHLO--> ready --MAIL--> transaction.mail --RCPT--> transaction.rcpt
 *      ^                      ^                                            |
 *      |                      +------------- end of data <-- data <--DATA--+
 *   (connection opens: 220)        RSET / HELO / EHLO abort a transaction; QUIT closes.
 */
import { enqueueActions, setup } from 'xstate';
import { isPositive, reply, type Reply } from '../protocol/replies.ts';
import { HANDLERS, content, type Outcome } from './handlers.ts';
import type {
  CommandEvent,
  ServerContext,
  ServerEmitted,
  ServerEvent,
  ServerInput,
} from './types.ts';

// Guards and actions of one transition see the same (context, event) pair:
// compute each handler's outcome once for both.
const outcomes = new WeakMap<object, WeakMap<object, Outcome>>();

function outcomeOf(context: ServerContext, event: ServerEvent): Outcome {
  let byEvent = outcomes.get(context);
  if (!byEvent) outcomes.set(context, (byEvent = new WeakMap()));
  let outcome = byEvent.get(event);
  if (!outcome) {
    outcome = compute(context, event);
    byEvent.set(event, outcome);
  }
  return outcome;
}

function compute(context: ServerContext, event: ServerEvent): Outcome {
  switch (event.type) {
    case 'smtp.content':
      return content(context, event);
    case 'smtp.unknown':
      return { reply: reply('unrecognized') };
    case 'smtp.bad-line':
    case 'smtp.abort':
      return { reply: event.reply };
    default: {
      const handler = HANDLERS[(event as CommandEvent).command.verb];
      if (!handler) return { reply: reply('notImplemented') };
      return handler(context, event as CommandEvent);
    }
  }
}

type Enqueue = Parameters<
  Parameters<
    typeof enqueueActions<
      ServerContext,
      ServerEvent,
      undefined,
      ServerEvent,
      never,
      never,
      never,
      never,
      ServerEmitted
    >
  >[0]
>[0]['enqueue'];

/** Sends one reply: every command gets exactly one (RFC 5321 §4.2). */
function respond(enqueue: Enqueue, context: ServerContext, outcome: Outcome) {
  let { reply: r } = outcome;
  const errors = context.errors + (r.code >= 400 ? 1 : 0);
  // Past the error budget the server gives up: 421 may answer any command (§4.2.2).
  const giveUp = r.code >= 400 && r.code !== 421 && errors >= context.world.maxErrors;
  if (giveUp) r = reply('closingTooManyErrors', { host: context.world.hostname });
  enqueue.assign({ ...outcome.patch, errors, lastReply: r });
  enqueue.emit({ type: 'smtp.reply', reply: r });
  if (outcome.delivered && !giveUp)
    enqueue.emit({ type: 'smtp.delivered', delivery: outcome.delivered });
  if (giveUp) enqueue.raise({ type: 'smtp.abort', reply: r });
}

const inSequence = (target?: string) => [
  { guard: 'accepted' as const, ...(target ? { target } : {}), actions: 'apply' as const },
  { actions: 'apply' as const },
];
const outOfSequence = (reason: string) => ({
  actions: { type: 'outOfSequence' as const, params: { reason } },
});

export const serverMachine = setup({
  types: {
    context: {} as ServerContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
    emitted: {} as ServerEmitted,
  },
  guards: {
    /** The handler's reply is positive (2yz/3yz): the command moves the session on. */
    accepted: ({ context, event }) => isPositive(outcomeOf(context, event).reply),
    refused: ({ context }) => context.refusal !== null,
    /** Some RCPT was refused in this transaction (RFC 5321 §3.3, DATA with no valid recipients). */
    someRecipientRefused: ({ context }) => (context.envelope?.refused ?? 0) > 0,
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) =>
      respond(enqueue, context, outcomeOf(context, event)),
    ),
    outOfSequence: enqueueActions(({ context, enqueue }, params: { reason: string }) =>
      respond(enqueue, context, { reply: reply('badSequence', { reason: params.reason }) }),
    ),
    noValidRecipients: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, {
        reply:
          context.world.noValidRecipients === 554
            ? reply('noValidRecipients')
            : reply('badSequence', { reason: 'no valid recipients' }),
      }),
    ),
    greet: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, {
        reply: context.refusal ?? reply('greeting', { host: context.world.hostname }),
      }),
    ),
    /** The server closes with the reply it was given (timeout, too many errors, shutdown). */
    closeWith: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'smtp.abort') return;
      // respond() already sent the 421 that raised this event.
      if (context.lastReply !== event.reply) {
        enqueue.assign({ lastReply: event.reply });
        enqueue.emit({ type: 'smtp.reply', reply: event.reply });
      }
    }),
  },
}).createMachine({
  id: 'smtp',
  context: ({ input }) => ({
    world: input.world,
    dialect: input.dialect,
    client: { address: input.clientAddress, name: null, hello: null },
    envelope: null,
    mailbox: [],
    errors: 0,
    accepted: 0,
    lastReply: null,
    refusal: input.refusal ?? null,
    idPrefix: input.idPrefix ?? '',
  }),
  initial: 'greeting',
  // Commands accepted in every state (§4.1.4: NOOP, HELP, EXPN, VRFY, RSET
  // need no EHLO first), and the defaults for commands out of sequence.
  on: {
    'smtp.noop': { actions: 'apply' },
    'smtp.help': { actions: 'apply' },
    'smtp.vrfy': { actions: 'apply' },
    'smtp.expn': { actions: 'apply' },
    'smtp.rset': { actions: 'apply' },
    'smtp.quit': inSequence('.closed'),
    'smtp.unknown': { actions: 'apply' },
    'smtp.bad-line': { actions: 'apply' },
    'smtp.abort': { target: '.closed', actions: 'closeWith' },
  },
  states: {
    greeting: {
      entry: 'greet',
      // A server that will not serve says so instead of 220, then closes (§3.1).
      always: { guard: 'refused', target: 'closed' },
      on: {
        'smtp.helo': inSequence('ready'),
        'smtp.ehlo': inSequence('ready'),
        // §4.1.1.1 and §4.1.4: a mail transaction needs HELO/EHLO first.
        'smtp.mail': outOfSequence('send HELO or EHLO first'),
        'smtp.rcpt': outOfSequence('send HELO or EHLO first'),
        'smtp.data': outOfSequence('send HELO or EHLO first'),
      },
    },
    ready: {
      on: {
        // §4.1.4: a later HELO/EHLO resets the state as RSET does.
        'smtp.helo': inSequence('ready'),
        'smtp.ehlo': inSequence('ready'),
        'smtp.mail': inSequence('transaction'),
        'smtp.rcpt': outOfSequence('need MAIL before RCPT'),
        'smtp.data': outOfSequence('need MAIL before DATA'),
      },
    },
    transaction: {
      initial: 'mail',
      on: {
        'smtp.helo': inSequence('ready'),
        'smtp.ehlo': inSequence('ready'),
        'smtp.rset': inSequence('ready'),
        // §4.1.4: MAIL must not be sent while a transaction is open.
        'smtp.mail': outOfSequence('nested MAIL command'),
      },
      states: {
        mail: {
          on: {
            'smtp.rcpt': inSequence('rcpt'),
            'smtp.data': [
              { guard: 'someRecipientRefused', actions: 'noValidRecipients' },
              outOfSequence('need RCPT before DATA'),
            ],
          },
        },
        rcpt: {
          on: {
            'smtp.rcpt': inSequence(),
            'smtp.data': inSequence('#smtp.data'),
          },
        },
      },
    },
    data: {
      on: {
        // Content ends the transaction whether it is accepted or refused.
        'smtp.content': { target: 'ready', actions: 'apply' },
        'smtp.abort': { target: 'closed', actions: 'closeWith' },
        // While content arrives, no command is read (the framer holds them).
        'smtp.*': {},
      },
    },
    closed: { type: 'final' },
  },
});

export type ServerMachine = typeof serverMachine;
export type { Reply };
