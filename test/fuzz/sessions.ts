/**
 * Client input by era: message text (with smuggling-like sequences), SMTP
 * sessions shaped by the world they talk to (its extensions, its port
 * profile's TLS and AUTH), and MTP sessions with their schemes. Binary
 * strings: one char per octet.
 */
import fc from 'fast-check';
import type { DialectId } from '../../src/protocol/dialects/index.ts';
import type { ProfileId } from '../../src/protocol/profiles.ts';
import type { World } from '../../src/protocol/world.ts';
import { bodyLineArb, commandTextArb, dataBodyArb, lineArb } from '../property/arbitraries.ts';

/** Octets as a binary string (one char each), in slices small enough for any argument list. */
function binary(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192)
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

// ---------------------------------------------------------------- message text

/** The fake ends of the SMTP smuggling attack and its variants (none is <CRLF>.<CRLF>). */
export const FAKE_ENDS = ['\n.\n', '\r\n.\n', '\n.\r\n', '\r.\r', '\r\n.\r'] as const;

const pieceArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: bodyLineArb.map((l) => `${l}\r\n`) },
  { weight: 3, arbitrary: bodyLineArb.map((l) => (l.startsWith('.') ? `.${l}\r\n` : `${l}\r\n`)) },
  { weight: 3, arbitrary: fc.constantFrom(...FAKE_ENDS) },
  { weight: 2, arbitrary: fc.constantFrom('\r', '\n', '\r\r\n', '\n\r', '..\r\n', '.x\r\n') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'MAIL FROM:<forged@example.test>\r\n',
      'RCPT TO:<alice@example.test>\r\n',
      'DATA\r\n',
      'QUIT\r\n',
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map(binary) },
);

/** Message text after 354, usually ended by <CRLF>.<CRLF>, sometimes never ended. */
const messageArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: dataBodyArb },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.array(pieceArb, { maxLength: 16 }),
        fc.constantFrom('\r\n.\r\n', '\r\n.\r\n', '\r\n.\r\n', '.\r\n', '\n.\n', ''),
      )
      .map(([pieces, end]) => pieces.join('') + end),
  },
);

// ---------------------------------------------------------------- SMTP sessions

const CREDENTIALS = {
  alicePlain: 'AGFsaWNlAHdvbmRlcmxhbmQ=', // \0alice\0wonderland (RFC 4616)
  bobPlain: 'AGJvYgBidWlsZGVy', // \0bob\0builder
  wrongPlain: 'AGFsaWNlAHdyb25n', // \0alice\0wrong
  alice: 'YWxpY2U=',
  wonderland: 'd29uZGVybGFuZA==',
};

const AUTH_LINES = [
  `AUTH PLAIN ${CREDENTIALS.alicePlain}`,
  `AUTH PLAIN\r\n${CREDENTIALS.bobPlain}`,
  `AUTH LOGIN\r\n${CREDENTIALS.alice}\r\n${CREDENTIALS.wonderland}`,
  `AUTH LOGIN ${CREDENTIALS.alice}\r\n${CREDENTIALS.wonderland}`,
  `AUTH PLAIN ${CREDENTIALS.wrongPlain}`,
  'AUTH PLAIN\r\n*',
  'AUTH PLAIN !!!',
  'AUTH CRAM-MD5\r\nYWxpY2UgMDAwMDAwMDA=',
  'AUTH XYZZY',
  'AUTH',
];

/** Paths in the era's syntax (RFC 788's routes are `<@A,@B,u@h>`, RFC 821's `<@A,@B:u@h>`). */
function pathsFor(dialect: DialectId) {
  const sep = dialect === 'rfc788' ? ',' : ':';
  return {
    from: [
      '<alice@example.test>',
      '<sender@far.test>',
      '<>',
      `<@hop.test${sep}sender@far.test>`,
      '<Alice@EXAMPLE.test>',
    ],
    to: [
      '<alice@example.test>',
      '<bob@example.test>',
      '<postmaster>',
      '<carol@example.test>',
      '<dave@example.test>',
      '<x@relay.test>',
      '<nobody@example.test>',
      '<nobody@elsewhere.test>',
      `<@hop.test${sep}bob@example.test>`,
      `<@mail.example.test${sep}bob@example.test>`,
      `<@mail.example.test${sep}x@far.test>`,
      '<BOB@Example.Test>',
      '<j\xc3\xb6rg@example.test>',
    ],
  };
}

