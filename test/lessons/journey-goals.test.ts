/**
 * Lessons where the learner sends a message through a world of hosts
 * (`role: journey`): each goal kind on the journey's events met by the
 * actions that make it happen and not before or otherwise; the run's
 * actions (send, step, run, quiz answers); lessons:check on the role's
 * frontmatter, goals and solution lines.
 */
import { describe, expect, it } from 'vitest';
import { checkPack } from '../../src/lessons/check.ts';
import { validateGoal } from '../../src/lessons/goals.ts';
import { JourneyLessonRun, replayJourney } from '../../src/lessons/journey-run.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { buildPack } from '../../src/lessons/tree.ts';
import type { Goal, Settings } from '../../src/lessons/types.ts';

// loadPack brings the YAML reader buildPack uses.
void loadPack;

const at = (scenario: Settings['scenario'], journey?: Settings['journey']): Settings => ({
  role: 'journey',
  ...(scenario ? { scenario } : {}),
  ...(journey ? { journey } : {}),
});

const met = (settings: Settings, lines: readonly string[], ...goals: Goal[]) =>
  replayJourney({ settings, goals }, lines).results.map((r) => r.met);

const g = (kind: string, fields: Record<string, unknown> = {}): Goal => ({ kind, ...fields });

describe('the run of a journey lesson', () => {
  it('keeps the actions and quiz answers typed, and ignores other lines', () => {
    const run = new JourneyLessonRun(at('retry'));
    for (const line of ['send', 'HELO x', 'step', '? q: b', 'run']) run.type(line);
    expect(run.typed).toEqual(['send', 'step', '? q: b', 'run']);
    expect(run.answers).toEqual({ q: 'b' });
    expect(run.finished).toBe(true);
  });

  it('sends first when the first action is step or run, as the buttons do', () => {
    const run = new JourneyLessonRun(at('direct'));
    run.type('run');
    expect(run.journey?.hops.map((h) => h.to)).toEqual([
      'submit.elsewhere.test',
      'mx1.example.test',
    ]);
  });

  it('takes the scenario recipients, or the lesson own sender and recipients', () => {
    expect(new JourneyLessonRun(at('unknown-user')).to).toEqual(['nobody@example.test']);
    const own = new JourneyLessonRun(
      at('direct', { from: 'carol@elsewhere.test', to: ['bob@example.test'] }),
    );
    own.type('run');
    expect(own.journey?.mailboxes.map((m) => m.mailbox)).toEqual(['bob@example.test']);
  });
});

describe('hop', () => {
  it('matches from, to, port, the deciding code and via; after counts minutes', () => {
    const s = at('backup-mx');
    const all = ['send', 'run'];
    expect(
      met(
        s,
        all,
        g('hop', { from: 'client.test', to: 'submit.elsewhere.test', port: 587, code: 250 }),
      ),
    ).toEqual([true]);
    expect(met(s, all, g('hop', { to: 'MX1.example.test', port: 25, code: 421 }))).toEqual([true]);
    expect(met(s, all, g('hop', { to: 'mx2.example.test', via: 'MX 20', code: 250 }))).toEqual([
      true,
    ]);
    expect(met(s, all, g('hop', { to: 'mx1.example.test', code: 250, after: 60 }))).toEqual([true]);
    // Not yet: only the submission happened.
    expect(met(s, ['send'], g('hop', { to: 'mx2.example.test' }))).toEqual([false]);
    expect(met(s, all, g('hop', { to: 'mx1.example.test', code: 250, after: 61 }))).toEqual([
      false,
    ]);
    expect(met(s, all, g('hop', { to: 'mx2.example.test', code: 421 }))).toEqual([false]);
    expect(met(s, all, g('hop', { to: 'mx1.example.test', port: 587 }))).toEqual([false]);
  });
});

