/**
 * The world header fixes what a replay needs to be the same every time:
 * `now` gives the clock (so the CRAM-MD5 challenge, made from the clock and
 * the host, is known in advance and a recorded answer to it replays), and
 * `idPrefix` the queue ids; `hostname` is the name the greeting gives.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { replay, replayWorld } from '../../src/machines/replay.ts';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { printTranscript } from '../../src/protocol/transcript-print.ts';

const WORLD = {
  hostname: 'BBN-UNIX.ARPA',
  auth: { mechanisms: ['CRAM-MD5'], required: false, requireTls: false },
  extensions: ['AUTH', 'ENHANCEDSTATUSCODES'],
  accounts: [{ user: 'alice', password: 'wonderland' }],
  now: '2026-12-07T11:00:00Z',
  idPrefix: 'Q.',
};
const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');

describe('the world header of a replay', () => {
  it('takes now and idPrefix out of the world, for the session', () => {
    const w = replayWorld(JSON.stringify(WORLD));
    expect(w.world).toEqual({
      hostname: 'BBN-UNIX.ARPA',
      auth: WORLD.auth,
      extensions: WORLD.extensions,
      accounts: WORLD.accounts,
    });
    expect(w.now!().toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(w.idPrefix).toBe('Q.');
    expect(() => replayWorld('{"now":"yesterday"}')).toThrow(
      'world "now" is not a date: "yesterday"',
    );
  });

  it('a fixed clock gives a known CRAM-MD5 challenge, so a recorded answer replays', () => {
    // RFC 2195 §2: the challenge is a msg-id; this server makes it from the clock (ms), a count and its name.
    const challenge = `<${Date.parse(WORLD.now)}.1@BBN-UNIX.ARPA>`;
    const digest = createHmac('md5', 'wonderland').update(challenge).digest('hex');
    const text = [
      '# title: CRAM-MD5 with a fixed clock',
      `# world: ${JSON.stringify(WORLD)}`,
      'S: 220 BBN-UNIX.ARPA Service ready',
      'C: EHLO client.test',
      'S: 250-BBN-UNIX.ARPA greets client.test',
      'S: 250-AUTH CRAM-MD5',
      'S: 250 ENHANCEDSTATUSCODES',
      'C: AUTH CRAM-MD5',
      `S: 334 ${b64(challenge)}`,
      `C: ${b64(`alice ${digest}`)}`,
      'S: 235 2.7.0 Authentication Succeeded',
      'C: MAIL FROM:<alice@client.test>',
      'S: 250 2.1.0 OK',
      'C: RCPT TO:<Jones@BBN-UNIX.ARPA>',
      'S: 550 5.1.1 No such user here',
      '',
    ].join('\n');
    const first = replay(parseTranscript(text));
    expect(first.mismatches).toEqual([]);
    const s334 = first.simulated.steps.find((s) => s.who === 'S' && s.code === 334);
    expect(s334).toMatchObject({ lines: [b64(challenge)] });
    // The same dialogue, printed, on a second run.
    expect(printTranscript(replay(parseTranscript(text)).simulated)).toBe(
      printTranscript(first.simulated),
    );
  });

  it("auth.challenge fixes a recorded challenge: RFC 2195 §2's own exchange replays to 235", () => {
    // tim, secret tanstaaftanstaaf, challenge <1896.697170952@postoffice.reston.mci.net> (RFC 2195 §2, there in IMAP).
    const world = {
      hostname: 'postoffice.reston.mci.net',
      extensions: ['AUTH'],
      auth: {
        mechanisms: ['CRAM-MD5'],
        required: false,
        requireTls: false,
        challenge: '<1896.697170952@postoffice.reston.mci.net>',
      },
      accounts: [{ user: 'tim', password: 'tanstaaftanstaaf' }],
    };
    const text = [
      `# world: ${JSON.stringify(world)}`,
      '# starts: -G +E',
      'C: AUTH CRAM-MD5',
      'S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+',
      'C: dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw',
      'S: 235 2.7.0 Authentication successful',
      '',
    ].join('\n');
    const result = replay(parseTranscript(text));
    expect(result.mismatches).toEqual([]);
    expect(result.simulated.steps[1]).toMatchObject({
      code: 334,
      lines: ['PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+'],
    });
    // Without it the challenge is the simulator's own, and the recorded digest is refused.
    const { challenge: _, ...auth } = world.auth;
    const own = text.replace(JSON.stringify(world), JSON.stringify({ ...world, auth }));
    expect(replay(parseTranscript(own)).mismatches).toEqual([
      {
        line: 6,
        expected: '235 2.7.0 Authentication successful',
        actual: expect.stringMatching(/^535 /),
      },
    ]);
  });

  it('idPrefix and now make the queued reply the same on every run', () => {
    const text = `# world: ${JSON.stringify({ now: WORLD.now, idPrefix: 'Q.' })}\nC: HELO a\nC: MAIL FROM:<a@client.test>\nC: RCPT TO:<bob@example.test>\nC: DATA\nC: Hi\nC: .\n`;
    const runs = [1, 2].map(() => printTranscript(replay(parseTranscript(text)).simulated));
    expect(runs[0]).toContain('S: 250 2.0.0 OK: queued as Q.00000001\n');
    expect(runs[1]).toBe(runs[0]);
  });
});
