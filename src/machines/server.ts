/**
 * The mail server as an XState machine. Its states and transitions are the
 * sequence rules (RFC 5321 §4.1.4 and §3.3, RFC 821 §4.1.1, RFC 780 §3.1),
 * written in terms of what each command does (its role: `begin` is MAIL, SEND,
 * SOML or SAML), so one machine serves every era. The dialect, given as
 * input, decides the few things that differ by era (is HELO required, what a
 * later HELO does); what each command answers is in its verb's room
 * (src/protocol/verbs/), with its syntax.
 *
 *   greeting --HELO/EHLO--> ready --MAIL--> transaction.mail --RCPT--> transaction.rcpt
 *      |        (MTP: no HELO)  ^ |                                       |
 *      |                        | +--MTP MAIL--> data <--------DATA-------+
 *      |                        +------------- end of data <-- data
 *      |                        +-- CONT/ABRT -- pending <-- MTP MAIL or MRCP with 151/152 (RFC 780)
 *   (connection opens: 220)     RSET / HELO / EHLO abort a transaction; QUIT closes.
 */
import { enqueueActions, setup } from 'xstate';
import { CompiledMachine } from './compiled.ts';
import type { Reply } from '../protocol/replies.ts';
import { helloVerbs } from '../protocol/dialects/index.ts';
import { isPositive, localize, reply } from '../protocol/replies.ts';
import { startsLater, waitsForCont } from '../protocol/verbs/cont.ts';
import { copyContext, initialContext, outcomeOf, respond } from './server-rules.ts';
import type { ServerContext, ServerEmitted, ServerEvent, ServerInput } from './types.ts';

export { initialContext, type Effects } from './server-rules.ts';

/** The command moves the session on when its reply is positive; otherwise the state stays (RFC 5321 §4.1.4). */
const inSequence = (target?: string) => [
  { guard: 'accepted' as const, ...(target ? { target } : {}), actions: 'apply' as const },
  { actions: 'apply' as const },
];
const outOfSequence = (reason: string) => ({
  actions: { type: 'outOfSequence' as const, params: { reason } },
});

/** HELO/EHLO after an accepted one, as the dialect says (RFC 5321 §4.1.4, RFC 788 §4.1.1, RFC 1869 §4.2). */
const laterHello = (resetTarget: string) => [
  {
    guard: 'laterHelloRefused' as const,
    ...outOfSequence('the session is already open (RFC 1869 section 4.2)'),
  },
  { guard: 'laterHelloAllowed' as const, actions: 'apply' as const },
  ...inSequence(resetTarget),
];

/** MTP's MAIL and MRCP: the text follows (354), a preliminary reply holds them (RFC 780 §3.1), or they end here. */
const mtpStep = [
  { guard: 'opensData' as const, target: '#smtp.data', actions: 'apply' as const },
  { guard: 'heldForConfirmation' as const, target: '#smtp.pending', actions: 'apply' as const },
  { actions: 'apply' as const },
];

/**
 * BDAT: the last chunk ends the transaction, others keep it in chunking (RFC
 * 3030 §2). A refused chunk that dropped the transaction (552 past the size
 * limit) ends it too: the sender must consider it failed, and chunks still in
 * the pipeline are read and discarded (503, out of sequence).
 */
const bdatStep = [
  { guard: 'lastChunk' as const, target: '#smtp.ready', actions: 'apply' as const },
  { guard: 'accepted' as const, target: '#smtp.transaction.chunking', actions: 'apply' as const },
  { guard: 'endsTransaction' as const, target: '#smtp.ready', actions: 'apply' as const },
  { actions: 'apply' as const },
];