describe('lookup', () => {
  it('is met by the MX records in preference order, not by another order or kind', () => {
    const s = at('backup-mx');
    const mx = g('lookup', {
      host: 'submit.elsewhere.test',
      domain: 'example.test',
      found: 'mx',
      preferences: [10, 20],
    });
    expect(met(s, ['send'], mx)).toEqual([false]);
    expect(met(s, ['send', 'step'], mx)).toEqual([true]);
    expect(met(s, ['send', 'step'], { ...mx, preferences: [20, 10] })).toEqual([false]);
    expect(met(s, ['send', 'step'], { ...mx, found: 'implicit' })).toEqual([false]);
  });

  it('names the address record used as an implicit MX (the bounce to elsewhere.test)', () => {
    const s = at('no-mail-host');
    expect(met(s, ['run'], g('lookup', { domain: 'elsewhere.test', found: 'implicit' }))).toEqual([
      true,
    ]);
    expect(met(at('direct'), ['run'], g('lookup', { found: 'implicit' }))).toEqual([false]);
  });
});

describe('queued', () => {
  it('counts the times the message waits in a host queue', () => {
    const s = at('retry');
    const twice = g('queued', { host: 'submit.elsewhere.test', times: 2 });
    expect(met(s, ['send', 'step'], twice, g('queued'))).toEqual([false, true]);
    expect(met(s, ['send', 'step', 'step'], twice)).toEqual([true]);
    expect(met(s, ['send', 'step', 'step'], { ...twice, host: 'mx2.example.test' })).toEqual([
      false,
    ]);
    expect(met(at('direct'), ['run'], g('queued'))).toEqual([false]);
  });
});

describe('arrived', () => {
  it('is met by a delivery to that mailbox, at that host, from that reverse path', () => {
    const s = at('retry');
    const alice = g('arrived', {
      mailbox: 'alice@example.test',
      host: 'mx1.example.test',
      after: 60,
    });
    expect(met(s, ['send', 'step', 'step'], alice)).toEqual([false]);
    expect(met(s, ['run'], alice)).toEqual([true]);
    expect(met(s, ['run'], { ...alice, host: 'mx2.example.test' })).toEqual([false]);
    expect(met(s, ['run'], { ...alice, from: '<>' })).toEqual([false]);
  });

  it('from <> is the null reverse path of a bounce (RFC 5321 §4.5.5)', () => {
    const dsn = g('arrived', { mailbox: 'carol@elsewhere.test', from: '<>' });
    expect(met(at('unknown-user'), ['run'], dsn)).toEqual([true]);
    expect(met(at('direct'), ['run'], dsn)).toEqual([false]);
  });
});

describe('bounced and refused', () => {
  it('bounced: the status and the sender the DSN goes to', () => {
    const s = at('unknown-user');
    const b = g('bounced', {
      status: '5.1.1',
      to: 'carol@elsewhere.test',
      recipient: 'nobody@example.test',
    });
    expect(met(s, ['send'], b)).toEqual([false]);
    expect(met(s, ['run'], b)).toEqual([true]);
    expect(met(s, ['run'], { ...b, status: '4.0.0' })).toEqual([false]);
    expect(
      met(at('give-up'), ['run'], { ...b, status: '4.0.0', recipient: 'alice@example.test' }),
    ).toEqual([true]);
  });

  it('refused: the submission server refuses a null-MX domain with 556 5.1.10 (RFC 7505 §4.1)', () => {
    const r = g('refused', { code: 556, enhanced: '5.1.10', recipient: 'alice@nomail.test' });
    expect(met(at('null-mx'), ['send'], r, g('bounced'))).toEqual([true, false]);
    expect(met(at('null-mx'), [], r)).toEqual([false]);
    expect(met(at('null-mx'), ['send'], { ...r, code: 550 })).toEqual([false]);
    expect(met(at('null-mx'), ['send'], { ...r, enhanced: '5.1.1' })).toEqual([false]);
    expect(met(at('direct'), ['run'], g('refused'))).toEqual([false]);
  });
});

