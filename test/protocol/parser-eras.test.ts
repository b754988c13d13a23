/**
 * Command syntax in the eras before RFC 5321 (src/protocol/parser.ts): RFC
 * 821/788 paths, RFC 1869 parameter values, the longest path, MTP's MAIL with
 * TO: and MRCP (RFC 772, 780), MRSQ schemes and BDAT sizes (RFC 3030 §2).
 */
import { describe, expect, it } from 'vitest';
import type { Path } from '../../src/protocol/address.ts';
import type { CommandSpec } from '../../src/protocol/commands.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { parseArguments, splitCommand } from '../../src/protocol/parser.ts';
import { reply } from '../../src/protocol/replies.ts';
import { BDAT, MAIL, MRCP, MRSQ, MTP_MAIL, RCPT } from '../../src/protocol/verbs/index.ts';
import {
  badArguments,
  badRecipient,
  badSender,
  box,
  era,
  refused,
  syntax,
} from './parser-helpers.ts';

describe('MAIL and RCPT in the eras before RFC 5321', () => {
  const cases: [string, DialectId, CommandSpec, string, unknown][] = [
    // No parameters before RFC 1869 §6.
    [
      'RFC 821: no parameters',
      'rfc821',
      MAIL.specs.rfc821,
      'FROM:<a@b.test> SIZE=10',
      badSender('unexpected "SIZE=10" after the address'),
    ],
    [
      'RFC 1123: no parameters',
      'rfc1123',
      RCPT.specs.rfc821,
      'TO:<b@c.test> NOTIFY=NEVER',
      badRecipient('unexpected "NOTIFY=NEVER" after the address'),
    ],
    [
      'RFC 1869 §6: parameters',
      'rfc1869',
      MAIL.specs.rfc821,
      'FROM:<a@b.test> SIZE=10',
      {
        ok: true,
        value: {
          kind: 'path',
          path: box('a', 'b.test'),
          params: [{ keyword: 'SIZE', value: '10' }],
        },
      },
    ],
    // RFC 821 §3.6 and Example 7 send notifications with MAIL FROM:<>.
    [
      'RFC 821: null reverse path',
      'rfc821',
      MAIL.specs.rfc821,
      'FROM:<>',
      { ok: true, value: { kind: 'path', path: { kind: 'null' }, params: [] } },
    ],
    // <Postmaster> without a domain came with RFC 2821/5321.
    [
      'RFC 821: no bare <Postmaster>',
      'rfc821',
      RCPT.specs.rfc821,
      'TO:<Postmaster>',
      badRecipient('missing "@domain"'),
    ],
    // RFC 821 §4.1.2: a domain element is a name starting with a letter.
    [
      'RFC 821: names start with a letter',
      'rfc821',
      RCPT.specs.rfc821,
      'TO:<b@3com.test>',
      badRecipient('"3com" is not a name (RFC 821: a letter first, then letters, digits, hyphens)'),
    ],
    [
      'RFC 821: #number elements',
      'rfc821',
      RCPT.specs.rfc821,
      'TO:<b@#123>',
      { ok: true, value: { kind: 'path', path: box('b', '#123'), params: [] } },
    ],
    [
      'RFC 5321: a digit first is fine',
      'rfc5321',
      RCPT.specs.rfc5321,
      'TO:<b@3com.test>',
      { ok: true, value: { kind: 'path', path: box('b', '3com.test'), params: [] } },
    ],
    // RFC 788 §4.1.2 paths: route hops separated by commas, no colon.
    [
      "RFC 788's example path",
      'rfc788',
      MAIL.specs.rfc821,
      'FROM:<@ISIE,JQP@MIT-AI>',
      { ok: true, value: { kind: 'path', path: box('JQP', 'MIT-AI', ['ISIE']), params: [] } },
    ],
    [
      'RFC 788 §3.6: MAIL FROM:<>',
      'rfc788',
      MAIL.specs.rfc821,
      'FROM:<>',
      { ok: true, value: { kind: 'path', path: { kind: 'null' }, params: [] } },
    ],
    [
      'RFC 788: a space after the colon',
      'rfc788',
      RCPT.specs.rfc821,
      'TO: <Jones@BBN-VAX>',
      badRecipient('no space is allowed after "TO:"'),
    ],
    // SMTP before RFC 1869: MTP's "TO:" on MAIL is gone.
    [
      'RFC 821: no TO: on MAIL',
      'rfc821',
      MAIL.specs.rfc821,
      'FROM:<a@b.test> TO:<c@d.test>',
      badSender('unexpected "TO:<c@d.test>" after the address'),
    ],
  ];
  it.each(cases)('%s: %j', (_, id, spec, args, expected) => {
    expect(parseArguments(spec, args, era(id))).toEqual(expected);
  });

  it("the 501 quotes RFC 821's own syntax line", () => {
    expect(parseArguments(MAIL.specs.rfc821, 'FROM <a@b.test>', era('rfc821'))).toEqual(
      refused(reply('syntax', { syntax: 'MAIL <SP> FROM:<reverse-path> <CRLF>' })),
    );
  });
});

