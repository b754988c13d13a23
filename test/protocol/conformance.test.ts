/** The check-server rules as data, their verdicts, and the reply reader fed literal bytes. */
import { describe, expect, it } from 'vitest';
import { RULES, expected, judge, type Rule, type RuleId } from '../../src/protocol/conformance.ts';
import {
  ReplyReader,
  ehloKeywords,
  ehloProblems,
  greetingProblems,
  heloLooksExtended,
  printable,
  type ServerReply,
} from '../../src/protocol/conformance-reader.ts';

const ids = Object.keys(RULES) as RuleId[];

/** Reads `text` fed in one chunk, then flushes what is left. */
function read(text: string): ServerReply[] {
  const r = new ReplyReader();
  return [...r.push(text), ...r.flush()];
}

const problems = (text: string) => read(text).flatMap((r) => r.problems.map((p) => p.rule));

describe('the rules table', () => {
  it.each(ids)(
    '%s cites an RFC section, says what it wants, and its codes are reply codes',
    (id) => {
      const rule: Rule = RULES[id];
      expect(rule.rfc).toMatch(/^RFC \d+ §\d+(\.\d+)*(, §\d+(\.\d+)*)*$/);
      expect(rule.says).toMatch(/^[A-Z"<].*\.$/);
      expect(['MUST', 'SHOULD']).toContain(rule.level);
      const codes = [...rule.pass, ...Object.keys(rule.allowed ?? {}).map(Number)];
      for (const c of [...codes, ...(rule.refused ?? [])])
        expect(String(c)).toMatch(/^[2-5][0-5]\d$/);
      // A code is either a pass or a conforming code worth a note, never both.
      for (const c of Object.keys(rule.allowed ?? {})) expect(rule.pass).not.toContain(Number(c));
    },
  );

  it('takes the refusals a verb may give from the RFC 5321 dialect table (§4.3.2)', () => {
    expect(RULES.mail.refused).toEqual([552, 451, 452, 550, 553, 503, 455, 555]);
    expect(RULES.vrfy.refused).toEqual([550, 551, 553, 502, 504]);
    expect(RULES['end-of-data'].refused).toEqual([250, 552, 554, 451, 452, 450, 550]);
  });
});

describe('judge', () => {
  it('passes the codes the rule wants', () => {
    expect(judge('rcpt-before-mail', 503)).toEqual({ kind: 'pass' });
    expect(judge('data-no-rcpt', 554)).toEqual({ kind: 'pass' });
    expect(judge('quit', 221)).toEqual({ kind: 'pass' });
  });

  it('flags a code the RFC does not allow there', () => {
    expect(judge('rcpt-before-mail', 250)).toEqual({ kind: 'deviation' });
    expect(judge('quit', 200)).toEqual({ kind: 'deviation' });
    expect(judge('rset', 500)).toEqual({ kind: 'deviation' });
    expect(judge('vrfy', 200)).toEqual({ kind: 'deviation' });
    expect(judge('unknown', 502)).toEqual({ kind: 'deviation' });
    expect(judge('mail-before-auth', 250)).toEqual({ kind: 'deviation' });
  });

  it('notes codes that conform but stop the check, with why', () => {
    expect(judge('ehlo', 502)).toMatchObject({ kind: 'allowed', why: /old server/ });
    expect(judge('greeting', 554)).toMatchObject({ kind: 'allowed', why: /refuses sessions/ });
    expect(judge('mail', 530)).toMatchObject({ kind: 'allowed', why: /RFC 4954 §6/ });
    expect(judge('mail', 550)).toMatchObject({ kind: 'allowed', why: /§4\.3\.2/ });
    expect(judge('long-line', 250)).toMatchObject({ kind: 'allowed', why: /no fixed limits/ });
    // Any command may get 421 (§3.8), even where one code alone passes.
    expect(judge('rset', 421)).toMatchObject({ kind: 'allowed', why: /421/ });
  });

  it('lets MAIL before EHLO be taken or refused: the rule binds the client (§4.1.4)', () => {
    expect(judge('mail-before-ehlo', 250)).toEqual({ kind: 'pass' });
    expect(judge('mail-before-ehlo', 503)).toEqual({ kind: 'pass' });
    expect(judge('mail-before-ehlo', 500)).toEqual({ kind: 'deviation' });
  });

  it('says what it expected', () => {
    expect(expected('quit')).toBe('221');
    expect(expected('data-before-mail')).toBe('503 or 554');
    expect(expected('vrfy')).toBe('250, 251 or 252');
  });
});

describe('ReplyReader', () => {
  const ehlo = '250-mail.example.test hello\r\n250-PIPELINING\r\n250 SIZE 1000\r\n';

  it('reads single and multiline replies', () => {
    expect(read(`220 mail.example.test ready\r\n${ehlo}`)).toEqual([
      { code: 220, lines: ['220 mail.example.test ready'], problems: [] },
      {
        code: 250,
        lines: ['250-mail.example.test hello', '250-PIPELINING', '250 SIZE 1000'],
        problems: [],
      },
    ]);
  });

  it('gives the same replies whatever the split of the bytes', () => {
    const text = `220 x.test\r\n${ehlo}221 bye\r\n`;
    const whole = read(text);
    for (let cut = 1; cut < text.length; cut++) {
      const r = new ReplyReader();
      const replies = [...r.push(text.slice(0, cut)), ...r.push(text.slice(cut))];
      expect(replies).toEqual(whole);
      expect(r.partial).toBe(false);
    }
    const r = new ReplyReader();
    const oneByOne = [...text].flatMap((c) => r.push(c));
    expect(oneByOne).toEqual(whole);
  });

  it('holds an unfinished reply until its last line', () => {
    const r = new ReplyReader();
    expect(r.push('250-first\r\n250-sec')).toEqual([]);
    expect(r.partial).toBe(true);
    expect(r.push('ond\r\n250 last\r\n')).toHaveLength(1);
  });

  it.each([
    ['a bare LF', '250 OK\n', ['reply-crlf']],
    ['two codes in one reply', '250-a\r\n251 b\r\n', ['reply-same-code']],
    ['a code alone', '250\r\n', ['reply-bare-code']],
    ['no space after the code', '250OK\r\n', ['reply-separator']],
    ['a first digit over 5', '600 no\r\n', ['reply-code']],
    ['a second digit over 5', '260 no\r\n', ['reply-code']],
    ['no code at all', 'hello\r\n', ['reply-code']],
    ['an 8-bit octet', '250 caf\xe9\r\n', ['reply-text']],
    ['a bare CR', '250 a\rb\r\n', ['reply-text']],
    ['512 octets', `250 ${'x'.repeat(506)}\r\n`, []],
    ['513 octets', `250 ${'x'.repeat(507)}\r\n`, ['reply-length']],
  ])('reply syntax: %s', (_what, text, rules) => {
    expect(problems(text)).toEqual(rules);
  });

  it('ends a reply at a line with no code, so a broken server cannot stall it', () => {
    const replies = read('250-a\r\nnonsense\r\n221 bye\r\n');
    expect(replies.map((r) => r.lines)).toEqual([['250-a', 'nonsense'], ['221 bye']]);
    expect(replies[0]!.problems).toEqual([{ rule: 'reply-code', line: 'nonsense' }]);
  });

  it('hands over a last reply cut off by the close, its missing CRLF flagged', () => {
    const r = new ReplyReader();
    expect(r.push('200 bye')).toEqual([]);
    expect(r.flush()).toEqual([
      { code: 200, lines: ['200 bye'], problems: [{ rule: 'reply-crlf', line: '200 bye' }] },
    ]);
    expect(r.flush()).toEqual([]);
  });
});

describe('the shapes of particular replies', () => {
  const one = (text: string) => read(text)[0]!;

  it('wants the server name first in a 220 greeting', () => {
    expect(greetingProblems(one('220 mail.example.test ESMTP ready\r\n'))).toEqual([]);
    expect(greetingProblems(one('220-[192.0.2.1] hi\r\n220 more\r\n'))).toEqual([]);
    expect(greetingProblems(one('220 *** ready\r\n'))).toEqual([
      { rule: 'greeting-syntax', line: '220 *** ready' },
    ]);
    expect(greetingProblems(one('220\r\n'))).toHaveLength(1);
    // A 554 refusal follows the general reply syntax, not the greeting's.
    expect(greetingProblems(one('554 no service\r\n'))).toEqual([]);
  });

  it('checks the EHLO reply line by line and lists its keywords', () => {
    const good = one('250-mail.example.test hi\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n');
    expect(ehloProblems(good)).toEqual([]);
    expect(ehloKeywords(good)).toEqual(['AUTH', '8BITMIME']);
    const bad = one('250-mail.example.test\r\n250-SIZE=1000\r\n250 -X\r\n');
    expect(ehloProblems(bad).map((p) => p.line)).toEqual(['250-SIZE=1000', '250 -X']);
    expect(ehloProblems(one('500 what\r\n'))).toEqual([]);
  });

  it('sees an EHLO-style list given to HELO', () => {
    const keywords = ['PIPELINING', 'SIZE'];
    expect(heloLooksExtended(one('250 mail.example.test\r\n'), keywords)).toBe(false);
    expect(heloLooksExtended(one('250-mail.example.test\r\n250 size 10\r\n'), keywords)).toBe(true);
    expect(heloLooksExtended(one('250-mail.example.test\r\n250 welcome\r\n'), keywords)).toBe(
      false,
    );
  });

  it('prints controls and shortens long text', () => {
    expect(printable('NOOP\nNOOP\r\n')).toBe('NOOP<LF>NOOP<CR><LF>');
    expect(printable('a\x00\xe9')).toBe('a\\x00\\xe9');
    expect(printable('x'.repeat(100), 10)).toBe('xxxxxxxxxx... (100 octets)');
  });
});
