/** Content tested like code: every lesson's solution meets its goals, and only just. */
import { describe, expect, it } from 'vitest';
import { goalLabel } from '../../src/lessons/goals.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { replayJourney } from '../../src/lessons/journey-run.ts';
import {
  decisiveLineOf,
  playsJourney,
  playsServer,
  replayLesson,
} from '../../src/lessons/replay-lesson.ts';
import { replayReverse } from '../../src/lessons/reverse-run.ts';
import { replay } from '../../src/lessons/run.ts';

const pack = loadPack('lessons');

describe('the curriculum', () => {
  it('is found, in order, with prev/next', () => {
    expect(pack.problems).toEqual([]);
    expect(pack.lessons.length).toBeGreaterThanOrEqual(8);
    const ids = pack.lessons.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(pack.lessons[0]!.prev).toBeNull();
    expect(pack.lessons.at(-1)!.next).toBeNull();
    for (let i = 1; i < pack.lessons.length; i++) {
      expect(pack.lessons[i]!.prev).toBe(pack.lessons[i - 1]!.id);
      expect(pack.lessons[i - 1]!.next).toBe(pack.lessons[i]!.id);
    }
  });

  it('replays start.smtp before the learner types', () => {
    const lesson = pack.lessons.find((l) => l.id === 'smtp-1982/rset-starts-over')!;
    expect(lesson.start).toHaveLength(3);
    const { run } = replay(lesson, []);
    expect(run.session.state).toBe('transaction.rcpt');
    expect(replay({ ...lesson, start: [] }, lesson.solution!).allMet).toBe(false);
  });

  it('passes settings down from era to lesson, the lesson winning', () => {
    const byId = new Map(pack.lessons.map((l) => [l.id, l]));
    expect(byId.get('mtp/recipients-first')!.settings.dialect).toBe('rfc780');
    expect(byId.get('esmtp/ehlo-and-fallback')!.settings.dialect).toBe('rfc821');
    expect(byId.get('today/submission-587')!.settings).toMatchObject({
      dialect: 'rfc5321',
      profile: 'submission',
    });
  });
});

describe("lessons set in an era run on that era's server", () => {
  const byId = new Map(pack.lessons.map((l) => [l.id, l]));

  it('the 1989 lesson runs on a server without EHLO (service extensions date from RFC 1425, 1993)', () => {
    const lesson = byId.get('esmtp/host-requirements-1989')!;
    expect(lesson.settings).toMatchObject({ dialect: 'rfc1123' });
    const { run } = replay(lesson, ['EHLO client.test']);
    const last = run.transcript.filter((e) => e.kind === 'server').at(-1)!;
    expect(last.kind === 'server' && last.reply.code).toBe(500);
  });

  it('the 1989 server follows RFC 1123 §5.2.6: a source route is accepted and delivered by domain', () => {
    const lesson = byId.get('esmtp/host-requirements-1989')!;
    const { run, results } = replay(lesson, lesson.solution!);
    const routed = run.transcript.findIndex(
      (e) => e.kind === 'client' && e.text === 'RCPT TO:<@relay.test:bob@example.test>',
    );
    const answer = run.transcript.slice(routed).find((e) => e.kind === 'server')!;
    expect(answer.kind === 'server' && answer.reply.code).toBe(250);
    expect(run.mailbox[0]!.recipients.map((r) => r.mailbox)).toContain('bob@example.test');
    expect(results.every((r) => r.met)).toBe(true);
    // Without the routed recipient, the goals about it are not met.
    const direct = lesson.solution!.filter((l) => !l.includes('@relay.test:'));
    const unmet = replay(lesson, direct).results.filter((r) => !r.met);
    expect(unmet.map((r) => r.goal.kind)).toEqual(['reply', 'delivered']);
  });
});