describe('parameter values in the RFC 1869 era', () => {
  it('a value of printable ASCII is accepted', () => {
    expect(parseArguments(MAIL.specs.rfc821, 'FROM:<a@b.test> X=a~b', era('rfc1869'))).toEqual({
      ok: true,
      value: { kind: 'path', path: box('a', 'b.test'), params: [{ keyword: 'X', value: 'a~b' }] },
    });
  });

  // RFC 1869 §6: "esmtp-value ::= 1*<any CHAR excluding "=", SP, and all
  // control characters (US ASCII 0-31 inclusive)>": CHAR is 0-127, so DEL
  // (127) is allowed in this era; RFC 5321's narrower `1*(%d33-60 / %d62-126)`
  // holds only in its own.
  it('DEL (127) is allowed in a value (RFC 1869 §6)', () => {
    expect(parseArguments(MAIL.specs.rfc821, 'FROM:<a@b.test> X=a\x7f', era('rfc1869')).ok).toBe(
      true,
    );
  });

  it('controls 0-31, "=" and SP stay out of a value in this era', () => {
    for (const value of ['a\x01', 'a\x1f', 'a=b'])
      expect(
        parseArguments(MAIL.specs.rfc821, `FROM:<a@b.test> X=${value}`, era('rfc1869')),
      ).toEqual(badArguments('bad value for X'));
  });

  it('RFC 5321 (§4.1.2: %d33-60 / %d62-126) refuses DEL', () => {
    expect(parseArguments(MAIL.specs.rfc5321, 'FROM:<a@b.test> X=a\x7f', era('rfc5321'))).toEqual(
      badArguments('bad value for X'),
    );
  });
});

describe('longest path: 256 octets (RFC 5321 §4.5.3.1.3), 100 in RFC 780 (§5.5.3)', () => {
  // A path of exactly n octets, brackets included: <local@domain>.
  const label = (n: number) => 'd'.repeat(n);
  const path5321 = (n: number) => {
    const domainLength = n - 2 - 1 - 64;
    const labels: string[] = [];
    let left = domainLength - 5; // ".test"
    while (left > 0) {
      const size = Math.min(63, left);
      labels.push(label(size));
      left -= size + 1;
    }
    return `<${'a'.repeat(64)}@${labels.join('.')}.test>`;
  };
  it('the path helper builds exact lengths', () => {
    expect(path5321(256)).toHaveLength(256);
    expect(path5321(257)).toHaveLength(257);
  });
  const cases: [string, DialectId, CommandSpec, string, boolean][] = [
    ['RFC 5321, 256 octets', 'rfc5321', MAIL.specs.rfc5321, `FROM:${path5321(256)}`, true],
    ['RFC 5321, 257 octets', 'rfc5321', MAIL.specs.rfc5321, `FROM:${path5321(257)}`, false],
    ['RFC 780, 100 octets', 'rfc780', MRCP.specs.rfc780, `TO:<${'a'.repeat(96)}@b>`, true],
    ['RFC 780, 101 octets', 'rfc780', MRCP.specs.rfc780, `TO:<${'a'.repeat(97)}@b>`, false],
    // RFC 772 sets no limit.
    ['RFC 772, 1000 octets', 'rfc772', MRCP.specs.rfc772, `TO:<${'a'.repeat(995)}@b>`, true],
  ];
  it.each(cases)('%s', (_, id, spec, args, ok) => {
    const r = parseArguments(spec, args, era(id));
    if (ok) expect(r.ok).toBe(true);
    else
      expect(r).toEqual(
        spec.parse === 'mail'
          ? badSender(`path longer than ${DIALECTS[id].limits.path} octets`)
          : badArguments(`path longer than ${DIALECTS[id].limits.path} octets`),
      );
  });
});

