/**
 * ESMTP parameters on their own (src/protocol/params.ts), against the grammar
 * of RFC 5321 §4.1.2 (and RFC 1869 §6, RFC 6531 §3.3 for UTF-8 values):
 *
 *   Mail-parameters = esmtp-param *(SP esmtp-param)
 *   esmtp-param     = esmtp-keyword ["=" esmtp-value]
 *   esmtp-keyword   = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
 *   esmtp-value     = 1*(%d33-60 / %d62-126)
 */
import { describe, expect, it } from 'vitest';
import { hasParam, paramValue, parseParams, type EsmtpParam } from '../../src/protocol/params.ts';

describe('parseParams: valid parameter lists (RFC 5321 §4.1.2)', () => {
  const valid: [string, EsmtpParam[]][] = [
    ['', []],
    ['SIZE=10', [{ keyword: 'SIZE', value: '10' }]],
    // Keywords are case-insensitive (§2.4) and kept upper-cased; values keep their case.
    ['size=10', [{ keyword: 'SIZE', value: '10' }]],
    ['body=8bitmime', [{ keyword: 'BODY', value: '8bitmime' }]],
    ['SMTPUTF8', [{ keyword: 'SMTPUTF8' }]],
    [
      'SIZE=10 BODY=8BITMIME SMTPUTF8',
      [
        { keyword: 'SIZE', value: '10' },
        { keyword: 'BODY', value: '8BITMIME' },
        { keyword: 'SMTPUTF8' },
      ],
    ],
    [
      'RET=HDRS ENVID=QQ314159',
      [
        { keyword: 'RET', value: 'HDRS' },
        { keyword: 'ENVID', value: 'QQ314159' },
      ],
    ],
    // RFC 3461 §4.2: ORCPT=addr-type;xtext ("+" written as "+2B").
    [
      'ORCPT=rfc822;bob+2Bx@example.test',
      [{ keyword: 'ORCPT', value: 'rfc822;bob+2Bx@example.test' }],
    ],
    ['NOTIFY=SUCCESS,FAILURE', [{ keyword: 'NOTIFY', value: 'SUCCESS,FAILURE' }]],
    // A keyword may start with a digit and contain inner or trailing hyphens.
    ['8BIT-X=1', [{ keyword: '8BIT-X', value: '1' }]],
    ['X-=1', [{ keyword: 'X-', value: '1' }]],
    // The value's edges: "!" (33), "<" (60), ">" (62) and "~" (126) are allowed.
    ['X=!<>~', [{ keyword: 'X', value: '!<>~' }]],
    ['AUTH=<>', [{ keyword: 'AUTH', value: '<>' }]],
  ];
  it.each(valid)('%j', (text, params) => {
    expect(parseParams(text)).toEqual({ ok: true, params });
  });

  it('a parameter without "=" has no value property at all', () => {
    const r = parseParams('SMTPUTF8');
    expect(r.ok && Object.keys(r.params[0]!)).toEqual(['keyword']);
  });
});

describe('parseParams: refused parameter lists, with the reason', () => {
  const invalid: [string, string][] = [
    // Parameters are separated by exactly one SP.
    ['SIZE=10  BODY=7BIT', 'extra space between parameters'],
    [' SIZE=10', 'extra space between parameters'],
    ['SIZE=10 ', 'extra space between parameters'],
    // esmtp-keyword: ASCII letters, digits and "-", not starting with "-".
    ['=10', '"" is not a parameter keyword'],
    ['-SIZE=10', '"-SIZE" is not a parameter keyword'],
    ['SI_ZE=10', '"SI_ZE" is not a parameter keyword'],
    ['SIZE:10', '"SIZE:10" is not a parameter keyword'],
    ['ÜBER=1', '"ÜBER" is not a parameter keyword'],
    // esmtp-value: one or more of %d33-60 / %d62-126.
    ['SIZE=', 'bad value for SIZE'],
    ['X=a=b', 'bad value for X'],
    ['X==', 'bad value for X'],
    ['X=a\x01', 'bad value for X'],
    ['X=a\x7f', 'bad value for X'],
    ['SIZE=10\tBODY=7BIT', 'bad value for SIZE'],
    ['X=ü', 'bad value for X'],
    // A keyword given twice, in any case.
    ['SIZE=10 SIZE=20', 'SIZE given twice'],
    ['SIZE=10 size=10', 'SIZE given twice'],
    ['SMTPUTF8 BODY=8BITMIME SMTPUTF8', 'SMTPUTF8 given twice'],
  ];
  it.each(invalid)('%j: %s', (text, reason) => {
    expect(parseParams(text)).toEqual({ ok: false, reason });
  });

  // RFC 5321 §4.1.2: esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"), and
  // ALPHA is %x41-5A / %x61-7A (RFC 5234 Appendix B.1): ASCII letters only.
  // JavaScript's toUpperCase() turns U+017F LATIN SMALL LETTER LONG S into "S"
  // and U+0131 LATIN SMALL LETTER DOTLESS I into "I": parseParams folds ASCII
  // letters only, so these are not SIZE and NOTIFY.
  it('"\u017fIZE=10" (long s) is not the SIZE keyword', () => {
    expect(parseParams('\u017fIZE=10')).toEqual({
      ok: false,
      reason: '"\u017fIZE" is not a parameter keyword',
    });
  });
  it('"NOT\u0131FY=NEVER" (dotless i) is not the NOTIFY keyword', () => {
    expect(parseParams('NOT\u0131FY=NEVER').ok).toBe(false);
  });
});

describe('parseParams with SMTPUTF8 (RFC 6531 §3.3: esmtp-value =/ UTF8-non-ascii)', () => {
  const cases: [string, boolean, EsmtpParam[] | string][] = [
    ['X=ü', true, [{ keyword: 'X', value: 'ü' }]],
    ['X=ü', false, 'bad value for X'],
    [
      'ORCPT=utf-8;δοκιμή@παράδειγμα.test',
      true,
      [{ keyword: 'ORCPT', value: 'utf-8;δοκιμή@παράδειγμα.test' }],
    ],
    ['X=日本', true, [{ keyword: 'X', value: '日本' }]],
    // Only the value is extended: keywords stay ASCII.
    ['ÜBER=1', true, '"ÜBER" is not a parameter keyword'],
    // "=", SP and controls stay out of values with UTF-8 too.
    ['X=ü=1', true, 'bad value for X'],
    ['X=ü\x00', true, 'bad value for X'],
    ['X=', true, 'bad value for X'],
  ];
  it.each(cases)('%j (utf8 %s)', (text, utf8, expected) => {
    expect(parseParams(text, utf8)).toEqual(
      typeof expected === 'string'
        ? { ok: false, reason: expected }
        : { ok: true, params: expected },
    );
  });
});

describe('hasParam and paramValue', () => {
  const params: EsmtpParam[] = [{ keyword: 'SIZE', value: '10' }, { keyword: 'SMTPUTF8' }];
  const cases: [string, boolean, string | undefined][] = [
    ['SIZE', true, '10'],
    ['SMTPUTF8', true, undefined],
    ['BODY', false, undefined],
    // Lookups take the upper-cased keyword, as parseParams stores it.
    ['size', false, undefined],
  ];
  it.each(cases)('%s: present %s, value %j', (keyword, present, value) => {
    expect(hasParam(params, keyword)).toBe(present);
    expect(paramValue(params, keyword)).toBe(value);
  });
});
