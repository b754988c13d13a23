/**
 * The POP3 and IMAP sessions of the library replayed step by step
 * (src/machines/retrieval-replay.ts), and each step's note
 * (src/ui/library/retrieval-steps.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  firstDifference,
  parseFixture,
  replayRetrieval,
  replaySteps,
} from '../../../src/machines/retrieval-replay.ts';
import { IMAP_ROOMS } from '../../../src/protocol/imap/commands/index.ts';
import { t } from '../../../src/kit/strings.ts';
import '../../../src/ui/library/words.ts';
import { IMAP_COMMANDS, NOTE_KEYS, noteOf } from '../../../src/ui/library/retrieval-steps.ts';

const file = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../library/${path}`, import.meta.url)), 'utf8');
const SESSIONS = [
  ['pop3', 'rfc1939/4-quit-authorization.pop3'],
  ['pop3', 'rfc1939/5-7-command-examples.pop3'],
  ['pop3', 'rfc1939/10-example-session.pop3'],
  ['imap', 'rfc9051/6-7-command-examples.imap'],
  ['imap', 'rfc9051/8-sample-connection.imap'],
] as const;

describe('the retrieval replay', () => {
  it.each(SESSIONS)('%s %s: every step the same as the RFC records', (protocol, path) => {
    const { steps } = replayRetrieval(protocol, file(path));
    expect(steps.filter((s) => !s.same)).toEqual([]);
    expect(firstDifference(steps)).toBeNull();
    // Every recorded server line has a place, and every step but the greeting a client line.
    const recorded = parseFixture(file(path)).steps.filter((l) => l.who !== 'C').length;
    expect(steps.flatMap((s) => s.server).length).toBe(recorded);
    expect(steps[0]!.client).toEqual([]);
    expect(steps.slice(1).every((s) => s.client.length > 0)).toBe(true);
  });

  it('cuts RFC 1939 §10 into the greeting and one step per command, LIST with its 4 lines', () => {
    const { steps } = replayRetrieval('pop3', file('rfc1939/10-example-session.pop3'));
    expect(steps.map((s) => s.client[0] ?? '')).toEqual([
      '',
      'APOP bob af95e6abee99914a9582cad0f76c7cd2',
      'STAT',
      'LIST',
      'RETR 1',
      'DELE 1',
      'RETR 2',
      'DELE 2',
      'QUIT',
    ]);
    expect(steps[3]!.server.map((s) => s.ours)).toEqual([
      '+OK 2 messages (320 octets)',
      '1 120',
      '2 200',
      '.',
    ]);
  });

  it('reports a changed server line as a difference, with both lines', () => {
    const changed = file('rfc1939/10-example-session.pop3').replace('S: +OK 2 320', 'S: +OK 2 321');
    const { steps } = replayRetrieval('pop3', changed);
    expect(steps.map((s) => s.same)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(steps[2]!.server).toEqual([
      { recorded: '+OK 2 321', line: 11, loose: false, ours: '+OK 2 320', same: false },
    ]);
    expect(firstDifference(steps)).toBe('line 11: expected "+OK 2 321", got "+OK 2 320"');
  });

  it('reports a missing line and a line too many, and compares S~ lines by their first words', () => {
    const fixture = parseFixture('S~: +OK hello\nC: NOOP\nS: +OK\nS: extra\nC: QUIT\nS: +OK bye\n');
    const steps = replaySteps(
      fixture,
      () => '+OK any text at all\r\n',
      (text) => (text === 'NOOP\r\n' ? '+OK\r\n' : '+OK bye\r\n-ERR more\r\n'),
    );
    expect(steps.map((s) => s.same)).toEqual([true, false, false]);
    expect(steps[0]!.server[0]!.loose).toBe(true);
    expect(steps[1]!.server[1]).toMatchObject({ recorded: 'extra', ours: null, same: false });
    expect(steps[2]!.server[1]).toMatchObject({ recorded: null, ours: '-ERR more', same: false });
    expect(firstDifference(steps)).toBe('line 4: expected "extra", the server said nothing');
  });

  it('compares IMAP flag lists as sets', () => {
    const fixture = parseFixture('S: * 1 FETCH (FLAGS (\\Seen \\Deleted))\n');
    const steps = replaySteps(
      fixture,
      () => '* 1 FETCH (FLAGS (\\Deleted \\Seen))\r\n',
      () => '',
    );
    expect(steps[0]!.same).toBe(true);
  });
});

describe('the notes of the steps', () => {
  const notes = (protocol: 'pop3' | 'imap', path: string) => {
    const { steps } = replayRetrieval(protocol, file(path));
    return steps.map((_, i) => noteOf(protocol, steps, i));
  };

  it('name each POP3 command of RFC 1939 §10, with its section', () => {
    const keys = notes('pop3', 'rfc1939/10-example-session.pop3').map((n) => n.key);
    expect(keys).toEqual([
      'library.retr.pop3.greeting',
      'library.retr.pop3.APOP',
      'library.retr.pop3.STAT',
      'library.retr.pop3.LIST',
      'library.retr.pop3.RETR',
      'library.retr.pop3.DELE',
      'library.retr.pop3.RETR',
      'library.retr.pop3.DELE',
      'library.retr.pop3.QUIT',
    ]);
    expect(t('library.retr.pop3.APOP')).toMatch(/MD5.*\(RFC 1939 §7\)/);
    expect(t('library.retr.pop3.STAT')).toMatch(/RFC 1939 §5/);
  });

  it('follow an IMAP literal, say an unknown command is unknown, and a left-out one is left out', () => {
    const imap = notes('imap', 'rfc9051/6-7-command-examples.imap');
    expect(imap.slice(0, 6).map((n) => n.key)).toEqual([
      'library.retr.imap.greeting',
      'library.retr.imap.NOOP',
      'library.retr.imap.LOGIN',
      'library.retr.imap.continued',
      'library.retr.imap.continued',
      'library.retr.imap.unknown',
    ]);
    expect(t(imap[5]!.key, imap[5]!.params)).toBe(
      'BLURDYBLOOP is not an IMAP command: the server answers BAD (RFC 9051 §7.1.3).',
    );
    const steps = replaySteps(
      parseFixture('S: * OK hi\nC: a1 COPY 1 Trash\nS~: a1 BAD\n'),
      () => '* OK hi\r\n',
      () => 'a1 BAD no\r\n',
    );
    const copy = noteOf('imap', steps, 1);
    expect(t(copy.key, copy.params)).toBe(
      'COPY is a command of IMAP4rev2 (RFC 9051 §6.4.7; one mailbox) that this teaching server leaves out: it answers BAD and says so.',
    );
  });

  it("cover the IMAP server's commands, and every note key has its words", () => {
    expect([...IMAP_COMMANDS].sort()).toEqual(IMAP_ROOMS.map((r) => r.name).sort());
    for (const key of NOTE_KEYS) expect(t(key), key).not.toBe(key);
  });
});
