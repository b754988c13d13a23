/**
 * What the fuzzer feeds a session: one case per session, made from a seed
 * alone (so `--seed S --only I` makes the same case again). A case is an era
 * (dialect), maybe a port profile, a world, the input bytes and how to cut
 * them. The generators reuse the property tests' arbitraries and add what
 * those do not reach: every era's commands, the profiles' STARTTLS, AUTH and
 * BDAT, MTP's schemes, and message text with smuggling-like sequences.
 */
import fc from 'fast-check';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { MODERN, PROFILES, type ProfileId } from '../../src/protocol/profiles.ts';
import type { World } from '../../src/protocol/world.ts';
import { TEST_WORLD, bin, echoLineArb, vocabularyStreamArb } from '../property/arbitraries.ts';
import { FAKE_ENDS, mtpSessionArb, smtpSessionArb } from './sessions.ts';

export type CaseKind = 'bytes' | 'vocabulary' | 'echo' | 'session' | 'mtp' | 'smuggling';

export type Cutting =
  | { readonly kind: 'random'; readonly cuts: readonly number[] }
  | { readonly kind: 'crlf' }
  | { readonly kind: 'lines' }
  | { readonly kind: 'bytes' };

export interface FuzzCase {
  readonly kind: CaseKind;
  readonly dialect: DialectId;
  readonly profile: ProfileId | null;
  readonly world: Partial<World>;
  readonly bytes: Uint8Array;
  readonly cutting: Cutting;
  /** Smuggling cases: the same session with a harmless message, and what the message must hold. */
  readonly smuggling?: { readonly clean: Uint8Array; readonly markers: readonly string[] };
  /** Session options besides the world, now and then. */
  readonly options?: CaseOptions;
}

/** A lesson's scripted failure (SessionFault), as plain data. */
export interface CaseFault {
  readonly verb: string;
  readonly occurrence: number;
  readonly code: number;
  readonly close: boolean;
}

export interface CaseOptions {
  /** The connection is refused: this reply instead of the greeting (RFC 5321 §3.1). */
  readonly refuse?: 'closingBusy' | 'closingShutdown' | 'noService';
  readonly faults?: readonly CaseFault[];
  /** The Nth message cannot be stored: 451 and nothing delivered (RFC 5321 §6.1). */
  readonly storeFailsAt?: number;
  /** The chunked run keeps this many transcript entries and no mailbox (`retain`). */
  readonly retainTranscript?: number;
}

// ---------------------------------------------------------------- seeds

