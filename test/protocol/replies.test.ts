import { describe, expect, it } from 'vitest';
import { CATALOG, custom, formatReply, reply, type ReplyId } from '../../src/protocol/replies.ts';

describe('the reply catalog', () => {
  const ids = Object.keys(CATALOG) as ReplyId[];

  it.each(ids)(
    '%s: a 2xx-5xx code (1yz for MTP), and an enhanced code of the same class (RFC 2034 §4)',
    (id) => {
      const t = CATALOG[id];
      // 1yz replies exist only in MTP (RFC 772 p. 11, RFC 780 Appendix E); SMTP has none.
      expect(t.code).toBeGreaterThanOrEqual(t.rfc.startsWith('RFC 772') ? 100 : 200);
      expect(t.code).toBeLessThan(560);
      if ('enhanced' in t) {
        expect(t.enhanced).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
        expect(t.enhanced[0]).toBe(String(t.code)[0]);
      }
      expect(t.rfc).toMatch(/^RFC \d+/);
    },
  );

  it('3yz replies never carry an enhanced code (RFC 2034 §3)', () => {
    for (const t of Object.values(CATALOG))
      if (t.code >= 300 && t.code < 400) expect('enhanced' in t).toBe(false);
  });

  it('the greeting and HELO/EHLO replies carry none either (RFC 2034 §3)', () => {
    expect('enhanced' in CATALOG.greeting).toBe(false);
    expect('enhanced' in CATALOG.hello).toBe(false);
  });

  it('fills fields', () => {
    expect(reply('greeting', { host: 'mail.example.test' }).lines).toEqual([
      'mail.example.test Service ready',
    ]);
  });
});

describe('formatReply (RFC 5321 §4.2.1)', () => {
  it('single line: code SP text CRLF', () => {
    expect(formatReply(reply('ok'))).toBe('250 OK\r\n');
    expect(formatReply(reply('ok'), true)).toBe('250 2.0.0 OK\r\n');
  });

  it('multi-line: code "-" on all lines but the last, the enhanced code on every line', () => {
    expect(formatReply(custom(250, ['a', 'b', 'c'], '2.1.5'), true)).toBe(
      '250-2.1.5 a\r\n250-2.1.5 b\r\n250 2.1.5 c\r\n',
    );
  });

  it('an empty text still has the space after the code (e.g. RFC 4954 "334 ")', () => {
    expect(formatReply(custom(334, ['']))).toBe('334 \r\n');
  });
});
