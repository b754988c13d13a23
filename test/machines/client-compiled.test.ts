/**
 * The client machine run two ways: by XState itself and by the compiled
 * runner the client uses (client-session.ts). Random reply streams (every
 * class, multi-line EHLO replies offering extensions, TLS handshakes,
 * timeouts, closed connections) for every era and client option; after each
 * event both must be in the same state, hold the same context and have
 * emitted the same events.
 */
import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { CompiledMachine, Runner } from '../../src/machines/compiled.ts';
import { clientMachine, initialClientContext } from '../../src/machines/client.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { DEFAULT_CLIENT_OPTIONS } from '../../src/protocol/client/outgoing.ts';
import type {
  ClientContext,
  ClientEmitted,
  ClientEvent,
  ClientInput,
} from '../../src/protocol/client/state.ts';
import { custom } from '../../src/protocol/replies.ts';

const CODES = [
  120, 151, 152, 211, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501,
  502, 503, 530, 535, 550, 554,
];
const EHLO = custom(250, [
  'mail.example.test',
  'PIPELINING',
  'SIZE 1000',
  'STARTTLS',
  'AUTH PLAIN LOGIN',
  'CHUNKING',
  '8BITMIME',
]);

const replyTo = (code: number): ClientEvent => ({
  type: 'client.reply',
  reply: custom(code, ['text']),
});
// Mostly the replies that move a session on, so streams reach its later states.
const event = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(220, 250, 250, 354, 235, 334, 221).map(replyTo) },
  { weight: 6, arbitrary: fc.constantFrom(...CODES).map(replyTo) },
  { weight: 2, arbitrary: fc.constant<ClientEvent>({ type: 'client.reply', reply: EHLO }) },
  { weight: 2, arbitrary: fc.constant<ClientEvent>({ type: 'client.tls' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<ClientEvent>({ type: 'client.timeout' }, { type: 'client.closed' }),
  },
);

const input = fc.record({
  era: fc.constantFrom(...(Object.keys(DIALECTS) as DialectId[])),
  to: fc.array(fc.constantFrom('bob@example.test', 'alice@example.test', 'x@elsewhere.invalid'), {
    minLength: 1,
    maxLength: 3,
  }),
  pipelining: fc.boolean(),
  chunking: fc.boolean(),
  starttls: fc.constantFrom('never', 'if-offered', 'required') as fc.Arbitrary<
    'never' | 'if-offered' | 'required'
  >,
  auth: fc.option(fc.constantFrom<'PLAIN' | 'LOGIN'>('PLAIN', 'LOGIN'), { nil: undefined }),
});

const compiled = new CompiledMachine<ClientContext, ClientEvent, ClientEmitted>(clientMachine);

/** Runs `events` through both; after each, the same state, status, context and emitted events. */
function agree(clientInput: ClientInput, events: readonly ClientEvent[], states: Set<string>) {
  const fromActor: ClientEmitted[] = [];
  const actor = createActor(clientMachine, { input: clientInput });
  actor.on('*', (e) => void fromActor.push(e as ClientEmitted));
  const fromRunner: ClientEmitted[] = [];
  const runner = new Runner(
    compiled,
    initialClientContext(clientInput),
    (e) => void fromRunner.push(e),
  );
  actor.start();
  runner.start({ type: 'xstate.init' } as unknown as ClientEvent);
  for (const e of events) {
    // A finished actor warns on every event it is sent; the runner ignores them too.
    if (actor.getSnapshot().status !== 'active') break;
    actor.send(e);
    runner.send(e);
    const snap = actor.getSnapshot();
    expect(runner.leaf.name).toBe(snap.value);
    expect(runner.status).toBe(snap.status);
    expect(runner.context).toEqual(snap.context);
    expect(fromRunner).toEqual(fromActor);
    states.add(runner.leaf.name);
  }
  actor.stop();
}

const inputOf = (
  era: DialectId,
  to: readonly string[],
  o: Partial<ClientInput['options']> = {},
): ClientInput => ({
  dialect: DIALECTS[era],
  message: { from: 'alice@example.test', to, text: 'Subject: x\r\n\r\n.dot\r\n' },
  options: { ...DEFAULT_CLIENT_OPTIONS, ...o },
});

/** Paths random streams seldom take to the end: BDAT, the group after MAIL failed, the text. */
const SCRIPTED: [ClientInput, ClientEvent[]][] = [
  [
    inputOf('rfc5321', ['bob@example.test'], { chunking: true, starttls: 'never' }),
    [
      replyTo(220),
      { type: 'client.reply', reply: EHLO },
      replyTo(250),
      replyTo(250),
      replyTo(250),
      replyTo(221),
    ],
  ],
  [
    inputOf('rfc5321', ['bob@example.test', 'x@elsewhere.invalid'], { starttls: 'never' }),
    [
      replyTo(220),
      { type: 'client.reply', reply: EHLO },
      replyTo(451),
      replyTo(503),
      replyTo(503),
      replyTo(503),
      replyTo(221),
    ],
  ],
  [
    inputOf('rfc821', ['bob@example.test']),
    [
      replyTo(220),
      replyTo(250),
      replyTo(250),
      replyTo(250),
      replyTo(354),
      replyTo(250),
      replyTo(221),
    ],
  ],
];

describe('the compiled client agrees with the XState client machine', () => {
  it('state, context and emitted events after every event', () => {
    const states = new Set<string>();
    for (const [i, events] of SCRIPTED) agree(i, events, states);
    fc.assert(
      fc.property(input, fc.array(event, { maxLength: 40 }), (i, events) => {
        agree(
          inputOf(i.era, i.to, {
            pipelining: i.pipelining,
            chunking: i.chunking,
            starttls: i.starttls,
            ...(i.auth
              ? { auth: { user: 'alice', password: 'wonderland', mechanism: i.auth } }
              : {}),
          }),
          events,
          states,
        );
      }),
      { numRuns: 600, seed: 20261207 },
    );
    // The streams went through the whole machine, not only its first states.
    expect([...states].sort()).toEqual(
      [
        'auth',
        'chunk',
        'data',
        'done',
        'draining',
        'greeting',
        'handshake',
        'hello',
        'mail',
        'mtp',
        'mtpText',
        'quit',
        'rcpt',
        'starttls',
        'text',
      ].sort(),
    );
  });
});
