/**
 * Command syntax on its own (src/protocol/parser.ts): a line split into verb
 * and argument (RFC 5321 §2.4, §4.1.1), then each kind of argument parsed as
 * its era writes it: paths and parameters (RFC 5321 §4.1.2, RFC 1869 §6,
 * RFC 6531), RFC 821/788 paths, MTP's MAIL with TO: (RFC 772, 780), MRSQ
 * schemes, BDAT sizes (RFC 3030 §2), domains, and verbs without arguments.
 * The options are the ones the command reader passes for each dialect.
 */
import { describe, expect, it } from 'vitest';
import type { Path } from '../../src/protocol/address.ts';
import type { CommandSpec } from '../../src/protocol/commands.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { parseArguments, splitCommand, type ParseOptions } from '../../src/protocol/parser.ts';
import { reply, type Reply } from '../../src/protocol/replies.ts';
import {
  BDAT,
  DATA,
  EHLO,
  HELO,
  MAIL,
  MRCP,
  MRSQ,
  MTP_MAIL,
  NOOP,
  QUIT,
  RCPT,
  VRFY,
} from '../../src/protocol/verbs/index.ts';

/** What src/machines/command-reader.ts passes for a dialect (utf8: SMTPUTF8 offered). */
function era(id: DialectId, utf8 = false): ParseOptions {
  const d = DIALECTS[id];
  return {
    grammar: d.paths,
    nullReversePath: d.nullReversePath,
    params: d.extensions,
    utf8,
    maxPath: d.limits.path,
  };
}

const box = (local: string, domain: string, route: string[] = [], localValue = local): Path => ({
  kind: 'mailbox',
  mailbox: { local, localValue, domain, literal: domain.startsWith('[') },
  route,
});
const refused = (r: Reply) => ({ ok: false, reply: r });
const syntax = (spec: CommandSpec) => refused(reply('syntax', { syntax: spec.syntax }));
const badSender = (reason: string) => refused(reply('badSender', { reason }));
const badRecipient = (reason: string) => refused(reply('badRecipient', { reason }));
const badArguments = (reason: string) => refused(reply('badArguments', { reason }));

describe('splitCommand (RFC 5321 §2.4: verbs are not case sensitive)', () => {
  const cases: [string, string, string][] = [
    ['MAIL FROM:<a@b.test>', 'MAIL', 'FROM:<a@b.test>'],
    ['mail from:<a@b.test>', 'MAIL', 'from:<a@b.test>'],
    ['rCpT TO:<b@c.test> NOTIFY=NEVER', 'RCPT', 'TO:<b@c.test> NOTIFY=NEVER'],
    ['QUIT', 'QUIT', ''],
    ['DATA ', 'DATA', ''],
    // Only the first space separates: the rest is the argument as sent.
    ['NOOP  x', 'NOOP', ' x'],
    ['BDAT 10 LAST', 'BDAT', '10 LAST'],
    ['', '', ''],
    [' MAIL', '', 'MAIL'],
  ];
  it.each(cases)('%j: verb %j, argument %j', (line, verb, args) => {
    expect(splitCommand(line)).toEqual({ verb, args, line });
  });

  // RFC 5321 §2.4: "a command verb [...] MAY be encoded in upper case, lower
  // case, or any mixture of upper and lower case with no impact on its
  // meaning" (ASCII case: verbs are ALPHA, RFC 5234 B.1 %x41-5A / %x61-7A).
  // toUpperCase() would map U+0131 (dotless i) to "I" and U+017F (long s) to
  // "S": only ASCII letters are folded, so "MA\u0131L" is no verb (500).
  for (const [line, ascii] of [
    ['MA\u0131L FROM:<a@b.test>', 'MAIL'],
    ['\u017fEND FROM:<a@b.test>', 'SEND'],
    ['QU\u0131T', 'QUIT'],
  ]) {
    it(`${JSON.stringify(line)} is not the verb ${ascii}`, () => {
      expect(splitCommand(line!).verb).not.toBe(ascii);
    });
  }
});

