/** The POP3 session beyond the RFC's examples: states, bad input, bounds, locks, UPDATE only after QUIT. */
import { describe, expect, it } from 'vitest';
import { Pop3Session } from '../../../src/machines/pop3-session.ts';
import { MemoryMailStore } from '../../../src/protocol/pop3/mailstore.ts';
import { apopDigest } from '../../../src/protocol/pop3/commands/index.ts';
import { statusLine, wireOf } from '../../../src/protocol/pop3/reply.ts';
import { wireSize } from '../../../src/protocol/pop3/message.ts';

const text = (s: string) => Buffer.from(s, 'latin1');

function setup() {
  const store = new MemoryMailStore();
  store.deliverBytes('bob', text('Subject: one\r\n\r\nhello\r\n'));
  store.deliverBytes('bob', text('Subject: two\r\n\r\n.dot\r\n'));
  const session = new Pop3Session({ store, stamp: '<1.2@mail.example.test>' });
  session.start();
  const say = (line: string) => session.send(line).map(statusLine);
  return { store, session, say };
}

function loggedIn() {
  const s = setup();
  s.say('USER bob');
  s.say('PASS builder');
  return s;
}

describe('POP3 states (RFC 1939 §3 to §6)', () => {
  it('refuses transaction commands before login, and PASS without USER', () => {
    const { say, session } = setup();
    expect(say('STAT')).toEqual([
      '-ERR STAT is only valid in the TRANSACTION state: log in first (USER and PASS)',
    ]);
    expect(say('PASS builder')).toEqual(['-ERR send USER first (RFC 1939 section 7)']);
    expect(session.state).toBe('authorization.waiting');
  });

  it('a wrong password sends the client back to USER', () => {
    const { say, session } = setup();
    expect(say('USER bob')).toEqual(['+OK bob is a valid mailbox']);
    expect(say('PASS wrong')).toEqual(['-ERR invalid password']);
    expect(session.state).toBe('authorization.waiting');
    expect(say('PASS builder')).toEqual(['-ERR send USER first (RFC 1939 section 7)']);
  });

  it('PASS takes the whole rest of the line (spaces included)', () => {
    const store = new MemoryMailStore();
    const session = new Pop3Session({
      store,
      world: { accounts: [{ user: 'carol', password: 'two words' }] },
    });
    session.start();
    session.send('USER carol');
    expect(session.send('PASS two words').map(statusLine)).toEqual([
      "+OK carol's maildrop has 0 messages (0 octets)",
    ]);
  });

  it('APOP checks MD5 of the greeting timestamp and the password', () => {
    const { say, session } = setup();
    expect(say('APOP bob 00000000000000000000000000000000')).toEqual(['-ERR permission denied']);
    expect(say(`APOP bob ${apopDigest('<1.2@mail.example.test>', 'builder')}`)).toEqual([
      "+OK bob's maildrop has 2 messages (45 octets)",
    ]);
    expect(session.state).toBe('transaction');
    expect(say('USER bob')).toEqual([
      '-ERR already logged in: USER is only valid in the AUTHORIZATION state',
    ]);
  });

  it('the greeting holds a new timestamp each session', () => {
    const store = new MemoryMailStore();
    const a = Buffer.from(new Pop3Session({ store }).start()).toString();
    const b = Buffer.from(new Pop3Session({ store }).start()).toString();
    expect(a).toMatch(/^\+OK POP3 server ready <\d+\.\d+@mail\.example\.test>\r\n$/);
    expect(a).not.toBe(b);
  });

  it('message numbers stay fixed: a deleted message keeps its number and is refused', () => {
    const { say } = loggedIn();
    expect(say('DELE 1')).toEqual(['+OK message 1 deleted']);
    expect(say('RETR 1')).toEqual(['-ERR message 1 already deleted']);
    expect(say('LIST 2')).toEqual(['+OK 2 22']);
    expect(say('STAT')).toEqual(['+OK 1 22']);
  });

  it('removes marked messages only in UPDATE, after QUIT', () => {
    const { say, store, session } = loggedIn();
    say('DELE 1');
    expect(store.list('bob')).toHaveLength(2);
    expect(say('QUIT')).toEqual(['+OK mail.example.test POP3 server signing off (1 message left)']);
    expect(session.closed).toBe(true);
    expect(store.list('bob').map((m) => m.uid)).toEqual([2]);
  });

  it('a connection that drops (or a shutdown) removes nothing and releases the lock', () => {
    const { say, store, session } = loggedIn();
    say('DELE 1');
    expect(store.locked('bob')).toBe(true);
    const bye = Buffer.from(session.abort('server shutting down')).toString();
    expect(bye).toBe('-ERR server shutting down\r\n');
    expect(store.list('bob')).toHaveLength(2);
    expect(store.locked('bob')).toBe(false);
  });

  it('a second session for a locked maildrop is refused (RFC 1939 §4)', () => {
    const { store } = loggedIn();
    const other = new Pop3Session({ store });
    other.start();
    other.send('USER bob');
    expect(other.send('PASS builder').map(statusLine)).toEqual(['-ERR maildrop already locked']);
    expect(other.state).toBe('authorization.waiting');
  });
});