export const serverMachine = setup({
  types: {
    context: {} as ServerContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
    emitted: {} as ServerEmitted,
  },
  // Written once, here: the compiled runner (compiled.ts) takes these from the machine.
  guards: {
    /** The handler's reply is positive (2yz/3yz): the command moves the session on. */
    accepted: ({ context, event }) => isPositive(outcomeOf(context, event).reply),
    /** The reply is 354: the message text comes next. */
    opensData: ({ context, event }) => outcomeOf(context, event).reply.code === 354,
    /** A 1yz reply: the sender must say CONT or ABRT (RFC 780 §3.1). */
    heldForConfirmation: ({ context, event }) => outcomeOf(context, event).reply.code < 200,
    /** Some RCPT was refused in this transaction (RFC 5321 §3.3, DATA with no valid recipients). */
    someRecipientRefused: ({ context }) => (context.envelope?.refused ?? 0) > 0,
    refused: ({ context }) => context.refusal !== null,
    /** 421 instead of 220: the server closes at once (RFC 5321 §3.8). */
    refusedClosing: ({ context }) => context.refusal?.code === 421,
    /** RFC 2920 §3.2 (4): this server says 354 anyway and refuses the content afterwards. */
    refusedAfterData: ({ context }) =>
      context.world.noValidRecipients === 'after-data' && (context.envelope?.refused ?? 0) > 0,
    /** The greeting is 120: the sender must say CONT or ABRT first (RFC 780 §5.3). */
    delayed: ({ context }) =>
      context.refusal === null &&
      startsLater(context.world, context.dialect) &&
      waitsForCont(context.dialect),
    /** The era has no HELO: the session is open once the greeting is sent (RFC 772, RFC 780). */
    noHello: ({ context }) => !context.dialect.helloRequired,
    laterHelloRefused: ({ context }) => context.dialect.laterHello === 'refuse',
    laterHelloAllowed: ({ context }) => context.dialect.laterHello === 'allow',
    /** A 334: the SASL exchange goes on (RFC 4954 §4). */
    challenged: ({ context, event }) => outcomeOf(context, event).reply.code === 334,
    /** BDAT ... LAST accepted: the message is complete (RFC 3030 §2). */
    lastChunk: ({ context, event }) =>
      isPositive(outcomeOf(context, event).reply) &&
      event.type === 'smtp.bdat' &&
      event.parsed.ok &&
      event.parsed.value.kind === 'bdat' &&
      event.parsed.value.last,
    /** The reply leaves no transaction (its patch clears the envelope). */
    endsTransaction: ({ context, event }) => {
      const patch = outcomeOf(context, event).patch;
      return patch !== undefined && 'envelope' in patch && patch.envelope === null;
    },
    /** RFC 788: MAIL clears the buffers and starts afresh; later eras refuse it with 503. */
    mailRestarts: ({ context }) => context.dialect.nestedMail === 'restart',
  },
  // Every action is an enqueueActions: its effects (assign, emit, raise) go
  // through `enqueue`, which the compiled runner provides too.
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) =>
      respond(enqueue, context, outcomeOf(context, event), event),
    ),
    /**
     * The store answered: the held reply goes out with the deliveries, or, if
     * the message could not be stored, 451 and nothing is delivered.
     */
    acknowledge: enqueueActions(({ context, event, enqueue }) => {
      const held = context.storing;
      if (event.type !== 'smtp.stored' || held === null) return;
      if (!event.ok) {
        enqueue.assign({ storing: null });
        return respond(enqueue, { ...context, storing: null }, { reply: reply('storageFailed') });
      }
      enqueue.assign({ storing: null, lastReply: held.reply, junk: 0 });
      enqueue.emit({ type: 'smtp.reply', reply: held.reply });
      for (const delivery of held.delivered) enqueue.emit({ type: 'smtp.delivered', delivery });
    }),
    outOfSequence: enqueueActions(({ context, enqueue }, params: { reason: string }) => {
      // "{hello}" is the era's opening verbs: HELO only before EHLO (RFC 1425, 1993).
      const reason = params.reason.replace('{hello}', helloVerbs(context.dialect));
      respond(enqueue, context, { reply: reply('badSequence', { reason }) });
    }),
    noValidRecipients: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, {
        reply:
          context.world.noValidRecipients === 554
            ? reply('noValidRecipients')
            : reply('badSequence', { reason: 'no valid recipients' }),
      }),
    ),
    /** The handshake is an event, not a reply: record the new TLS state without answering. */
    secure: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ ...outcomeOf(context, event).patch });
    }),
    greet: enqueueActions(({ context, enqueue }) => {
      // After a TLS handshake the session is back here without a new greeting (RFC 3207 §4.2).
      if (context.greeted) return;
      enqueue.assign({ greeted: true });
      const { world, dialect } = context;
      const ready = reply('greeting', { host: world.hostname });
      if (context.refusal || !startsLater(world, dialect))
        return respond(enqueue, context, { reply: context.refusal ?? ready });
      const later = reply('delayedGreeting', {
        host: world.hostname,
        minutes: String(world.delayedStart),
      });
      // RFC 780 §5.3: the sender answers the 120 with CONT or ABRT. RFC 772 has neither:
      // its receiver sends the 220 by itself once ready (here at once: no clock runs).
      if (waitsForCont(dialect)) respond(enqueue, context, { reply: later });
      else respond(enqueue, context, { preliminary: later, reply: ready });
    }),
    /**
     * A command after a 554 greeting gets 503 (RFC 5321 §3.1: SHOULD); after
     * 521 the server may repeat the 521 (RFC 7504 §3), which it does.
     */
    stillRefused: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, {
        reply:
          context.refusal?.code === 521
            ? context.refusal
            : reply('badSequence', { reason: 'this server takes no mail: only QUIT' }),
      }),
    ),
    /** CONT after a 120 greeting: the receiver is ready now (RFC 780 §5.3). */
    startNow: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, { reply: reply('greeting', { host: context.world.hostname }) }),
    ),
    /** ABRT after a 120 greeting: "201", and the sender may still QUIT, or CONT after all. */
    declineStart: enqueueActions(({ context, enqueue }) =>
      respond(enqueue, context, { reply: reply('actionAborted') }),
    ),
    /** The server closes with the reply it was given (timeout, too many errors, shutdown). */
    closeWith: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'smtp.abort') return;
      // respond() already sent the 421 that raised this event.
      if (context.lastReply !== event.reply) {
        const r = localize(event.reply, context.dialect.replies);
        enqueue.assign({ lastReply: r });
        enqueue.emit({ type: 'smtp.reply', reply: r });
      }
    }),
  },
}).createMachine({
  id: 'smtp',
  context: ({ input }) => initialContext(input),
  initial: 'greeting',
  // Commands accepted in every state (RFC 5321 §4.1.4: NOOP, HELP, EXPN, VRFY,
  // RSET need no EHLO first), and the defaults for commands out of sequence.
  on: {
    'smtp.query': { actions: 'apply' },
    'smtp.reset': { actions: 'apply' },
    'smtp.quit': inSequence('.closed'),
    'smtp.unknown': { actions: 'apply' },
    'smtp.bad-line': { actions: 'apply' },
    'smtp.abort': { target: '.closed', actions: 'closeWith' },
    'smtp.stored': { actions: 'acknowledge' },
    'smtp.begin': outOfSequence('send {hello} first'),
    'smtp.recipient': outOfSequence('send {hello} first'),
    'smtp.data': outOfSequence('send {hello} first'),
    'smtp.turn': outOfSequence('send HELO first'),
    'smtp.scheme': { actions: 'apply' },
    'smtp.mtp-recipient': { actions: 'apply' },
    'smtp.mtp-mail': outOfSequence('a mail action is already under way'),
    'smtp.continue': outOfSequence('no action is waiting for CONT'),
    'smtp.cancel': outOfSequence('no action is waiting for ABRT'),
    'smtp.starttls': outOfSequence('send EHLO first'),
    'smtp.auth': outOfSequence('send EHLO first'),
    // RFC 1985 §5: ETRN once the session is established, which takes HELO or EHLO here.
    'smtp.etrn': outOfSequence('send {hello} first'),
    // RFC 3030 §2: the chunk was read (and here discarded) all the same.
    'smtp.bdat': outOfSequence('need MAIL and RCPT before BDAT'),
  },
  states: {
    greeting: {
      entry: 'greet',
      always: [
        // A server that will not serve says so instead of 220: with 421 it closes (RFC 5321
        // §3.8); with 554 (§3.1) or 521 (RFC 7504 §3) it waits for the client's QUIT.
        { guard: 'refusedClosing', target: 'closed' },
        { guard: 'refused', target: 'refusing' },
        { guard: 'delayed', target: 'delayed' },
        { guard: 'noHello', target: 'ready' },
      ],
      on: {
        'smtp.hello': inSequence('ready'),
        // RFC 3207 §4 lists 220, 501 and 454 for STARTTLS, and RFC 5321 §4.1.4 requires
        // HELO/EHLO only before a mail transaction: a client may start TLS first.
        'smtp.starttls': inSequence('tls'),
      },
    },
    /** After 554 or 521 instead of 220: nothing but QUIT is served (RFC 5321 §3.1, RFC 7504 §3). */
    refusing: {
      on: {
        'smtp.quit': inSequence('closed'),
        'smtp.abort': { target: 'closed', actions: 'closeWith' },
        'smtp.*': { actions: 'stillRefused' },
      },
    },
    /** After "120 ... ready in nnn minutes": only CONT, ABRT and QUIT mean anything (RFC 780 §5.3). */
    delayed: {
      on: {
        'smtp.continue': { target: 'ready', actions: 'startNow' },
        'smtp.cancel': { actions: 'declineStart' },
        'smtp.quit': inSequence('closed'),
        'smtp.abort': { target: 'closed', actions: 'closeWith' },
        'smtp.unknown': { actions: 'apply' },
        'smtp.bad-line': { actions: 'apply' },
        'smtp.*': outOfSequence('the server is not ready yet: CONT to wait, ABRT not to'),
      },
    },
    ready: {
      on: {
        'smtp.hello': laterHello('ready'),
        'smtp.begin': inSequence('transaction'),
        'smtp.recipient': outOfSequence('need MAIL before RCPT'),
        'smtp.data': outOfSequence('need MAIL before DATA'),
        // RFC 821 §4.1.1: after its 250 the server is the sender; its receiving session is over.
        'smtp.turn': [
          { guard: 'accepted', target: 'closed', actions: 'apply' as const },
          { actions: 'apply' as const },
        ],
        'smtp.mtp-mail': mtpStep,
        'smtp.mtp-recipient': mtpStep,
        'smtp.starttls': inSequence('tls'),
        'smtp.etrn': { actions: 'apply' },
        'smtp.auth': [
          { guard: 'challenged', target: 'auth', actions: 'apply' as const },
          { actions: 'apply' as const },
        ],
      },
    },
    /** After `220 Ready to start TLS`: nothing is read until the handshake is done (RFC 3207 §4). */
    tls: {
      on: {
        'smtp.tls': { target: 'greeting', actions: 'secure' },
        'smtp.abort': { target: 'closed', actions: 'closeWith' },
        'smtp.*': {},
      },
    },
    /** A SASL exchange: each line is a response, not a command (RFC 4954 §4). */
    auth: {
      on: {
        'smtp.auth-response': [
          { guard: 'challenged', actions: 'apply' as const },
          { target: 'ready', actions: 'apply' as const },
        ],
        'smtp.abort': { target: 'closed', actions: 'closeWith' },
        'smtp.*': {},
      },
    },
    transaction: {
      initial: 'mail',
      on: {
        'smtp.hello': laterHello('ready'),
        'smtp.reset': inSequence('ready'),
        // RFC 5321 §4.1.4 / RFC 821 §4.1.1: MAIL must not be sent while a transaction is open.
        'smtp.begin': [
          { guard: 'mailRestarts', target: 'transaction', reenter: true, actions: 'apply' },
          outOfSequence('nested MAIL command'),
        ],
        'smtp.turn': outOfSequence('a mail transaction is open'),
        'smtp.starttls': outOfSequence('a mail transaction is open'),
        'smtp.etrn': outOfSequence('a mail transaction is open (RFC 1985 section 5)'),
        'smtp.auth': outOfSequence(
          'AUTH is not allowed during a mail transaction (RFC 4954 section 4)',
        ),
      },
      states: {
        mail: {
          on: {
            'smtp.recipient': inSequence('rcpt'),
            'smtp.data': [
              { guard: 'refusedAfterData', target: '#smtp.data', actions: 'apply' },
              { guard: 'someRecipientRefused', actions: 'noValidRecipients' },
              outOfSequence('need RCPT before DATA'),
            ],
            'smtp.bdat': [
              { guard: 'someRecipientRefused', actions: 'noValidRecipients' },
              outOfSequence('need RCPT before BDAT'),
            ],
          },
        },
        rcpt: {
          on: {
            'smtp.recipient': inSequence(),
            'smtp.data': inSequence('#smtp.data'),
            'smtp.bdat': bdatStep,
          },
        },
        /** BDAT chunks under way (RFC 3030 §2): more BDAT, or BDAT ... LAST. */
        chunking: {
          on: {
            'smtp.bdat': bdatStep,
            'smtp.recipient': outOfSequence('RCPT after BDAT'),
            'smtp.data': { actions: 'apply' as const },
          },
        },
      },
    },
    /** RFC 780 §3.1: a preliminary reply (151/152) holds the MAIL or MRCP until CONT or ABRT. */
    pending: {
      on: {
        'smtp.continue': [
          { guard: 'opensData', target: '#smtp.data', actions: 'apply' },
          { target: '#smtp.ready', actions: 'apply' },
        ],
        'smtp.cancel': { target: 'ready', actions: 'apply' },
        'smtp.query': outOfSequence('send CONT or ABRT'),
        'smtp.scheme': outOfSequence('send CONT or ABRT'),
        'smtp.mtp-recipient': outOfSequence('send CONT or ABRT'),
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

/**
 * The same machine compiled for running sessions (compiled.ts): its states,
 * transitions, guards and actions, without an XState macrostep per command.
 * test/machines/compiled.test.ts checks that both answer alike.
 */
export const compiledServerMachine = new CompiledMachine<ServerContext, ServerEvent, ServerEmitted>(
  serverMachine,
  copyContext,
);
export type { Reply };
