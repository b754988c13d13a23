/** RFC 9051 §8's sample connection, replayed against the IMAP session (the fixture says what was adapted). */
import { describe, expect, it } from 'vitest';
import { ImapSession } from '../../../src/machines/imap-session.ts';
import { storeFrom } from '../../../src/machines/retrieval-replay.ts';
import { readFixture, replay } from '../pop3/replay.ts';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('RFC 9051 §6 and §7 command examples', () => {
  it('NOOP, LOGIN with literals, an unknown command, EXPUNGE, STORE, CLOSE, EXAMINE, UNSELECT, LOGOUT', () => {
    const fixture = readFixture('rfc9051/6-7-command-examples.imap');
    const store = storeFrom(fixture.meta);
    const world = JSON.parse(fixture.meta.world!) as {
      accounts: { user: string; password: string }[];
    };
    const session = new ImapSession({ store, world });
    const problem = replay(
      fixture,
      () => latin1(session.start()),
      (text) => latin1(session.feed(text)),
    );
    expect(problem).toBeNull();
    // EXPUNGE took 3, 4, 7 and 11; CLOSE the three STORE flagged.
    expect(store.list('FRED FOOBAR').map((m) => m.uid)).toEqual([1, 8, 9, 10]);
  });
});

describe('RFC 9051 §8', () => {
  it('the sample connection: LOGIN, ENABLE, SELECT, FETCH FULL and BODY[HEADER], STORE, LOGOUT', () => {
    const fixture = readFixture('rfc9051/8-sample-connection.imap');
    const store = storeFrom(fixture.meta);
    const session = new ImapSession({ store, zoneMinutes: Number(fixture.meta.zone) });
    const problem = replay(
      fixture,
      () => latin1(session.start()),
      (text) => latin1(session.feed(text)),
    );
    expect(problem).toBeNull();
    expect(session.closed).toBe(true);
    // STORE is permanent: message 12 keeps \Deleted after the session (no EXPUNGE was sent).
    const twelfth = store.list('bob')[11]!;
    expect([...twelfth.flags]).toEqual(['\\Seen', '\\Deleted']);
    expect(store.list('bob')).toHaveLength(18);
  });
});
