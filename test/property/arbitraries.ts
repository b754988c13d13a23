/**
 * Shared generators and helpers for the property tests (fast-check).
 *
 * Everything works on raw bytes: command lines, message bodies and whole
 * sessions are Uint8Array, written as "binary strings" (one char per octet,
 * U+0000-U+00FF) so 8-bit octets stay single octets on the wire.
 */
import fc from 'fast-check';
import { createSession, type Session } from '../../src/machines/session.ts';
import type { Delivery } from '../../src/machines/types.ts';
import type { World } from '../../src/protocol/world.ts';

export * from './bytes.ts';
import { bin, concatBytes, show } from './bytes.ts';

// ---------------------------------------------------------------- sessions

/**
 * Per-test timeout: the properties take a second or two each on an idle
 * machine; the margin keeps a loaded CI machine from failing them spuriously.
 */
export const PROPERTY_TIMEOUT = 60_000;

/** The fixed clock every property uses. */
export const now = (): Date => new Date(Date.UTC(2026, 10, 29, 12, 0, 0));

/** The RFC 5321-era extensions, pinned so new defaults elsewhere do not change these sessions. */
export const EXTENSIONS = ['PIPELINING', 'SIZE', '8BITMIME', 'ENHANCEDSTATUSCODES'];

/**
 * A world with every recipient route: local users (default), a relay domain
 * (250 "will relay"), a forwarded user (251) and a moved user (551).
 */
export const TEST_WORLD: Partial<World> = {
  extensions: EXTENSIONS,
  relayDomains: ['relay.test'],
  forwards: [
    { local: 'carol', to: 'carol@moved.test', mode: 'forward' },
    { local: 'dave', to: 'dave@moved.test', mode: 'refuse' },
  ],
};

/** Variations of the world that change how input is read or answered. */
export const worldArb: fc.Arbitrary<Partial<World>> = fc.record({
  bareLf: fc.constantFrom('accept' as const, 'reject' as const),
  longLines: fc.constantFrom('accept' as const, 'reject' as const),
  noValidRecipients: fc.constantFrom(503 as const, 554 as const),
  maxErrors: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(20), fc.constant(1000)),
  maxMessageSize: fc.constantFrom(64 * 1024, 10 * 1024 * 1024),
  maxRecipients: fc.constantFrom(1, 2, 100),
  vrfy: fc.constantFrom(
    'verify' as const,
    'cannot-verify' as const,
    'deny' as const,
    'disabled' as const,
  ),
  expn: fc.constantFrom(
    'verify' as const,
    'cannot-verify' as const,
    'deny' as const,
    'disabled' as const,
  ),
  extensions: fc.subarray(EXTENSIONS),
  relayDomains: fc.constantFrom([], ['relay.test'], ['*']),
  forwards: fc.constant(TEST_WORLD.forwards!),
});

export function newSession(world: Partial<World> = TEST_WORLD): Session {
  return createSession({ world, now });
}

export interface Run {
  readonly session: Session;
  /** Wire text of every reply, greeting first. */
  readonly wires: string[];
  /** Replies returned by each `feed` call, in order (wire text). */
  readonly perFeed: string[][];
}

/** Feeds the chunks one at a time (an empty first feed collects the greeting). */
export function run(chunks: readonly Uint8Array[], world: Partial<World> = TEST_WORLD): Run {
  const session = newSession(world);
  const perFeed: string[][] = [session.feed(new Uint8Array(0)).map((r) => session.wire(r))];
  for (const c of chunks) perFeed.push(session.feed(c).map((r) => session.wire(r)));
  return { session, wires: perFeed.flat(), perFeed };
}

/** What a delivery looks like, for comparing mailboxes across runs. */
export function deliveryView(d: Delivery) {
  return {
    id: d.id,
    reversePath: d.reversePath,
    recipients: d.recipients.map((r) => `${r.route} ${r.text} ${r.mailbox}`),
    trace: d.trace,
    content: show(d.content),
    size: d.size,
    bareLfLines: d.bareLfLines,
  };
}

