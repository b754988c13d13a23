/** The IMAP subset beyond RFC 9051 §8: states, literals, flags, EXPUNGE numbering, UIDs, what is left out. */
import { describe, expect, it } from 'vitest';
import { ImapSession } from '../../../src/machines/imap-session.ts';
import { MemoryMailStore } from '../../../src/protocol/pop3/mailstore.ts';
import { internalDate } from '../../../src/protocol/imap/message.ts';

const text = (s: string) => Buffer.from(s, 'latin1');
const msg = (n: number) => `Subject: m${n}\r\nFrom: a@example.test\r\n\r\nbody ${n}\r\n`;

function setup(count = 3) {
  const store = new MemoryMailStore({ uidValidity: 7 });
  for (let n = 1; n <= count; n++) store.deliverBytes('bob', text(msg(n)));
  const session = new ImapSession({ store });
  session.start();
  /** Sends one line; returns the server's lines. */
  const say = (line: string) => session.send(line).split('\r\n').slice(0, -1);
  return { store, session, say };
}

function selected(count = 3, verb = 'SELECT') {
  const s = setup(count);
  s.say('a LOGIN bob builder');
  s.say(`b ${verb} INBOX`);
  return s;
}

describe('IMAP states (RFC 9051 §3)', () => {
  it('refuses mailbox commands before LOGIN and FETCH before SELECT, with BAD', () => {
    const { say } = setup();
    expect(say('a SELECT INBOX')).toEqual(['a BAD SELECT needs a logged-in session: LOGIN first']);
    expect(say('b LOGIN bob wrong')).toEqual(['b NO [AUTHENTICATIONFAILED] Invalid credentials']);
    expect(say('c LOGIN "bob" "builder"')).toEqual(['c OK LOGIN completed']);
    expect(say('d FETCH 1 FLAGS')).toEqual([
      'd BAD FETCH needs a selected mailbox: SELECT INBOX first',
    ]);
    expect(say('e LOGIN bob builder')).toEqual(['e BAD already logged in (RFC 9051 section 6.2)']);
  });

  it('takes a synchronizing literal after "+", and a non-synchronizing one at once', () => {
    const { session } = setup();
    expect(session.send('a LOGIN {3}')).toBe('+ Ready for additional command text\r\n');
    expect(session.send('bob {7}')).toBe('+ Ready for additional command text\r\n');
    expect(session.send('builder')).toBe('a OK LOGIN completed\r\n');
    expect(session.send('b SELECT {5+}\r\nINBOX')).toMatch(
      /b OK \[READ-WRITE\] SELECT completed\r\n$/,
    );
  });

  it('a second SELECT closes the first mailbox with [CLOSED] and stays selected', () => {
    const { say, session } = selected();
    const lines = say('c SELECT INBOX');
    expect(lines[0]).toBe('* OK [CLOSED] Previous mailbox is now closed');
    expect(lines.at(-1)).toBe('c OK [READ-WRITE] SELECT completed');
    expect(lines.filter((l) => l.includes('Service Ready'))).toEqual([]);
    expect(session.state).toBe('selected');
  });

  it('a SELECT of another mailbox fails with NONEXISTENT and leaves none selected', () => {
    const { say, session } = selected();
    expect(say('c SELECT Drafts')).toEqual([
      'OK [CLOSED] Previous mailbox is now closed'.replace(/^/, '* '),
      'c NO [NONEXISTENT] no mailbox Drafts here: this server has only INBOX',
    ]);
    expect(session.state).toBe('authenticated');
  });

  it('answers unknown and left-out commands with BAD, saying which', () => {
    const { say } = selected();
    expect(say('c XYZZY')).toEqual(['c BAD No such command as "XYZZY"']);
    // Refused before the literal comes: the client never sends it.
    expect(say('d APPEND INBOX {3}')).toEqual([
      'd BAD APPEND is left out of this teaching subset of IMAP4rev2 (RFC 9051 section 6.3.12; mail arrives over SMTP)',
    ]);
    expect(say('e STARTTLS')).toEqual([
      'e BAD STARTTLS is left out of this teaching subset of IMAP4rev2 (RFC 9051 section 6.2.1; no TLS: the bridge listens on loopback)',
    ]);
    expect(say('f FETCH 1 BODYSTRUCTURE')).toEqual([
      'f BAD BODYSTRUCTURE is left out of this teaching subset of IMAP4rev2',
    ]);
    expect(say('g STORE 1 +FLAGS ($Forwarded)')).toEqual([
      'g BAD "$Forwarded" is not a system flag; keywords are left out of this teaching subset',
    ]);
    expect(say('h FETCH 9 FLAGS')).toEqual(['h BAD no message 9: the mailbox has 3']);
    expect(say('i FETCH 1 (FLAGS')).toEqual(['i BAD the list of items is not closed by ")"']);
  });
});

