import { describe, expect, it } from 'vitest';
import { suggestionsAt, syntaxSnippet } from '../../src/console/completions.ts';
import { createSession } from '../../src/machines/session.ts';
import { commandSpec, DIALECTS } from '../../src/protocol/dialects/index.ts';
import { FIXED_NOW } from '../helpers.ts';

const labels = (s: ReturnType<typeof suggestionsAt>) => s.map((x) => x.label);

function session(lines: string[] = [], world = {}) {
  const s = createSession({ now: FIXED_NOW, world });
  s.feed('');
  for (const l of lines) s.send(l);
  return s;
}

describe('command completions come from the machine', () => {
  it('before HELO/EHLO: no MAIL, RCPT or DATA', () => {
    const got = labels(suggestionsAt(session(), ''));
    expect(got).toContain('EHLO');
    expect(got).toContain('HELO');
    expect(got).not.toContain('MAIL');
    expect(got).not.toContain('DATA');
  });

  it('in ready: MAIL but not RCPT or DATA', () => {
    const s = session(['EHLO client.test']);
    expect(s.state).toBe('ready');
    const got = labels(suggestionsAt(s, ''));
    expect(got).toContain('MAIL');
    expect(got).not.toContain('DATA');
    expect(got).not.toContain('RCPT');
  });

  it('after an accepted RCPT: DATA, not MAIL', () => {
    const s = session([
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
    ]);
    const got = labels(suggestionsAt(s, ''));
    expect(got).toContain('DATA');
    expect(got).not.toContain('MAIL');
  });

  it('filters by the typed prefix and replaces it', () => {
    const got = suggestionsAt(session(['EHLO client.test']), 'ma');
    expect(labels(got)).toEqual(['MAIL']);
    expect(got[0]).toMatchObject({
      startColumn: 1,
      endColumn: 3,
      insertText: 'MAIL FROM:<${1:reverse-path}>',
    });
  });

  it('offers nothing while the server reads a message or after QUIT', () => {
    const s = session([
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'DATA',
    ]);
    expect(suggestionsAt(s, '')).toEqual([]);
    const q = session(['QUIT']);
    expect(suggestionsAt(q, '')).toEqual([]);
  });

  it('follows the dialect: RFC 821 offers SEND once HELO is done', () => {
    const s = createSession({ dialect: 'rfc821', now: FIXED_NOW });
    s.feed('');
    s.send('HELO client.test');
    const got = labels(suggestionsAt(s, ''));
    expect(got).toEqual(expect.arrayContaining(['MAIL', 'SEND', 'SOML', 'SAML']));
    expect(got).not.toContain('EHLO');
  });
});

describe('snippets from the syntax lines', () => {
  const spec = (verb: string) => commandSpec(DIALECTS.rfc5321, verb)!;
  it.each([
    ['MAIL', 'MAIL FROM:<${1:reverse-path}>'],
    ['RCPT', 'RCPT TO:<${1:forward-path}>'],
    ['EHLO', 'EHLO ${1:domain or address-literal}'],
    ['DATA', 'DATA'],
    ['HELP', 'HELP'],
  ])('%s', (verb, snippet) => {
    expect(syntaxSnippet(spec(verb))).toBe(snippet);
  });
});

describe('MAIL/RCPT parameters and addresses', () => {
  const ready = () => session(['EHLO client.test']);

  it('offers the parameters of the enabled extensions after the path', () => {
    expect(labels(suggestionsAt(ready(), 'MAIL FROM:<a@b.test> '))).toEqual(['SIZE', 'BODY']);
    expect(labels(suggestionsAt(ready(), 'MAIL FROM:<a@b.test> SIZE=10 '))).toEqual(['BODY']);
    expect(labels(suggestionsAt(ready(), 'MAIL FROM:<a@b.test> B'))).toEqual(['BODY']);
  });

  it('offers none for a disabled extension', () => {
    const s = session(['EHLO client.test'], { extensions: ['PIPELINING'] });
    expect(labels(suggestionsAt(s, 'MAIL FROM:<a@b.test> '))).toEqual([]);
  });

  it("offers the world's mailboxes inside the path", () => {
    const got = suggestionsAt(ready(), 'MAIL FROM:<al');
    expect(labels(got)).toEqual(['alice@example.test']);
    expect(got[0]).toMatchObject({
      insertText: 'alice@example.test>',
      startColumn: 12,
      endColumn: 14,
    });
  });
});