describe('MAIL FROM: (RFC 5321 §4.1.1.2, §4.1.2)', () => {
  const spec = MAIL.specs.rfc5321;
  const valid: [string, Path, { keyword: string; value?: string }[]][] = [
    ['FROM:<a@b.test>', box('a', 'b.test'), []],
    // "FROM:" is an argument value: not case sensitive (§2.4).
    ['from:<a@b.test>', box('a', 'b.test'), []],
    ['FROM:<A.Smith@B.Test>', box('A.Smith', 'B.Test'), []],
    ['FROM:<>', { kind: 'null' }, []],
    ['FROM:<a@b.test> SIZE=10', box('a', 'b.test'), [{ keyword: 'SIZE', value: '10' }]],
    [
      'FROM:<> size=10 body=8BITMIME',
      { kind: 'null' },
      [
        { keyword: 'SIZE', value: '10' },
        { keyword: 'BODY', value: '8BITMIME' },
      ],
    ],
    [
      'FROM:<a@b.test> RET=HDRS ENVID=QQ314159',
      box('a', 'b.test'),
      [
        { keyword: 'RET', value: 'HDRS' },
        { keyword: 'ENVID', value: 'QQ314159' },
      ],
    ],
    ['FROM:<a@b.test> SMTPUTF8', box('a', 'b.test'), [{ keyword: 'SMTPUTF8' }]],
    // A source route: accepted, recorded, ignored (§4.1.2, Appendix C).
    ['FROM:<@a.test,@b.test:u@c.test>', box('u', 'c.test', ['a.test', 'b.test']), []],
    ['FROM:<@[192.0.2.9]:u@c.test>', box('u', 'c.test', ['[192.0.2.9]']), []],
    // Address literals (§4.1.3).
    ['FROM:<u@[192.0.2.1]>', box('u', '[192.0.2.1]'), []],
    [
      'FROM:<u@[IPv6:2001:db8::1]> SIZE=1',
      box('u', '[IPv6:2001:db8::1]'),
      [{ keyword: 'SIZE', value: '1' }],
    ],
    // Quoted local parts: raw text kept, the value unquoted.
    ['FROM:<"a b"@c.test>', box('"a b"', 'c.test', [], 'a b'), []],
    [
      'FROM:<"a>b"@c.test> SIZE=5',
      box('"a>b"', 'c.test', [], 'a>b'),
      [{ keyword: 'SIZE', value: '5' }],
    ],
    ['FROM:<"Joe\\,Smith"@c.test>', box('"Joe\\,Smith"', 'c.test', [], 'Joe,Smith'), []],
  ];
  it.each(valid)('%j', (args, path, params) => {
    expect(parseArguments(spec, args, era('rfc5321'))).toEqual({
      ok: true,
      value: { kind: 'path', path, params },
    });
  });

  const invalid: [string, ReturnType<typeof refused>][] = [
    // README "Decisions": a space after "MAIL FROM:" is refused with 501 (§3.3:
    // "spaces are not permitted on either side of the colon").
    ['FROM: <a@b.test>', badSender('no space is allowed after "FROM:"')],
    ['FROM:a@b.test', badSender('the address must be enclosed in <angle brackets>')],
    ['FROM:<a@b.test', badSender('missing closing ">"')],
    ['FROM:a@b.test>', badSender('the address must be enclosed in <angle brackets>')],
    ['FROM:', badSender('the address must be enclosed in <angle brackets>')],
    ['FROM:<a>', badSender('missing "@domain"')],
    // <Postmaster> without a domain is a recipient only (§4.1.1.3).
    ['FROM:<Postmaster>', badSender('missing "@domain"')],
    ['FROM:<a@b..test>', badSender('empty label in "b..test"')],
    ['FROM:<u@[192.0.2.256]>', badSender('"192.0.2.256" is not an IPv4 address')],
    ['FROM:<a.test:u@c.test>', badSender('character ":" is not allowed in an unquoted local part')],
    [
      'FROM:<ü@b.test>',
      badSender('non-ASCII character "ü" in the local part (allowed only with SMTPUTF8, RFC 6531)'),
    ],
    ['FROM<a@b.test>', syntax(spec)],
    ['TO:<a@b.test>', syntax(spec)],
    ['', syntax(spec)],
    ['   ', syntax(spec)],
    // Parameters follow the path after exactly one SP.
    ['FROM:<a@b.test>SIZE=10', badSender('unexpected "SIZE=10" after the address')],
    ['FROM:<a@b.test>  SIZE=10', badArguments('extra space between parameters')],
    ['FROM:<a@b.test> SIZE=10  BODY=7BIT', badArguments('extra space between parameters')],
    // Given twice, in any case.
    ['FROM:<a@b.test> SIZE=10 SIZE=20', badArguments('SIZE given twice')],
    ['FROM:<a@b.test> SIZE=10 size=10', badArguments('SIZE given twice')],
    // Keywords: ALPHA / DIGIT / "-" only.
    ['FROM:<a@b.test> SI_ZE=10', badArguments('"SI_ZE" is not a parameter keyword')],
    ['FROM:<a@b.test> -X=1', badArguments('"-X" is not a parameter keyword')],
    ['FROM:<a@b.test> =1', badArguments('"" is not a parameter keyword')],
    // Values: no "=", no control characters, not empty, ASCII without SMTPUTF8.
    ['FROM:<a@b.test> X=a=b', badArguments('bad value for X')],
    ['FROM:<a@b.test> X=a\x01b', badArguments('bad value for X')],
    ['FROM:<a@b.test> SIZE=', badArguments('bad value for SIZE')],
    ['FROM:<a@b.test> SIZE=10\tBODY=7BIT', badArguments('bad value for SIZE')],
    ['FROM:<a@b.test> X=ü', badArguments('bad value for X')],
    // MTP's "MAIL FROM:<a> TO:<b>" is not SMTP: TO:<...> is no parameter.
    ['FROM:<a@b.test> TO:<c@d.test>', badArguments('"TO:<C@D.TEST>" is not a parameter keyword')],
  ];
  it.each(invalid)('%j is refused', (args, expected) => {
    expect(parseArguments(spec, args, era('rfc5321'))).toEqual(expected);
  });

  it('every refusal is a 501 (RFC 5321 §4.2.2), with enhanced code 5.1.7, 5.5.4 (RFC 3463)', () => {
    const seen = new Set<string>();
    for (const [args] of invalid) {
      const r = parseArguments(spec, args, era('rfc5321'));
      if (r.ok) throw new Error(`${args} was accepted`);
      expect(r.reply.code).toBe(501);
      seen.add(`${r.reply.id} ${r.reply.enhanced}`);
    }
    expect([...seen].sort()).toEqual(['badArguments 5.5.4', 'badSender 5.1.7', 'syntax 5.5.4']);
  });

  it('the reply quotes the era\'s syntax line: "501 Syntax: MAIL FROM:<reverse-path> [SP <mail-parameters>]"', () => {
    const r = parseArguments(spec, 'TO:<a@b.test>', era('rfc5321'));
    expect(!r.ok && r.reply.lines).toEqual([`Syntax: ${spec.syntax}`]);
    expect(spec.syntax).toBe('MAIL FROM:<reverse-path> [SP <mail-parameters>]');
  });
});

