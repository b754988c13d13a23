/** Faults by data: the Nth occurrence of a verb gets the lesson's reply, at that step. */
import { describe, expect, it } from 'vitest';
import { explainErrors } from '../../src/lessons/explain.ts';
import { LessonSession } from '../../src/lessons/run.ts';
import type { Fault } from '../../src/lessons/types.ts';

function run(faults: Fault[], lines: string[], settings = {}) {
  const s = new LessonSession(settings, faults);
  for (const l of lines) s.type(l);
  return s;
}

const replies = (s: LessonSession) =>
  s.transcript.flatMap((e) => (e.kind === 'server' ? [e.reply.code] : []));

describe('faults', () => {
  it('answers the second RCPT with 452 and leaves the first recipient in the envelope', () => {
    const s = run(
      [{ verb: 'RCPT', occurrence: 2, reply: 'tooManyRecipients' }],
      [
        'EHLO client.test',
        'MAIL FROM:<carol@client.test>',
        'RCPT TO:<alice@example.test>',
        'RCPT TO:<bob@example.test>',
        'RCPT TO:<postmaster@example.test>',
        'DATA',
        'Hi',
        '.',
      ],
    );
    expect(replies(s)).toEqual([220, 250, 250, 250, 452, 250, 354, 250]);
    expect(s.faultSteps).toHaveLength(1);
    const fault = s.injected.find((e) => e.kind === 'server')!;
    expect(fault.kind === 'server' && fault.wire).toBe('452 4.5.3 Too many recipients\r\n');
    // The fault comes right after the line that triggered it.
    const i = s.transcript.indexOf(fault);
    const before = s.transcript[i - 1]!;
    expect(before.kind === 'client' && before.text).toBe('RCPT TO:<bob@example.test>');
    // Steps stay unique and in order after the scripted line.
    const steps = s.transcript.filter((e) => e.kind === 'client').map((e) => e.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.faultSteps).toEqual([4]);
    expect(s.mailbox[0]!.recipients.map((r) => r.text)).toEqual([
      '<alice@example.test>',
      '<postmaster@example.test>',
    ]);
  });

  it('answers DATA with 421 and closes: nothing after it reaches the server', () => {
    const s = run(
      [{ verb: 'DATA', occurrence: 1, reply: 'closingShutdown', close: true }],
      [
        'HELO client.test',
        'MAIL FROM:<a@client.test>',
        'RCPT TO:<bob@example.test>',
        'DATA',
        'Hi',
        '.',
        'QUIT',
      ],
      { dialect: 'rfc821' },
    );
    expect(replies(s)).toEqual([220, 250, 250, 250, 421]);
    expect(s.closed).toBe(true);
    expect(s.transcript.at(-1)!.kind).toBe('closed');
    expect(s.mailbox).toHaveLength(0);
    const server = s.transcript.find((e) => e.kind === 'server' && e.reply.code === 421)!;
    expect(server.kind === 'server' && server.wire).toBe(
      '421 mail.example.test Service shutting down, closing transmission channel\r\n',
    );
  });

  it('refuses STARTTLS with 454 on the submission profile; the session stays in cleartext', () => {
    const s = run(
      [{ verb: 'STARTTLS', occurrence: 1, reply: 'tlsNotAvailable' }],
      ['EHLO client.test', 'STARTTLS', 'NOOP'],
      {
        profile: 'submission',
      },
    );
    expect(replies(s)).toEqual([220, 250, 454, 250]);
    expect(s.session.tls).toBeNull();
  });

  it('takes a bare code and text; counts verbs case-insensitively; leaves message text alone', () => {
    const s = run(
      [{ verb: 'mail', occurrence: 2, code: 451, text: 'Try again later' }],
      [
        'HELO client.test',
        'mail FROM:<a@client.test>',
        'RCPT TO:<bob@example.test>',
        'DATA',
        'MAIL is a word in the text',
        '.',
        'MAIL FROM:<a@client.test>',
      ],
      { dialect: 'rfc821' },
    );
    expect(replies(s)).toEqual([220, 250, 250, 250, 354, 250, 451]);
  });

  it('is explained from the catalog and marked as scripted', () => {
    const s = run(
      [{ verb: 'RCPT', occurrence: 1, reply: 'tooManyRecipients' }],
      ['EHLO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>'],
    );
    const [x] = explainErrors(s.transcript, s.dialect, s.injected);
    expect(x).toMatchObject({
      code: 452,
      id: 'tooManyRecipients',
      meaning: 'Too many recipients',
      rfc: 'RFC 5321 §4.5.3.1.10',
      scripted: true,
      severity: 'transient',
    });
  });
});

describe('a group of lines sent at once (RFC 2920)', () => {
  const GROUP = [
    'MAIL FROM:<carol@client.test>',
    'RCPT TO:<alice@example.test>',
    'DATA',
    'Subject: hi',
    '',
    'Hello.',
    '.',
  ];
  const notes = (s: LessonSession) =>
    s.transcript.flatMap((e) => (e.kind === 'note' ? [e.rfc] : []));

  it('reaches the server as one chunk: the same replies, and the group notes of the sandbox', () => {
    const grouped = new LessonSession({});
    grouped.type('EHLO client.test');
    grouped.typeLines(GROUP);
    const single = run([], ['EHLO client.test', ...GROUP]);
    expect(replies(grouped)).toEqual(replies(single));
    expect(replies(grouped)).toEqual([220, 250, 250, 250, 354, 250]);
    // DATA did not end the group: noted as in the sandbox, not when typed line by line.
    expect(notes(grouped).some((r) => r.startsWith('RFC 2920'))).toBe(true);
    expect(notes(single).some((r) => r.startsWith('RFC 2920'))).toBe(false);
    expect(grouped.mailbox).toHaveLength(1);
  });

  it('a fault still answers its step inside a group, and the machine counts what it refused', () => {
    const s = new LessonSession({}, [{ verb: 'RCPT', occurrence: 1, reply: 'tooManyRecipients' }]);
    s.type('EHLO client.test');
    s.typeLines(GROUP);
    // The only RCPT was refused (by the fault), so DATA gets 554 "no valid recipients" as after
    // any refused RCPT (RFC 5321 §3.3), and the text that followed in the same group is read as
    // commands: what a server does when a client sends the text before its 354 (RFC 2920 §3.1).
    expect(replies(s)).toEqual([220, 250, 250, 452, 554, 500, 500, 500, 500]);
    expect(s.faultSteps).toEqual([3]);
  });

  it('takes a quiz answer in the group', () => {
    const s = new LessonSession({});
    s.typeLines(['NOOP', '? q: b']);
    expect(s.answers).toEqual({ q: 'b' });
    expect(replies(s)).toEqual([220, 250]);
  });
});

describe('a fault on a command out of sequence', () => {
  it('the command gets its 503, which is not explained as scripted', () => {
    const s = new LessonSession({}, [{ verb: 'RCPT', occurrence: 1, reply: 'tooManyRecipients' }]);
    for (const l of ['EHLO client.test', 'RCPT TO:<bob@example.test>']) s.type(l);
    expect(replies(s)).toEqual([220, 250, 503]);
    expect(s.faultSteps).toEqual([]);
    expect(s.injected).toEqual([]);
  });
});
