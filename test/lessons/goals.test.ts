/** Goal kinds: an open table, each a pure check of transcript, mailbox and answers. */
import { describe, expect, it } from 'vitest';
import { evaluateGoals, exchanges, GOAL_KINDS, validateGoal } from '../../src/lessons/goals.ts';
import { LessonSession } from '../../src/lessons/run.ts';
import type { Goal } from '../../src/lessons/types.ts';

const s = new LessonSession({ dialect: 'rfc821' });
for (const l of [
  'HELO client.test',
  'MAIL FROM:<alice@client.test>',
  'RCPT TO:<bob@example.test>',
  'DATA',
  'Subject: Lunch',
  '',
  'At noon?',
  '.',
  '? code: 250',
])
  s.type(l);
const ctx = s.context();
const met = (g: Goal) => evaluateGoals([g], ctx)[0]!.met;

describe('goal kinds', () => {
  it('state', () => {
    expect(met({ kind: 'state', state: 'transaction' })).toBe(true);
    expect(met({ kind: 'state', state: 'closed' })).toBe(false);
  });
  it('command', () => {
    expect(met({ kind: 'command', verb: 'rcpt', contains: 'bob@' })).toBe(true);
    expect(met({ kind: 'command', verb: 'VRFY' })).toBe(false);
  });
  it('reply, optionally to a verb', () => {
    expect(met({ kind: 'reply', code: 354 })).toBe(true);
    expect(met({ kind: 'reply', code: 354, verb: 'DATA' })).toBe(true);
    expect(met({ kind: 'reply', code: 354, verb: 'MAIL' })).toBe(false);
  });
  it('reply, with the enhanced code as sent (RFC 2034 §3)', () => {
    const t = new LessonSession({});
    for (const l of ['EHLO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<nobody@example.test>'])
      t.type(l);
    const on = (g: Goal) => evaluateGoals([g], t.context())[0]!.met;
    expect(on({ kind: 'reply', code: 550, enhanced: '5.1.1' })).toBe(true);
    expect(on({ kind: 'reply', code: 550, enhanced: '5.1.2' })).toBe(false);
    // RFC 821 has no enhanced codes: the same reply goal with one is not met.
    expect(met({ kind: 'reply', code: 250, verb: 'RCPT', enhanced: '2.1.5' })).toBe(false);
  });

  it('reply, to a command holding some text', () => {
    expect(met({ kind: 'reply', code: 250, verb: 'RCPT', contains: '<BOB@example.test>' })).toBe(
      true,
    );
    expect(met({ kind: 'reply', code: 250, verb: 'RCPT', contains: 'carol' })).toBe(false);
    expect(validateGoal({ kind: 'reply', code: 250, contains: 7 })).toEqual([
      '"contains" must be a string, got 7',
    ]);
  });

  it('delivered, with or without a LF alone in the text as received (RFC 5321 §2.3.8)', () => {
    expect(met({ kind: 'delivered', to: 'bob@example.test', bareLf: false })).toBe(true);
    expect(met({ kind: 'delivered', to: 'bob@example.test', bareLf: true })).toBe(false);
    const t = new LessonSession({});
    for (const l of ['EHLO c.test', 'MAIL FROM:<a@c.test>', 'RCPT TO:<bob@example.test>', 'DATA'])
      t.type(l);
    t.type('!raw one\\ntwo\\r\\n');
    t.type('.');
    const on = (g: Goal) => evaluateGoals([g], t.context())[0]!.met;
    expect(on({ kind: 'delivered', from: 'a@c.test', bareLf: true })).toBe(true);
    expect(on({ kind: 'delivered', from: 'a@c.test', bareLf: false })).toBe(false);
    expect(validateGoal({ kind: 'delivered', bareLf: 'yes' })).toEqual([
      '"bareLf" must be a boolean, got "yes"',
    ]);
  });

  it('delivered or in the mailbox without some text: a blind copy never names its recipient', () => {
    expect(met({ kind: 'delivered', to: 'bob@example.test', lacks: 'carol' })).toBe(true);
    expect(met({ kind: 'delivered', to: 'bob@example.test', lacks: 'LUNCH' })).toBe(false);
    expect(met({ kind: 'mailbox', to: 'bob@example.test', lacks: 'noon' })).toBe(false);
    expect(met({ kind: 'mailbox', to: 'bob@example.test', lacks: 'dinner' })).toBe(true);
    expect(validateGoal({ kind: 'delivered', lacks: 3 })).toEqual([
      '"lacks" must be a string, got 3',
    ]);
  });

  it('delivered, by envelope and by header text', () => {
    expect(met({ kind: 'delivered', from: '<alice@client.test>', to: 'BOB@example.test' })).toBe(
      true,
    );
    expect(met({ kind: 'delivered', contains: 'subject: lunch' })).toBe(true);
    expect(met({ kind: 'delivered', to: 'carol@example.test' })).toBe(false);
  });
  it('delivered, by channel (SEND to a terminal, RFC 821 §3.4)', () => {
    const t = new LessonSession({ dialect: 'rfc821', world: { terminals: ['bob'] } });
    for (const l of [
      'HELO c.test',
      'SEND FROM:<a@c.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      'Hi',
      '.',
    ])
      t.type(l);
    const on = (g: Goal) => evaluateGoals([g], t.context())[0]!.met;
    expect(on({ kind: 'delivered', to: 'bob@example.test', channel: 'terminal' })).toBe(true);
    expect(on({ kind: 'delivered', to: 'bob@example.test', channel: 'mailbox' })).toBe(false);
    expect(met({ kind: 'delivered', to: 'bob@example.test', channel: 'mailbox' })).toBe(true);
    expect(validateGoal({ kind: 'delivered', channel: 'screen' })).toEqual([
      '"channel" must be mailbox or terminal (SEND/SOML/SAML, RFC 821 §3.4)',
    ]);
  });

  it('mailbox, by count or by match', () => {
    expect(met({ kind: 'mailbox', count: 1 })).toBe(true);
    expect(met({ kind: 'mailbox', count: 2 })).toBe(false);
    expect(met({ kind: 'mailbox', contains: 'At noon?' })).toBe(true);
  });
  it('quiz, typed or by choice letter', () => {
    expect(met({ kind: 'quiz', id: 'code', question: 'Code?', answer: '250' })).toBe(true);
    expect(
      met({ kind: 'quiz', id: 'other', question: 'Q?', answer: 'a', choices: ['x', 'y'] }),
    ).toBe(false);
  });
  it('validates fields per kind and names the known kinds', () => {
    expect(validateGoal({ kind: 'reply' })).toEqual(['"code" is required (number)']);
    expect(
      validateGoal({ kind: 'quiz', id: 'q', question: 'Q?', answer: 'c', choices: ['x', 'y'] }),
    ).toEqual(['"answer" must be a choice letter between a and b']);
    expect(validateGoal({ kind: 'nope' })[0]).toBe(
      `unknown goal kind "nope" (known: ${Object.keys(GOAL_KINDS).join(', ')})`,
    );
  });
  it('is open: a kind added to the table is checked like the others', () => {
    GOAL_KINDS.tls = {
      validate: () => [],
      check: (_g, c) => c.transcript.some((e) => e.kind === 'tls'),
      describe: () => 'Turn on TLS',
    };
    try {
      expect(evaluateGoals([{ kind: 'tls' }], ctx)).toEqual([
        { goal: { kind: 'tls' }, label: 'Turn on TLS', met: false },
      ]);
    } finally {
      delete GOAL_KINDS.tls;
    }
  });
  it('a quiz answer line inside message text is text, not an answer', () => {
    const t = new LessonSession({ dialect: 'rfc821' });
    for (const l of [
      'HELO c.test',
      'MAIL FROM:<a@c.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      '? q: 1',
      '.',
    ])
      t.type(l);
    expect(t.answers).toEqual({});
    expect(t.context().mailbox).toHaveLength(1);
  });
});