describe('POP3 input', () => {
  it('answers unknown and malformed commands with -ERR and a reason', () => {
    const { say } = loggedIn();
    expect(say('CAPA')).toEqual(['-ERR unknown command CAPA']);
    expect(say('')).toEqual(['-ERR empty command line']);
    expect(say('RETRIEVE 1')).toEqual([
      '-ERR "RETRIEVE" is not a command keyword (three or four letters, RFC 1939 section 3)',
    ]);
    expect(say('RETR')).toEqual(['-ERR usage: RETR msg']);
    expect(say('RETR x')).toEqual(['-ERR "x" is not a message-number (1, 2, 3...)']);
    expect(say('RETR  1')).toEqual([
      '-ERR arguments are separated by a single space (RFC 1939 section 3); usage: RETR msg',
    ]);
    expect(say('TOP 1 -1')).toEqual(['-ERR "-1" is not a number of lines (0 or more)']);
    expect(say('STAT now')).toEqual(['-ERR usage: STAT']);
    expect(say('stat')).toEqual(['+OK 2 45']);
  });

  it('refuses a line over 255 octets once and skips the rest of it', () => {
    const { session } = loggedIn();
    const out = Buffer.from(session.feed(`NOOP ${'x'.repeat(400)}\r\nNOOP\r\n`)).toString();
    expect(out).toBe('-ERR command line too long (at most 255 octets with CRLF)\r\n+OK\r\n');
    // Trickled in: answered once, as soon as the limit is passed.
    expect(Buffer.from(session.feed('y'.repeat(300))).toString()).toMatch(
      /^-ERR command line too long/,
    );
    expect(Buffer.from(session.feed('y'.repeat(300))).toString()).toBe('');
    expect(Buffer.from(session.feed('\r\nNOOP\r\n')).toString()).toBe('+OK\r\n');
  });

  it('closes after too many errors, without UPDATE', () => {
    const store = new MemoryMailStore();
    const session = new Pop3Session({ store, maxErrors: 2 });
    session.start();
    const out = Buffer.from(session.feed('X\r\nX\r\nX\r\nNOOP\r\n')).toString();
    expect(out.split('\r\n').filter(Boolean).at(-1)).toBe(
      '-ERR too many errors, closing the connection',
    );
    expect(session.closed).toBe(true);
  });

  it('byte-stuffs lines that begin with "." and ends with ".": RETR of a dot line', () => {
    const { session } = loggedIn();
    const out = Buffer.from(session.feed('RETR 2\r\n')).toString('latin1');
    expect(out).toBe('+OK 22 octets\r\nSubject: two\r\n\r\n..dot\r\n.\r\n');
  });
});

describe('POP3 messages on the wire (RFC 1939 §11)', () => {
  it('counts CRLF line ends, sends bare LF as CRLF, ends a last line without its line end', () => {
    expect(wireSize(text('a\nb\r\nc'))).toBe(9);
    const store = new MemoryMailStore();
    store.deliverBytes('alice', text('a\nb\r\nc'));
    const session = new Pop3Session({ store });
    session.start();
    session.send('USER alice');
    session.send('PASS wonderland');
    const out = Buffer.from(session.feed('RETR 1\r\nLIST\r\n')).toString();
    expect(out).toBe(
      '+OK 9 octets\r\na\r\nb\r\nc\r\n.\r\n+OK 1 message (9 octets)\r\n1 9\r\n.\r\n',
    );
  });

  it('keeps 8-bit octets exactly', () => {
    const r = wireOf({ ok: true, text: '3 octets', lines: [new Uint8Array([0xe9, 0xff, 0x2e])] });
    expect([...r.subarray(-8)]).toEqual([0xe9, 0xff, 0x2e, 0x0d, 0x0a, 0x2e, 0x0d, 0x0a]);
  });
});
