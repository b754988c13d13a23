/**
 * The compiled runner (src/machines/compiled.ts) against the XState machine it
 * is compiled from: random event streams (command lines of every role, message
 * content, TLS handshakes, SASL lines, aborts, bad lines) go through a real
 * XState actor of `serverMachine` and through `compiledServerMachine`, for
 * every dialect and every port profile. After each event both must have
 * emitted the same replies and deliveries, be in the same state with the same
 * status, and hold the same context.
 */
import fc from 'fast-check';
import { createActor, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { CompiledMachine, Runner } from '../../src/machines/compiled.ts';
import { compiledServerMachine, initialContext, serverMachine } from '../../src/machines/server.ts';
import { copyContext } from '../../src/machines/server-rules.ts';
import { createSession, simulatedTls } from '../../src/machines/session.ts';
import type {
  ServerContext,
  ServerEmitted,
  ServerEvent,
  ServerInput,
} from '../../src/machines/types.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { PROFILES } from '../../src/protocol/profiles.ts';
import { reply, type ReplyId } from '../../src/protocol/replies.ts';
import { makeWorld, type World } from '../../src/protocol/world.ts';

const NOW = new Date(Date.UTC(2026, 10, 29, 12, 0, 0));
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

const LINES = [
  'HELO client.test',
  'EHLO client.test',
  'EHLO',
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<alice@example.test> SIZE=100 BODY=8BITMIME',
  'MAIL FROM:<> RET=FULL ENVID=x',
  'MAIL FROM:<alice@example.test> BODY=BINARYMIME',
  'MAIL FROM:<w@client.test> TO:<alice@example.test>',
  'MAIL FROM:<w@client.test> TO:<carol@example.test>',
  'MAIL FROM:<w@client.test>',
  'MAIL FROM:alice',
  'SEND FROM:<alice@example.test>',
  'SOML FROM:<alice@example.test>',
  'SAML FROM:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE',
  'RCPT TO:<alice@example.test>',
  'RCPT TO:<postmaster>',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<someone@elsewhere.test>',
  'RCPT TO:<carol@example.test>',
  'RCPT TO:<@relay.test:bob@example.test>',
  'RCPT bob',
  'DATA',
  'DATA x',
  'BDAT 5',
  'BDAT 3 LAST',
  'BDAT x',
  'RSET',
  'NOOP',
  'VRFY bob',
  'EXPN staff',
  'HELP',
  'TURN',
  'QUIT',
  'STARTTLS',
  `AUTH PLAIN ${b64('\0alice\0wonderland')}`,
  'AUTH PLAIN',
  'AUTH LOGIN',
  'AUTH CRAM-MD5',
  'AUTH PLAIN bad',
  'MRSQ R',
  'MRSQ T',
  'MRSQ',
  'MRSQ ?',
  'MRCP TO:<alice@example.test>',
  'MRCP TO:<carol@example.test>',
  'CONT',
  'ABRT',
  'XYZZY',
  '',
];

type EventMaker = (parse: (line: string) => ServerEvent, host: string) => ServerEvent;

const content = (text: string, extra: Partial<{ overflow: boolean; longLines: number }> = {}) => {
  const bytes = new TextEncoder().encode(text);
  return {
    type: 'smtp.content' as const,
    data: {
      content: [bytes],
      size: bytes.length,
      overflow: false,
      longLines: 0,
      bareLfLines: 0,
      unstuffed: 0,
      ...extra,
    },
    at: NOW,
  };
};

const line =
  (l: string): EventMaker =>
  (parse) =>
    withChunk(parse(l));

const eventArb: fc.Arbitrary<EventMaker> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...LINES).map((l) => line(l)) },
  {
    weight: 2,
    arbitrary: fc
      .string({ maxLength: 12 })
      .map((s) => (parse: (line: string) => ServerEvent) => parse(s)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom<EventMaker>(
      () => content('Subject: x\r\n\r\nhello\r\n'),
      () => content('caf\u00e9\r\n'),
      () => content('x\r\n', { overflow: true }),
      () => content('x\r\n', { longLines: 1 }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom<EventMaker>(
      () => ({ type: 'smtp.auth-response', line: b64('alice'), at: NOW }),
      () => ({ type: 'smtp.auth-response', line: b64('wonderland'), at: NOW }),
      () => ({ type: 'smtp.auth-response', line: b64('\0bob\0builder'), at: NOW }),
      () => ({ type: 'smtp.auth-response', line: '*', at: NOW }),
      () => ({ type: 'smtp.auth-response', line: '!!', at: NOW }),
    ),
  },
  {
    // A lesson's faults: a command answered by a scripted reply, sometimes closing (421).
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...LINES),
        fc.constantFrom<[ReplyId, boolean]>(
          ['tooManyRecipients', false],
          ['localError', false],
          ['closingShutdown', true],
        ),
      )
      .map(([l, [id, close]]): EventMaker => (parse, host) => {
        const event = withChunk(parse(l));
        return 'command' in event
          ? { ...event, scripted: { reply: reply(id, { host }), close } }
          : event;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<EventMaker>(
      (_, host) => ({ type: 'smtp.tls', info: simulatedTls(host) }),
      (_, host) => ({ type: 'smtp.abort', reply: reply('closingTimeout', { host }) }),
      () => ({ type: 'smtp.bad-line', reply: reply('lineTooLong') }),
    ),
  },
  {
    // The store's answer to smtp.store (the 250 waits for it, RFC 5321 §6.1), or a stray one.
    weight: 3,
    arbitrary: fc.constantFrom<EventMaker>(
      () => ({ type: 'smtp.stored', ok: true }),
      () => ({ type: 'smtp.stored', ok: false }),
    ),
  },
);

/** Typical openings, so the streams reach every state often (a random stream seldom would). */
const PHRASES: readonly EventMaker[][] = [
  ['EHLO client.test', 'MAIL FROM:<alice@example.test>', 'RCPT TO:<bob@example.test>'].map(line),
  [
    'EHLO client.test',
    'MAIL FROM:<alice@example.test>',
    'RCPT TO:<bob@example.test>',
    'BDAT 5',
  ].map(line),
  ['EHLO client.test', 'AUTH LOGIN'].map(line),
  [
    line('EHLO client.test'),
    line('STARTTLS'),
    (_, host) => ({ type: 'smtp.tls', info: simulatedTls(host) }),
    line('EHLO client.test'),
    line(`AUTH PLAIN ${b64('\0alice\0wonderland')}`),
  ],
  ['MAIL FROM:<w@client.test> TO:<carol@example.test>'].map(line),
  ['MRSQ R', 'MRCP TO:<carol@example.test>'].map(line),
];

/** BDAT's octets come with the command (the session reads them before dispatching). */
function withChunk(event: ServerEvent): ServerEvent {
  if (event.type !== 'smtp.bdat' || !event.parsed.ok || event.parsed.value.kind !== 'bdat')
    return event;
  const bytes = new Uint8Array(event.parsed.value.size).fill(0x61);
  return { ...event, chunk: { parts: [bytes], size: bytes.length, overflow: false } };
}

/** Carol has moved (251, or MTP's preliminary 151 that waits for CONT). */
const CAROL: Partial<World> = {
  forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'forward' }],
};

