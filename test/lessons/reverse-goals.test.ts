/**
 * Lessons where the learner plays the server (`role: server`): the goal kinds
 * on the learner's replies (answered) and on the client's outcome (recipient,
 * ended), met by right replies and not by wrong ones; the frontmatter and
 * solution checks of lessons:check; a completion report replayed through the
 * role reversal.
 */
import { describe, expect, it } from 'vitest';
import { checkPack } from '../../src/lessons/check.ts';
import { validateGoal } from '../../src/lessons/goals.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { buildReport, lookupIn, serializeReport, verifyReport } from '../../src/lessons/report.ts';
import { replayReverse, ReverseLessonRun } from '../../src/lessons/reverse-run.ts';
import { buildPack } from '../../src/lessons/tree.ts';
import type { Goal, Settings } from '../../src/lessons/types.ts';

// loadPack brings the YAML reader buildPack uses.
void loadPack;

const TWO: Settings = {
  role: 'server',
  client: { to: ['bob@example.test', 'carol@example.test'] },
};

/** The replies of a correct server of this world to a client writing to bob and carol (no carol here). */
const RIGHT = [
  '220 mail.example.test ESMTP',
  '250-mail.example.test',
  '250 8BITMIME',
  '250 OK',
  '250 OK',
  '550 No such user',
  '354 go ahead',
  '250 OK: queued',
  '221 bye',
];

const met = (settings: Settings, lines: readonly string[], ...goals: Goal[]) =>
  replayReverse({ settings, goals }, lines).results.map((r) => r.met);

describe('answered: a goal on the learner reply', () => {
  const goal = (g: Record<string, unknown>): Goal => ({ kind: 'answered', ...g });

  it('is met by the code to that command, and by the greeting and the message text each', () => {
    const goals = [
      goal({ to: 'CONNECTION', code: 220, verdict: 'right' }),
      goal({ to: 'EHLO', code: 250, verdict: 'right' }),
      goal({ to: 'RCPT', contains: 'carol@', code: 550, verdict: 'right' }),
      goal({ to: 'DATA', code: 354 }),
      goal({ to: 'TEXT', code: 250, verdict: 'right' }),
      goal({ to: 'quit', code: 221 }),
    ];
    expect(met(TWO, RIGHT, ...goals)).toEqual([true, true, true, true, true, true]);
  });

  it('is not met by another code, nor by the same code to another command', () => {
    // DATA gets 354, not 250; the text's 250 is not an answer to DATA.
    expect(met(TWO, RIGHT, goal({ to: 'DATA', code: 250 }))).toEqual([false]);
    expect(met(TWO, RIGHT, goal({ to: 'TEXT', code: 354 }))).toEqual([false]);
    expect(met(TWO, RIGHT, goal({ to: 'RCPT', contains: 'bob@', code: 550 }))).toEqual([false]);
    // Before the client was answered at all.
    expect(met(TWO, [], goal({ to: 'CONNECTION', code: 220 }))).toEqual([false]);
  });

  it('verdict right needs what this server says; listed, a code the RFC lists for the command', () => {
    const deferred = RIGHT.map((l) => (l.startsWith('550') ? '451 Try later' : l));
    const right = goal({ to: 'RCPT', contains: 'carol@', code: 451, verdict: 'right' });
    const listed = goal({ to: 'RCPT', contains: 'carol@', code: 451, verdict: 'listed' });
    const any = goal({ to: 'RCPT', contains: 'carol@', code: 451 });
    expect(met(TWO, deferred, right, listed, any)).toEqual([false, true, true]);
    // 354 to MAIL: not in RFC 5321 §4.3.2's list for MAIL.
    const wrong = ['220 hi', '250 hi', '354 what?'];
    expect(
      met(
        TWO,
        wrong,
        goal({ to: 'MAIL', code: 354, verdict: 'listed' }),
        goal({ to: 'MAIL', code: 354 }),
      ),
    ).toEqual([false, true]);
  });

  it('has its fields checked: to, code, verdict', () => {
    expect(validateGoal(goal({ to: 'RCPT', code: 250, verdict: 'right' }))).toEqual([]);
    expect(validateGoal(goal({ to: 'RCPT TO', code: 250 }))[0]).toMatch(/"to" must be CONNECTION/);
    expect(validateGoal(goal({ to: 'RCPT', code: 700 }))).toEqual([
      '"code" must be a reply code from 200 to 599; got 700',
    ]);
    expect(validateGoal(goal({ to: 'RCPT', code: 250, verdict: 'good' }))).toEqual([
      '"verdict" must be one of right, listed; got "good"',
    ]);
    expect(validateGoal(goal({ code: 250 }))).toEqual(['"to" is required (string)']);
  });
});

