import { describe, expect, it } from 'vitest';
import { replay } from '../../src/machines/replay.ts';
import { createSession } from '../../src/machines/session.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { FIXED_NOW, fixture } from '../helpers.ts';

const SCENARIOS = [
  'd1-typical.smtp',
  'd2-aborted.smtp',
  'd3-relay-step1.smtp',
  'd3-relay-step2.smtp',
  'd4-verify.smtp',
];

describe('RFC 5321 Appendix D scenarios, replayed line by line', () => {
  for (const name of SCENARIOS) {
    it(`${name}: every reply code equals the RFC's`, () => {
      const file = parseTranscript(fixture(`rfc5321/${name}`));
      const result = replay(file, { now: FIXED_NOW });
      expect(result.mismatches).toEqual([]);
      expect(result.replies).toBe(file.steps.filter((s) => s.who === 'S').length);
    });
  }

  /** Runs a fixture's client lines and returns the session, to look at what it delivered. */
  function run(name: string) {
    const file = parseTranscript(fixture(`rfc5321/${name}`));
    const session = createSession({ world: JSON.parse(file.meta.world!), now: FIXED_NOW });
    session.feed('');
    for (const step of file.steps) if (step.who === 'C') session.send(step.text);
    return session;
  }

  it('D.1 delivers one message to Jones and Brown, not Green', () => {
    const session = run('d1-typical.smtp');
    expect(session.mailbox).toHaveLength(1);
    const [message] = session.mailbox;
    expect(message!.recipients.map((r) => r.text)).toEqual(['<Jones@foo.com>', '<Brown@foo.com>']);
    expect(message!.reversePath).toBe('<Smith@bar.com>');
    // Two recipients: no FOR clause (RFC 5321 §4.4 allows exactly one path there).
    expect(message!.trace).toMatch(
      /^Return-Path: <Smith@bar.com>\r\nReceived: from bar.com \(\[192.0.2.1\]\)\r\n\tby foo.com with ESMTP id /,
    );
    expect(message!.trace).not.toContain('for <');
    // "...etc." was sent with a leading dot, which the server removes (§4.5.2).
    expect(new TextDecoder().decode(message!.content)).toBe(
      'Blah blah blah...\r\n..etc. etc. etc.\r\n',
    );
  });

  it('D.2 delivers nothing after RSET', () => {
    expect(run('d2-aborted.smtp').mailbox).toHaveLength(0);
  });

  it('D.3 step 1 accepts the message for relay: Received added, no Return-Path', () => {
    const [message] = run('d3-relay-step1.smtp').mailbox;
    expect(message!.recipients[0]!.route).toBe('relay');
    expect(message!.trace.startsWith('Received: from bar.com')).toBe(true);
    expect(message!.trace).toContain('for <Jones@XYZ.COM>');
  });

  it('D.3 step 2 keeps the earlier Received line below the new one', () => {
    const [message] = run('d3-relay-step2.smtp').mailbox;
    expect(message!.trace).toMatch(/^Return-Path: <JQP@bar.com>\r\nReceived: from foo.com /);
    expect(new TextDecoder().decode(message!.content)).toMatch(
      /^Received: from bar.com by foo.com ; Thu, 21 May 1998\r\n {4}05:33:29 -0700\r\n/,
    );
  });

  it('D.4 VRFY finds the user by a word of the full name', () => {
    const session = createSession({
      world: JSON.parse(parseTranscript(fixture('rfc5321/d4-verify.smtp')).meta.world!),
    });
    session.feed('');
    session.send('EHLO bar.com');
    expect(session.feedWire('VRFY Crispin\r\n')).toBe('250 Mark Crispin <Admin.MRC@foo.com>\r\n');
  });

  it('the replay reports a reply that differs from the transcript', () => {
    const text = fixture('rfc5321/d1-typical.smtp').replace(
      'S: 550 No such user here',
      'S: 250 OK',
    );
    const result = replay(parseTranscript(text), { now: FIXED_NOW });
    expect(result.mismatches).toEqual([
      { line: expect.any(Number), expected: '250 OK', actual: '550 No such user here' },
    ]);
  });
});