describe('MTP: MAIL FROM:<sender> [TO:<path>] and MRCP (RFC 772 p. 8, RFC 780 §5.1.2)', () => {
  const mtp = (from: Path, to: Path | null) => ({ ok: true, value: { kind: 'mtp', from, to } });
  for (const id of ['rfc772', 'rfc780'] as const) {
    const spec = MTP_MAIL.specs[id];
    const cases: [string, unknown][] = [
      ['FROM:<a@b> TO:<c@d>', mtp(box('a', 'b'), box('c', 'd'))],
      ['from:<a@b> to:<c@d>', mtp(box('a', 'b'), box('c', 'd'))],
      ['FROM:<a@b>', mtp(box('a', 'b'), null)],
      // RFC 772 p. 6: an empty TO:<> names no recipient.
      ['FROM:<a@b> TO:<>', mtp(box('a', 'b'), null)],
      // "One or more spaces" between the arguments (RFC 772 p. 8).
      ['FROM:<a@b>   TO:<c@d>', mtp(box('a', 'b'), box('c', 'd'))],
      ['FROM:<a@b> TO:<@X,@Y,c@d>', mtp(box('a', 'b'), box('c', 'd', ['X', 'Y']))],
      ['FROM:<JQP@MIT-AI> TO:<Jones@BBN-VAX>', mtp(box('JQP', 'MIT-AI'), box('Jones', 'BBN-VAX'))],
      ['FROM:<a@b>TO:<c@d>', badArguments('unexpected "TO:<c@d>" after the sender')],
      ['FROM:<a@b> TO:<c@d> x', badArguments('unexpected "x" after the recipient')],
      ['FROM:<a@b> CC:<c@d>', syntax(spec)],
      ['TO:<c@d>', syntax(spec)],
      ['', syntax(spec)],
      // No null sender in MTP (RFC 788 §3.6 brought MAIL FROM:<>).
      ['FROM:<>', badArguments('the null path <> is not allowed here')],
      ['FROM:a@b', badArguments('the address must be enclosed in <angle brackets>')],
      ['FROM:<a@b> TO:c@d', badArguments('the address must be enclosed in <angle brackets>')],
      ['FROM:<a@b> TO:<c@d', badArguments('missing closing ">"')],
      ['FROM:<ab>', badArguments('missing "user@host"')],
      ['FROM:<a@1b>', badArguments('host "1b" must start with a letter')],
    ];
    it.each(cases)(`${id}: MAIL %j`, (args, expected) => {
      expect(parseArguments(spec, args, era(id))).toEqual(expected);
    });

    const mrcp = MRCP.specs[id];
    const mrcpCases: [string, unknown][] = [
      ['TO:<c@d>', { ok: true, value: { kind: 'path', path: box('c', 'd'), params: [] } }],
      [
        'to:<@X,c@d>',
        { ok: true, value: { kind: 'path', path: box('c', 'd', ['X']), params: [] } },
      ],
      ['TO:<>', badArguments('the null path <> is not allowed here')],
      ['TO:<c@d> TO:<e@f>', badArguments('unexpected "TO:<e@f>" after the recipient')],
      ['FROM:<c@d>', syntax(mrcp)],
    ];
    it.each(mrcpCases)(`${id}: MRCP %j`, (args, expected) => {
      expect(parseArguments(mrcp, args, era(id))).toEqual(expected);
    });
  }

  // RFC 772 p. 8 and RFC 780 §5.1.2: "The command codes and the argument
  // fields are separated by one or more spaces." splitCommand keeps every
  // space after the first in the argument; the parser skips them in these eras.
  for (const id of ['rfc772', 'rfc780'] as const) {
    it(`${id}: "MAIL  FROM:<a@b>" (two spaces after the verb) is MAIL FROM:<a@b>`, () => {
      const { args } = splitCommand('MAIL  FROM:<a@b>');
      expect(parseArguments(MTP_MAIL.specs[id], args, era(id))).toEqual(mtp(box('a', 'b'), null));
    });
  }

  // RFC 780 §5.1.2: "<sender-path> ::= <path>", a reverse route allowed.
  it('rfc780: the sender may carry a route', () => {
    expect(parseArguments(MTP_MAIL.specs.rfc780, 'FROM:<@X,a@b>', era('rfc780'))).toEqual(
      mtp(box('a', 'b', ['X']), null),
    );
  });

  // RFC 772 p. 8: "<sender> ::= "<" <mailbox> ">"" (only <path>, the
  // recipient, has the "@" <host> "," hops).
  it('rfc772: the sender is a mailbox, without a route', () => {
    expect(parseArguments(MTP_MAIL.specs.rfc772, 'FROM:<@X,a@b>', era('rfc772')).ok).toBe(false);
  });

  it('rfc772: a route on the sender gets 501; the recipient keeps its hops', () => {
    expect(parseArguments(MTP_MAIL.specs.rfc772, 'FROM:<@X,a@b> TO:<c@d>', era('rfc772'))).toEqual(
      badArguments('the sender is a mailbox: no route is allowed here'),
    );
    expect(parseArguments(MTP_MAIL.specs.rfc772, 'FROM:<a@b> TO:<@X,c@d>', era('rfc772'))).toEqual(
      mtp(box('a', 'b'), box('c', 'd', ['X'])),
    );
  });

  it('rfc772 and rfc780: "MAIL   FROM:<a@b>  TO:<c@d>" (several spaces) is accepted', () => {
    for (const id of ['rfc772', 'rfc780'] as const) {
      const { args } = splitCommand('MAIL   FROM:<a@b>  TO:<c@d>');
      expect(parseArguments(MTP_MAIL.specs[id], args, era(id))).toEqual(
        mtp(box('a', 'b'), box('c', 'd')),
      );
      expect(parseArguments(MRCP.specs[id], splitCommand('MRCP  TO:<c@d>').args, era(id))).toEqual({
        ok: true,
        value: { kind: 'path', path: box('c', 'd'), params: [] },
      });
    }
  });
});

