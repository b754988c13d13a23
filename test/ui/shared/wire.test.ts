/**
 * The transcript shows what was on the wire: a message line as the client
 * sent it (dot-stuffed), the stored text beside it; Export .txt holds the
 * dialogue, and the state and note lines only when asked.
 */
import { describe, expect, it } from 'vitest';
import { ConsoleState } from '../../../src/console/console.svelte.ts';
import { createSession } from '../../../src/machines/session.ts';
import type { DialectId } from '../../../src/protocol/dialects/index.ts';
import type { World } from '../../../src/protocol/world.ts';
import { DIALECTS } from '../../../src/protocol/dialects/index.ts';
import { parseTranscript } from '../../../src/protocol/transcript.ts';
import { DEFAULT_SETTINGS } from '../../../src/ui/sandbox/settings.ts';
import { Simulator } from '../../../src/ui/sandbox/simulator.svelte.ts';
import { displayLines, exportText } from '../../../src/ui/shared/transcript-lines.ts';
import { sentLines, stuffLine, stuffText } from '../../../src/protocol/stuffing.ts';
import { FIXED_NOW, fixture } from '../../helpers.ts';
import { memoryStore } from '../store.ts';

function sim(dialect: DialectId = 'rfc821', store = memoryStore()) {
  const s = new Simulator({ store, session: { now: FIXED_NOW } });
  s.applySettings({ ...DEFAULT_SETTINGS, dialect });
  return s;
}

/** An open transaction in an SMTP era, the server reading the text. */
function reading(s: Simulator) {
  s.send('HELO client.test');
  s.send('MAIL FROM:<alice@client.test>');
  s.send('RCPT TO:<bob@example.test>');
  s.send('DATA');
  expect(s.inData).toBe(true);
  return s;
}

/** The delivered message as stored, without the trace lines on top. */
const stored = (s: Simulator) => `\r\n${new TextDecoder().decode(s.mailbox[0]!.content)}`;

const content = (s: Simulator) =>
  s.lines.filter((l) => l.kind === 'content').map((l) => [l.text, l.stored]);

describe('message lines as sent', () => {
  it('show a line typed "...three dots" as it went out, the stored text beside it', () => {
    const s = reading(sim());
    s.send('...three dots');
    s.send('.');
    expect(content(s)).toEqual([
      ['...three dots', '..three dots'],
      ['.', undefined],
    ]);
    expect(stored(s)).toContain('\r\n..three dots\r\n');
    const dialogue = exportText(s.lines);
    expect(dialogue).toContain(' -> ...three dots\n');
    expect(dialogue).not.toMatch(/-> \.\.three dots/);
    expect(exportText(s.lines, { notes: true })).toContain(
      ' -> ...three dots   [stored: ..three dots]\n',
    );
  });

  it('the console, asked to stuff, sends "...three dots" as "....three dots"', () => {
    const s = reading(sim());
    const cs = new ConsoleState(s);
    cs.stuffing = true;
    cs.send('...three dots');
    cs.sendLines(['.com', 'plain', '.', 'NOOP']);
    expect(content(s)).toEqual([
      ['....three dots', '...three dots'],
      ['..com', '.com'],
      ['plain', undefined],
      ['.', undefined],
    ]);
    expect(stored(s)).toContain('\r\n...three dots\r\n.com\r\nplain\r\n');
    // The "." and the command after it go as typed.
    expect(s.lines.at(-2)).toMatchObject({ kind: 'client', text: 'NOOP' });
    // A reload replays the wire lines as sent, and shows them again.
    expect(s.typedLines).toContain('....three dots');
  });

  it("RFC 821's own example: the line `...etc. etc. etc.` stays three dots in the view and the export", () => {
    const s = reading(sim());
    const file = parseTranscript(fixture('rfc821/f1-typical.smtp'));
    const text = file.steps.flatMap((st) => (st.who === 'C' ? [st.text] : []));
    const body = text.slice(text.indexOf('DATA') + 1, text.indexOf('.') + 1);
    expect(body).toEqual(['Blah blah blah...', '...etc. etc. etc.', '.']);
    s.sendLines(body.slice(0, 2));
    s.send('.');
    expect(content(s)[1]).toEqual(['...etc. etc. etc.', '..etc. etc. etc.']);
    expect(exportText(s.lines)).toContain(' -> ...etc. etc. etc.\n');
  });

  it('keep the wire lines across a reload', () => {
    const store = memoryStore();
    const s = reading(sim('rfc821', store));
    s.sendLines(['...etc. etc. etc.', '.']);
    const again = new Simulator({ store, session: { now: FIXED_NOW } });
    expect(again.lines.map((l) => [l.text, l.stored])).toEqual(
      s.lines.map((l) => [l.text, l.stored]),
    );
    expect(content(again)[0]).toEqual(['...etc. etc. etc.', '..etc. etc. etc.']);
  });

  it('show a line sent without the extra dot as sent, and what the server kept of it', () => {
    const s = reading(sim());
    s.send('.com is a top-level domain');
    s.send('.');
    expect(content(s)[0]).toEqual(['.com is a top-level domain', 'com is a top-level domain']);
  });

  it('RFC 772 has no transparency: a leading dot goes out and is stored as typed', () => {
    const s = sim('rfc772');
    const cs = new ConsoleState(s);
    cs.stuffing = true;
    s.send('MAIL FROM:<alice@client.test> TO:<bob@example.test>');
    expect(s.inData).toBe(true);
    cs.send('..two dots');
    cs.send('.');
    expect(content(s)).toEqual([
      ['..two dots', undefined],
      ['.', undefined],
    ]);
    expect(s.lines.some((l) => l.kind === 'note' && /dot-stuffing/.test(l.text))).toBe(false);
  });

  it("cite the era's transparency rule in the note, and the era's rules in the session's notes", () => {
    const s = reading(sim('rfc821'));
    s.sendLines(['..x', '.']);
    const notes = s.lines.filter((l) => l.kind === 'note').map((l) => l.text);
    expect(notes).toContain('The server removed 1 leading dot (dot-stuffing, RFC 821 §4.5.2)');
    s.feed('NOOP\n');
    const last = s.lines.filter((l) => l.kind === 'note').at(-1)!.text;
    expect(last).toBe('The line ended in a bare <LF>; SMTP lines end in <CRLF>. (RFC 821 §4.1.1)');
    expect(s.lines.some((l) => /5321/.test(l.text))).toBe(false);
  });
});

