import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/protocol/bytes.ts';

/** encode() copies short ASCII by hand: it must give the very octets TextEncoder gives, for any text. */
describe('encode', () => {
  const utf8 = new TextEncoder();

  it('gives the UTF-8 octets of any text, short or long, ASCII or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 400 })), (text) => {
        expect([...encode(text)]).toEqual([...utf8.encode(text)]);
      }),
      { numRuns: 500 },
    );
  });

  it('an 8-bit character anywhere in a short line falls back to the encoder', () => {
    expect([...encode('MAIL FROM:<jos\u00e9@client.test>\r\n')]).toEqual([
      ...utf8.encode('MAIL FROM:<jos\u00e9@client.test>\r\n'),
    ]);
    expect(decode(encode('RCPT TO:<\u00fc@example.test>'))).toBe('RCPT TO:<\u00fc@example.test>');
    expect([...encode('\u007f')]).toEqual([0x7f]);
    expect([...encode('\u0080')]).toEqual([0xc2, 0x80]);
    // A lone surrogate becomes U+FFFD, as the encoder makes it.
    expect([...encode('\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
  });
});