describe('SMTP before RFC 5321: "one or more spaces" after the verb', () => {
  // RFC 788 §4.1.2 and RFC 821 §4.1.2: "Command codes and the argument fields
  // are separated by one or more spaces." (Their grammar writes a single
  // <SP>, as RFC 5321 does; the prose allows more, RFC 5321 §4.1.1 does not.)
  for (const id of ['rfc788', 'rfc821'] as const) {
    it(`${id}: "RCPT  TO:<Jones@BBN-VAX>" (two spaces after the verb) is RCPT TO:<Jones@BBN-VAX>`, () => {
      const { args } = splitCommand('RCPT  TO:<Jones@BBN-VAX>');
      expect(parseArguments(RCPT.specs.rfc821, args, era(id))).toEqual({
        ok: true,
        value: { kind: 'path', path: box('Jones', 'BBN-VAX'), params: [] },
      });
    });
  }

  it('rfc1123 and rfc1869 keep RFC 821\'s text: "MAIL   FROM:<a@b.test>" is accepted', () => {
    for (const id of ['rfc1123', 'rfc1869'] as const) {
      const { args } = splitCommand('MAIL   FROM:<a@b.test>');
      expect(parseArguments(MAIL.specs.rfc821, args, era(id))).toEqual({
        ok: true,
        value: { kind: 'path', path: box('a', 'b.test'), params: [] },
      });
    }
  });

  it('only after the verb: a space after "FROM:" and two before a parameter are still refused', () => {
    expect(parseArguments(MAIL.specs.rfc821, 'FROM: <a@b.test>', era('rfc821'))).toEqual(
      badSender('no space is allowed after "FROM:"'),
    );
    expect(parseArguments(MAIL.specs.rfc821, 'FROM:<a@b.test>  SIZE=1', era('rfc1869'))).toEqual(
      badArguments('extra space between parameters'),
    );
  });

  it('RFC 5321 keeps a single SP: "MAIL  FROM:<a@b.test>" gets the syntax reply', () => {
    const { args } = splitCommand('MAIL  FROM:<a@b.test>');
    expect(parseArguments(MAIL.specs.rfc5321, args, era('rfc5321'))).toEqual(
      syntax(MAIL.specs.rfc5321),
    );
  });
});