/** The seed of case `index` of a run seeded `seed`: each case stands alone. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

// ---------------------------------------------------------------- worlds

const MTP_ERAS: readonly DialectId[] = ['rfc772', 'rfc780'];
const ALL_EXTENSIONS = MODERN;

/** Settings that change how input is read or answered; any subset of them, in any world. */
const variationsArb: fc.Arbitrary<Partial<World>> = fc.record(
  {
    bareLf: fc.constantFrom('accept' as const, 'reject' as const),
    longLines: fc.constantFrom('accept' as const, 'reject' as const),
    dataEnding: fc.constantFrom('strict' as const, 'strict' as const, 'lenient' as const),
    noValidRecipients: fc.constantFrom(503 as const, 554 as const, 'after-data' as const),
    maxErrors: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant(1000)),
    maxMessageSize: fc.constantFrom(64 * 1024, 10 * 1024 * 1024),
    maxRecipients: fc.constantFrom(1, 2, 100),
    vrfy: fc.constantFrom('verify', 'cannot-verify', 'deny', 'disabled'),
    expn: fc.constantFrom('verify', 'cannot-verify', 'deny', 'disabled'),
    relayDomains: fc.constantFrom([], ['relay.test'], ['*'], ['hop.test', 'relay.test']),
    terminals: fc.constantFrom([], ['alice']),
    unknownRecipients: fc.constantFrom('refuse' as const, 'operator' as const),
    mrsqSchemes: fc.constantFrom([], ['R'], ['T'], ['R', 'T']) as fc.Arbitrary<('R' | 'T')[]>,
    mrsqPreferred: fc.constantFrom('R' as const, 'T' as const),
    ehlo: fc.constantFrom(
      ...(['implemented', 'implemented', 'implemented', 'not-implemented'] as const),
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Partial<World>>;

/** A profile's world (RFC 6409, RFC 8314) or the test world with some extensions; then variations. */
function worldArb(profile: ProfileId | null, mtp: boolean): fc.Arbitrary<Partial<World>> {
  const base: fc.Arbitrary<Partial<World>> =
    profile !== null
      ? fc.constant(PROFILES.find((p) => p.id === profile)!.world)
      : fc
          .record({
            extensions: fc.subarray(ALL_EXTENSIONS),
            starttls: fc.boolean(),
          })
          .map(({ extensions, starttls }) => ({
            extensions: starttls ? [...extensions, 'STARTTLS'] : extensions,
            ...(starttls ? { tls: { offered: true, required: false, implicit: false } } : {}),
          }));
  return fc
    .tuple(
      base,
      variationsArb,
      // A mailbox that fails after acceptance, for delivery status notifications (SMTP eras).
      mtp ? fc.constant([]) : fc.constantFrom([], [], [], [], ['bob']),
    )
    .map(([b, v, failingMailboxes]) => ({
      forwards: TEST_WORLD.forwards!,
      relayDomains: TEST_WORLD.relayDomains!,
      ...b,
      ...v,
      failingMailboxes,
    }));
}

// ---------------------------------------------------------------- smuggling

/**
 * One message whose text hides fake ends (FAKE_ENDS) each followed by a
 * forged transaction; only <CRLF>.<CRLF> ends it. `clean` is the same session
 * with a harmless text: a strict server answers both alike, stores one
 * message, and keeps the forged commands in it.
 */
function smugglingArb(dialect: DialectId) {
  const mtp = MTP_ERAS.includes(dialect);
  const hello = DIALECTS[dialect].commands.some((c) => c.verb === 'EHLO') ? 'EHLO' : 'HELO';
  const prefix = mtp
    ? 'MAIL FROM:<bob@example.test> TO:<alice@example.test>\r\n'
    : `${hello} client.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n`;
  const forged = mtp
    ? (n: number) => `MAIL FROM:<forged${n}@example.test> TO:<alice@example.test>\r\nx`
    : (n: number) =>
        `MAIL FROM:<forged${n}@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx`;
  return fc
    .tuple(
      fc.array(
        fc.tuple(fc.constantFrom(...FAKE_ENDS), fc.constantFrom('text', 'Subject: a', '..x')),
        {
          minLength: 1,
          maxLength: 4,
        },
      ),
      fc.constantFrom('QUIT\r\n', '', 'NOOP\r\nQUIT\r\n'),
    )
    .map(([fakes, suffix]) => {
      const markers: string[] = [];
      let body = 'Subject: one\r\n';
      fakes.forEach(([fake, line], n) => {
        markers.push(`forged${n}@example.test`);
        body += `${line}${fake}${forged(n)}\r\n`;
      });
      body += 'smuggled-end\r\n';
      markers.push('smuggled-end');
      if (body.includes('\r\n.\r\n')) throw new Error('the fake ends made a real one');
      return {
        bytes: bin(`${prefix}${body}.\r\n${suffix}`),
        clean: bin(`${prefix}clean\r\n.\r\n${suffix}`),
        markers,
      };
    });
}

// ---------------------------------------------------------------- session options

const FAULT_VERBS = [
  'EHLO',
  'HELO',
  'MAIL',
  'RCPT',
  'DATA',
  'RSET',
  'NOOP',
  'VRFY',
  'BDAT',
  'MRCP',
  'MRSQ',
];

/** Error replies only: a scripted 2yz would claim what the machine did not do. 421 always closes (§3.8). */
const faultArb: fc.Arbitrary<CaseFault> = fc
  .record({
    verb: fc.constantFrom(...FAULT_VERBS),
    occurrence: fc.integer({ min: 1, max: 3 }),
    code: fc.constantFrom(421, 450, 451, 452, 503, 550, 552, 554),
    close: fc.boolean(),
  })
  .map((f) => ({ ...f, close: f.code === 421 || f.close }));

/** `arb` one time in `n`, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

const optionsArb: fc.Arbitrary<CaseOptions | undefined> = fc
  .record({
    refuse: rarely(
      fc.constantFrom('closingBusy' as const, 'closingShutdown' as const, 'noService' as const),
      60,
    ),
    faults: rarely(fc.array(faultArb, { minLength: 1, maxLength: 3 }), 8),
    storeFailsAt: rarely(fc.integer({ min: 1, max: 3 }), 8),
    retainTranscript: rarely(fc.integer({ min: 0, max: 60 }), 6),
  })
  .map((o) => {
    const set = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    return Object.keys(set).length ? (set as CaseOptions) : undefined;
  });

// ---------------------------------------------------------------- cases

const dialectArb = fc.constantFrom(...(Object.keys(DIALECTS) as DialectId[]));

const cuttingArb = (length: number): fc.Arbitrary<Cutting> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .array(fc.nat({ max: Math.max(length, 1) }), { maxLength: 60 })
        .map((cuts) => ({ kind: 'random' as const, cuts })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'lines' as const }) },
    { weight: length <= 3000 ? 1 : 0, arbitrary: fc.constant({ kind: 'bytes' as const }) },
  );

const KINDS: readonly { kind: CaseKind; weight: number }[] = [
  { kind: 'bytes', weight: 2 },
  { kind: 'vocabulary', weight: 2 },
  { kind: 'echo', weight: 1 },
  { kind: 'session', weight: 10 },
  { kind: 'mtp', weight: 3 },
  { kind: 'smuggling', weight: 2 },
];

/** Port profiles are today's (RFC 6409, RFC 8314): mostly with RFC 5321, rarely with an older era. */
const profileArb = (dialect: DialectId): fc.Arbitrary<ProfileId | null> =>
  fc.oneof(
    { weight: dialect === 'rfc5321' ? 3 : 8, arbitrary: fc.constant(null) },
    {
      weight: dialect === 'rfc5321' ? 2 : 1,
      arbitrary: fc.constantFrom(...PROFILES.map((p) => p.id)),
    },
  );

/** A whole case, from the kind of input to the cuts. */
export const caseArb: fc.Arbitrary<FuzzCase> = fc
  .tuple(
    fc.oneof(...KINDS.map(({ kind, weight }) => ({ weight, arbitrary: fc.constant(kind) }))),
    dialectArb,
  )
  .chain(([kind, anyDialect]) => {
    const dialect: DialectId =
      kind === 'mtp'
        ? anyDialect === 'rfc772' || anyDialect === 'rfc780'
          ? anyDialect
          : 'rfc780'
        : kind === 'session' && MTP_ERAS.includes(anyDialect)
          ? 'rfc5321'
          : anyDialect;
    const mtp = MTP_ERAS.includes(dialect);
    if (kind === 'smuggling')
      return fc.tuple(smugglingArb(dialect), variationsArb).chain(([s, v]) =>
        cuttingArb(s.bytes.length).map((cutting): FuzzCase => ({
          kind,
          dialect,
          profile: null,
          // Only settings that leave the clean and the smuggled session alike.
          world: {
            ...TEST_WORLD,
            ...(v.vrfy ? { vrfy: v.vrfy } : {}),
            ...(v.maxMessageSize ? { maxMessageSize: v.maxMessageSize } : {}),
            dataEnding: 'strict',
          },
          bytes: s.bytes,
          cutting,
          smuggling: { clean: s.clean, markers: s.markers },
        })),
      );
    const input = (profile: ProfileId | null, world: Partial<World>): fc.Arbitrary<Uint8Array> =>
      kind === 'bytes'
        ? fc.oneof(
            { weight: 30, arbitrary: fc.uint8Array({ maxLength: 3000, size: 'large' }) },
            // Long enough for every line limit: 4096 (RFC 772 here), 12288 (AUTH, RFC 4954 §4).
            { weight: 1, arbitrary: fc.uint8Array({ minLength: 13_000, maxLength: 20_000 }) },
          )
        : kind === 'vocabulary'
          ? vocabularyStreamArb
          : kind === 'echo'
            ? echoLineArb
            : kind === 'mtp'
              ? mtpSessionArb(dialect).map(bin)
              : smtpSessionArb(dialect, profile, world).map(bin);
    return (mtp ? fc.constant(null) : profileArb(dialect)).chain((profile) =>
      worldArb(profile, mtp).chain((world) =>
        input(profile, world).chain((bytes) =>
          fc.tuple(cuttingArb(bytes.length), optionsArb).map(([cutting, options]): FuzzCase => ({
            kind,
            dialect,
            profile,
            world,
            bytes,
            cutting,
            ...(options ? { options } : {}),
          })),
        ),
      ),
    );
  });

/** Case `index` of the run seeded `seed`. */
export function makeCase(seed: number, index: number): FuzzCase {
  return fc.sample(caseArb, { seed: caseSeed(seed, index), numRuns: 1 })[0]!;
}