describe("recipient and ended: goals on the client's outcome", () => {
  const rcpt = (to: string, outcome: string, code?: number): Goal => ({
    kind: 'recipient',
    to,
    outcome,
    ...(code ? { code } : {}),
  });

  it('a recipient refused with 550 is dropped, the other delivered, the session ended with QUIT', () => {
    const goals = [
      rcpt('bob@example.test', 'delivered'),
      rcpt('carol@example.test', 'refused', 550),
      rcpt('carol@example.test', 'deferred'),
      { kind: 'ended', how: 'quit' },
      { kind: 'ended', how: 'early' },
    ];
    expect(met(TWO, RIGHT, ...goals)).toEqual([true, true, false, true, false]);
  });

  it('delivered only after the 250 to the text: not while the text is awaited', () => {
    const upTo354 = RIGHT.slice(0, 7);
    expect(met(TWO, upTo354, rcpt('bob@example.test', 'delivered'))).toEqual([false]);
    expect(met(TWO, upTo354, { kind: 'ended', how: 'quit' })).toEqual([false]);
  });

  it('451 defers; 421 ends the session early, its recipients never sent', () => {
    const deferred = RIGHT.map((l) => (l.startsWith('550') ? '451 Try later' : l));
    expect(met(TWO, deferred, rcpt('carol@example.test', 'deferred', 451))).toEqual([true]);
    const closed = ['220 hi', '250 hi', '421 mail.example.test shutting down'];
    const goals = [
      rcpt('bob@example.test', 'unsent'),
      { kind: 'ended', how: 'early', contains: '421' },
      { kind: 'ended', how: 'quit' },
    ];
    expect(met(TWO, closed, ...goals)).toEqual([true, true, false]);
    // Not yet sent is not "never sent" while the session goes on.
    expect(met(TWO, ['220 hi'], rcpt('bob@example.test', 'unsent'))).toEqual([false]);
  });

  it('have their fields checked', () => {
    expect(validateGoal(rcpt('bob@example.test', 'lost'))).toEqual([
      '"outcome" must be one of delivered, refused, deferred, unsent; got "lost"',
    ]);
    expect(validateGoal({ kind: 'ended', how: 'crash' })).toEqual([
      '"how" must be one of quit, early; got "crash"',
    ]);
  });
});

describe('the run of a server-role lesson', () => {
  it('keeps each line typed, a multi-line reply line by line, quiz answers among them', () => {
    const run = new ReverseLessonRun(TWO);
    run.answer('220 hi\r\n');
    run.answer('250-mail.example.test\r\n250 8BITMIME\r\n');
    run.type('? q: b');
    expect(run.typed).toEqual(['220 hi', '250-mail.example.test', '250 8BITMIME', '? q: b']);
    expect(run.given).toEqual({ q: ['b'] });
    // The multi-line reply was read once it ended: the client sent MAIL.
    expect(run.waitingFor.map((w) => w.verb)).toEqual(['MAIL']);
  });

  it('a line that is not a reply is not sent (and the client still waits for its answer)', () => {
    const run = new ReverseLessonRun(TWO);
    run.type('hello there');
    expect(run.verdicts).toEqual([]);
    expect(run.waitingFor.map((w) => w.verb)).toEqual(['CONNECTION']);
  });

  it("the client's message comes from the lesson: envelope, subject, body and HELO name", () => {
    const run = new ReverseLessonRun({
      role: 'server',
      dialect: 'rfc821',
      client: { from: 'carol@client.test', subject: 'Old', body: 'One\nTwo', hello: 'old.test' },
    });
    run.answer('220 hi\r\n');
    expect(run.client.log.filter((e) => e.kind === 'client').map((e) => e.text)).toEqual([
      'HELO old.test',
    ]);
    expect(run.client.context.message).toEqual({
      from: 'carol@client.test',
      to: ['bob@example.test'],
      text: 'Subject: Old\r\n\r\nOne\r\nTwo\r\n',
    });
  });
});

