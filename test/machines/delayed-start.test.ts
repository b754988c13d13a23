/**
 * RFC 780 §5.3's delayed start: a receiver that cannot take input at once
 * greets with "120 <host> Service ready in nnn minutes"; the sender waits
 * with CONT (then 220) or declines with ABRT (201). The server machine and
 * the client machine each play their side, and meet.
 */
import { describe, expect, it } from 'vitest';
import { converse } from '../../src/machines/conversation.ts';
import { createSession } from '../../src/machines/session.ts';
import { DEFAULT_CLIENT_OPTIONS } from '../../src/protocol/client/outgoing.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { FIXED_NOW } from '../helpers.ts';

const server = (dialect: DialectId = 'rfc780', delayedStart: number | null = 5) =>
  createSession({ dialect, now: FIXED_NOW, world: { delayedStart } });

const talk = (s: ReturnType<typeof server>, ...lines: string[]) =>
  lines.map((l) => s.feedWire(`${l}\r\n`));

describe('the delayed start of RFC 780 §5.3', () => {
  it('greets with 120; CONT brings the 220 and the session goes on as usual', () => {
    const s = server();
    expect(s.feedWire('')).toBe('120 mail.example.test Service ready in 5 minutes\r\n');
    expect(s.state).toBe('delayed');
    expect(talk(s, 'CONT')).toEqual(['220 mail.example.test Service ready for new user\r\n']);
    expect(talk(s, 'MAIL FROM:<alice@example.test> TO:<bob@example.test>')[0]).toMatch(/^354 /);
  });

  it('before CONT or ABRT any other command is out of sequence (503); QUIT still closes', () => {
    const s = server();
    s.feedWire('');
    expect(talk(s, 'NOOP', 'MAIL FROM:<alice@example.test> TO:<bob@example.test>', 'MRSQ')).toEqual(
      [
        '503 Bad sequence of commands\r\n',
        '503 Bad sequence of commands\r\n',
        '503 Bad sequence of commands\r\n',
      ],
    );
    expect(s.state).toBe('delayed');
    expect(talk(s, 'QUIT')[0]).toMatch(/^221 /);
    expect(s.closed).toBe(true);
  });

  it('ABRT is answered 201 ("the receiver will respond to the abort with a 201 reply")', () => {
    const s = server();
    s.feedWire('');
    expect(talk(s, 'ABRT')).toEqual(['201 Command okay, action aborted\r\n']);
    expect(talk(s, 'QUIT')[0]).toMatch(/^221 /);
  });

  it('RFC 772 has no CONT: the 220 follows the 120 by itself', () => {
    const s = server('rfc772');
    expect(s.feedWire('')).toBe(
      '120 mail.example.test Service ready in 5 minutes\r\n220 mail.example.test Service ready for new user\r\n',
    );
    expect(s.state).toBe('ready');
    expect(talk(s, 'CONT')[0]).toMatch(/^500 /);
  });

  it('only MTP has it: later eras greet with 220 whatever the world says', () => {
    for (const era of ['rfc788', 'rfc821', 'rfc5321'] as const) {
      expect(server(era).feedWire('')).toMatch(/^220 /);
    }
    expect(server('rfc780', null).feedWire('')).toMatch(/^220 /);
  });

  it.each(['rfc780', 'rfc772'] as const)('the client machine waits (%s) and delivers', (era) => {
    const s = server(era);
    const client = converse(
      {
        dialect: DIALECTS[era],
        message: { from: 'alice@example.test', to: ['bob@example.test'], text: 'Hi\r\n' },
        options: DEFAULT_CLIENT_OPTIONS,
      },
      s,
    );
    expect(client.error).toBeUndefined();
    expect(client.result.delivered).toBe(true);
    const sent = client.log.filter((e) => e.kind === 'client').map((e) => e.text);
    // RFC 780: CONT; RFC 772 has no CONT, the client just waits for the 220.
    expect(sent[0]).toBe(
      era === 'rfc780' ? 'CONT' : 'MAIL FROM:<alice@example.test> TO:<bob@example.test>',
    );
    expect(s.mailbox).toHaveLength(1);
  });
});