describe('replies are paired with their command by step', () => {
  /** A pipelined group (RFC 2920), then message text whose lines look like commands. */
  function pipelined() {
    const t = new LessonSession({ world: { extensions: ['PIPELINING'] } });
    t.type('EHLO c.test');
    t.typeLines([
      'MAIL FROM:<a@c.test>',
      'RCPT TO:<nobody@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ]);
    t.typeLines(['RCPT TO:<carol@example.test>', 'QUIT', '.']);
    return t.context();
  }
  const on = (c: ReturnType<typeof pipelined>, g: Goal) => evaluateGoals([g], c)[0]!.met;

  it('in a session: the reply to message text is the reply to DATA, never to a line of the text', () => {
    const c = pipelined();
    expect(exchanges(c.transcript).map((x) => `${x.verb} ${x.code}`)).toEqual([
      'null 220',
      'EHLO 250',
      'MAIL 250',
      'RCPT 550',
      'RCPT 250',
      'DATA 354',
      'DATA 250',
    ]);
    expect(on(c, { kind: 'reply', code: 550, verb: 'RCPT', contains: 'nobody@' })).toBe(true);
    expect(on(c, { kind: 'reply', code: 250, verb: 'DATA' })).toBe(true);
    expect(on(c, { kind: 'reply', code: 250, verb: 'RCPT', contains: 'carol@' })).toBe(false);
    expect(on(c, { kind: 'reply', code: 221 })).toBe(false);
  });

  it('wherever the entries stand: a group logged before its replies (a server answering it at once)', () => {
    const c = pipelined();
    const group = new Set(
      c.transcript
        .filter((e) => e.kind === 'client' && /^(MAIL|RCPT)/.test(e.text))
        .map((e) => e.step),
    );
    const inGroup = c.transcript.filter((e) => group.has(e.step));
    const reordered = [
      ...c.transcript.filter((e) => !group.has(e.step) && e.step < Math.min(...group)),
      ...inGroup.filter((e) => e.kind === 'client'),
      ...inGroup.filter((e) => e.kind !== 'client'),
      ...c.transcript.filter((e) => !group.has(e.step) && e.step > Math.max(...group)),
    ];
    expect(reordered).toHaveLength(c.transcript.length);
    const r = { ...c, transcript: reordered };
    // Paired by order, each reply of the group would go to its last line (RCPT bob).
    expect(on(r, { kind: 'reply', code: 250, verb: 'MAIL' })).toBe(true);
    expect(on(r, { kind: 'reply', code: 550, verb: 'RCPT', contains: 'nobody@' })).toBe(true);
    expect(on(r, { kind: 'reply', code: 550, verb: 'RCPT', contains: 'bob@' })).toBe(false);
    expect(exchanges(reordered).map((x) => `${x.verb} ${x.code}`)).toEqual(
      exchanges(c.transcript).map((x) => `${x.verb} ${x.code}`),
    );
  });
});
