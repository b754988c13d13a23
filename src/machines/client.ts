/**
 * The SMTP client as a machine (the server's counterpart, server.ts): an MUA
 * submitting or an MTA relaying, in every era that has a sender: MTP's
 * one-recipient MAIL (RFC 772, 780), HELO sessions (RFC 788, 821, 1123) and
 * EHLO with its extensions (RFC 1869, 5321). The machine only sequences: what
 * each step sends and what a reply means are in protocol/client/. Run by the
 * same compiled runner as the server (client-session.ts).
 */
import { enqueueActions, setup } from 'xstate';
import type { Reply } from '../protocol/replies.ts';
import { messageLines } from '../protocol/client/outgoing.ts';
import { cite, replyClassOf } from '../protocol/client/judge.ts';
import type {
  ClientContext,
  ClientEmitted,
  ClientEvent,
  ClientInput,
} from '../protocol/client/state.ts';
import * as step from '../protocol/client/steps.ts';

const replyOf = (event: ClientEvent): Reply | null =>
  event.type === 'client.reply' ? event.reply : null;
const code = (event: ClientEvent) => replyOf(event)?.code ?? 0;

export function initialClientContext(input: ClientInput): ClientContext {
  return {
    ...input,
    lines: messageLines(input.message.text),
    extensions: null,
    hello: null,
    tls: false,
    authed: false,
    tlsRefused: false,
    authStep: 0,
    pipelined: false,
    rcpt: 0,
    skip: 0,
    accepted: [],
    delivered: [],
    refused: [],
    deferred: [],
    final: null,
    ended: null,
  };
}

/** Every reply state: a 421 means the server is closing the connection (RFC 5321 §3.8). */
const closing = {
  guard: 'closing' as const,
  target: '#client.done',
  actions: 'serverClosing' as const,
};

