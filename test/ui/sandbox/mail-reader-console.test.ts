/**
 * The console while it speaks for the mail reader: Enter sends POP3 or
 * IMAP lines to the reader's session, the placeholder shows a command of
 * the server's state (a tagged one for IMAP), completions offer the
 * commands of that state, Up/Down walk that session's lines, and the
 * grammars colour verbs and tags.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleState } from '../../../src/console/console.svelte.ts';
import {
  imapLanguage,
  pop3Language,
  readerExample,
  readerSuggestions,
} from '../../../src/console/reader-console.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

const make = () => {
  const sim = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
  return { sim, cs: new ConsoleState(sim) };
};
const enter = (cs: ConsoleState, line: string) => {
  cs.draft = line;
  cs.submitDraft();
};

describe('the console as the mail reader', () => {
  it('sends POP3 lines to the reader, with a placeholder for each state', () => {
    const { sim, cs } = make();
    enter(cs, 'EHLO client.test');
    sim.readWith('pop3');
    cs.switched();
    expect(cs.mode).toBe('command');
    expect(cs.inData).toBe(false);
    expect(cs.placeholder).toBe('Type a command, e.g. USER bob, and press Enter');
    expect(cs.hint.key).toBe('console.hint.pop3');
    enter(cs, 'USER bob');
    expect(sim.reader!.state).toBe('authorization.named');
    expect(cs.placeholder).toContain('PASS builder');
    enter(cs, 'PASS builder');
    expect(cs.placeholder).toContain('RETR 1');
    expect(sim.typedLines).toEqual(['USER bob', 'PASS builder']);
    // Up walks this connection's lines, not the SMTP ones.
    cs.recall('up');
    expect(cs.draft).toBe('PASS builder');
    cs.draft = '';
    enter(cs, 'QUIT');
    expect(cs.mode).toBe('closed');
    expect(cs.inputClosed()).toBe(true);
    // Back to SMTP: its history and its session as they were.
    sim.readWith('smtp');
    cs.switched();
    expect(cs.inputClosed()).toBe(false);
    cs.recall('up');
    expect(cs.draft).toBe('EHLO client.test');
  });

  it('IMAP: the placeholder is a tagged command; lines go out as typed', () => {
    const { sim, cs } = make();
    sim.readWith('imap');
    cs.switched();
    expect(cs.placeholder).toContain('a1 LOGIN bob builder');
    expect(cs.hint.key).toBe('console.hint.imap');
    enter(cs, 'a1 LOGIN bob builder');
    expect(cs.placeholder).toContain('a2 SELECT INBOX');
    enter(cs, 'a2 SELECT INBOX');
    expect(cs.placeholder).toContain('a3 FETCH 1 (FLAGS ENVELOPE BODY[])');
    expect(sim.reader!.state).toBe('selected');
  });
});

describe('completions and placeholders of the reader (reader-console.ts)', () => {
  const labels = (s: ReturnType<typeof readerSuggestions>) => s.map((x) => x.label);

  it('POP3: the commands of the state (RFC 1939 §4, §5), QUIT everywhere', () => {
    const waiting = { protocol: 'pop3', state: 'authorization.waiting' } as const;
    expect(labels(readerSuggestions(waiting, ''))).toEqual(['USER', 'QUIT', 'APOP']);
    expect(labels(readerSuggestions({ ...waiting, state: 'authorization.named' }, 'p'))).toEqual([
      'PASS',
    ]);
    const inside = readerSuggestions({ ...waiting, state: 'transaction' }, 'R');
    expect(labels(inside)).toEqual(['RETR', 'RSET']);
    expect(inside[0]).toMatchObject({ insertText: 'RETR ', startColumn: 1, endColumn: 2 });
    expect(readerSuggestions(waiting, 'USER ')).toEqual([]);
    expect(readerExample(waiting)).toBe('USER bob');
  });

  it('IMAP: the command name after the tag (RFC 9051 §2.2.1), by state', () => {
    const none = { protocol: 'imap', state: 'notAuthenticated' } as const;
    expect(readerSuggestions(none, 'a1')).toEqual([]); // the tag is the learner's
    expect(labels(readerSuggestions(none, 'a1 '))).toEqual([
      'CAPABILITY',
      'NOOP',
      'LOGOUT',
      'LOGIN',
    ]);
    const login = readerSuggestions(none, 'a1 LO');
    expect(labels(login)).toEqual(['LOGOUT', 'LOGIN']);
    expect(login[1]).toMatchObject({ insertText: 'LOGIN ', startColumn: 4, endColumn: 6 });
    const selected = labels(readerSuggestions({ ...none, state: 'selected' }, 'x9 '));
    expect(selected).toEqual(expect.arrayContaining(['FETCH', 'STORE', 'CLOSE', 'SELECT']));
    expect(labels(readerSuggestions({ ...none, state: 'authenticated' }, 'x9 '))).not.toContain(
      'FETCH',
    );
  });

  it('the grammars know every command of their rooms', () => {
    expect(pop3Language.verbs).toEqual(
      expect.arrayContaining([
        'USER',
        'PASS',
        'STAT',
        'LIST',
        'RETR',
        'DELE',
        'QUIT',
        'UIDL',
        'TOP',
      ]),
    );
    expect(imapLanguage.verbs).toEqual(
      expect.arrayContaining(['LOGIN', 'SELECT', 'FETCH', 'STORE', 'LOGOUT', 'CAPABILITY']),
    );
  });
});
