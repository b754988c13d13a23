/**
 * The journey view's model with a hop taken over (journey.svelte.ts and
 * takeover.svelte.ts): the journey is made again up to the hop, waits while
 * the learner types, then goes on from what the session came to; the panel's
 * lines, verdicts and problems are what the view shows.
 */
import { describe, expect, it } from 'vitest';
import { JourneyController } from '../../../src/ui/journey/journey.svelte.ts';
import type { HopStep, PathStep } from '../../../src/ui/journey/path.ts';

const arrows = (steps: readonly PathStep[]) =>
  steps
    .filter((s): s is HopStep => s.kind === 'hop')
    .map((s) => `${s.index} ${s.from} -> ${s.to}:${s.port} ${s.decided?.code ?? '-'}`);

describe('taking over a hop in the journey view', () => {
  it('as the client of the relay hop: the journey waits, then delivers what the learner sent', () => {
    const c = new JourneyController();
    c.runToEnd();
    c.take(2, 'client');
    const take = c.takeover!;
    expect(take.side).toBe('client');
    expect(arrows(c.steps)).toEqual(['1 client.test -> submit.elsewhere.test:587 250']);
    expect(c.finished).toBe(false);
    c.step(); // the clock cannot run past the learner's hop
    expect(c.hops).toHaveLength(1);
    take.send('');
    expect(take.problem).toBe('empty');
    take.send('EHLO submit.elsewhere.test');
    take.send('MAIL FROM:<carol@elsewhere.test>\nRCPT TO:<alice@example.test>\nDATA');
    expect(take.inData).toBe(true);
    take.sendText();
    take.send('QUIT');
    expect(take.lines.filter((l) => l.kind === 'server').map((l) => l.text.slice(0, 3))).toEqual(
      expect.arrayContaining(['220', '354', '221']),
    );
    expect(c.takeover).toBeNull();
    expect(c.taken).toEqual({ index: 2, side: 'client' });
    expect(c.selected).toBe(2);
    expect(c.selectedHop?.learner).toBe('client');
    expect(c.steps.find((st) => st.kind === 'hop' && st.index === 2)).toMatchObject({
      learner: 'client',
      decided: { code: 250 },
    });
    c.runToEnd();
    expect(c.finished).toBe(true);
    expect(c.mailboxes.map((m) => m.mailbox)).toEqual(['alice@example.test']);
  });

  it('as the server of the relay hop: each reply judged, a 550 bounces to the sender', async () => {
    const c = new JourneyController();
    c.take(2, 'server');
    const take = c.takeover!;
    expect(take.waitingFor[0]?.verb).toBe('CONNECTION');
    take.send('hello');
    expect(take.problem).toBe('form');
    take.send('220 mx1.example.test ESMTP');
    expect(take.latest?.kind).toBe('right');
    take.send('250 mx1.example.test');
    for (let i = 0; i < 10 && !take.done; i++) {
      const next = take.waitingFor[0];
      if (!next) break;
      take.send(
        next.verb === 'RCPT'
          ? '550 5.1.1 No such user'
          : next.verb === 'QUIT'
            ? '221 Bye'
            : '250 OK',
      );
      await Promise.resolve();
    }
    expect(take.lines.some((l) => l.kind === 'verdict' && l.verdict === 'allowed')).toBe(true);
    expect(c.takeover).toBeNull();
    expect(c.selectedHop).toMatchObject({ learner: 'server', refused: [{ code: 550 }] });
    c.runToEnd();
    expect(c.steps.some((s) => s.kind === 'bounced')).toBe(true);
    expect(c.mailboxes.map((m) => m.mailbox)).toEqual(['carol@elsewhere.test']);
  });
});