describe('RCPT TO: (RFC 5321 §4.1.1.3)', () => {
  const spec = RCPT.specs.rfc5321;
  const valid: [string, Path, { keyword: string; value?: string }[]][] = [
    ['TO:<b@c.test>', box('b', 'c.test'), []],
    ['to:<b@c.test>', box('b', 'c.test'), []],
    // "<Postmaster>" with no domain, in any case (§4.1.1.3).
    ['TO:<Postmaster>', { kind: 'postmaster', text: 'Postmaster' }, []],
    ['TO:<postmaster>', { kind: 'postmaster', text: 'postmaster' }, []],
    [
      'TO:<POSTMASTER> NOTIFY=NEVER',
      { kind: 'postmaster', text: 'POSTMASTER' },
      [{ keyword: 'NOTIFY', value: 'NEVER' }],
    ],
    ['TO:<Postmaster@c.test>', box('Postmaster', 'c.test'), []],
    [
      'TO:<b@c.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;b+2Bx@c.test',
      box('b', 'c.test'),
      [
        { keyword: 'NOTIFY', value: 'SUCCESS,FAILURE' },
        { keyword: 'ORCPT', value: 'rfc822;b+2Bx@c.test' },
      ],
    ],
    ['TO:<@hosta.test,@hostb.test:b@c.test>', box('b', 'c.test', ['hosta.test', 'hostb.test']), []],
    ['TO:<b@[IPv6:::1]>', box('b', '[IPv6:::1]'), []],
  ];
  it.each(valid)('%j', (args, path, params) => {
    expect(parseArguments(spec, args, era('rfc5321'))).toEqual({
      ok: true,
      value: { kind: 'path', path, params },
    });
  });

  const invalid: [string, ReturnType<typeof refused>][] = [
    ['TO:<>', badRecipient('the null path <> is not allowed here')],
    ['TO: <b@c.test>', badRecipient('no space is allowed after "TO:"')],
    ['TO:b@c.test', badRecipient('the address must be enclosed in <angle brackets>')],
    ['TO:<b@c.test', badRecipient('missing closing ">"')],
    ['TO:<Postmaster', badRecipient('missing closing ">"')],
    ['TO:<postmistress>', badRecipient('missing "@domain"')],
    ['TO:<b@c.test>NOTIFY=NEVER', badRecipient('unexpected "NOTIFY=NEVER" after the address')],
    ['FROM:<b@c.test>', syntax(spec)],
    ['TO<b@c.test>', syntax(spec)],
    ['', syntax(spec)],
    ['TO:<b@c.test> NOTIFY=NEVER NOTIFY=SUCCESS', badArguments('NOTIFY given twice')],
    ['TO:<b@c.test> ORCPT=rfc822;b=c', badArguments('bad value for ORCPT')],
  ];
  it.each(invalid)('%j is refused', (args, expected) => {
    expect(parseArguments(spec, args, era('rfc5321'))).toEqual(expected);
  });

  it('a recipient refusal is 501 5.1.3 (RFC 3463: bad destination mailbox address syntax)', () => {
    const r = parseArguments(spec, 'TO:b@c.test', era('rfc5321'));
    expect(!r.ok && [r.reply.code, r.reply.enhanced, r.reply.id]).toEqual([
      501,
      '5.1.3',
      'badRecipient',
    ]);
  });
});

