/** Every error explained, from the catalog and the dialect, never from lesson text. */
import { describe, expect, it } from 'vitest';
import { explainErrors, formatExplanation } from '../../src/lessons/explain.ts';
import { LessonSession } from '../../src/lessons/run.ts';
import { CATALOG } from '../../src/protocol/replies.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';

function errors(lines: string[], settings = {}) {
  const s = new LessonSession(settings);
  for (const l of lines) s.type(l);
  return explainErrors(s.transcript, s.dialect, s.injected);
}

describe('error explanations', () => {
  it('explain a 503 with the catalog entry, the reason the server gave and the era table', () => {
    const [x] = errors(['HELO client.test', 'MAIL FROM:<a@client.test>', 'DATA'], {
      dialect: 'rfc821',
    });
    expect(x).toMatchObject({
      code: 503,
      command: 'DATA',
      id: 'badSequence',
      reason: 'need RCPT before DATA',
      rfc: DIALECTS.rfc821.replies.badSequence?.rfc ?? CATALOG.badSequence.rfc,
      severity: 'permanent',
      scripted: false,
    });
    expect(x!.dialectNote).toBe('RFC 821 (August 1982) lists 503 among the error replies to DATA');
    expect(formatExplanation(x!)).toContain('need RCPT before DATA');
  });

  it('explain a 500 to EHLO on an RFC 821 server: the verb is not in the era', () => {
    const [x] = errors(['EHLO client.test'], { dialect: 'rfc821' });
    expect(x).toMatchObject({ code: 500, id: 'unrecognized', rfc: CATALOG.unrecognized.rfc });
    expect(x!.dialectNote).toMatch(/^EHLO is not a command of RFC 821 \(August 1982\)/);
  });

  it('explain 530 and 551 with their catalog RFC sections', () => {
    const sub = errors(['EHLO client.test', 'MAIL FROM:<alice@example.test>'], {
      profile: 'submission',
    });
    expect(sub.map((x) => [x.code, x.rfc])).toEqual([[530, CATALOG.authRequired.rfc]]);
    const moved = errors(
      ['HELO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<dave@example.test>'],
      {
        dialect: 'rfc821',
        world: { forwards: [{ local: 'dave', to: 'dave@elsewhere.test', mode: 'refuse' }] },
      },
    );
    expect(moved.map((x) => [x.code, x.meaning, x.rfc])).toEqual([
      [551, 'User not local; please try <dave@elsewhere.test>', CATALOG.userNotLocal.rfc],
    ]);
  });

  it('know the verbs extensions add (AUTH before STARTTLS on submission)', () => {
    const s = new LessonSession({ profile: 'submission' });
    for (const l of ['EHLO client.test', 'AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=']) s.type(l);
    const [x] = s.explain();
    expect(x).toMatchObject({ code: 530, id: 'tlsRequired', rfc: CATALOG.tlsRequired.rfc });
    expect(x!.dialectNote).toMatch(/^AUTH comes from a service extension \(AUTH, RFC 4954/);
  });

  it('leave positive replies alone', () => {
    expect(errors(['EHLO client.test', 'NOOP'])).toEqual([]);
  });
});
