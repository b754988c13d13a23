/**
 * The library's links to a POP3 or IMAP session at a step
 * (src/ui/library/library-route.ts, replay-link.ts): the address read and
 * written, every retrieval session's every step opened by its link, and a
 * bad step, a step out of range or an unknown id answered in words.
 */
import { describe, expect, it } from 'vitest';
import { replayRetrieval } from '../../../src/machines/retrieval-replay.ts';
import { playable, type LibraryEntry } from '../../../src/ui/library/catalog.ts';
import { isLibraryHash, libraryRoute, replayHash } from '../../../src/ui/library/library-route.ts';
import { resolveLink } from '../../../src/ui/library/replay-link.ts';
import { ENTRIES, sessionText } from '../../../src/ui/library/sessions.ts';

const POP3 = 'rfc1939/10-example-session';
const stepsOf = (e: LibraryEntry) =>
  replayRetrieval(e.era as 'pop3' | 'imap', sessionText(e.id)!).steps.length;
const open = (hash: string) => resolveLink(libraryRoute(hash)!, ENTRIES, stepsOf);
const entry = (id: string) => ENTRIES.find((e) => e.id === id)!;

describe('the library address', () => {
  it('reads the list, a session, a session at a step, and whatever follows as the step', () => {
    expect(libraryRoute('#/library')).toEqual({ id: null, step: null });
    expect(libraryRoute('#/library/')).toEqual({ id: null, step: null });
    expect(libraryRoute(`#/library/${POP3}`)).toEqual({ id: POP3, step: null });
    expect(libraryRoute(`#/library/${POP3}/`)).toEqual({ id: POP3, step: null });
    expect(libraryRoute(`#/library/${POP3}/7`)).toEqual({ id: POP3, step: '7' });
    expect(libraryRoute(`#/library/${POP3}/x/y`)).toEqual({ id: POP3, step: 'x/y' });
    expect(libraryRoute('#/library/rfc1939')).toEqual({ id: 'rfc1939', step: null });
  });

  it("is not another view's address", () => {
    for (const hash of ['#/', '', '#/libraryx', '#/player/library/rfc821/f1-typical/0', '#library'])
      expect([hash, libraryRoute(hash), isLibraryHash(hash)]).toEqual([hash, null, false]);
    expect(isLibraryHash('#/library')).toBe(true);
    expect(isLibraryHash(`#/library/${POP3}/2`)).toBe(true);
  });

  it('writes the step as the replay numbers it, from 1', () => {
    expect(replayHash(POP3, 3)).toBe(`#/library/${POP3}/3`);
    expect(replayHash(POP3)).toBe(`#/library/${POP3}/1`);
  });
});

describe('what a library address opens', () => {
  const retrieval = ENTRIES.filter((e) => !playable(e));

  it('opens every POP3 and IMAP session at each of its steps by its own link', () => {
    expect(retrieval.length).toBeGreaterThanOrEqual(5);
    for (const e of retrieval) {
      const total = stepsOf(e);
      expect(total).toBeGreaterThan(1);
      for (let n = 1; n <= total; n++)
        expect(open(replayHash(e.id, n))).toEqual({
          kind: 'replay',
          entry: e,
          at: n - 1,
          problem: null,
        });
    }
  });

  it('opens the list alone, and a session with no step at its first', () => {
    expect(open('#/library')).toEqual({ kind: 'list', problem: null });
    expect(open(`#/library/${POP3}`)).toEqual({
      kind: 'replay',
      entry: entry(POP3),
      at: 0,
      problem: null,
    });
  });

  it('answers an unknown session in words, and shows the list', () => {
    expect(open('#/library/rfc1939/no-such-session/2')).toEqual({
      kind: 'list',
      problem:
        'The library has no session "rfc1939/no-such-session": the link may be mistyped, or the session gone from the library.',
    });
    expect(open('#/library/nothing')).toMatchObject({
      kind: 'list',
      problem: expect.stringContaining('"nothing"'),
    });
  });

  it('answers a step that is not a number in words, and starts at step 1', () => {
    for (const step of ['abc', '-1', '2.5', '1e3', 'x/y', ' 3'])
      expect(open(`#/library/${POP3}/${step}`)).toEqual({
        kind: 'replay',
        entry: entry(POP3),
        at: 0,
        problem: `"${step}" is not a step: a step is a number from 1 to 9. The replay starts at step 1.`,
      });
  });

  it('answers a step out of range in words, and shows the nearest', () => {
    expect(open(`#/library/${POP3}/0`)).toEqual({
      kind: 'replay',
      entry: entry(POP3),
      at: 0,
      problem: 'This session has steps 1 to 9, not 0: the replay shows the nearest one.',
    });
    expect(open(`#/library/${POP3}/10`)).toMatchObject({
      at: 8,
      problem: 'This session has steps 1 to 9, not 10: the replay shows the nearest one.',
    });
    expect(open(`#/library/${POP3}/99999999999999999999`)).toMatchObject({ at: 8 });
  });

  it("sends an SMTP session's address to the player, at the same step", () => {
    expect(open('#/library/rfc821/f1-typical/4')).toEqual({
      kind: 'player',
      hash: '#/player/library/rfc821/f1-typical/4',
    });
    expect(open('#/library/rfc821/f1-typical')).toEqual({
      kind: 'player',
      hash: '#/player/library/rfc821/f1-typical/0',
    });
  });
});
