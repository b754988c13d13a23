/** RFC 1939's printed examples, replayed against the POP3 session (fixture headers say what was adapted). */
import { describe, expect, it } from 'vitest';
import { Pop3Session } from '../../../src/machines/pop3-session.ts';
import { MemoryMailStore } from '../../../src/protocol/pop3/mailstore.ts';
import { readFixture, replay } from './replay.ts';

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function run(path: string) {
  const fixture = readFixture(path);
  const store = new MemoryMailStore();
  const drops = JSON.parse(fixture.meta.maildrop ?? '{}') as Record<
    string,
    { text: string; id?: string }[]
  >;
  for (const [user, messages] of Object.entries(drops))
    for (const m of messages)
      store.deliverBytes(user, Buffer.from(m.text, 'latin1'), m.id ? { id: m.id } : {});
  const session = new Pop3Session({ store, stamp: fixture.meta.stamp! });
  const problem = replay(
    fixture,
    () => latin1(session.start()),
    (text) => latin1(session.feed(text)),
  );
  return { problem, session, store };
}

describe('RFC 1939 examples', () => {
  it('§10: the example session (APOP, STAT, LIST, RETR, DELE, QUIT) empties the maildrop', () => {
    const { problem, session, store } = run('rfc1939/10-example-session.pop3');
    expect(problem).toBeNull();
    expect(session.closed).toBe(true);
    // UPDATE removed both messages, and the lock is released.
    expect(store.list('bob')).toEqual([]);
    expect(store.locked('bob')).toBe(false);
  });

  it('§4 to §7: every command example in one session; RSET brings both messages back', () => {
    const { problem, store } = run('rfc1939/5-7-command-examples.pop3');
    expect(problem).toBeNull();
    expect(store.list('bob')).toHaveLength(2);
  });

  it('§4: QUIT before login ends the session without UPDATE', () => {
    const { problem, session, store } = run('rfc1939/4-quit-authorization.pop3');
    expect(problem).toBeNull();
    expect(session.closed).toBe(true);
    expect(store.list('bob')).toHaveLength(2);
  });

  it('the replay catches a wrong line', () => {
    const fixture = readFixture('rfc1939/4-quit-authorization.pop3');
    const problem = replay(
      fixture,
      () => `+OK POP3 server ready ${fixture.meta.stamp}\r\n`,
      () => '+OK bye\r\n',
    );
    expect(problem).toMatch(
      /expected "\+OK mail\.example\.test POP3 server signing off", got "\+OK bye"/,
    );
  });
});