describe('MRSQ [<SP> <scheme>] (RFC 780 §4.1: "<scheme> is a single character")', () => {
  const spec = MRSQ.specs.rfc780;
  const cases: [string, unknown][] = [
    ['', { ok: true, value: { kind: 'scheme', scheme: null } }],
    ['R', { ok: true, value: { kind: 'scheme', scheme: 'R' } }],
    // "R or r" (RFC 780 §5.1.2): upper-cased.
    ['r', { ok: true, value: { kind: 'scheme', scheme: 'R' } }],
    ['T', { ok: true, value: { kind: 'scheme', scheme: 'T' } }],
    ['?', { ok: true, value: { kind: 'scheme', scheme: '?' } }],
    // Any single character parses; MRSQ's handler answers one it cannot use with 504.
    ['x', { ok: true, value: { kind: 'scheme', scheme: 'X' } }],
    ['RT', syntax(spec)],
    ['R T', syntax(spec)],
  ];
  it.each(cases)('MRSQ %j', (args, expected) => {
    expect(parseArguments(spec, args)).toEqual(expected);
  });
});

describe('BDAT <chunk-size> [LAST] (RFC 3030 §2: chunk-size ::= 1*DIGIT, end-marker ::= "LAST")', () => {
  const spec = BDAT.specs.rfc3030;
  const valid: [string, number, boolean][] = [
    ['0', 0, false],
    // RFC 3030 §4's example ends a message with "BDAT 0 LAST".
    ['0 LAST', 0, true],
    ['100', 100, false],
    ['100 LAST', 100, true],
    ['100 last', 100, true],
    ['007', 7, false],
    ['1048576 LAST', 1048576, true],
    ['999999999999999', 999999999999999, false],
  ];
  it.each(valid)('BDAT %j: %d octets, last %s', (args, size, last) => {
    expect(parseArguments(spec, args)).toEqual({ ok: true, value: { kind: 'bdat', size, last } });
  });

  const invalid = [
    '',
    'LAST',
    ' 100',
    '100 ',
    '100  LAST',
    '100 LAST ',
    '100 LASTX',
    '100 FIRST',
    '100 LAST LAST',
    '-1',
    '+5',
    '1e3',
    '0x10',
    '1.5',
    '١٠٠',
  ];
  it.each(invalid)('BDAT %j gets the syntax reply', (args) => {
    expect(parseArguments(spec, args)).toEqual(syntax(spec));
  });

  // chunk-size ::= 1*DIGIT has no upper bound on its digits: leading zeros
  // count for nothing, and the command line limit bounds the digits.
  it('BDAT "0000000000000100 LAST" (16 digits) is a chunk of 100 octets', () => {
    expect(parseArguments(spec, '0000000000000100 LAST')).toEqual({
      ok: true,
      value: { kind: 'bdat', size: 100, last: true },
    });
  });

  it('a count past 2^53 - 1 is no syntax error: it is read as a chunk over any limit', () => {
    for (const digits of ['9007199254740991', '9007199254740992', '1'.repeat(400)])
      expect(parseArguments(spec, digits)).toEqual({
        ok: true,
        value: { kind: 'bdat', size: Number.MAX_SAFE_INTEGER, last: false },
      });
  });

  it('"LA\u017fT" (long s) is not LAST', () => {
    expect(parseArguments(spec, '100 LA\u017fT')).toEqual(syntax(spec));
  });
});