describe('SMTPUTF8 (RFC 6531 §3.3): UTF-8 in addresses and parameter values', () => {
  const cases: [CommandSpec, string, boolean, unknown][] = [
    [
      MAIL.specs.rfc5321,
      'FROM:<ü@b.test> SMTPUTF8',
      true,
      {
        ok: true,
        value: { kind: 'path', path: box('ü', 'b.test'), params: [{ keyword: 'SMTPUTF8' }] },
      },
    ],
    [
      RCPT.specs.rfc5321,
      'TO:<δοκιμή@παράδειγμα.test>',
      true,
      { ok: true, value: { kind: 'path', path: box('δοκιμή', 'παράδειγμα.test'), params: [] } },
    ],
    [
      MAIL.specs.rfc5321,
      'FROM:<a@b.test> X=ü',
      true,
      {
        ok: true,
        value: { kind: 'path', path: box('a', 'b.test'), params: [{ keyword: 'X', value: 'ü' }] },
      },
    ],
    [MAIL.specs.rfc5321, 'FROM:<a@b.test> X=ü', false, badArguments('bad value for X')],
    [
      RCPT.specs.rfc5321,
      'TO:<a@παράδειγμα.test>',
      false,
      badRecipient('"παράδειγμα" is not a valid label (letters, digits and inner hyphens only)'),
    ],
    // Only values are extended: a keyword stays ASCII.
    [
      MAIL.specs.rfc5321,
      'FROM:<a@b.test> ÜBER=1',
      true,
      badArguments('"ÜBER" is not a parameter keyword'),
    ],
  ];
  it.each(cases)('%#: %j with utf8 %s', (spec, args, utf8, expected) => {
    expect(parseArguments(spec, args, era('rfc5321', utf8))).toEqual(expected);
  });
});

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

