/** Raw lines (`!raw ...`): bytes as written, C-like escapes, no CRLF added; the same in a lesson's replay. */
import { describe, expect, it } from 'vitest';
import { isRawLine, LessonSession, rawLine, wireOf } from '../../src/lessons/run.ts';

const bytes = (line: string) => {
  const r = rawLine(line);
  if (!r?.ok) throw new Error(`not a valid raw line: ${line}`);
  return [...r.bytes];
};
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe('a raw line', () => {
  it('starts with "!raw " (any case); the rest is sent, no CRLF added', () => {
    expect(bytes('!raw QUIT')).toEqual(ascii('QUIT'));
    expect(bytes('!RAW QUIT')).toEqual(ascii('QUIT'));
    // Spaces after the one that ends "!raw" are bytes too.
    expect(bytes('!raw  x ')).toEqual(ascii(' x '));
    expect(bytes('!raw')).toEqual([]);
    expect(bytes('!raw ')).toEqual([]);
    for (const other of ['!rawQUIT', 'raw QUIT', ' !raw QUIT', '? id: answer', 'QUIT'])
      expect(rawLine(other), other).toBeNull();
    expect(isRawLine('!Raw x')).toBe(true);
    expect(isRawLine('!rawx')).toBe(false);
  });

  it('decodes \\r, \\n, \\t, \\\\ and \\xNN; other text is UTF-8', () => {
    expect(bytes('!raw a\\rb\\nc\\td\\\\e')).toEqual(ascii('a\rb\nc\td\\e'));
    expect(bytes('!raw \\x00\\xFF\\x0d\\x0A')).toEqual([0, 255, 13, 10]);
    expect(bytes('!raw é')).toEqual([0xc3, 0xa9]);
    // An escaped backslash before n is a backslash and an n, not a LF.
    expect(bytes('!raw \\\\n')).toEqual(ascii('\\n'));
  });

  it('refuses a backslash that starts no escape, saying where', () => {
    expect(rawLine('!raw ab\\qc')).toEqual({ ok: false, escape: '\\q', column: 8 });
    expect(rawLine('!raw x\\')).toEqual({ ok: false, escape: '\\', column: 7 });
    expect(rawLine('!raw \\x4')).toEqual({ ok: false, escape: '\\x4', column: 6 });
    expect(rawLine('!raw \\xZZ!')).toEqual({ ok: false, escape: '\\xZZ', column: 6 });
    expect(rawLine('!raw \\X41')).toMatchObject({ ok: false, escape: '\\X' });
  });

  it('goes on the wire with the lines around it as one chunk', () => {
    const wire = wireOf(['DATA', '!raw a\\nb', 'c', '!raw \\q']);
    expect(new TextDecoder().decode(wire)).toBe('DATA\r\na\nbc\r\n');
  });
});

describe('raw lines in a lesson session', () => {
  const start = ['EHLO client.test', 'MAIL FROM:<alice@client.test>', 'RCPT TO:<bob@example.test>'];

  it('a command ended by a LF alone reaches the server so (a typed line always has CRLF)', () => {
    const run = new LessonSession({});
    run.type('!raw NOOP\\n');
    run.type('NOOP');
    const clients = run.transcript.filter((e) => e.kind === 'client');
    expect(clients.map((e) => e.kind === 'client' && e.ending)).toEqual(['LF', 'CRLF']);
  });

  it('a line left open is completed by the next one', () => {
    const run = new LessonSession({});
    run.type('!raw NO');
    run.type('OP');
    const clients = run.transcript.filter((e) => e.kind === 'client');
    expect(clients.map((e) => e.kind === 'client' && e.text)).toEqual(['NOOP']);
  });

  it('is taken in the message text too: <LF>.<LF> ends it only on a lenient server', () => {
    for (const [dataEnding, messages] of [
      ['strict', 0],
      ['lenient', 1],
    ] as const) {
      const run = new LessonSession({ world: { dataEnding } });
      for (const l of [...start, 'DATA', 'Subject: x', '']) run.type(l);
      run.type('!raw Hi\\n.\\n');
      expect(run.mailbox, dataEnding).toHaveLength(messages);
      expect(run.session.inData, dataEnding).toBe(dataEnding === 'strict');
    }
  });

  it('a raw line with a bad escape sends nothing; a quiz answer is still a quiz answer', () => {
    const run = new LessonSession({});
    run.typeLines(['NOOP', '!raw NOOP\\q\\r\\n']);
    expect(run.transcript.filter((e) => e.kind === 'client')).toHaveLength(1);
    run.type('? id: yes');
    expect(run.answers).toEqual({ id: 'yes' });
  });

  it('typeLines sends raw lines in the same chunk as the others (the server sees one flight)', () => {
    const run = new LessonSession({});
    run.typeLines([...start, 'DATA', '!raw x\\r\\n.\\r\\n']);
    expect(run.mailbox).toHaveLength(1);
    // Text after DATA in the same flight: the RFC 2920 §3.1 note, as for any pipelined text.
    expect(run.transcript.some((e) => e.kind === 'note' && e.rfc === 'RFC 2920 §3.1')).toBe(true);
  });
});