// ---------------------------------------------------------------- vocabulary (property 1)

/** Each char upper- or lower-cased at random. */
export const randomCase = (word: string): fc.Arbitrary<string> =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((ups) => [...word].map((c, i) => (ups[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

export const VERB_WORDS = [
  'HELO',
  'EHLO',
  'MAIL',
  'RCPT',
  'DATA',
  'RSET',
  'NOOP',
  'QUIT',
  'VRFY',
  'EXPN',
  'HELP',
  'BDAT',
  'STARTTLS',
  'XYZZY',
];

const eightBit = fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => b.map((x) => x | 0x80));

const aRun = fc.integer({ min: 600, max: 2000 }).map((n) => 'A'.repeat(n));

/** SMTP-ish fragments; a stream is a concatenation of them. */
export const fragmentArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom(...VERB_WORDS)
      .chain(randomCase)
      .map(bin),
  },
  {
    weight: 10,
    arbitrary: fc
      .constantFrom(
        ' ',
        'FROM:',
        'TO:',
        'from:',
        '<alice@example.test>',
        '<bob@example.test>',
        '<carol@example.test>',
        '<x@relay.test>',
        '<nobody@elsewhere.test>',
        '<>',
        '<postmaster>',
        '<@hop.test:alice@example.test>',
        '"quoted local"',
        'client.test',
        '[192.0.2.1]',
        'SIZE=123',
        'SIZE=99999999999',
        'BODY=8BITMIME',
        'FOO=bar',
        'alice',
        'staff',
        '=',
        '\t',
        '\0',
      )
      .map(bin),
  },
  {
    weight: 8,
    arbitrary: fc.constantFrom('\r\n', '\r\n', '\r\n', '\n', '\r', '.', '..', '.\r\n').map(bin),
  },
  { weight: 2, arbitrary: eightBit },
  { weight: 1, arbitrary: aRun.map(bin) },
  // Runs that still fit in a command line (512 octets + 26 for SIZE, RFC 1870 §3).
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 520 }).map((n) => bin('A'.repeat(n))) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 50, max: 300 }).map((n) => new Uint8Array(n).fill(0xff)),
  },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 12 }) },
  // Whole lines that move the session on, so later fragments reach every state.
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        'EHLO client.test\r\n',
        'HELO client.test\r\n',
        'MAIL FROM:<alice@example.test>\r\n',
        'RCPT TO:<bob@example.test>\r\n',
        'DATA\r\n',
        // Line starts whose argument the next fragments finish.
        '\r\nMAIL FROM:<alice@example.test>',
        '\r\nRCPT TO:<bob@example.test>',
        '\r\nMAIL FROM:<alice@example.test> ',
        '\r\nEHLO ',
        '\r\nVRFY ',
      )
      .map(bin),
  },
);

/** An opening command most of the time, then fragments. */
export const vocabularyStreamArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom('EHLO client.test\r\n', 'HELO client.test\r\n', 'EHLO client.test\r\n', ''),
    fc.array(fragmentArb, { maxLength: 120, size: 'large' }),
  )
  .map(([open, fragments]) => concatBytes([bin(open), ...fragments]));

/**
 * After EHLO, a line whose argument the server may quote back in its reply:
 * a command prefix, then arbitrary octets (LF excepted, so it stays one line).
 * Shrinks well: to the first prefix and the fewest octets.
 */
export const echoLineArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(
      'MAIL FROM:<a@example.test>',
      'MAIL FROM:<a@example.test> ',
      'MAIL FROM:<a@[',
      'MAIL FROM:<@',
      'EHLO ',
      'MAIL FROM:<>\r\nRCPT TO:<b@example.test>',
      'MAIL FROM:<>\r\nRCPT TO:<b@example.test> ',
    ),
    fc
      .uint8Array({ maxLength: 520, size: 'large' })
      .map((b) => b.map((x) => (x === 0x0a ? 0x0b : x))),
  )
  .map(([prefix, arg]) => concatBytes([bin(`EHLO client.test\r\n${prefix}`), arg, bin('\r\n')]));

