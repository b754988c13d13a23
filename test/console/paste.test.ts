/**
 * The plain input (before Monaco, and on a phone) takes a multi-line paste as
 * the Monaco console does: the lines go out as one chunk, a pipelined group
 * (RFC 2920 §3.1). New session empties it.
 */
import { describe, expect, it, vi } from 'vitest';
import { ConsoleState } from '../../src/console/console.svelte.ts';
import { commandHint } from '../../src/console/era-hints.ts';
import { DEFAULT_SETTINGS } from '../../src/ui/sandbox/settings.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../helpers.ts';
import { memoryStore } from '../ui/store.ts';

function setup() {
  const sim = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
  const cs = new ConsoleState(sim);
  const chunks = vi.spyOn(sim, 'sendLines');
  return { sim, cs, chunks };
}

const GROUP = 'EHLO client.test\nMAIL FROM:<alice@example.test>\nRCPT TO:<bob@example.test>\n';

describe('a paste into the plain input', () => {
  it('one line stays in the input for the browser to insert', () => {
    const { cs, chunks } = setup();
    expect(cs.paste('EHLO client.test', '', '')).toBe(false);
    expect(chunks).not.toHaveBeenCalled();
  });

  it('several lines go out as one chunk, each line in the history, and the input is empty', () => {
    const { sim, cs, chunks } = setup();
    cs.draft = 'NOOP';
    expect(cs.paste(GROUP, '', '')).toBe(true);
    expect(chunks).toHaveBeenCalledTimes(1);
    expect(chunks).toHaveBeenCalledWith([
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    ]);
    expect(cs.draft).toBe('');
    expect(sim.typedLines).toEqual(chunks.mock.calls[0]![0]);
    // One input: the server read the three commands together, as a pipelined group.
    const reads = sim.entries.flatMap((e) => (e.kind === 'client' ? [e.read] : []));
    expect(reads).toHaveLength(3);
    expect(new Set(reads).size).toBe(1);
    // The server answered the whole group: the greeting, EHLO, MAIL and RCPT.
    expect(sim.entries.filter((e) => e.kind === 'server')).toHaveLength(4);
    expect(sim.state).toBe('transaction.rcpt');
    expect(cs.history.up('')).toBe('RCPT TO:<bob@example.test>');
    expect(cs.history.up('')).toBe('MAIL FROM:<alice@example.test>');
  });

  it('the text around the caret is kept: before the first line, after the last, CRLF or LF alike', () => {
    const { cs, chunks } = setup();
    cs.paste('client.test\r\nNOOP\r\nRS', 'EHLO ', 'ET');
    expect(chunks).toHaveBeenCalledWith(['EHLO client.test', 'NOOP', 'RSET']);
  });

  it('while the server reads the text, finished lines go out and an unfinished one stays', () => {
    const { sim, cs, chunks } = setup();
    cs.paste(`${GROUP}DATA\n`, '', '');
    expect(sim.inData).toBe(true);
    cs.paste('Subject: hi\n\nhello\nstill typ', '', '');
    expect(chunks).toHaveBeenLastCalledWith(['Subject: hi', '', 'hello']);
    expect(cs.draft).toBe('still typ');
    expect(sim.inData).toBe(true);
    cs.paste('\nbye\n.\n', cs.draft, '');
    expect(chunks).toHaveBeenLastCalledWith(['still typ', 'bye', '.']);
    expect(sim.inData).toBe(false);
    expect(sim.mailbox).toHaveLength(1);
    expect(cs.draft).toBe('');
  });

  it('nothing is sent once the connection is closed, and the paste is not inserted', () => {
    const { sim, cs, chunks } = setup();
    cs.paste('QUIT\n', '', '');
    expect(sim.closed).toBe(true);
    chunks.mockClear();
    expect(cs.paste('NOOP\nNOOP\n', '', '')).toBe(true);
    expect(chunks).not.toHaveBeenCalled();
  });
});

describe('the console and a new session', () => {
  it('clear() empties what was typed and tells the editor to empty too', () => {
    const { cs } = setup();
    cs.draft = 'MAIL FROM:<al';
    const before = cs.cleared;
    cs.clear();
    expect(cs.draft).toBe('');
    expect(cs.cleared).toBe(before + 1);
  });

  it('requestFocus() asks the component to focus the console (the skip link)', () => {
    const { cs } = setup();
    cs.requestFocus();
    expect(cs.focusRequests).toBe(1);
  });
});

describe('the hint under the plain input', () => {
  it('names no Alt, Shift or Ctrl key: Enter or Send, and a paste for a group', () => {
    const { sim, cs } = setup();
    expect(cs.hint.key).toBe('sandbox.console.hint.plain');
    cs.editorReady = true;
    expect(cs.hint.key).toBe('console.hint.command');
    sim.applySettings({ ...DEFAULT_SETTINGS, extensions: [] });
    expect(commandHint(sim.session, true).key).toBe('sandbox.console.hint.plain.lockStep');
  });
});

describe('the unsent text across a reload', () => {
  it('is kept with the sandbox session and is where the console starts after a reload', () => {
    const store = memoryStore();
    const sim = new Simulator({ store, session: { now: FIXED_NOW } });
    const cs = new ConsoleState(sim);
    cs.paste(`${GROUP}DATA\n`, '', '');
    cs.keepDraft('Subject: half typed');
    sim.flush();
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.inData).toBe(true);
    expect(new ConsoleState(again).draft).toBe('Subject: half typed');
  });

  it("a lesson's text is not kept as the sandbox's", () => {
    const sim = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
    const keep = vi.spyOn(sim, 'keepDraft');
    const cs = new ConsoleState({ ...targetOf(sim), lesson: {} });
    cs.keepDraft('EHLO');
    expect(keep).not.toHaveBeenCalled();
    new ConsoleState(sim).keepDraft('EHLO');
    expect(keep).toHaveBeenCalledWith('EHLO');
  });
});

/** The simulator seen through the console's interface, its lesson replaced. */
function targetOf(sim: Simulator) {
  return {
    session: sim.session,
    typedLines: sim.typedLines,
    closed: sim.closed,
    inData: sim.inData,
    lesson: sim.lesson,
    revision: sim.revision,
    send: (l: string) => sim.send(l),
    sendLines: (l: readonly string[]) => sim.sendLines(l),
    draft: sim.draft,
    keepDraft: (text: string) => sim.keepDraft(text),
  };
}