export function smtpSessionArb(
  dialect: DialectId,
  profile: ProfileId | null,
  world: Partial<World>,
): fc.Arbitrary<string> {
  const esmtp = dialect === 'rfc1869' || dialect === 'rfc5321';
  const begin = dialect === 'rfc5321' ? ['MAIL'] : ['MAIL', 'MAIL', 'SEND', 'SOML', 'SAML'];
  const { from, to } = pathsFor(dialect);
  const has = (k: string) => esmtp && (world.extensions ?? []).includes(k);
  // Mostly parameters the world offers (RFC 1869 §6: others get 555), sometimes any.
  const offered = [
    ...(has('SIZE') ? [' SIZE=2000'] : []),
    ...(has('8BITMIME') ? [' BODY=8BITMIME'] : []),
    ...(has('BINARYMIME') ? [' BODY=BINARYMIME'] : []),
    ...(has('SMTPUTF8') ? [' SMTPUTF8'] : []),
    ...(has('DSN') ? [' RET=HDRS ENVID=x1'] : []),
  ];
  const mailParams = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    { weight: offered.length ? 3 : 0, arbitrary: fc.constantFrom('', ...offered) },
    { weight: esmtp ? 1 : 0, arbitrary: fc.constantFrom(' SIZE=2000', ' BODY=8BITMIME', ' FOO=1') },
  );
  const rcptParams = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    {
      weight: has('DSN') ? 2 : 0,
      arbitrary: fc.constantFrom(' NOTIFY=SUCCESS,FAILURE', ' NOTIFY=NEVER'),
    },
    { weight: esmtp ? 1 : 0, arbitrary: fc.constant(' NOTIFY=SUCCESS') },
  );
  // An ESMTP client falls back to HELO when EHLO is refused (RFC 1869 §4.5).
  const helloLine = !esmtp
    ? fc.constant('HELO client.test\r\n')
    : world.ehlo === 'not-implemented'
      ? fc.constantFrom('EHLO client.test\r\nHELO client.test\r\n', 'EHLO client.test\r\n')
      : fc.constantFrom('EHLO client.test\r\n', 'EHLO client.test\r\n', 'HELO client.test\r\n');
  const mail = fc
    .tuple(fc.constantFrom(...begin), fc.constantFrom(...from), mailParams)
    .map(([v, p, x]) => `${v} FROM:${p}${x}\r\n`);
  const rcpt = fc.tuple(fc.constantFrom(...to), rcptParams).map(([p, x]) => `RCPT TO:${p}${x}\r\n`);
  // Now and then a chunk past the smallest message size limit (64K, RFC 5321 §4.5.3.1.7).
  const octets = fc.oneof(
    { weight: 40, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 60_000, max: 70_000 }).map((n) => new Uint8Array(n).fill(0x61)),
    },
  );
  const bdat = fc.array(octets, { minLength: 1, maxLength: 3 }).map((chunks) =>
    chunks
      .map((c, i) => {
        const last = i === chunks.length - 1 ? ' LAST' : '';
        return `BDAT ${c.length}${last}\r\n${binary(c)}`;
      })
      .join(''),
  );
  const end = fc.oneof(
    { weight: 8, arbitrary: messageArb.map((m) => `DATA\r\n${m}`) },
    { weight: has('CHUNKING') ? 3 : esmtp ? 1 : 0, arbitrary: bdat },
    { weight: 1, arbitrary: fc.constantFrom('RSET\r\n', '', 'HELO again.test\r\n') },
  );
  const transaction = fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: mail }, { weight: 1, arbitrary: lineArb }),
      fc.array(fc.oneof({ weight: 6, arbitrary: rcpt }, { weight: 1, arbitrary: lineArb }), {
        maxLength: 4,
      }),
      end,
    )
    .map(([m, rs, e]) => m + rs.join('') + e);
  // What a client does before mail on each port: TLS, then AUTH (RFC 3207, RFC 4954, RFC 6409).
  const auth = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...AUTH_LINES.slice(0, 4)) },
    { weight: 1, arbitrary: fc.constantFrom(...AUTH_LINES) },
  );
  const tls = 'STARTTLS\r\nEHLO client.test\r\n';
  const prelude: fc.Arbitrary<string> =
    profile === 'submission' || profile === 'alternate'
      ? fc.oneof(
          { weight: 6, arbitrary: auth.map((a) => `${tls}${a}\r\n`) },
          { weight: 1, arbitrary: auth.map((a) => `${a}\r\n`) },
          { weight: 1, arbitrary: fc.constantFrom('', tls, 'STARTTLS\r\n') },
        )
      : profile === 'submissions'
        ? fc.oneof(
            { weight: 6, arbitrary: auth.map((a) => `${a}\r\n`) },
            { weight: 1, arbitrary: fc.constantFrom('', 'STARTTLS\r\n') },
          )
        : fc.oneof(
            { weight: 6, arbitrary: fc.constant('') },
            { weight: 1, arbitrary: fc.constantFrom(tls, 'STARTTLS\r\n') },
            { weight: 1, arbitrary: auth.map((a) => `${a}\r\n`) },
          );
  const noise = fc.oneof(
    { weight: 6, arbitrary: lineArb },
    { weight: 2, arbitrary: fc.constantFrom('TURN\r\n', 'VRFY alice\r\n', 'EXPN staff\r\n') },
    // The junk-command limit: many NOOPs (or RSETs) in a row.
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('NOOP', 'RSET', 'HELP', 'VRFY bob'),
          fc.integer({ min: 90, max: 140 }),
        )
        .map(([verb, n]) => `${verb}\r\n`.repeat(n)),
    },
  );
  return fc
    .tuple(
      fc.oneof(
        { weight: 16, arbitrary: helloLine },
        { weight: 1, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: lineArb },
      ),
      prelude,
      fc.array(fc.oneof({ weight: 5, arbitrary: transaction }, { weight: 2, arbitrary: noise }), {
        minLength: 1,
        maxLength: 6,
      }),
      fc.constantFrom('QUIT\r\n', 'QUIT\r\n', '', 'QUIT\r\nNOOP\r\n'),
    )
    .map(([open, pre, steps, quit]) => open + pre + steps.join('') + quit);
}