describe('HELO and EHLO: a domain or an address literal (RFC 5321 §4.1.1.1)', () => {
  const cases: [CommandSpec, string, unknown][] = [
    [
      EHLO.specs.rfc5321,
      'client.test',
      { ok: true, value: { kind: 'domain', domain: 'client.test', literal: false } },
    ],
    [
      EHLO.specs.rfc5321,
      '[192.0.2.1]',
      { ok: true, value: { kind: 'domain', domain: '[192.0.2.1]', literal: true } },
    ],
    [
      EHLO.specs.rfc5321,
      '[IPv6:2001:db8::1]',
      { ok: true, value: { kind: 'domain', domain: '[IPv6:2001:db8::1]', literal: true } },
    ],
    // README "Decisions": HELO with an address literal is accepted, as real servers do.
    [
      HELO.specs.rfc5321,
      '[192.0.2.1]',
      { ok: true, value: { kind: 'domain', domain: '[192.0.2.1]', literal: true } },
    ],
    [EHLO.specs.rfc5321, 'a b', syntax(EHLO.specs.rfc5321)],
    [EHLO.specs.rfc5321, '', syntax(EHLO.specs.rfc5321)],
    [HELO.specs.rfc5321, '', syntax(HELO.specs.rfc5321)],
    [
      EHLO.specs.rfc5321,
      'bad_name.test',
      refused(
        reply('badDomain', {
          reason: '"bad_name" is not a valid label (letters, digits and inner hyphens only)',
        }),
      ),
    ],
    [
      EHLO.specs.rfc5321,
      'a..test',
      refused(reply('badDomain', { reason: 'empty label in "a..test"' })),
    ],
    [
      EHLO.specs.rfc5321,
      '[192.0.2.256]',
      refused(reply('badDomain', { reason: '"192.0.2.256" is not an IPv4 address' })),
    ],
    [
      EHLO.specs.rfc5321,
      '[192.0.2.1',
      refused(reply('badDomain', { reason: 'address literal must be in [brackets]' })),
    ],
  ];
  it.each(cases)('%#: %s %j', (spec, args, expected) => {
    expect(parseArguments(spec, args, era('rfc5321'))).toEqual(expected);
  });

  it("RFC 788's HELO <host> takes a host name of its era", () => {
    expect(parseArguments(HELO.specs.rfc788, 'MIT-AI', era('rfc788'))).toEqual({
      ok: true,
      value: { kind: 'domain', domain: 'MIT-AI', literal: false },
    });
  });
});

describe('verbs without arguments, and free strings (RFC 5321 §4.3.2, §4.1.1)', () => {
  const cases: [CommandSpec, string, unknown][] = [
    [DATA.specs.rfc5321, '', { ok: true, value: { kind: 'none' } }],
    // §4.3.2: DATA, RSET and QUIT SHOULD get 501 when given an argument.
    [DATA.specs.rfc5321, 'now', refused(reply('unexpectedArguments', { verb: 'DATA' }))],
    [QUIT.specs.rfc5321, 'now', refused(reply('unexpectedArguments', { verb: 'QUIT' }))],
    // NOOP takes a string from RFC 5321 on (§4.1.1.9), none before.
    [NOOP.specs.rfc5321, ' hi ', { ok: true, value: { kind: 'string', text: 'hi' } }],
    [NOOP.specs.rfc5321, '', { ok: true, value: { kind: 'string', text: '' } }],
    [NOOP.specs.rfc821, 'hi', refused(reply('unexpectedArguments', { verb: 'NOOP' }))],
    [VRFY.specs.rfc5321, 'Smith', { ok: true, value: { kind: 'string', text: 'Smith' } }],
    [VRFY.specs.rfc5321, '', syntax(VRFY.specs.rfc5321)],
  ];
  it.each(cases)('%#: %s %j', (spec, args, expected) => {
    expect(parseArguments(spec, args)).toEqual(expected);
  });

  it('an argument to DATA is 501 5.5.4 (RFC 5321 §4.3.2, RFC 3463 "invalid command arguments")', () => {
    const r = parseArguments(DATA.specs.rfc5321, 'now');
    expect(!r.ok && [r.reply.code, r.reply.enhanced, r.reply.id]).toEqual([
      501,
      '5.5.4',
      'unexpectedArguments',
    ]);
  });
});