describe('goal fields', () => {
  it('names bad fields of each kind', () => {
    expect(validateGoal(g('hop', { port: 110 }))).toEqual([
      '"port" must be 25 (relay) or 587 (submission); got 110',
    ]);
    expect(validateGoal(g('hop', { code: 99 }))).toEqual([
      '"code" must be a reply code from 200 to 599; got 99',
    ]);
    expect(validateGoal(g('lookup', { found: 'srv' }))).toEqual([
      '"found" must be one of mx, implicit, null-mx, no-domain, unusable; got "srv"',
    ]);
    expect(validateGoal(g('lookup'))).toEqual(['"found" is required (string)']);
    expect(validateGoal(g('arrived'))).toEqual(['"mailbox" is required (string)']);
    expect(validateGoal(g('queued', { times: -1 }))).toEqual([
      '"times" must be a whole number from 0; got -1',
    ]);
    expect(validateGoal(g('bounced', { code: 550 }))[0]).toMatch(/^unknown field "code"/);
  });
});

describe('lessons:check on journey lessons', () => {
  const era = '---\ntitle: E\n---\n\nx\n';
  const lesson = (front: string) => `---\ntitle: T\nrfcs: [5321]\n${front}\n---\n\nx\n`;
  const problems = (front: string, solution = 'run\n') =>
    checkPack(
      buildPack(
        new Map([
          ['01-e/index.md', era],
          ['01-e/01-t/index.md', lesson(front)],
          ['01-e/01-t/solution.smtp', solution],
        ]),
      ),
    ).map((p) => p.message);
  const arrives = 'goals:\n  - kind: arrived\n    mailbox: alice@example.test';

  it('a well-formed lesson passes', () => {
    expect(problems(`role: journey\nscenario: retry\n${arrives}`)).toEqual([]);
  });

  it('names an unknown scenario and bad journey settings', () => {
    expect(problems(`role: journey\nscenario: flood\n${arrives}`)).toContain(
      '"scenario" must be one of direct, backup-mx, retry, give-up, unknown-user, no-mail-host, null-mx; got "flood"',
    );
    expect(problems(`role: journey\njourney:\n  to: []\n${arrives}`)).toContain(
      '"journey.to" must list at least one address (e.g. [alice@example.test])',
    );
    expect(problems(`role: journey\njourney:\n  via: mx2\n${arrives}`)).toContain(
      '"journey.via" is not a journey setting (known: from, to)',
    );
    expect(problems(`role: journey\njourney:\n  to: [bob@gmail.com]\n${arrives}`)).toContain(
      '"gmail.com" is not a reserved name; use names under .test (e.g. client.test, example.test) as RFC 2606 reserves them',
    );
  });

  it('names goals and settings of another role', () => {
    expect(problems(`role: journey\ngoals:\n  - kind: command\n    verb: HELO`)[0]).toBe(
      '"goals[0]" (command) is not a goal of a "role: journey" lesson: use hop, lookup, queued, arrived, bounced, refused, quiz',
    );
    expect(problems(arrives, 'HELO client.test\n')).toContain(
      '"goals[0]" (arrived) checks a message\'s journey through a world: it needs "role: journey"',
    );
    expect(problems(`role: server\n${arrives}`, '220 hi\n')).toContain(
      '"goals[0]" (arrived) checks a message\'s journey through a world: it needs "role: journey"',
    );
    expect(
      problems(`scenario: retry\ngoals:\n  - kind: command\n    verb: HELO`, 'HELO client.test\n'),
    ).toEqual(['"scenario" applies only with "role: journey"']);
    expect(
      problems(`role: journey\nfaults:\n  - verb: RCPT\n    reply: noSuchUser\n${arrives}`),
    ).toContain(
      '"faults" script the simulated server; a "role: journey" lesson picks a "scenario"',
    );
  });

  it('says which solution line is not an action, and which goals the actions miss', () => {
    expect(problems(`role: journey\nscenario: retry\n${arrives}`, 'send\nwait\n')).toEqual([
      'line 2: "wait" is neither a journey action (send, step, run) nor a quiz answer (? id: answer)',
      'the solution does not meet the goal: "The message arrives in alice@example.test\'s mailbox"',
    ]);
  });
});
