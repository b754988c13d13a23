/**
 * Share links (ui/player/share-*.ts): a whole session deflated into the
 * fragment and read back exactly; malformed, cut or oversized payloads are
 * refused with their reason, and inflating stops at the bound; the player's
 * addresses read and write; a link opens a new player at its step.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeSession,
  encodeSession,
  MAX_SHARED_BYTES,
  ShareError,
  type ShareProblem,
} from '../../../src/ui/player/share-codec.ts';
import { openTarget } from '../../../src/ui/player/share-open.ts';
import { libraryHash, playerTarget, sharedHash } from '../../../src/ui/player/share-route.ts';
import { embedSnippet, linkTo } from '../../../src/ui/shared/share-link.ts';
import { playable } from '../../../src/ui/library/catalog.ts';
import { ENTRIES, playerSession, sessionText } from '../../../src/ui/library/sessions.ts';
import { fixture } from '../../helpers.ts';

const F1 = fixture('rfc821/f1-typical.smtp');

async function problem(payload: string, limit?: number): Promise<ShareProblem> {
  try {
    await decodeSession(payload, limit);
  } catch (e) {
    expect(e).toBeInstanceOf(ShareError);
    return (e as ShareError).problem;
  }
  throw new Error('decoded');
}

/** Raw deflate of bytes that are not a string (for the not-text case). */
async function deflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new CompressionStream('deflate-raw'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  return Buffer.from(out).toString('base64url');
}

describe('the share codec', () => {
  it('round-trips a session exactly, in base64url, shorter than the text', async () => {
    const payload = await encodeSession(F1);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(payload.length).toBeLessThan(F1.length);
    expect(await decodeSession(payload)).toBe(F1);
  });

  it('round-trips any text: empty, CRLF, UTF-8, long', async () => {
    for (const text of [
      '',
      'C: EHLO a\r\nS: 250 ok\r\n',
      'C: MAIL FROM:<jörg@bücher.test>',
      'x'.repeat(300_000),
    ])
      expect(await decodeSession(await encodeSession(text))).toBe(text);
  });

  it('refuses a malformed payload: no payload, characters outside base64url, an impossible length', async () => {
    expect(await problem('')).toBe('empty');
    expect(await problem('abc$def')).toBe('not-base64');
    expect(await problem('ab+/')).toBe('not-base64');
    expect(await problem('abcde')).toBe('not-base64');
  });

  it('refuses a payload cut short or altered: it does not inflate', async () => {
    const payload = await encodeSession(F1);
    expect(await problem(payload.slice(0, Math.floor(payload.length / 2)))).toBe('damaged');
    expect(await problem('AAAA')).toBe('damaged');
  });

  it('stops inflating at the bound (2 MB by default): a tiny link cannot fill the page', async () => {
    const bomb = await encodeSession('a'.repeat(MAX_SHARED_BYTES + 1));
    expect(bomb.length).toBeLessThan(10_000);
    expect(await problem(bomb)).toBe('too-large');
    expect(await decodeSession(await encodeSession('a'.repeat(MAX_SHARED_BYTES)))).toHaveLength(
      MAX_SHARED_BYTES,
    );
    expect(await problem(await encodeSession('x'.repeat(100)), 99)).toBe('too-large');
    // A payload longer than the bound is refused before inflating.
    expect(await problem('A'.repeat(101), 100)).toBe('too-large');
  });

  it('refuses bytes that are not UTF-8 text', async () => {
    expect(await problem(await deflate(new Uint8Array([0x43, 0x3a, 0xff, 0xfe])))).toBe('not-text');
  });
});

describe('the player addresses', () => {
  it('reads the import box, a library session and a shared one, each at its step', () => {
    expect(playerTarget('#/player')).toEqual({ kind: 'import' });
    expect(playerTarget('#/player/library/rfc821/f1-typical/7')).toEqual({
      kind: 'library',
      id: 'rfc821/f1-typical',
      step: 7,
    });
    expect(playerTarget('#/player/library/ext/rfc3030-4.1-simple-chunking')).toEqual({
      kind: 'library',
      id: 'ext/rfc3030-4.1-simple-chunking',
      step: 0,
    });
    expect(playerTarget('#/player/shared/3/abc_-')).toEqual({
      kind: 'shared',
      step: 3,
      payload: 'abc_-',
    });
    // Anything else under #/player is the player's, and says it holds no session.
    expect(playerTarget('#/player/shared/x')).toEqual({ kind: 'shared', step: 0, payload: '' });
    expect(playerTarget('#/library')).toBeNull();
    expect(playerTarget('#/')).toBeNull();
  });

  it('writes links for this page, in the embed layout or the full app', () => {
    expect(libraryHash('rfc821/f1-typical', 2)).toBe('#/player/library/rfc821/f1-typical/2');
    expect(sharedHash('abc', 4)).toBe('#/player/shared/4/abc');
    const here = 'https://course.example/smtp/?pack=x#/library';
    expect(linkTo(here, '#/player/shared/4/abc')).toBe(
      'https://course.example/smtp/?pack=x#/player/shared/4/abc',
    );
    expect(linkTo(here, '#/player/shared/4/abc', true)).toBe(
      'https://course.example/smtp/?pack=x&embed=1#/player/shared/4/abc',
    );
    expect(linkTo('https://a.example/?embed=1#/x', '#/y')).toBe('https://a.example/#/y');
  });

  it('writes the snippet that embeds an address, its quotes escaped', () => {
    expect(embedSnippet('https://a.example/?embed=1#/library/x/y/2', 'POP3 session')).toBe(
      '<iframe src="https://a.example/?embed=1#/library/x/y/2" title="POP3 session" width="100%" height="640" style="border:0"></iframe>',
    );
    expect(embedSnippet('https://a.example/#/"><b>', 'a "b"')).toContain(
      'src="https://a.example/#/&quot;><b>" title="a &quot;b&quot;"',
    );
  });
});

