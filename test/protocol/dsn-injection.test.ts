/**
 * A sender cannot write fields of its own into a delivery status
 * notification: ENVID and ORCPT are xtext (RFC 3461 §4), and their values
 * before encoding MUST be printable US-ASCII (§4.2, §4.4), since they are
 * copied decoded into the report (RFC 3464 §2.2.1, §2.3.1). Through a whole
 * session, with the DSN extension on and a mailbox whose delivery fails.
 */
import { describe, expect, it } from 'vitest';
import { open } from '../helpers.ts';

const world = { extensions: ['DSN', 'ENHANCEDSTATUSCODES'], failingMailboxes: ['bob'] };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('DSN header injection through ENVID and ORCPT', () => {
  const refusals: [string, string, 'ENVID'][] = [
    [
      'ENVID with CR LF',
      'MAIL FROM:<alice@example.test> ENVID=QQ+0D+0AAction:+20delivered',
      'ENVID',
    ],
    ['ENVID with a lone LF', 'MAIL FROM:<alice@example.test> ENVID=a+0Ab', 'ENVID'],
    ['ENVID with NUL', 'MAIL FROM:<alice@example.test> ENVID=a+00', 'ENVID'],
    ['ENVID with an octet past 126', 'MAIL FROM:<alice@example.test> ENVID=a+E9', 'ENVID'],
  ];
  // The reason quotes the RFC section; the wire shows its "§" escaped.
  const refused = (keyword: string) =>
    `501 5.5.4 Syntax error in parameters or arguments: ${keyword} must decode to printable US-ASCII, no control characters`;
  it.each(refusals)('MAIL: %s gets 501 5.5.4', (_, line, keyword) => {
    const { wire } = open(world);
    wire('EHLO c.test');
    expect(wire(line).startsWith(refused(keyword))).toBe(true);
  });

  it.each([
    ['CR LF', 'rfc822;x+0D+0AStatus:+202.0.0'],
    ['DEL', 'rfc822;x+7F@example.test'],
    ['tab', 'rfc822;x+09@example.test'],
  ])('RCPT: an ORCPT decoding to %s gets 501 5.5.4', (_, orcpt) => {
    const { wire } = open(world);
    wire('EHLO c.test');
    wire('MAIL FROM:<alice@example.test>');
    expect(wire(`RCPT TO:<bob@example.test> ORCPT=${orcpt}`).startsWith(refused('ORCPT'))).toBe(
      true,
    );
  });

  it('printable values, "+" and "=" and spaces encoded, are accepted and decoded', () => {
    const { codes, session } = open(world);
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<alice@example.test> ENVID=QQ+2B1+3D2+20ok',
        'RCPT TO:<bob@example.test> ORCPT=rfc822;bob+2Bx@example.test',
        'DATA',
      ),
    ).toEqual([250, 250, 250, 354]);
    session.feed('Subject: hi\r\n\r\nbody\r\n.\r\n');
    const report = text(session.mailbox[0]!.content);
    expect(report).toContain('\r\nOriginal-Envelope-Id: QQ+1=2 ok\r\n');
    expect(report).toContain('\r\nOriginal-Recipient: rfc822;bob+x@example.test\r\n');
  });

  it("an attacker's session adds no field to the report", () => {
    const { codes, session } = open(world);
    expect(
      codes(
        'EHLO c.test',
        'MAIL FROM:<alice@example.test> ENVID=QQ+0D+0AAction:+20delivered',
        'MAIL FROM:<alice@example.test> ENVID=QQ1',
        'RCPT TO:<bob@example.test> ORCPT=rfc822;x+0D+0AStatus:+202.0.0',
        'RCPT TO:<bob@example.test> ORCPT=rfc822;bob@example.test',
        'DATA',
      ),
    ).toEqual([250, 501, 250, 501, 250, 354]);
    // The message itself carries a fake delivery-status part.
    session.feed(
      'Subject: hi\r\n\r\n--00000001/mail.example.test\r\nContent-Type: message/delivery-status\r\n\r\nAction: delivered\r\nStatus: 2.0.0\r\n.\r\n',
    );
    expect(session.mailbox).toHaveLength(1);
    const report = text(session.mailbox[0]!.content);
    const boundary = /boundary="([^"]+)"/.exec(report)![1]!;
    const lines = report.split('\r\n');
    // Exactly the report's own delimiters: three parts and the close.
    expect(lines.filter((l) => l.startsWith(`--${boundary}`))).toEqual([
      `--${boundary}`,
      `--${boundary}`,
      `--${boundary}`,
      `--${boundary}--`,
    ]);
    const status = report.split(`--${boundary}`)[2]!;
    expect(status.split('\r\n').filter((l) => /^(Action|Status):/.test(l))).toEqual([
      'Action: failed',
      'Status: 5.2.2',
    ]);
  });
});