// ---------------------------------------------------------------- command lines

const lineEnding = fc.oneof(
  { weight: 9, arbitrary: fc.constant('\r\n') },
  { weight: 1, arbitrary: fc.constant('\n') },
);

/** A command line without its line ending (binary string); valid and invalid forms. */
export const commandTextArb: fc.Arbitrary<string> = fc.oneof(
  // Opening the session.
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'EHLO client.test',
      'HELO client.test',
      'EHLO [192.0.2.1]',
      'ehlo client.test',
      'HELO',
      'EHLO bad_name!',
      'EHLO two words',
    ),
  },
  // MAIL.
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'MAIL FROM:<alice@example.test>',
      'MAIL FROM:<>',
      'mail from:<sender@far.test>',
      'MAIL FROM:<alice@example.test> SIZE=123',
      'MAIL FROM:<alice@example.test> BODY=8BITMIME',
      'MAIL FROM:<alice@example.test> SIZE=99999999999',
      'MAIL FROM:<alice@example.test> FOO=bar',
      'MAIL FROM: <alice@example.test>',
      'MAIL FROM:<alice@example.test',
      'MAIL TO:<alice@example.test>',
      'MAIL',
    ),
  },
  // RCPT.
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'RCPT TO:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<postmaster>',
      'RCPT TO:<Postmaster>',
      'RCPT TO:<carol@example.test>',
      'RCPT TO:<dave@example.test>',
      'RCPT TO:<x@relay.test>',
      'RCPT TO:<nobody@example.test>',
      'RCPT TO:<nobody@elsewhere.test>',
      'RCPT TO:<>',
      'RCPT TO:<@hop.test:bob@example.test>',
      'rcpt to:<alice@example.test> NOTIFY=NEVER',
      'RCPT FROM:<alice@example.test>',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('DATA', 'DATA now', 'data') },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'RSET',
      'RSET now',
      'NOOP',
      'NOOP hello',
      'VRFY alice',
      'VRFY Example',
      'VRFY nobody',
      'EXPN staff',
      'EXPN alice',
      'HELP',
      'HELP MAIL',
      'HELP FOO',
      'STARTTLS',
      'XYZZY',
      '',
      ' ',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(...VERB_WORDS).chain(randomCase) },
  // Printable junk, 8-bit octets, over-long lines.
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.constant('NOOP \xe9t\xe9 \xff') },
  { weight: 1, arbitrary: aRun },
);

/** One complete command line, never QUIT. */
export const lineArb: fc.Arbitrary<string> = fc
  .tuple(commandTextArb, lineEnding)
  .map(([text, end]) => text + end);

/** Command lines with an occasional QUIT anywhere. */
export const linesWithQuitArb: fc.Arbitrary<string[]> = fc.array(
  fc.oneof(
    { weight: 30, arbitrary: lineArb },
    { weight: 1, arbitrary: fc.constantFrom('QUIT\r\n', 'quit\r\n') },
  ),
  { maxLength: 60, size: 'large' },
);

// ---------------------------------------------------------------- message bodies

/** A body line without its ending (binary string, no CR or LF inside). */
export const bodyLineArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      '.',
      '..',
      '...',
      '. ',
      '.\t',
      'Subject: hi',
      'From: alice',
      '-- ',
    ),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', '', '.', '..'),
        fc.string({
          unit: fc.integer({ min: 0x20, max: 0x7e }).map(String.fromCharCode),
          maxLength: 60,
        }),
      )
      .map(([a, b]) => a + b),
  },
  { weight: 1, arbitrary: fc.constantFrom('caf\xe9 \x80\xff', '\xc3\xa9t\xc3\xa9', '.\xff') },
  // Around the 1000-octet text line limit (§4.5.3.1.6), with and without a leading dot.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('', '.'), fc.integer({ min: 990, max: 1004 }), fc.nat({ max: 1100 }))
      .map(([dot, n, at]) => {
        const line = dot + 'L'.repeat(n);
        // Sometimes a "." inside the line, where a chunk boundary may fall.
        return at < line.length ? `${line.slice(0, at)}.${line.slice(at + 1)}` : line;
      }),
  },
);