export const clientMachine = setup({
  types: {
    context: {} as ClientContext,
    events: {} as ClientEvent,
    input: {} as ClientInput,
    emitted: {} as ClientEmitted,
  },
  guards: {
    positive: ({ event }) => replyClassOf(code(event)) === 'positive',
    intermediate: ({ event }) => replyClassOf(code(event)) === 'intermediate',
    preliminary: ({ event }) => replyClassOf(code(event)) === 'preliminary',
    closing: ({ event }) => code(event) === 421,
    /** RFC 780 §5.3: 120 at connection, the sender says CONT to wait for the 220. */
    delayedStart: ({ event }) => code(event) === 120,
    /** RFC 1869 §4.5-4.6: any error to EHLO, and the client may say HELO instead. */
    ehloRefused: ({ context, event }) => context.hello === 'EHLO' && code(event) >= 500,
    noHello: ({ context }) => !context.dialect.helloRequired,
    wantsTls: ({ context }) =>
      context.options.starttls !== 'never' &&
      !context.tls &&
      !context.tlsRefused &&
      step.offers(context, 'STARTTLS'),
    tlsMissing: ({ context }) => context.options.starttls === 'required' && !context.tls,
    tlsRequired: ({ context }) => context.options.starttls === 'required',
    wantsAuth: ({ context }) =>
      context.options.auth !== undefined && !context.authed && step.offers(context, 'AUTH'),
    authMissing: ({ context }) => context.options.auth !== undefined && !context.authed,
    challenged: ({ event }) => code(event) === 334,
    mtp: ({ context }) => !context.dialect.helloRequired,
    pipelined: ({ context }) => context.pipelined,
    moreRecipients: ({ context }) => context.rcpt + 1 < context.message.to.length,
    /** The last RCPT's reply: some recipient (this one too) was taken. */
    someTaken: ({ context, event }) =>
      context.accepted.length > 0 || replyClassOf(code(event)) === 'positive',
    /** DATA went in the group: its reply must be read whatever came before (RFC 2920 §3.1). */
    dataInGroup: ({ context }) => context.pipelined && !step.chunking(context),
    /** The last RCPT's reply, CHUNKING in use, some recipient taken: the message goes by BDAT. */
    chunkSomeTaken: ({ context, event }) =>
      step.chunking(context) &&
      (context.accepted.length > 0 || replyClassOf(code(event)) === 'positive'),
    moreToSkip: ({ context }) => context.skip > 1,
  },
  actions: {
    sayCont: enqueueActions(({ context, enqueue }) => {
      // RFC 772 has no CONT: its receiver sends the 220 by itself when ready.
      if (!context.dialect.commands.some((c) => c.verb === 'CONT')) {
        enqueue.emit(
          step.note(
            '120: the server will be ready later and says 220 then; the client waits.',
            'RFC 772 "Sequencing of Commands and Replies", p. 22',
          ),
        );
        return;
      }
      enqueue.emit(
        step.note(
          '120: the server will be ready later; CONT says the client waits.',
          'RFC 780 §5.3',
        ),
      );
      enqueue.emit(step.send('CONT'));
    }),
    greetingRefused: enqueueActions(({ context, event, enqueue }) =>
      enqueue.emit(
        step.note(
          `The server will not take mail (${code(event)} instead of 220): say QUIT and leave.`,
          cite(context.dialect, 'RFC 5321 §3.1'),
        ),
      ),
    ),
    sayHello: enqueueActions(({ context, enqueue }) => {
      if (!context.dialect.helloRequired) return;
      const h = step.hello(context);
      enqueue.assign({ hello: h.verb });
      enqueue.emit(h.note);
      enqueue.emit(h.send);
    }),
    greeted: enqueueActions(({ context, event, enqueue }) => {
      if (context.hello !== 'EHLO') return;
      const learned = step.learnExtensions(context, replyOf(event)!);
      enqueue.assign({ extensions: learned.extensions });
      enqueue.emit(learned.note);
    }),
    fallBackToHelo: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ hello: 'HELO', extensions: null });
      enqueue.emit(
        step.note(
          `EHLO got ${code(event)}: an older server. Say HELO and go on without extensions.`,
          'RFC 1869 §4.6',
        ),
      );
    }),
    helloRefused: enqueueActions(({ context, event, enqueue }) =>
      enqueue.emit(
        step.note(
          `The opening command got ${code(event)}: no mail can go. QUIT.`,
          cite(context.dialect, 'RFC 5321 §4.1.1.1', 'RFC 821 §4.1.1'),
        ),
      ),
    ),
    sayStarttls: enqueueActions(({ enqueue }) => {
      enqueue.emit(
        step.note('STARTTLS is offered: encrypt the session before anything else.', 'RFC 3207 §4'),
      );
      enqueue.emit(step.send('STARTTLS'));
    }),
    beginTls: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'client.starttls' })),
    secured: enqueueActions(({ enqueue }) => {
      // RFC 3207 §4.2: what the server said before TLS is forgotten; EHLO again.
      enqueue.assign({ tls: true, extensions: null, hello: null });
      enqueue.emit(
        step.note(
          'TLS is on: forget what the server said before and greet it again.',
          'RFC 3207 §4.2',
        ),
      );
    }),
    tlsRefused: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ tlsRefused: true });
      enqueue.emit(
        step.note(
          context.options.starttls === 'required'
            ? `STARTTLS got ${code(event)} and TLS is required: nothing goes in the clear. QUIT.`
            : `STARTTLS got ${code(event)}: go on without TLS.`,
          'RFC 3207 §4',
        ),
      );
    }),
    noTls: enqueueActions(({ enqueue }) =>
      enqueue.emit(
        step.note('TLS is required and the server does not offer STARTTLS: QUIT.', 'RFC 3207 §4'),
      ),
    ),
    sayAuth: enqueueActions(({ context, enqueue }) => {
      enqueue.emit(step.note('AUTH is offered: log in before MAIL.', 'RFC 4954 §4'));
      enqueue.emit(step.authStart(context));
    }),
    answerAuth: enqueueActions(({ context, enqueue }) => {
      enqueue.emit(step.authAnswer(context));
      enqueue.assign({ authStep: context.authStep + 1 });
    }),
    authed: enqueueActions(({ enqueue }) => {
      enqueue.assign({ authed: true });
      enqueue.emit(step.note('Logged in (235).', 'RFC 4954 §6'));
    }),
    authFailed: enqueueActions(({ event, enqueue }) =>
      enqueue.emit(
        step.note(`AUTH got ${code(event)}: not logged in, no mail can go. QUIT.`, 'RFC 4954 §6'),
      ),
    ),
    noAuth: enqueueActions(({ enqueue }) =>
      enqueue.emit(
        step.note(
          'Credentials were given but the server offers no AUTH here: QUIT.',
          'RFC 4954 §4',
        ),
      ),
    ),
    sayMail: enqueueActions(({ context, enqueue }) => {
      const start = step.startTransaction(context);
      enqueue.assign({ pipelined: start.pipelined, rcpt: 0, accepted: [] });
      enqueue.emit(start.note);
      enqueue.emit(start.send);
    }),
    mailRefused: enqueueActions(({ context, event, enqueue }) => {
      const r = replyOf(event)!;
      const cls = replyClassOf(r.code);
      const failed = context.message.to.map((to) => ({
        to,
        code: r.code,
        text: r.lines.join(' '),
      }));
      enqueue.assign(cls === 'transient' ? { deferred: failed } : { refused: failed });
      // The rest of the group still gets its replies: read and count them (RFC 2920 §3.1).
      if (context.pipelined)
        enqueue.assign({ skip: context.message.to.length + (step.chunking(context) ? 0 : 1) });
      enqueue.emit(
        step.note(
          `MAIL got ${r.code}: the transaction did not start.`,
          cite(context.dialect, 'RFC 5321 §4.1.1.2'),
        ),
      );
    }),
    sayRcpt: enqueueActions(({ context, enqueue }) => {
      if (!context.pipelined)
        enqueue.emit(step.send(`RCPT TO:<${context.message.to[context.rcpt]}>`));
    }),
    recipient: enqueueActions(({ context, event, enqueue }) => {
      const r = step.recordRecipient(context, replyOf(event)!);
      enqueue.assign(r.patch);
      enqueue.emit(r.note);
    }),
    noneTaken: enqueueActions(({ context, enqueue }) =>
      enqueue.emit(
        step.note('No recipient was taken: no DATA. QUIT.', cite(context.dialect, 'RFC 5321 §3.3')),
      ),
    ),
    sayData: enqueueActions(({ context, enqueue }) => {
      if (!context.pipelined) enqueue.emit(step.send('DATA'));
    }),
    sendText: enqueueActions(({ context, enqueue }) => {
      const t = step.messageText(context);
      enqueue.emit(t.note);
      enqueue.emit(t.send);
    }),
    dataRefused: enqueueActions(({ context, event, enqueue }) => {
      const r = replyOf(event)!;
      const failed = context.accepted.map((to) => ({ to, code: r.code, text: r.lines.join(' ') }));
      enqueue.assign(
        replyClassOf(r.code) === 'transient'
          ? { deferred: [...context.deferred, ...failed], accepted: [] }
          : { refused: [...context.refused, ...failed], accepted: [] },
      );
      enqueue.emit(
        step.note(
          `DATA got ${r.code}: the message cannot go. QUIT.`,
          cite(context.dialect, 'RFC 5321 §4.1.1.4'),
        ),
      );
    }),
    sayBdat: enqueueActions(({ context, enqueue }) => {
      const b = step.bdat(context);
      enqueue.emit(b.note);
      enqueue.emit(b.send);
    }),
    finished: enqueueActions(({ context, event, enqueue }) => {
      const f = step.finishMessage(context, replyOf(event)!);
      enqueue.assign(f.patch);
      enqueue.emit(f.note);
    }),
    skipOne: enqueueActions(({ context, enqueue }) => enqueue.assign({ skip: context.skip - 1 })),
    sayMtpMail: enqueueActions(({ context, enqueue }) => {
      const m = step.mtpMail(context);
      enqueue.emit(m.note);
      enqueue.emit(m.send);
    }),
    /** 151/152 (RFC 780 §3.1): the sender accepts the forwarding with CONT; RFC 772's 354 follows at once. */
    confirmForward: enqueueActions(({ context, event, enqueue }) => {
      if (context.dialect.preliminary !== 'confirm') {
        enqueue.emit(
          step.note(
            `${code(event)}: the mail will be forwarded; the 354 follows.`,
            `RFC ${context.dialect.rfc}`,
          ),
        );
        return;
      }
      enqueue.emit(
        step.note(
          `${code(event)}: the server offers to forward the mail; CONT accepts.`,
          'RFC 780 §3.1',
        ),
      );
      enqueue.emit(step.send('CONT'));
    }),
    mtpTaken: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ accepted: [context.message.to[context.rcpt]!] });
    }),
    mtpFinished: enqueueActions(({ context, event, enqueue }) => {
      const f = step.finishMessage(context, replyOf(event)!);
      enqueue.assign({ ...f.patch, rcpt: context.rcpt + 1 });
      enqueue.emit(f.note);
    }),
    sayQuit: enqueueActions(({ enqueue }) => enqueue.emit(step.send('QUIT'))),
    serverClosing: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ ended: `the server closed the session (${code(event)})` });
      enqueue.emit(
        step.note(
          `${code(event)}: the server is closing the connection; what is not done is tried later.`,
          cite(context.dialect, 'RFC 5321 §3.8', step.codes(context)),
        ),
      );
    }),
    lost: enqueueActions(({ context, enqueue }) => {
      if (context.ended === null) enqueue.assign({ ended: 'the connection closed' });
    }),
    timedOut: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ ended: 'no reply in time' });
      enqueue.emit(
        step.note(
          'No reply in time: give up this session; the mail is tried again later.',
          cite(context.dialect, 'RFC 5321 §4.5.3.2', 'RFC 1123 §5.3.2'),
        ),
      );
    }),
    close: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'client.close' })),
  },
}).createMachine({
  id: 'client',
  context: ({ input }) => initialClientContext(input),
  initial: 'greeting',
  on: {
    'client.closed': { target: '.done', actions: 'lost' },
    'client.timeout': { target: '.done', actions: 'timedOut' },
  },
  states: {
    greeting: {
      on: {
        'client.reply': [
          closing,
          { guard: 'delayedStart', actions: 'sayCont' },
          { guard: 'positive', target: 'hello' },
          { target: 'quit', actions: 'greetingRefused' },
        ],
      },
    },
    hello: {
      entry: 'sayHello',
      always: { guard: 'noHello', target: 'ready' },
      on: {
        'client.reply': [
          closing,
          { guard: 'positive', target: 'ready', actions: 'greeted' },
          { guard: 'ehloRefused', target: 'hello', reenter: true, actions: 'fallBackToHelo' },
          { target: 'quit', actions: 'helloRefused' },
        ],
      },
    },
    ready: {
      always: [
        { guard: 'wantsTls', target: 'starttls' },
        { guard: 'tlsMissing', target: 'quit', actions: 'noTls' },
        { guard: 'wantsAuth', target: 'auth' },
        { guard: 'authMissing', target: 'quit', actions: 'noAuth' },
        { guard: 'mtp', target: 'mtp' },
        { target: 'mail' },
      ],
    },
    starttls: {
      entry: 'sayStarttls',
      on: {
        'client.reply': [
          closing,
          { guard: 'positive', target: 'handshake', actions: 'beginTls' },
          { guard: 'tlsRequired', target: 'quit', actions: 'tlsRefused' },
          { target: 'ready', actions: 'tlsRefused' },
        ],
      },
    },
    handshake: { on: { 'client.tls': { target: 'hello', actions: 'secured' } } },
    auth: {
      entry: 'sayAuth',
      on: {
        'client.reply': [
          closing,
          { guard: 'positive', target: 'ready', actions: 'authed' },
          { guard: 'challenged', actions: 'answerAuth' },
          { target: 'quit', actions: 'authFailed' },
        ],
      },
    },
    mail: {
      entry: 'sayMail',
      on: {
        'client.reply': [
          closing,
          { guard: 'positive', target: 'rcpt' },
          { guard: 'pipelined', target: 'draining', actions: 'mailRefused' },
          { target: 'quit', actions: 'mailRefused' },
        ],
      },
    },
    rcpt: {
      entry: 'sayRcpt',
      on: {
        'client.reply': [
          closing,
          { guard: 'moreRecipients', target: 'rcpt', reenter: true, actions: 'recipient' },
          { guard: 'chunkSomeTaken', target: 'chunk', actions: 'recipient' },
          { guard: 'someTaken', target: 'data', actions: 'recipient' },
          { guard: 'dataInGroup', target: 'data', actions: 'recipient' },
          { target: 'quit', actions: ['recipient', 'noneTaken'] },
        ],
      },
    },
    data: {
      entry: 'sayData',
      on: {
        'client.reply': [
          closing,
          { guard: 'intermediate', target: 'text', actions: 'sendText' },
          { target: 'quit', actions: 'dataRefused' },
        ],
      },
    },
    text: { on: { 'client.reply': [closing, { target: 'quit', actions: 'finished' }] } },
    chunk: {
      entry: 'sayBdat',
      on: { 'client.reply': [closing, { target: 'quit', actions: 'finished' }] },
    },
    draining: {
      on: {
        'client.reply': [
          closing,
          { guard: 'moreToSkip', actions: 'skipOne' },
          { target: 'quit', actions: 'skipOne' },
        ],
      },
    },
    mtp: {
      entry: 'sayMtpMail',
      on: {
        'client.reply': [
          closing,
          { guard: 'preliminary', actions: 'confirmForward' },
          { guard: 'intermediate', target: 'mtpText', actions: ['mtpTaken', 'sendText'] },
          { guard: 'moreRecipients', target: 'mtp', reenter: true, actions: 'recipient' },
          { target: 'quit', actions: 'recipient' },
        ],
      },
    },
    mtpText: {
      on: {
        'client.reply': [
          closing,
          { guard: 'moreRecipients', target: 'mtp', reenter: true, actions: 'mtpFinished' },
          { target: 'quit', actions: 'mtpFinished' },
        ],
      },
    },
    quit: {
      entry: 'sayQuit',
      on: { 'client.reply': { target: 'done' } },
    },
    done: { type: 'final', entry: 'close' },
  },
});