describe('lessons:check on server-role lessons', () => {
  const era = '---\ntitle: E\n---\n\nx\n';
  const lesson = (front: string) => `---\ntitle: T\nrfcs: [5321]\n${front}\n---\n\nx\n`;
  const problems = (front: string, solution = '220 hi\n') =>
    checkPack(
      buildPack(
        new Map([
          ['01-e/index.md', era],
          ['01-e/01-t/index.md', lesson(front)],
          ['01-e/01-t/solution.smtp', solution],
        ]),
      ),
    ).map((p) => p.message);
  const greet = 'goals:\n  - kind: answered\n    to: CONNECTION\n    code: 220';

  it('a well-formed lesson passes', () => {
    expect(problems(`role: server\n${greet}`)).toEqual([]);
  });

  it('names a bad role, a bad client field, an empty recipient list', () => {
    expect(problems(`role: referee\n${greet}`)).toContain(
      '"role" must be client (the learner types commands), server (the learner types the replies) or journey (the learner sends a message through a world of hosts); got "referee"',
    );
    expect(problems(`role: server\nclient:\n  sender: a@client.test\n${greet}`)).toContain(
      '"client.sender" is not a client setting (known: from, to, subject, body, hello, pipelining, starttls)',
    );
    expect(problems(`role: server\nclient:\n  to: []\n${greet}`)).toContain(
      '"client.to" must list at least one address (e.g. [bob@example.test])',
    );
    expect(problems(`role: server\nclient:\n  pipelining: yes\n${greet}`)).toContain(
      '"client.pipelining" must be a boolean; got "yes"',
    );
  });

  it('refuses goals of the other role, faults, names not reserved', () => {
    expect(problems(greet)).toContain(
      '"goals[0]" (answered) checks the learner\'s replies: it needs "role: server" (the learner plays the server)',
    );
    const command = 'goals:\n  - kind: command\n    verb: HELO';
    expect(problems(`role: server\n${command}`)[0]).toMatch(
      /^"goals\[0\]" \(command\) checks the simulated server's session, but in a "role: server" lesson/,
    );
    expect(
      problems(`role: server\nfaults:\n  - verb: RCPT\n    reply: noSuchUser\n${greet}`),
    ).toContain(
      '"faults" script the simulated server; with "role: server" the learner is the server',
    );
    expect(problems(`role: server\nclient:\n  from: a@gmail.com\n${greet}`)[0]).toMatch(
      /^"client": "gmail.com" is not a reserved name/,
    );
  });

  it('names a verb the era never sends (EHLO before RFC 1869)', () => {
    const ehlo = 'goals:\n  - kind: answered\n    to: EHLO\n    code: 250';
    expect(problems(`role: server\ndialect: rfc821\n${ehlo}`)[0]).toBe(
      '"goals[0]" (answered): the rfc821 client never sends EHLO; "to" is TEXT or one of CONNECTION, HELO, MAIL, RCPT, DATA, RSET, SEND, SOML, SAML, VRFY, EXPN, HELP, NOOP, QUIT, TURN',
    );
    expect(problems(`role: server\n${ehlo}`, '220 hi\n250 hi\n')).toEqual([]);
  });

  it('says which solution line is not a reply, and which goals the replies miss', () => {
    expect(problems(`role: server\n${greet}`, 'HELO client.test\n')).toEqual([
      'line 1: "HELO client.test" is neither a reply line (three digits, then a space or a hyphen and text, e.g. 250 OK or 250-PIPELINING) nor a quiz answer (? id: answer)',
      'the solution does not meet the goal: "Greet the client with 220"',
    ]);
  });
});

describe('a completion report of a server-role lesson', () => {
  const pack = loadPack('lessons');
  const lesson = pack.lessons.find((l) => l.id === 'play-the-server/refuse-one-recipient')!;
  const report = (lines: readonly string[]) =>
    serializeReport(
      buildReport(
        { [lesson.id]: { done: true, solvedWith: lines } },
        { app: 'test', createdAt: '2026-12-07T12:00:00Z' },
      ).report,
    );

  it('is confirmed by replaying the replies through the role reversal', () => {
    const v = verifyReport(report(lesson.solution!), lookupIn(pack));
    expect(v.verdicts.map((x) => x.status)).toEqual(['confirmed']);
  });

  it('is rejected when the replies do not refuse carol', () => {
    const lines = lesson.solution!.map((l) => (l.startsWith('550') ? '250 OK' : l));
    const v = verifyReport(report(lines), lookupIn(pack));
    expect(v.verdicts[0]).toMatchObject({ status: 'rejected' });
    expect(v.verdicts[0]!.reason).toContain('Refuse carol with 550, as this server would');
  });
});
