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
import { parseArguments, splitCommand } from '../../src/protocol/parser.ts';
import { reply } from '../../src/protocol/replies.ts';
import { DATA, EHLO, HELO, MAIL, NOOP, QUIT, RCPT, VRFY } from '../../src/protocol/verbs/index.ts';
import {
  badArguments,
  badRecipient,
  badSender,
  box,
  era,
  refused,
  syntax,
} from './parser-helpers.ts';

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
