import { describe, expect, it } from 'vitest';
import { checkAddressLiteral, checkDomain, isIPv6, parsePath } from '../../src/protocol/address.ts';

describe('parsePath (RFC 5321 §4.1.2)', () => {
  const valid: [string, string][] = [
    ['<alice@example.test>', 'alice@example.test'],
    ['<Alice.Smith@Example.Test>', 'Alice.Smith@Example.Test'],
    ["<a+b_c-d=e!#$%&'*/?^`{|}~@example.test>", "a+b_c-d=e!#$%&'*/?^`{|}~@example.test"],
    ['<"quoted local"@example.test>', '"quoted local"@example.test'],
    ['<"Joe\\,Smith"@example.test>', '"Joe\\,Smith"@example.test'],
    ['<"a>b"@example.test>', '"a>b"@example.test'],
    ['<user@[192.0.2.1]>', 'user@[192.0.2.1]'],
    ['<user@[IPv6:2001:db8::1]>', 'user@[IPv6:2001:db8::1]'],
    ['<@a.test,@b.test:user@c.test>', 'user@c.test'],
    ['<x@a-b.c-d.test>', 'x@a-b.c-d.test'],
  ];
  it.each(valid)('%s is a valid path', (input, mailbox) => {
    const r = parsePath(input);
    expect(r.ok).toBe(true);
    if (r.ok && r.value.kind === 'mailbox')
      expect(`${r.value.mailbox.local}@${r.value.mailbox.domain}`).toBe(mailbox);
  });

  it('keeps the route, and the unquoted local part', () => {
    const r = parsePath('<@a.test,@b.test:"Joe\\,Smith"@c.test>');
    expect(r.ok && r.value.kind === 'mailbox' && r.value.route).toEqual(['a.test', 'b.test']);
    expect(r.ok && r.value.kind === 'mailbox' && r.value.mailbox.localValue).toBe('Joe,Smith');
  });

  const invalid = [
    'alice@example.test',
    '<alice@example.test',
    '<alice>',
    '<@example.test>',
    '<alice@>',
    '<alice@example..test>',
    '<alice@-example.test>',
    '<alice@example-.test>',
    '<.alice@example.test>',
    '<alice..b@example.test>',
    '<"unterminated@example.test>',
    '<a b@example.test>',
    '<alice@exam_ple.test>',
    '<alice@[192.0.2.256]>',
    '<alice@[IPv6:::1::2]>',
    '<alice@[192.0.2.1>',
    '<a.test:alice@example.test>',
    '<@a.test alice@example.test>',
    `<${'a'.repeat(65)}@example.test>`,
    `<a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.test>`,
    '<ü@example.test>',
    '<>',
    '<postmaster>',
  ];
  it.each(invalid)('%s is refused with a reason', (input) => {
    const r = parsePath(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(5);
  });

  it('<> only where allowed (MAIL), <postmaster> only where allowed (RCPT)', () => {
    expect(parsePath('<>', { allowNull: true })).toMatchObject({
      ok: true,
      value: { kind: 'null' },
    });
    expect(parsePath('<POSTMASTER>', { allowPostmaster: true })).toMatchObject({
      ok: true,
      value: { kind: 'postmaster' },
    });
  });

  it('UTF-8 only with the utf8 option (RFC 6531)', () => {
    expect(parsePath('<jörg@bücher.test>', { utf8: true }).ok).toBe(true);
  });

  it('a path over 256 octets is refused (§4.5.3.1.3)', () => {
    const domain = Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.') + '.test';
    const r = parsePath(`<${'l'.repeat(10)}@${domain}>`);
    expect(r).toMatchObject({ ok: false });
  });
});

describe('domains and address literals (§4.1.2, §4.1.3)', () => {
  it.each(['example.test', 'a', 'x1.y-2.test', 'ALLCAPS.TEST'])('%s is a domain', (d) =>
    expect(checkDomain(d)).toBeNull(),
  );
  it.each(['', '.a', 'a.', 'a..b', '-a', 'a-', 'a_b', 'a b', 'ä.test'])('%j is not', (d) =>
    expect(checkDomain(d)).not.toBeNull(),
  );

  it.each([
    '[192.0.2.1]',
    '[0.0.0.0]',
    '[IPv6:::1]',
    '[IPv6:2001:db8::]',
    '[IPv6:1:2:3:4:5:6:7:8]',
    '[IPv6:::ffff:192.0.2.1]',
    '[IPv6:1:2:3:4:5:6:192.0.2.1]',
    '[x-tag:abc]',
  ])('%s is an address literal', (l) => expect(checkAddressLiteral(l)).toBeNull());
  it.each([
    '192.0.2.1',
    '[1.2.3]',
    '[1.2.3.999]',
    '[IPv6:1:2:3:4:5:6:7]',
    '[IPv6:1::2::3]',
    '[IPv6:12345::]',
    '[IPv6:1:2:3:4:5:6:7:192.0.2.1]',
    '[tag:a[b]',
  ])('%s is not', (l) => expect(checkAddressLiteral(l)).not.toBeNull());

  it('IPv6 "::" stands for at least two groups (RFC 5321 §4.1.3)', () => {
    expect(isIPv6('1:2:3:4:5:6::7')).toBe(false);
    expect(isIPv6('1:2:3:4:5:6::')).toBe(true);
  });
});
