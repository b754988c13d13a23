/** A reply's class is shown by more than colour: a symbol and words (RFC 5321 §4.2.1). */
import { describe, expect, it } from 'vitest';
import { replyClass } from '../../src/kit/reply-codes.ts';

describe('replyClass', () => {
  it('names the class of each first digit as RFC 5321 §4.2.1 does', () => {
    expect(replyClass(250)).toMatchObject({ digit: 2, ok: true, name: 'positive completion' });
    expect(replyClass(354)).toMatchObject({ digit: 3, ok: true });
    expect(replyClass(354)!.name).toMatch(/^positive intermediate/);
    expect(replyClass(451)).toMatchObject({ digit: 4, ok: false });
    expect(replyClass(451)!.name).toMatch(/^transient/);
    expect(replyClass(503)).toMatchObject({ digit: 5, ok: false, name: 'permanent failure' });
  });

  it('gives each class its own symbol, so that none is told by colour alone', () => {
    const symbols = [150, 250, 354, 421, 550].map((c) => replyClass(c)!.symbol);
    expect(new Set(symbols).size).toBe(5);
    expect(replyClass(250)!.symbol).toBe('✓');
    expect(replyClass(550)!.symbol).toBe('✗');
  });

  it('has no class for what is not a reply code', () => {
    expect(replyClass(99)).toBeNull();
    expect(replyClass(600)).toBeNull();
    expect(replyClass(25.5)).toBeNull();
  });
});