/**
 * The wire form of one DATA body as it follows a DATA command, terminator
 * included. `stuffed` applies §4.5.2 transparency; unstuffed bodies may end
 * early on a lone "." line, which is exactly what a server must then do.
 */
export function wireBody(
  lines: readonly string[],
  stuffed: boolean,
  bareLfAt: number | null,
): string {
  let out = '';
  lines.forEach((line, i) => {
    const l = stuffed && line.startsWith('.') ? `.${line}` : line;
    out += l + (bareLfAt === i ? '\n' : '\r\n');
  });
  return `${out}.\r\n`;
}

/** Rarely, a body over 64K octets (the smallest maxMessageSize a world may have). */
const bodyLinesArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 30, arbitrary: fc.array(bodyLineArb, { maxLength: 12, size: 'medium' }) },
  {
    weight: 1,
    arbitrary: fc.constant(
      Array.from({ length: 70 }, (_, i) => `${i % 7 ? '' : '.'}${'B'.repeat(990)}`),
    ),
  },
);

export const dataBodyArb: fc.Arbitrary<string> = fc
  .tuple(
    bodyLinesArb,
    fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    fc.option(fc.nat({ max: 11 }), { freq: 6 }),
  )
  .map(([lines, stuffed, bareLfAt]) => wireBody(lines, stuffed, bareLfAt));

// ---------------------------------------------------------------- whole sessions

const validMail = fc.constantFrom(
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<>',
  'MAIL FROM:<sender@far.test>',
  // Parameters: accepted after EHLO, 555 after HELO (RFC 1869 §6).
  'MAIL FROM:<sender@far.test> BODY=8BITMIME',
  'MAIL FROM:<sender@far.test> SIZE=2000',
);
const validRcpt = fc.constantFrom(
  'RCPT TO:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<postmaster>',
  'RCPT TO:<carol@example.test>',
  'RCPT TO:<x@relay.test>',
  'RCPT TO:<y@relay.test>',
);

/** A mail transaction, sometimes broken: MAIL, recipients, noise, DATA and a body (or RSET). */
const transactionArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: validMail }, { weight: 1, arbitrary: commandTextArb }),
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.array(
          fc.oneof({ weight: 4, arbitrary: validRcpt }, { weight: 1, arbitrary: commandTextArb }),
          { minLength: 1, maxLength: 4 },
        ),
      },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
    fc.constantFrom('DATA', 'DATA', 'DATA', 'DATA', 'RSET', 'EHLO again.test'),
    dataBodyArb,
  )
  .map(([mail, rcpts, end, body]) => {
    const lines = [mail, ...rcpts, end].map((l) => `${l}\r\n`).join('');
    return end === 'DATA' ? lines + body : lines;
  });

/**
 * A whole client session as one binary string: maybe a greeting command,
 * transactions and noise, maybe QUIT. DATA bodies follow DATA whether or not
 * the server accepted it (a pipelining client does the same).
 */
export const sessionTextArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant('EHLO client.test\r\n') },
      { weight: 2, arbitrary: fc.constant('HELO client.test\r\n') },
      { weight: 1, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: lineArb },
    ),
    fc.array(
      fc.oneof(
        { weight: 5, arbitrary: transactionArb },
        { weight: 2, arbitrary: lineArb },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constantFrom('DATA\r\n', 'MAIL FROM:<a@b.test>\r\nDATA\r\n'), dataBodyArb)
            .map(([a, b]) => a + b),
        },
      ),
      { minLength: 1, maxLength: 8, size: 'medium' },
    ),
    fc.constantFrom('QUIT\r\n', ''),
  )
  .map(([open, steps, quit]) => open + steps.join('') + quit);

export const sessionBytesArb: fc.Arbitrary<Uint8Array> = sessionTextArb.map(bin);
