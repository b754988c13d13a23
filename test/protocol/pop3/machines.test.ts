/**
 * The POP3 and IMAP machines: random command streams go through a real
 * XState actor and through the compiled runner the sessions use; after each
 * event both must have said the same and be in the same state. And random
 * octets fed to both sessions never make them throw: every response line
 * ends in CRLF.
 */
import fc from 'fast-check';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { Runner } from '../../../src/machines/compiled.ts';
import { compiledPop3Machine, pop3Machine, type Pop3Event } from '../../../src/machines/pop3.ts';
import { compiledImapMachine, imapMachine, type ImapEvent } from '../../../src/machines/imap.ts';
import { Pop3Session } from '../../../src/machines/pop3-session.ts';
import { ImapSession } from '../../../src/machines/imap-session.ts';
import { MemoryMailStore } from '../../../src/protocol/pop3/mailstore.ts';
import { parseCommand as parsePop3 } from '../../../src/protocol/pop3/parser.ts';
import { roomFor } from '../../../src/protocol/pop3/commands/index.ts';
import { parseCommand as parseImap } from '../../../src/protocol/imap/syntax.ts';
import { imapRoomFor } from '../../../src/protocol/imap/commands/index.ts';
import type { Pop3Context } from '../../../src/protocol/pop3/context.ts';
import type { ImapContext } from '../../../src/protocol/imap/context.ts';
import { DEFAULT_WORLD } from '../../../src/protocol/world.ts';

function store() {
  const s = new MemoryMailStore();
  for (const user of ['bob', 'alice'])
    for (let n = 1; n <= 3; n++)
      s.deliverBytes(user, Buffer.from(`Subject: ${n}\r\n\r\n.line ${n}\r\n`, 'latin1'));
  return s;
}

const POP3_LINES = [
  'USER bob',
  'USER nobody',
  'PASS builder',
  'PASS wrong',
  'APOP bob 0123',
  'STAT',
  'LIST',
  'LIST 2',
  'LIST 9',
  'RETR 1',
  'RETR x',
  'DELE 1',
  'DELE 3',
  'RSET',
  'NOOP',
  'TOP 2 0',
  'UIDL',
  'UIDL 1',
  'CAPA',
  '',
  'QUIT',
];

const IMAP_LINES = [
  'a CAPABILITY',
  'a NOOP',
  'a LOGIN bob builder',
  'a LOGIN bob nope',
  'a ENABLE IMAP4rev2',
  'a SELECT INBOX',
  'a EXAMINE inbox',
  'a SELECT Drafts',
  'a LIST "" *',
  'a FETCH 1:* (FLAGS UID)',
  'a FETCH 1 BODY[]',
  'a FETCH 9 FLAGS',
  'a STORE 1 +FLAGS (\\Deleted)',
  'a UID STORE 2 FLAGS (\\Seen)',
  'a UID FETCH 1:* ENVELOPE',
  'a EXPUNGE',
  'a CLOSE',
  'a UNSELECT',
  'a SEARCH ALL',
  'nonsense',
  'a LOGOUT',
];

function pop3Event(line: string): Pop3Event {
  const p = parsePop3(line);
  if (!p.ok) return { type: 'pop3.bad-line', problem: p.problem };
  const room = roomFor(p.command.keyword);
  return room
    ? { type: `pop3.${room.role}`, command: p.command, room }
    : { type: 'pop3.unknown', command: p.command };
}

function imapEvent(line: string): ImapEvent {
  const p = parseImap(line);
  if (!p.ok) return { type: 'imap.bad-line', tag: p.tag, problem: p.problem };
  const room = imapRoomFor(p.command.name);
  return room
    ? { type: `imap.${room.role}`, command: p.command, room }
    : { type: 'imap.unknown', command: p.command };
}

/** Runs the same events through XState and the runner, each on its own store; returns the first difference. */
function compare<C, E extends { type: string }, M>(
  machine: Parameters<typeof createActor>[0],
  compiled: ConstructorParameters<typeof Runner<C, E, M>>[0],
  context: (s: MemoryMailStore) => C,
  events: E[],
  start: E,
): string | null {
  const theirs: unknown[] = [];
  const ours: unknown[] = [];
  // The machines' own types are checked where they are written; here both are driven alike.
  const actor = createActor(machine as typeof pop3Machine, {
    input: context(store()) as unknown as Pop3Context,
  });
  actor.on('*', (e: unknown) => theirs.push(e));
  actor.start();
  const runner = new Runner<C, E, M>(compiled, context(store()), (e) => ours.push(e));
  runner.start(start);
  const show = (x: unknown) =>
    JSON.stringify(x, (_k, v: unknown) =>
      v instanceof Set ? [...(v as Set<unknown>)] : typeof v === 'function' ? 'fn' : v,
    );
  for (const event of events) {
    if (runner.status !== 'active') break;
    actor.send(event as never);
    runner.send(event);
    const s = actor.getSnapshot() as { value: unknown };
    if (show(theirs) !== show(ours)) return `after ${event.type}: ${show(theirs)} vs ${show(ours)}`;
    if (show(s.value) !== show(runner.leaf.value))
      return `after ${event.type}: state ${show(s.value)} vs ${show(runner.leaf.value)}`;
  }
  return null;
}

const pop3Context = (s: MemoryMailStore): Pop3Context => ({
  hostname: 'mail.example.test',
  accounts: DEFAULT_WORLD.accounts,
  store: s,
  stamp: '<1.2@mail.example.test>',
  named: null,
  drop: null,
  errors: 0,
  maxErrors: 5,
});

const imapContext = (s: MemoryMailStore): ImapContext => ({
  hostname: 'mail.example.test',
  accounts: DEFAULT_WORLD.accounts,
  store: s,
  user: null,
  selected: null,
  zoneMinutes: 0,
  errors: 0,
  maxErrors: 5,
});

describe('the compiled runner answers as the XState machines do', () => {
  it('POP3', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...POP3_LINES), { maxLength: 30 }), (lines) => {
        const problem = compare(
          pop3Machine,
          compiledPop3Machine,
          pop3Context,
          lines.map(pop3Event),
          { type: 'pop3.bad-line', problem: '' } as Pop3Event,
        );
        expect(problem).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('IMAP', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...IMAP_LINES), { maxLength: 30 }), (lines) => {
        const problem = compare(
          imapMachine,
          compiledImapMachine,
          imapContext,
          lines.map(imapEvent),
          { type: 'imap.bad-line', tag: null, problem: '' } as ImapEvent,
        );
        expect(problem).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('random octets never break a session', () => {
  const chunks = fc.array(
    fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom(
        ...[...POP3_LINES, ...IMAP_LINES, 'a LOGIN {3}', 'x {5+}', '\r\n', '\n'].map((l) =>
          Buffer.from(`${l}\r\n`),
        ),
      ),
    ),
    { maxLength: 40 },
  );
  const wellFormed = (out: Uint8Array[]) => {
    const text = Buffer.concat(out).toString('latin1');
    return text === '' || text.endsWith('\r\n');
  };

  it('POP3', () => {
    fc.assert(
      fc.property(chunks, (input) => {
        const session = new Pop3Session({ store: store() });
        const out = [session.start(), ...input.map((c) => session.feed(c))];
        session.end();
        expect(wellFormed(out)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('IMAP', () => {
    fc.assert(
      fc.property(chunks, (input) => {
        const session = new ImapSession({ store: store() });
        const out = [session.start(), ...input.map((c) => session.feed(c))];
        expect(wellFormed(out)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