describe('the smuggling lessons: the same bytes on a lenient and on a strict server', () => {
  const byId = new Map(pack.lessons.map((l) => [l.id, l]));
  const lenient = byId.get('today/smtp-smuggling')!;
  const strict = byId.get('today/smuggling-on-a-strict-server')!;
  const sent = (lines: readonly string[]) => lines.filter((l) => !l.startsWith('?'));
  const text = (d: { content: Uint8Array }) => new TextDecoder().decode(d.content);

  it('come one after the other, and send the same lines (a raw line among them)', () => {
    expect(lenient.next).toBe(strict.id);
    expect(sent(strict.solution!)).toEqual(sent(lenient.solution!));
    expect(lenient.solution!.some((l) => l.startsWith('!raw '))).toBe(true);
  });

  it('on the lenient server (a teaching mode, said so), the bytes give two messages, one forged', () => {
    expect(lenient.settings.world?.dataEnding).toBe('lenient');
    expect(lenient.body).toMatch(/teaching mode of this\s+simulator, never its default/);
    const { run } = replay(lenient, lenient.solution!);
    expect(run.mailbox.map((d) => d.reversePath)).toEqual([
      '<alice@client.test>',
      '<forged@client.test>',
    ]);
    expect(text(run.mailbox[0]!)).not.toContain('forged');
  });

  it('on the strict server (the default), one message holds the forged lines as text', () => {
    expect(strict.settings.world?.dataEnding ?? 'strict').toBe('strict');
    const { run } = replay(strict, strict.solution!);
    expect(run.mailbox).toHaveLength(1);
    expect(text(run.mailbox[0]!)).toContain('MAIL FROM:<forged@client.test>');
  });

  it('the lines typed as text (no raw line, so no LF alone) do not meet the strict lesson', () => {
    // The old way: the forged lines typed as lines of the text, each ended by CRLF.
    const typed = strict.solution!.flatMap((l) =>
      l.startsWith('!raw ')
        ? ['Hello.', 'MAIL FROM:<forged@client.test>', 'RCPT TO:<bob@example.test>', 'DATA']
        : [l],
    );
    const { run, results } = replay(strict, typed);
    expect(run.mailbox).toHaveLength(1);
    expect(text(run.mailbox[0]!)).toContain('MAIL FROM:<forged@client.test>');
    expect(results.filter((r) => !r.met).map((r) => r.goal.kind)).toEqual(['delivered']);
  });
});

describe('the lessons where the learner plays the server', () => {
  const reverse = pack.lessons.filter(playsServer);

  it('are a part of their own, each replayed through the role reversal', () => {
    expect(reverse.map((l) => l.id)).toEqual([
      'play-the-server/answer-a-whole-session',
      'play-the-server/refuse-one-recipient',
      'play-the-server/a-1982-server',
    ]);
    for (const lesson of reverse) {
      const { run } = replayReverse(lesson, lesson.solution!);
      // Every reply of the solution is judged right: listed by the era's RFC and what this server says.
      expect(run.verdicts.length, lesson.id).toBeGreaterThanOrEqual(7);
      expect(
        run.verdicts.filter((v) => !v.matches || !v.listed),
        lesson.id,
      ).toEqual([]);
      expect(run.done, lesson.id).toBe(true);
    }
  });

  it('the 1982 client opens with HELO, never EHLO, and its server is RFC 821', () => {
    const lesson = reverse.find((l) => l.id === 'play-the-server/a-1982-server')!;
    const { run } = replayReverse(lesson, lesson.solution!);
    expect(run.verdicts.map((v) => v.to).slice(0, 2)).toEqual([
      'the connection',
      'HELO client.test',
    ]);
    expect(run.client.context.dialect.id).toBe('rfc821');
    expect(run.client.log.some((e) => e.kind === 'client' && /^EHLO/.test(e.text))).toBe(false);
  });

  it('refusing carol with 451 instead of 550 defers her: the refusal goals are not met', () => {
    const lesson = reverse.find((l) => l.id === 'play-the-server/refuse-one-recipient')!;
    const lines = lesson.solution!.map((l) => (l.startsWith('550') ? '451 Try again later' : l));
    const { run, results } = replayReverse(lesson, lines);
    expect(run.client.result.deferred).toMatchObject([{ to: 'carol@example.test', code: 451 }]);
    expect(results.filter((r) => !r.met).map((r) => r.goal.kind)).toEqual([
      'answered',
      'recipient',
    ]);
  });
});

