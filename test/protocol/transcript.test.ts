/**
 * The transcript format: every fixture is canonical (printing what was read
 * gives the file back character for character), and the parts the fixtures
 * do not use (time stamps, annotations) read and print as documented.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTranscript } from '../../src/protocol/transcript.ts';
import { printTranscript } from '../../src/protocol/transcript-print.ts';
import { fixture } from '../helpers.ts';

const root = fileURLToPath(new URL('../../library/', import.meta.url));
const smtpFixtures = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.smtp'))
  .sort();

describe('transcript format', () => {
  it('finds the RFC fixtures', () => {
    expect(smtpFixtures.length).toBeGreaterThanOrEqual(88);
  });

  it.each(smtpFixtures)('%s prints back exactly', (name) => {
    const text = fixture(name);
    expect(printTranscript(parseTranscript(text))).toBe(text);
  });

  const annotated = [
    '# title: Annotated',
    '# dialect: rfc5321',
    '# world: {"hostname":"mail.example.test","now":"2026-12-07T11:29:01Z","idPrefix":"Q"}',
    '[2026-12-07T11:29:01.000Z] S: 220 mail.example.test ESMTP',
    '## The greeting: the server is ready (RFC 5321 §4.2).',
    '[2026-12-07T11:29:01.120Z] C: EHLO client.test',
    '[2026-12-07T11:29:01.121Z] S: 250-mail.example.test',
    'S: 250 PIPELINING',
    '## Two lines, one reply.',
    '##',
    'C:',
    'S: 334 ',
    '',
  ].join('\n');

  it('reads time stamps and annotations onto their steps', () => {
    const t = parseTranscript(annotated);
    expect(t.meta).toEqual({
      title: 'Annotated',
      dialect: 'rfc5321',
      world: '{"hostname":"mail.example.test","now":"2026-12-07T11:29:01Z","idPrefix":"Q"}',
    });
    expect(t.steps).toEqual([
      {
        who: 'S',
        code: 220,
        lines: ['mail.example.test ESMTP'],
        line: 4,
        at: '2026-12-07T11:29:01.000Z',
        notes: ['The greeting: the server is ready (RFC 5321 §4.2).'],
      },
      { who: 'C', text: 'EHLO client.test', line: 6, at: '2026-12-07T11:29:01.120Z' },
      {
        who: 'S',
        code: 250,
        lines: ['mail.example.test', 'PIPELINING'],
        line: 7,
        at: '2026-12-07T11:29:01.121Z',
        notes: ['Two lines, one reply.', ''],
      },
      { who: 'C', text: '', line: 11 },
      { who: 'S', code: 334, lines: [''], line: 12 },
    ]);
    expect(printTranscript(t)).toBe(annotated);
  });

  it('keeps repeated header keys in order, one value per line', () => {
    const text = '# differs: 3 first\n# differs: 4 second\nS: 220 x\n';
    const t = parseTranscript(text);
    expect(t.meta.differs).toBe('3 first\n4 second');
    expect(printTranscript(t)).toBe(text);
  });

  it('prints a non-canonical file in canonical form', () => {
    const t = parseTranscript('#  Title:  x\r\n\r\n# free comment\r\n  C: HELO a\r\nS: 250\r\n');
    expect(printTranscript(t)).toBe('# title: x\nC: HELO a\nS: 250 \n');
  });

  it('turns a stage direction into an annotation, not a step', () => {
    const t = parseTranscript('S: <wait for open connection>\nS: 220 x\nC: <wait for it now>\n');
    expect(t.meta.note).toBe('S: <wait for open connection>');
    expect(t.steps).toEqual([
      { who: 'S', code: 220, lines: ['x'], line: 2, notes: ['C: <wait for it now>'] },
    ]);
  });

  it.each([
    ['## too early\nS: 220 x\n', /^line 1: an annotation/],
    ['S: 250-a\nC: QUIT\n', /^line 2: multi-line reply not finished/],
    ['S: 250-a\nS: 251 b\n', /^line 2: code 251 inside a 250 reply/],
    ['S: hello\n', /^line 1: a server line must start with a 3-digit code/],
    ['R: 250 OK\n', /^line 1: expected "C: " or "S: "/],
    ['S: 250-a\n', /ends inside a multi-line reply/],
  ])('refuses %j', (text, why) => {
    expect(() => parseTranscript(text)).toThrow(why);
  });
});
