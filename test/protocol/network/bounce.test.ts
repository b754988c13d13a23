/**
 * The bounce's statuses (RFC 3463) and text (RFC 3464): the server's own
 * enhanced code, the one registered with 521 and 556 when a reply has none,
 * and for an expired message the problem actually met rather than X.4.7.
 */
import { describe, expect, it } from 'vitest';
import { bounceText, expiredStatus, statusOf } from '../../../src/protocol/network/bounce.ts';

describe('statusOf', () => {
  it("takes the server's enhanced code when its class matches the reply's", () => {
    expect(statusOf({ code: 550, text: '5.1.1 No such user' })).toBe('5.1.1');
    expect(statusOf({ code: 550, text: '4.1.1 Mismatched' })).toBe('5.0.0');
    expect(statusOf({ code: 554, text: 'Transaction failed' })).toBe('5.0.0');
    expect(statusOf({ code: 451, text: 'Try later' })).toBe('4.0.0');
  });

  it('521 without a code: X.3.2 (RFC 7504 §6); 556 without one: X.1.10 (RFC 7505 §6)', () => {
    expect(statusOf({ code: 521, text: 'mx.example.test does not accept mail' })).toBe('5.3.2');
    expect(statusOf({ code: 556, text: 'Domain does not accept mail' })).toBe('5.1.10');
  });

  it('expired: the last problem met (RFC 3463 §3.5), or X.4.1 when nothing answered', () => {
    expect(expiredStatus({ code: 421, text: '4.3.2 Busy' })).toBe('4.3.2');
    expect(expiredStatus(null)).toBe('4.4.1');
  });
});

describe('bounceText', () => {
  const text = bounceText({
    reportingHost: 'mx2.example.test',
    sender: 'carol@elsewhere.test',
    failures: [
      {
        recipient: 'alice@example.test',
        status: '5.1.1',
        reply: { code: 550, text: '5.1.1 No such user' },
      },
      { recipient: 'bob@nomail.test', status: '5.1.10' },
    ],
    arrival: new Date('2026-01-05T09:00:00Z'),
    id: 'ABC',
    text: 'Received: from a by b; x\r\nSubject: Hi\r\n\r\nsecret body\r\n',
  });

  it('one part per recipient; a Diagnostic-Code only where a server replied (RFC 3464 §2.3.6)', () => {
    expect(text).toContain('To: <carol@elsewhere.test>');
    expect(text).toContain(
      'Final-Recipient: rfc822; alice@example.test\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 No such user\r\n',
    );
    expect(text).toContain(
      'Final-Recipient: rfc822; bob@nomail.test\r\nAction: failed\r\nStatus: 5.1.10\r\n\r\n',
    );
  });

  it('returns the header only, never the body (RET=HDRS)', () => {
    expect(text).toContain(
      'Content-Type: text/rfc822-headers\r\n\r\nReceived: from a by b; x\r\nSubject: Hi\r\n',
    );
    expect(text).not.toContain('secret body');
  });
});