describe('message lines not recorded by the page: derived from the stored text', () => {
  it('a client that stuffs: the wire form is the stored text with each leading dot doubled', () => {
    const file = parseTranscript(fixture('rfc821/f1-typical.smtp'));
    const world = JSON.parse(file.meta.world!) as Partial<World>;
    const s = createSession({ dialect: 'rfc821', now: FIXED_NOW, world });
    s.feed('');
    for (const st of file.steps) if (st.who === 'C') s.send(st.text);
    const lines = displayLines(s.transcript, { dialect: DIALECTS.rfc821 });
    const sent = lines.filter((l) => l.kind === 'content').map((l) => l.text);
    expect(sent).toEqual(['Blah blah blah...', '...etc. etc. etc.', '.']);
    expect(exportText(lines)).toContain('-> ...etc. etc. etc.\n');
  });

  it('DATA and its text in one send (pipelining) are shown as sent', () => {
    const s = sim('rfc5321');
    s.send('EHLO client.test');
    s.sendLines(['MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>', 'DATA']);
    s.sendLines(['..x', '.']);
    expect(content(s)[0]).toEqual(['..x', '.x']);
    const p = sim('rfc5321');
    p.send('EHLO client.test');
    p.sendLines([
      'MAIL FROM:<alice@client.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
      '..y',
      '.',
    ]);
    expect(content(p)[0]).toEqual(['..y', '.y']);
  });

  it('a BDAT chunk is shown as sent: no stuffing and no "." line (RFC 3030 §2)', () => {
    const s = new Simulator({ store: memoryStore(), session: { now: FIXED_NOW } });
    s.applySettings({
      ...DEFAULT_SETTINGS,
      extensions: [...DEFAULT_SETTINGS.extensions, 'CHUNKING'],
    });
    s.send('EHLO client.test');
    s.send('MAIL FROM:<alice@client.test>');
    s.send('RCPT TO:<bob@example.test>');
    s.sendLines(['BDAT 12 LAST', '.com is ok']);
    expect(content(s)).toEqual([['.com is ok', undefined]]);
    expect(s.mailbox).toHaveLength(1);
  });
});

describe('the stuffing rule', () => {
  it('doubles a leading dot where the era has transparency, up to the "." line', () => {
    expect(stuffLine('.x', true)).toBe('..x');
    expect(stuffLine('.x', false)).toBe('.x');
    expect(stuffLine('x.', true)).toBe('x.');
    expect(stuffText(['.a', 'b', '.', '.c'], true)).toEqual(['..a', 'b', '.', '.c']);
    expect(sentLines(['.a', 'b'], true, 2)).toEqual({ lines: ['..a', 'b'], lost: 1 });
    expect(sentLines(['.a'], false, 0)).toEqual({ lines: ['.a'], lost: 0 });
  });
});