// ---------------------------------------------------------------- MTP sessions (RFC 772, RFC 780)

export function mtpSessionArb(dialect: DialectId): fc.Arbitrary<string> {
  const path = fc.constantFrom(
    '<alice@example.test>',
    '<bob@example.test>',
    '<nobody@example.test>',
    '<x@relay.test>',
    '<y@far.test>',
    '<@hop.test,alice@example.test>',
    '<@mail.example.test,bob@example.test>',
  );
  const text = fc
    .array(bodyLineArb, { maxLength: 5 })
    .map((lines) => lines.map((l) => `${l}\r\n`).join('') + '.\r\n');
  const command = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('MRSQ', 'MRSQ R', 'MRSQ T', 'MRSQ ?', 'MRSQ X') },
    { weight: 4, arbitrary: path.map((p) => `MRCP TO:${p}`) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(path, path, fc.boolean(), text)
        .map(([f, t, withTo, m]) => `MAIL FROM:${f}${withTo ? ` TO:${t}` : ''}\r\n${m}`),
    },
    { weight: dialect === 'rfc780' ? 2 : 0, arbitrary: fc.constantFrom('CONT', 'ABRT') },
    { weight: 1, arbitrary: fc.constantFrom('HELP', 'HELP MAIL', 'NOOP', 'HELO x', 'RCPT TO:<a>') },
    { weight: 1, arbitrary: commandTextArb },
  );
  return fc
    .tuple(fc.array(command, { minLength: 1, maxLength: 12 }), fc.constantFrom('QUIT\r\n', ''))
    .map(
      ([lines, quit]) => lines.map((l) => (l.endsWith('\r\n') ? l : `${l}\r\n`)).join('') + quit,
    );
}