/** The worlds: the default, each port profile, and one that runs out of errors quickly. */
const WORLDS: readonly { name: string; world: Partial<World> }[] = [
  { name: 'default', world: CAROL },
  ...PROFILES.map((p) => ({ name: p.id, world: { ...CAROL, ...p.world } })),
  {
    name: 'strict',
    world: {
      ...CAROL,
      auth: { mechanisms: ['PLAIN', 'LOGIN'], required: false, requireTls: false },
      maxErrors: 3,
      maxRecipients: 2,
      noValidRecipients: 'after-data',
      failingMailboxes: ['bob'],
      extensions: ['PIPELINING', 'SIZE', '8BITMIME', 'DSN', 'CHUNKING', 'BINARYMIME', 'AUTH'],
    },
  },
];

/** What is compared after each event: the context without the world and dialect (same objects). */
function observable(context: ServerContext) {
  const { world: _w, dialect: _d, ...rest } = context;
  return rest;
}

/**
 * Runs `makers` through an XState actor and through `compiled`; returns the
 * first difference (or null).
 */
function disagreement(
  compiled: CompiledMachine<ServerContext, ServerEvent, ServerEmitted>,
  dialectId: DialectId,
  world: Partial<World>,
  refuse: boolean,
  makers: readonly EventMaker[],
): string | null {
  const w = makeWorld(world);
  const dialect = DIALECTS[dialectId];
  const parser = createSession({ world, dialect: dialectId, now: () => NOW });
  const input: ServerInput = {
    world: w,
    dialect,
    clientAddress: '192.0.2.1',
    ...(refuse ? { refusal: reply('closingBusy', { host: w.hostname }) } : {}),
    ...(w.tls.implicit ? { tls: simulatedTls(w.hostname) } : {}),
  };
  const theirs: ServerEmitted[] = [];
  const ours: ServerEmitted[] = [];
  const actor = createActor(serverMachine, { input });
  actor.on('*', (e) => theirs.push(e as ServerEmitted));
  const runner = new Runner(compiled, initialContext(input), (e) => ours.push(e));
  actor.start();
  runner.start({ type: 'xstate.init' } as unknown as ServerEvent);
  const compare = (after: string): string | null => {
    const s = actor.getSnapshot();
    const problems: string[] = [];
    try {
      expect(ours).toEqual(theirs);
    } catch {
      problems.push(`emitted ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
    }
    if (runner.status !== s.status) problems.push(`status ${runner.status} vs ${s.status}`);
    if (JSON.stringify(runner.leaf.value) !== JSON.stringify(s.value))
      problems.push(`state ${JSON.stringify(runner.leaf.value)} vs ${JSON.stringify(s.value)}`);
    if (s.status !== 'error') {
      try {
        expect(observable(runner.context)).toEqual(observable(s.context));
      } catch {
        problems.push('context differs');
      }
    }
    return problems.length ? `after ${after}: ${problems.join('; ')}` : null;
  };
  const first = compare('start');
  if (first) return first;
  const seen: string[] = [];
  for (const make of makers) {
    if (s(actor) !== 'active') break;
    const event = make((line) => parser.commandEvent(line), w.hostname);
    seen.push('command' in event ? `${event.type} "${event.command.verb}"` : event.type);
    theirs.length = 0;
    ours.length = 0;
    actor.send(event);
    runner.send(event);
    const problem = compare(seen.join(', '));
    if (problem) return problem;
    if (compiled === compiledServerMachine) reached.add(runner.leaf.name);
  }
  actor.stop();
  return null;
}

/** States the streams drove the machine into (checked at the end, so the streams are known to reach them). */
const reached = new Set<string>();

const s = (actor: { getSnapshot(): { status: string } }) => actor.getSnapshot().status;

const streamArb = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: eventArb.map((e) => [e]) },
      { weight: 1, arbitrary: fc.constantFrom(...PHRASES) },
    ),
    { minLength: 1, maxLength: 30 },
  )
  .map((phrases) => phrases.flat());

describe('the compiled runner agrees with the XState machine', () => {
  for (const dialectId of Object.keys(DIALECTS) as DialectId[]) {
    for (const { name, world } of WORLDS) {
      it(`${dialectId}, ${name}`, () => {
        fc.assert(
          fc.property(streamArb, fc.boolean(), (makers, refuse) => {
            const problem = disagreement(
              compiledServerMachine,
              dialectId,
              world,
              refuse && makers.length % 5 === 0,
              makers,
            );
            if (problem) throw new Error(problem);
          }),
          { numRuns: 60 },
        );
      });
    }
  }

  it('the streams reached every state of the machine', () => {
    expect([...reached].sort()).toEqual([
      'auth',
      'closed',
      'data',
      'greeting',
      'pending',
      'ready',
      'tls',
      'transaction.chunking',
      'transaction.mail',
      'transaction.rcpt',
    ]);
  });

  it('would see a wrong guard: `accepted` always true finds a difference', () => {
    const broken = new CompiledMachine<ServerContext, ServerEvent, ServerEmitted>(
      serverMachine.provide({ guards: { accepted: () => true } }),
    );
    const found = fc
      .sample(streamArb, { numRuns: 200, seed: 1 })
      .some((makers) => Boolean(disagreement(broken, 'rfc5321', {}, false, makers)));
    expect(found).toBe(true);
  });

  it('would see a wrong transition order: wildcards before exact matches finds a difference', () => {
    // `smtp.*` tried before `smtp.content` in the data state: the content is swallowed.
    class WildcardsFirst extends CompiledMachine<ServerContext, ServerEvent, ServerEmitted> {
      override stepsFor(
        ...args: Parameters<CompiledMachine<ServerContext, ServerEvent, ServerEmitted>['stepsFor']>
      ) {
        return [...super.stepsFor(...args)].reverse();
      }
    }
    const broken = new WildcardsFirst(serverMachine);
    const found = fc
      .sample(streamArb, { numRuns: 200, seed: 1 })
      .some((makers) => Boolean(disagreement(broken, 'rfc5321', {}, false, makers)));
    expect(found).toBe(true);
  });
});

describe('the runner copies and emits without losing anything', () => {
  it('copyContext copies every field of the context, into a new object', () => {
    const c = initialContext({
      world: makeWorld({}),
      dialect: DIALECTS.rfc5321,
      clientAddress: '192.0.2.7',
      idPrefix: 'x',
    });
    const copy = copyContext(c);
    expect(copy).not.toBe(c);
    expect(Object.keys(copy).sort()).toEqual(Object.keys(c).sort());
    for (const key of Object.keys(c) as (keyof ServerContext)[]) expect(copy[key]).toBe(c[key]);
  });

  it('delivers each emitted event once, in order, however many each step emits', () => {
    type E = { type: 'go' } | { type: 'again' };
    type M = { type: 'out'; n: number };
    let n = 0;
    const machine = setup({
      types: { events: {} as E, emitted: {} as M },
      actions: {
        two: enqueueActions(({ enqueue }) => {
          enqueue.emit({ type: 'out', n: ++n });
          enqueue.emit({ type: 'out', n: ++n });
        }),
        one: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'out', n: ++n })),
      },
    }).createMachine({
      on: {
        go: { actions: ['two'] },
        again: { actions: ['one'] },
      },
    });
    const compiled = new CompiledMachine<object, E, M>(machine);
    const seen: number[] = [];
    const runner = new Runner(compiled, {}, (e) => seen.push(e.n));
    runner.start({ type: 'go' });
    expect(seen).toEqual([]);
    // The outbox is reused: a step that emits fewer events than the last must not resend old ones.
    runner.send({ type: 'go' });
    runner.send({ type: 'again' });
    runner.send({ type: 'go' });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('the runner takes its implementations from the machine', () => {
  it('refuses an action that is not an enqueueActions (its effects would bypass the runner)', () => {
    const machine = setup({ actions: { plain: () => {} } }).createMachine({
      on: { go: { actions: 'plain' } },
    });
    const compiled = new CompiledMachine<object, { type: 'go' }, never>(machine);
    expect(() => compiled.stepsFor(compiled.initial, 'go')).toThrow(/not an enqueueActions/);
  });
});