describe('opening a link in the player', () => {
  const lookup = (id: string) => Promise.resolve(sessionText(id));

  it('opens a library session at step 0 in its own dialect and world', async () => {
    const {
      player,
      problem: why,
      libraryId,
    } = await openTarget({ kind: 'library', id: 'rfc821/f1-typical', step: 0 }, lookup);
    expect([why, libraryId, player.at]).toEqual([null, 'rfc821/f1-typical', 0]);
    expect(player.sim.session.dialect.id).toBe('rfc821');
    expect(player.sim.session.world.hostname).toBe('BBN-UNIX.ARPA');
    expect([...player.steps].every((s) => s.differences.length === 0)).toBe(true);
    player.destroy();
  });

  it("opens a shared session at the link's step, with the same text", async () => {
    const payload = await encodeSession(F1);
    const { player, problem: why } = await openTarget({ kind: 'shared', step: 4, payload }, lookup);
    expect(why).toBeNull();
    expect(player.at).toBe(4);
    expect(player.exportText()).toBe(F1);
    player.destroy();
  });

  it("says why a library session differs, from the library's index; nothing for one that does not", async () => {
    const marked = ENTRIES.filter((e) => e.notIdentical && playable(e));
    expect(marked.length).toBeGreaterThan(0);
    for (const e of marked) {
      const opened = await openTarget({ kind: 'library', id: e.id, step: 0 }, (id) =>
        Promise.resolve(playerSession(id)),
      );
      expect(opened.caveat).toBe(`Not replayed identically: ${e.notIdentical}`);
      expect([...opened.player.steps].some((s) => s.differences.length > 0)).toBe(true);
      opened.player.destroy();
    }
    const plain = await openTarget({ kind: 'library', id: 'rfc821/f1-typical', step: 0 }, (id) =>
      Promise.resolve(playerSession(id)),
    );
    expect([plain.caveat, plain.problem]).toEqual([null, null]);
    plain.player.destroy();
    // A lookup that gives the text alone (no index at hand) opens the session with no caveat.
    expect(
      (await openTarget({ kind: 'library', id: 'rfc821/f1-typical', step: 0 }, lookup)).caveat,
    ).toBeNull();
    expect(playerSession('rfc821/nope')).toBeUndefined();
  });

  it("sends a POP3 or IMAP session of the library to the library's replay, at the same step", async () => {
    const lookup = (id: string) => Promise.resolve(playerSession(id));
    const pop3 = await openTarget(
      { kind: 'library', id: 'rfc1939/10-example-session', step: 3 },
      lookup,
    );
    // The player's step 3 (its greeting is step 0) is the replay's step 4 (its greeting is step 1).
    expect([pop3.moved, pop3.problem, pop3.player.steps.length]).toEqual([
      '#/library/rfc1939/10-example-session/4',
      null,
      0,
    ]);
    const imap = await openTarget(
      { kind: 'library', id: 'rfc9051/8-sample-connection', step: 0 },
      lookup,
    );
    expect(imap.moved).toBe('#/library/rfc9051/8-sample-connection/1');
    const smtp = await openTarget({ kind: 'library', id: 'rfc821/f1-typical', step: 3 }, lookup);
    expect(smtp.moved).toBeUndefined();
    smtp.player.destroy();
  });

  it('says why a link opens nothing: damaged, unknown library session', async () => {
    const payload = (await encodeSession(F1)).slice(0, 20);
    const damaged = await openTarget({ kind: 'shared', step: 0, payload }, lookup);
    expect(damaged.problem).toMatch(/damaged or cut short/);
    expect(damaged.player.steps).toHaveLength(0);
    const unknown = await openTarget({ kind: 'library', id: 'rfc821/nope', step: 0 }, lookup);
    expect(unknown.problem).toBe('The library has no session "rfc821/nope".');
    const big = await openTarget(
      { kind: 'shared', step: 0, payload: await encodeSession('a'.repeat(MAX_SHARED_BYTES + 1)) },
      lookup,
    );
    expect(big.problem).toMatch(/larger than 2 MB/);
  });
});
