import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPack } from '../../src/lessons/check.ts';
import { compareLesson } from '../../src/lessons/compare.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { buildPack } from '../../src/lessons/tree.ts';

const COURSE = loadPack(fileURLToPath(new URL('../../lessons', import.meta.url)));

describe('the same mail in two eras, side by side', () => {
  it('replays both sessions with the machine and lists what changed', () => {
    const lesson = COURSE.lessons.find((l) => l.id === 'then-and-now/same-mail-1981-and-today')!;
    const c = compareLesson(lesson)!;
    const [then, now] = c.columns;
    expect(then!.side.dialect).toBe('rfc788');
    expect(now!.side.dialect).toBe('rfc5321');
    const said = (col: typeof then) => col!.lines.filter((l) => l.who === 'S').map((l) => l.text);
    // RFC 788: plain codes; RFC 5321 with ENHANCEDSTATUSCODES: 250 2.1.0 for MAIL.
    expect(said(then)).toContain('250 OK');
    expect(said(now)).toContain('250 2.1.0 OK');
    expect(said(now).some((l) => /^250-PIPELINING$/.test(l))).toBe(true);
    expect(then!.trace.join('\n')).toMatch(
      /^Mail-From: client\.test received by mail\.example\.test at/m,
    );
    expect(now!.trace.join('\n')).toMatch(/^Received: from client\.test/m);
    expect([then!.delivered, now!.delivered]).toEqual([1, 1]);
    expect(c.changes).toContain('+ EHLO: EHLO <domain or address-literal> (RFC 5321 §4.1.1.1)');
    expect(c.changes.some((l) => l.startsWith('- SEND:') && l.includes('Appendix F.6'))).toBe(true);
  });

  it('lessons:check refuses a comparison whose session is missing or fails', () => {
    const era = '---\ntitle: E\n---\n\nx\n';
    const lesson = (compare: string) =>
      [
        '---',
        'title: T',
        'rfcs: [5321]',
        'compare:',
        compare,
        'goals:',
        '  - kind: command',
        '    verb: NOOP',
        '---',
        '',
        'x',
      ].join('\n');
    const sides =
      '  - dialect: rfc788\n    session: then.smtp\n  - dialect: rfc5321\n    session: now.smtp';
    const files = new Map([
      ['01-e/index.md', era],
      ['01-e/01-t/index.md', lesson(sides)],
      ['01-e/01-t/solution.smtp', 'NOOP\n'],
      // The 1981 server does not know EHLO: 500.
      ['01-e/01-t/then.smtp', 'EHLO client.test\nQUIT\n'],
    ]);
    const problems = checkPack(buildPack(files)).map((p) => `${p.file}: ${p.message}`);
    expect(problems).toEqual([
      '01-e/01-t/then.smtp: the rfc788 session gets error replies (500); a comparison shows a mail that goes through',
      '01-e/01-t/now.smtp: missing: "compare" names this session file',
    ]);
    files.set('01-e/01-t/index.md', lesson('  - dialect: rfc999\n    session: ../x.smtp'));
    const bad = buildPack(files).problems.map((p) => p.message);
    expect(bad).toEqual(['"compare" must be a list of at least two { dialect, session, title }']);
  });
});
