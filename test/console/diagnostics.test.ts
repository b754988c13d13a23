import { describe, expect, it } from 'vitest';
import { diagnose, diagnoseCommand, diagnoseContent } from '../../src/console/diagnostics.ts';
import { contentLine } from '../../src/console/protocol-view.ts';
import { createSession } from '../../src/machines/session.ts';
import { FIXED_NOW } from '../helpers.ts';

function ready() {
  const s = createSession({ now: FIXED_NOW });
  s.feed('');
  s.send('EHLO client.test');
  return s;
}

describe('diagnostics show the reply the server would give', () => {
  it.each([
    // [line, code, severity, start column, message part]
    ['MAIL FROM:alice@example.test', 501, 'error', 6, 'Bad sender address syntax'],
    ['MAIL FROM: <alice@example.test>', 501, 'error', 6, 'no space is allowed after "FROM:"'],
    ['MAIL FROM:<alice@example.test> FOO=1', 555, 'error', 32, 'parameters not recognized'],
    ['MAIL FROM:<alice@example.test> SIZE=x', 501, 'error', 6, 'SIZE'],
    ['RCPT TO:<bob@example.test>', 503, 'warning', 1, 'need MAIL before RCPT'],
    ['XYZZY', 500, 'error', 1, 'command unrecognized'],
    ['EHLO', 501, 'error', 1, 'Syntax'],
    ['QUIT now', 501, 'error', 6, 'Syntax'],
  ] as const)('%s', (line, code, severity, start, part) => {
    const d = diagnoseCommand(ready(), line, 1, true);
    expect(d).toMatchObject({ code, severity, startColumn: start, endColumn: line.length + 1 });
    expect(d!.message).toContain(part);
    expect(d!.message).toMatch(new RegExp(`^The server would answer: ${code} `));
  });

  it('agrees with the session: the same reply when the line is sent', () => {
    for (const line of ['MAIL FROM: <a@b.test>', 'MAIL FROM:<a@b.test> FOO', 'XYZZY', 'EHLO']) {
      const s = ready();
      const predicted = s.preview(line);
      expect(s.send(line)[0]).toEqual(predicted);
    }
  });

  it('says nothing about a good line, or a refusal that is not syntax (550)', () => {
    const s = ready();
    expect(diagnoseCommand(s, 'MAIL FROM:<alice@example.test> SIZE=100', 1, true)).toBeNull();
    s.send('MAIL FROM:<alice@example.test>');
    expect(diagnoseCommand(s, 'RCPT TO:<nobody@example.test>', 1, true)).toBeNull();
  });

  it('flags a sequence error on the first line only (later lines follow it)', () => {
    const s = ready();
    const found = diagnose(s, ['RCPT TO:<bob@example.test>', 'RCPT TO:<bob@example.test>']);
    expect(found.map((d) => d.line)).toEqual([1]);
  });

  it('never changes the session', () => {
    const s = ready();
    const before = s.transcript.length;
    diagnose(s, ['MAIL FROM:<alice@example.test>', 'QUIT']);
    expect(s.transcript.length).toBe(before);
    expect(s.state).toBe('ready');
  });
});

describe('content lines', () => {
  it.each([
    ['.', 'end'],
    ['.lost', 'dot-lost'],
    ['..kept', 'kept'],
    ['text', 'kept'],
    ['', 'kept'],
  ] as const)('%s is %s', (line, kind) => {
    expect(contentLine(line)).toBe(kind);
  });

  it('notes a leading dot the server would remove', () => {
    expect(diagnoseContent('.oops', 3)).toMatchObject({ line: 3, severity: 'info' });
    expect(diagnoseContent('..fine', 3)).toBeNull();
  });
});
