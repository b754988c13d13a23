/** Content tested like code: every lesson's solution meets its goals, and only just. */
import { describe, expect, it } from 'vitest';
import { goalLabel } from '../../src/lessons/goals.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { decisiveLine, replay } from '../../src/lessons/run.ts';

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
    const { run } = replay(lesson, ['EHLO client.test']);
    const last = run.transcript.filter((e) => e.kind === 'server').at(-1)!;
    expect(last.kind === 'server' && last.reply.code).toBe(500);
  });

  it('the smuggling lesson runs on a strict server: one message, the command-like lines kept as text', () => {
    const lesson = byId.get('today/smtp-smuggling')!;
    expect(lesson.settings.world?.dataEnding ?? 'strict').toBe('strict');
    const { run } = replay(lesson, lesson.solution!);
    expect(run.mailbox).toHaveLength(1);
    expect(new TextDecoder().decode(run.mailbox[0]!.content)).toContain(
      'MAIL FROM:<forged@client.test>',
    );
  });
});

describe.each(pack.lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  const solution = lesson.solution ?? [];

  it('has a solution that meets every goal', () => {
    expect(lesson.solution).not.toBeNull();
    const { results } = replay(lesson, solution);
    expect(results.filter((r) => !r.met).map((r) => goalLabel(r.goal))).toEqual([]);
  });

  it('does not meet its goals without the line that meets the last one', () => {
    const i = decisiveLine(lesson, solution);
    expect(i).toBeGreaterThanOrEqual(0);
    const without = [...solution.slice(0, i), ...solution.slice(i + 1)];
    expect(replay(lesson, without).allMet).toBe(false);
  });
});