describe('IMAP FETCH and STORE (RFC 9051 §6.4.5, §6.4.6)', () => {
  it('BODY.PEEK[] leaves \\Seen alone; BODY[] sets it and says so', () => {
    const { say, store } = selected();
    expect(say('c FETCH 1 BODY.PEEK[]')).toEqual([
      `* 1 FETCH (BODY[] {${msg(1).length}}`,
      'Subject: m1',
      'From: a@example.test',
      '',
      'body 1',
      ')',
      'c OK FETCH completed',
    ]);
    expect(store.list('bob')[0]!.flags.size).toBe(0);
    expect(say('d FETCH 1 (BODY[TEXT])')).toEqual([
      '* 1 FETCH (BODY[TEXT] {8}',
      'body 1',
      ' FLAGS (\\Seen))',
      'd OK FETCH completed',
    ]);
    expect([...store.list('bob')[0]!.flags]).toEqual(['\\Seen']);
  });

  it('EXAMINE is read-only: BODY[] does not set \\Seen, STORE is refused', () => {
    const { say, store } = selected(3, 'EXAMINE');
    say('c FETCH 1 BODY[]');
    expect(store.list('bob')[0]!.flags.size).toBe(0);
    expect(say('d STORE 1 +FLAGS (\\Seen)')).toEqual([
      'd NO [READ-ONLY] the mailbox is read-only (EXAMINE)',
    ]);
  });

  it('STORE +FLAGS, -FLAGS, FLAGS.SILENT; UID STORE answers with the UID', () => {
    const { say } = selected();
    expect(say('c STORE 1:2 +FLAGS (\\Seen \\Flagged)')).toEqual([
      '* 1 FETCH (FLAGS (\\Seen \\Flagged))',
      '* 2 FETCH (FLAGS (\\Seen \\Flagged))',
      'c OK +FLAGS completed',
    ]);
    expect(say('d STORE 2 -FLAGS \\flagged')).toEqual([
      '* 2 FETCH (FLAGS (\\Seen))',
      'd OK -FLAGS completed',
    ]);
    expect(say('e STORE 3 FLAGS.SILENT (\\Draft)')).toEqual(['e OK FLAGS completed']);
    expect(say('f UID STORE 3 +FLAGS (\\Seen)')).toEqual([
      '* 3 FETCH (UID 3 FLAGS (\\Draft \\Seen))',
      'f OK +FLAGS completed',
    ]);
  });

  it('UID FETCH takes UIDs, skips missing ones, and always answers with UID', () => {
    const { say } = selected();
    expect(say('c UID FETCH 2:9 RFC822.SIZE')).toEqual([
      `* 2 FETCH (UID 2 RFC822.SIZE ${msg(2).length})`,
      `* 3 FETCH (UID 3 RFC822.SIZE ${msg(3).length})`,
      'c OK UID FETCH completed',
    ]);
    expect(say('d FETCH * (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])')).toEqual([
      '* 3 FETCH (UID 3 BODY[HEADER.FIELDS (SUBJECT)] {15}',
      'Subject: m3',
      '',
      ')',
      'd OK FETCH completed',
    ]);
    expect(say('e FETCH 1 BODY.PEEK[]<0.7>')).toEqual([
      '* 1 FETCH (BODY[]<0> {7}',
      'Subject)',
      'e OK FETCH completed',
    ]);
  });

  it('EXPUNGE numbers each removal as the mailbox is after the ones before (RFC 9051 §6.4.3)', () => {
    const { say, store } = selected(5);
    say('c STORE 2:3,5 +FLAGS.SILENT (\\Deleted)');
    expect(say('d EXPUNGE')).toEqual([
      '* 2 EXPUNGE',
      '* 2 EXPUNGE',
      '* 3 EXPUNGE',
      'd OK EXPUNGE completed',
    ]);
    expect(store.list('bob').map((m) => m.uid)).toEqual([1, 4]);
    expect(say('e FETCH 2 UID')).toEqual(['* 2 FETCH (UID 4)', 'e OK FETCH completed']);
  });

  it('CLOSE removes \\Deleted messages silently; UNSELECT keeps them', () => {
    const { say, store, session } = selected();
    say('c STORE 1 +FLAGS.SILENT (\\Deleted)');
    expect(say('d UNSELECT')).toEqual(['d OK Unselect completed']);
    expect(store.list('bob')).toHaveLength(3);
    say('e SELECT INBOX');
    expect(say('f CLOSE')).toEqual(['f OK CLOSE completed']);
    expect(store.list('bob')).toHaveLength(2);
    expect(session.state).toBe('authenticated');
  });

  it('NOOP brings news: new mail (EXISTS) and messages another session removed (EXPUNGE)', () => {
    const { say, store } = selected();
    store.remove('bob', [1]);
    store.deliverBytes('bob', text(msg(4)));
    expect(say('c NOOP')).toEqual(['* 1 EXPUNGE', '* 3 EXISTS', 'c OK NOOP completed']);
  });
});

describe('IMAP input bounds', () => {
  it('refuses a literal over the limit before the client sends it', () => {
    const { say } = setup();
    expect(say('a LOGIN {99999}')).toEqual(['a BAD literal too long (at most 8192 octets here)']);
    expect(say('b NOOP')).toEqual(['b OK NOOP completed']);
  });

  it('closes with BYE on a non-synchronizing literal over 4096 octets', () => {
    const { session } = setup();
    expect(session.send('a LOGIN {5000+}')).toBe(
      '* BYE non-synchronizing literal over 4096 octets\r\n',
    );
    expect(session.closed).toBe(true);
  });

  it('says BYE after too many errors', () => {
    const store = new MemoryMailStore();
    const session = new ImapSession({ store, maxErrors: 1 });
    session.start();
    expect(session.send('a X\r\nb X')).toBe(
      'a BAD No such command as "X"\r\nb BAD No such command as "X"\r\n* BYE too many errors, closing the connection\r\n',
    );
    expect(session.closed).toBe(true);
  });

  it('formats INTERNALDATE with a space-padded day and the zone (RFC 9051 §9)', () => {
    expect(internalDate(new Date(Date.UTC(1996, 6, 7, 9, 44, 25)), -420)).toBe(
      ' 7-Jul-1996 02:44:25 -0700',
    );
  });
});
