/**
 * Case-insensitivity is ASCII only (RFC 5321 §2.4; ALPHA is %x41-5A /
 * %x61-7A, RFC 5234 B.1): JavaScript's toUpperCase() folds U+0131 (dotless
 * i) to "I" and U+017F (long s) to "S", which no SMTP grammar does.
 */
import { describe, expect, it } from 'vitest';
import { EXTENSIONS } from '../../src/protocol/extensions/index.ts';
import { asciiUpper } from '../../src/protocol/params.ts';
import { parseArguments } from '../../src/protocol/parser.ts';
import { DEFAULT_WORLD } from '../../src/protocol/world.ts';
import { MAIL, MRSQ } from '../../src/protocol/verbs/index.ts';
import { open } from '../helpers.ts';

const dsn = EXTENSIONS.find((e) => e.keyword === 'DSN')!;
const body = EXTENSIONS.find((e) => e.keyword === '8BITMIME')!.mailParams!.BODY!;
const context = { world: DEFAULT_WORLD, enabled: new Set(['8BITMIME', 'DSN']) };

describe('ASCII-only case folding', () => {
  it('asciiUpper folds a-z and nothing else', () => {
    expect(asciiUpper('mail from:<\u0131\u017f\u00e9>')).toBe('MAIL FROM:<\u0131\u017f\u00e9>');
  });

  it('an AUTH mechanism and a HELP topic are folded in ASCII only (RFC 4954 §4)', () => {
    const world = {
      extensions: ['AUTH'],
      auth: { mechanisms: ['PLAIN'], required: false, requireTls: false },
    };
    const { codes } = open(world);
    // PLA\u0131N is no mechanism: 504; plain is PLAIN (334 asks for the response).
    expect(codes('EHLO c.test', 'AUTH PLA\u0131N', 'AUTH plain')).toEqual([250, 504, 334]);
    const help = open();
    expect(help.codes('HELP ma\u0131l', 'HELP mail')).toEqual([504, 214]);
  });

  it('a verb with a non-ASCII letter is unknown: 500', () => {
    const { codes } = open();
    expect(codes('EHLO c.test', 'MA\u0131L FROM:<a@c.test>', 'mail FROM:<a@c.test>')).toEqual([
      250, 500, 250,
    ]);
  });

  it('"FR\u039fM:" (Greek capital omicron) is not "FROM:"', () => {
    expect(parseArguments(MAIL.specs.rfc5321, 'FR\u039fM:<a@b.test>').ok).toBe(false);
  });

  it('an MRSQ scheme is folded in ASCII only', () => {
    expect(parseArguments(MRSQ.specs.rfc780, 'r')).toEqual({
      ok: true,
      value: { kind: 'scheme', scheme: 'R' },
    });
    expect(parseArguments(MRSQ.specs.rfc780, '\u0131')).toEqual({
      ok: true,
      value: { kind: 'scheme', scheme: '\u0131' },
    });
  });

  it('BODY=8B\u0131TMIME is not 8BITMIME; BODY=8bitmime is', () => {
    expect(body.check('8bitmime', context)).toBeNull();
    expect(body.check('8B\u0131TMIME', context)).not.toBeNull();
  });

  it('NOTIFY=\u017fUCCESS is not SUCCESS; NOTIFY=success is', () => {
    expect(dsn.rcptParams!.NOTIFY!.check('success', context)).toBeNull();
    expect(dsn.rcptParams!.NOTIFY!.check('\u017fUCCESS', context)).not.toBeNull();
  });
});