describe.each(pack.lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const solution = lesson.solution ?? [];

  it('has a solution that meets every goal', () => {
    expect(lesson.solution).not.toBeNull();
    const { results } = replayLesson(lesson, solution);
    expect(results.filter((r) => !r.met).map((r) => goalLabel(r.goal))).toEqual([]);
  });

  it('does not meet its goals without the line that meets the last one', () => {
    const i = decisiveLineOf(lesson, solution);
    expect(i).toBeGreaterThanOrEqual(0);
    const without = [...solution.slice(0, i), ...solution.slice(i + 1)];
    expect(replayLesson(lesson, without).allMet).toBe(false);
  });
});

describe('the lessons where the learner sends a message through the world', () => {
  const journeys = pack.lessons.filter(playsJourney);
  const byId = new Map(journeys.map((l) => [l.id, l]));
  const solved = (id: string) => replayJourney(byId.get(id)!, byId.get(id)!.solution!).run;

  it('are the part the-journey, each in its scenario', () => {
    expect(journeys.map((l) => [l.id, l.settings.scenario])).toEqual([
      ['the-journey/mx-and-the-backup', 'backup-mx'],
      ['the-journey/a-null-mx', 'null-mx'],
      ['the-journey/retried-from-the-queue', 'retry'],
      ['the-journey/a-bounce', 'unknown-user'],
      ['the-journey/push-and-pull', 'direct'],
    ]);
  });

  it('the backup MX: mx1 refuses for now on both its addresses, mx2 takes it, mx1 gets it from mx2 an hour later', () => {
    const hops = solved('the-journey/mx-and-the-backup').journey!.hops;
    expect(hops.map((h) => `${h.from} -> ${h.to} ${h.decided?.code}`)).toEqual([
      'client.test -> submit.elsewhere.test 250',
      'submit.elsewhere.test -> mx1.example.test 421',
      'submit.elsewhere.test -> mx1.example.test 421',
      'submit.elsewhere.test -> mx2.example.test 250',
      'mx2.example.test -> mx1.example.test 421',
      'mx2.example.test -> mx1.example.test 421',
      'mx2.example.test -> mx1.example.test 421',
      'mx2.example.test -> mx1.example.test 421',
      'mx2.example.test -> mx1.example.test 250',
    ]);
  });

  it('the null MX: refused at submission with 556 5.1.10, nothing queued, no bounce (RFC 7505 §4.1)', () => {
    const j = solved('the-journey/a-null-mx').journey!;
    expect(j.events.map((e) => e.kind)).toEqual(['hop', 'refused']);
    expect(j.hops[0]!.decided).toMatchObject({ code: 556 });
    expect(j.hops[0]!.decided!.text.startsWith('5.1.10 ')).toBe(true);
  });

  it('the retry: tried at 0, 30 and 60 minutes, delivered on the third', () => {
    const j = solved('the-journey/retried-from-the-queue').journey!;
    const relay = j.hops.filter((h) => h.port === 25);
    expect([...new Set(relay.map((h) => Math.floor(h.time / 60_000)))]).toEqual([0, 30, 60]);
    expect(relay.at(-1)!.decided!.code).toBe(250);
    // Two steps are not enough: the message is still in the queue.
    const lesson = byId.get('the-journey/retried-from-the-queue')!;
    expect(replayJourney(lesson, ['send', 'step', 'step']).run.journey!.mailboxes).toEqual([]);
  });

  it('the bounce: a DSN from <> (multipart/report, Status 5.1.1) in carol mailbox', () => {
    const j = solved('the-journey/a-bounce').journey!;
    const dsn = j.mailboxes.find((m) => m.mailbox === 'carol@elsewhere.test')!;
    expect(dsn.from).toBe('');
    expect(dsn.text).toContain('report-type=delivery-status');
    expect(dsn.text).toContain('Status: 5.1.1');
  });
});
