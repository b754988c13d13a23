/** Raw lines at the console: the same bytes from the plain input as in a lesson's replay; diagnostics and hover. */
import { describe, expect, it } from 'vitest';
import { ConsoleState } from '../../src/console/console.svelte.ts';
import { diagnose } from '../../src/console/diagnostics.ts';
import { hoverAt, showRaw } from '../../src/console/hovers.ts';
import { bundledPack } from '../../src/lessons/browser.ts';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { LessonController } from '../../src/ui/lessons/lesson.svelte.ts';
import { Simulator } from '../../src/ui/sandbox/simulator.svelte.ts';
import { FIXED_NOW } from '../helpers.ts';
import { memoryStore } from '../ui/store.ts';

describe('the smuggling lessons typed at the plain console', () => {
  it.each([
    ['today/smtp-smuggling', 2, false],
    ['today/smuggling-on-a-strict-server', 1, false],
    ['today/smtp-smuggling', 2, true],
    ['today/smuggling-on-a-strict-server', 1, true],
  ] as const)('%s (%i message(s); console stuffing %s)', (id, messages, stuffing) => {
    const store = memoryStore();
    const sim = new Simulator({ store });
    const lessons = new LessonController(sim, bundledPack(), { store, typingDelay: 0 });
    const cs = new ConsoleState(sim);
    expect(lessons.open(id)).toBe(true);
    cs.stuffing = stuffing;
    for (const line of lessons.find(id)!.solution!) {
      cs.draft = line;
      cs.submitDraft();
    }
    lessons.update();
    expect(sim.mailbox).toHaveLength(messages);
    expect(lessons.allMet).toBe(true);
    // The raw line is kept as typed (history, progress), not as the bytes it sent.
    expect(sim.typedLines.filter((l) => l.startsWith('!raw '))).toHaveLength(1);

    // Reopened, the lines typed are replayed into the same result.
    const again = new Simulator({ store });
    const reopened = new LessonController(again, bundledPack(), { store, typingDelay: 0 });
    expect(reopened.open(id)).toBe(true);
    expect(again.mailbox).toHaveLength(messages);
  });
});

describe('diagnostics and hover of a raw line', () => {
  const ready = () => {
    const s = createSession({ now: FIXED_NOW });
    s.feed('');
    s.send('EHLO client.test');
    return s;
  };

  it('a raw line is no command: no 500; only a bad escape is marked, where it is', () => {
    const found = diagnose(ready(), ['!raw NOOP\\r\\n', '!raw x\\qy', 'XYZZY']);
    expect(found.map((d) => [d.line, d.startColumn, d.endColumn, d.severity])).toEqual([
      [2, 7, 9, 'error'],
      [3, 1, 6, 'error'],
    ]);
    expect(found[0]!.message).toContain('\\q is not an escape');
  });

  it('in the message text too, where a raw line starting with a dot is no lost dot', () => {
    const s = ready();
    for (const l of ['MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>', 'DATA']) s.send(l);
    expect(s.inData).toBe(true);
    expect(diagnose(s, ['!raw .x\\r\\n'])).toEqual([]);
    expect(diagnose(s, ['!raw \\x'])).toMatchObject([
      { line: 1, startColumn: 6, severity: 'error' },
    ]);
    expect(diagnose(s, ['.x'])).toMatchObject([{ severity: 'info' }]);
  });

  it('hovering "!raw" shows the octets it sends, line ends named', () => {
    const info = hoverAt(DIALECTS.rfc5321, '!raw Hi\\r\\n.\\n\\x00\\xff', 2)!;
    expect(info).toMatchObject({ startColumn: 1, endColumn: 5 });
    expect(info.contents[0]).toContain('8 octets');
    expect(info.contents[1]).toContain('Hi<CRLF>.<LF>\\x00\\xFF');
    expect(hoverAt(DIALECTS.rfc5321, '!raw \\q', 2)).toBeNull();
    expect(hoverAt(DIALECTS.rfc5321, '!raw QUIT', 7)).toBeNull();
    expect(showRaw(Uint8Array.of(13, 9, 10))).toBe('<CR><TAB><LF>');
  });
});

describe('the plain input with the console stuffing the text', () => {
  it('stuffs a line that starts with a dot, ends the text at ".", and sends a raw line as it is', () => {
    const sim = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
    const cs = new ConsoleState(sim);
    cs.stuffing = true;
    const type = (line: string) => {
      cs.draft = line;
      cs.submitDraft();
    };
    for (const l of ['EHLO client.test', 'MAIL FROM:<a@client.test>', 'RCPT TO:<bob@example.test>'])
      type(l);
    type('DATA');
    type('.one');
    // A raw line is the learner's own bytes: not stuffed, so the server removes this dot.
    type('!raw .two\\r\\n');
    type('.');
    expect(sim.inData).toBe(false);
    const text = new TextDecoder().decode(sim.mailbox[0]!.content);
    expect(text).toMatch(/(^|\n)\.one\r\ntwo\r\n$/);
  });
});
