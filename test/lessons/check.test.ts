/** lessons:check on the real curriculum and on broken packs built in a temp folder. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { recordIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/lessons-check.ts';
import { checkPack, quizClaims, rfcsInText } from '../../src/lessons/check.ts';
import { loadPack } from '../../src/lessons/load.ts';
import { knownRfc, sameDate } from '../../src/lessons/rfcs.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `npm run lessons:check -- ...argv` through main(), in this process. */
function check(...argv: string[]) {
  const io = recordIo();
  const code = main(argv, io);
  return { code, out: io.out, err: io.err };
}

/**
 * Runs src/cli/NAME as its npm script does, with tsx, but as `node --import tsx`
 * (one process; the tsx command starts a second) and without npm in between.
 */
function spawnCli(name: string, argv: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join('src', 'cli', name), ...argv],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ERA = '---\ntitle: SMTP\ndialect: rfc821\n---\n\nAn era.\n';
const LESSON = `---
title: Send one
rfcs: [821]
goals:
  - kind: delivered
    to: bob@example.test
---

RFC 821 says so. See [the next one](../02-two).
`;
const SOLUTION = [
  'HELO client.test',
  'MAIL FROM:<alice@client.test>',
  'RCPT TO:<bob@example.test>',
  'DATA',
  'Hi',
  '.',
  'QUIT',
  '',
].join('\n');

/** A pack of two lessons; `change` edits its files before they are written. */
function pack(change: (files: Record<string, string>) => void = () => {}): string {
  const files: Record<string, string> = {
    '01-smtp/index.md': ERA,
    '01-smtp/01-one/index.md': LESSON,
    '01-smtp/01-one/solution.smtp': SOLUTION,
    '01-smtp/02-two/index.md': LESSON.replace('[the next one](../02-two)', '[back](../01-one)'),
    '01-smtp/02-two/solution.smtp': SOLUTION,
  };
  change(files);
  const root = mkdtempSync(join(tmpdir(), 'pack-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const messages = (root: string) => checkPack(loadPack(root)).map((p) => `${p.file}: ${p.message}`);

describe('lessons:check', () => {
  it('passes on the curriculum', () => {
    expect(messages('lessons')).toEqual([]);
  });

  it('passes on a good pack', () => {
    expect(messages(pack())).toEqual([]);
  });

  it('fails on a bad frontmatter, naming the file, the line and the field', () => {
    expect(
      messages(pack((f) => (f['01-smtp/01-one/index.md'] = '---\ntitle: x\ntitle: y\n---\n'))),
    ).toEqual(['01-smtp/01-one/index.md: frontmatter line 3: "title" is given twice']);
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace('dialect', 'x')
          .replace('rfcs: [821]', 'rfcs: [821]\ndialect: rfc999\ncolour: red')
          .replace('kind: delivered', 'kind: teleported');
      }),
    );
    expect(m).toContain(
      '01-smtp/01-one/index.md: unknown field "colour" (known: title, dialect, profile, world, role, client, scenario, journey, rfcs, facts, goals, hints, faults, compare)',
    );
    expect(m.some((x) => x.includes('"dialect" must be one of rfc772, rfc780'))).toBe(true);
    expect(
      m.some((x) => x.includes('"goals[0]" must') || x.includes('unknown goal kind "teleported"')),
    ).toBe(true);
  });

  it('fails on a world setting of the wrong type', () => {
    const m = messages(
      pack(
        (f) =>
          (f['01-smtp/01-one/index.md'] = LESSON.replace(
            'rfcs: [821]',
            'rfcs: [821]\nworld:\n  forwards: carol\n  maxRecipients: 2',
          )),
      ),
    );
    expect(m).toEqual(['01-smtp/01-one/index.md: "world.forwards" must be a list; got "carol"']);
  });

  it('fails on a goal with a wrong field', () => {
    const m = messages(
      pack(
        (f) => (f['01-smtp/01-one/index.md'] = LESSON.replace('to: bob', 'code: x\n    to: bob')),
      ),
    );
    expect(m[0]).toMatch(/"goals\[0\]" \(delivered\): unknown field "code"/);
  });

  it('fails on an unknown RFC, in the frontmatter or in the text', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace('rfcs: [821]', 'rfcs: [821, 9999]').replace(
          'RFC 821 says so.',
          'RFC 821 and RFC 4242 say so; RFC 5321 too.',
        );
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: "rfcs" lists RFC 9999, which the project does not know (see src/lessons/rfcs.ts)',
      '01-smtp/01-one/index.md: the text cites RFC 4242, which the project does not know (see src/lessons/rfcs.ts)',
      '01-smtp/01-one/index.md: the text cites RFC 5321; add 5321 to "rfcs" so the lesson lists its sources',
    ]);
  });

  it('fails on a quiz whose "see" leads nowhere: no such heading, an RFC not listed', () => {
    const quiz = (see: string) =>
      LESSON.replace(
        '    to: bob@example.test\n',
        `    to: bob@example.test\n  - kind: quiz\n    id: q\n    question: Which?\n    choices: [A, B]\n    answer: a\n    see: '${see}'\n`,
      );
    const m = messages(pack((f) => (f['01-smtp/01-one/index.md'] = quiz('No such part'))));
    expect(m.some((x) => /quiz "q": "see" names no heading of the lesson text/.test(x))).toBe(true);
    const rfc = messages(pack((f) => (f['01-smtp/01-one/index.md'] = quiz('RFC 5321 §4.1'))));
    expect(rfc.some((x) => /quiz "q": "see" cites RFC 5321, which is not in "rfcs"/.test(x))).toBe(
      true,
    );
    const fine = messages(pack((f) => (f['01-smtp/01-one/index.md'] = quiz('RFC 821 §4.1.1'))));
    expect(fine.filter((x) => x.includes('"see"'))).toEqual([]);
  });

  it('fails on a wrong date', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace(
          'rfcs: [821]',
          'rfcs: [821, 788]\nfacts:\n  - rfc: 821\n    date: August 1982\n  - rfc: 788\n    date: November 1982',
        );
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: "facts" dates RFC 788 "November 1982", but RFC 788 (Simple Mail Transfer Protocol) is dated November 1981',
    ]);
  });

  it('fails on a wrong date stated in the text beside the RFC', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace(
          'RFC 821 says so.',
          'RFC 821 (August 1982, §3.2) says so; RFC 821 (September 1982) does not.',
        );
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: the text dates RFC 821 "September 1982", but RFC 821 (Simple Mail Transfer Protocol) is dated August 1982',
    ]);
  });

  it('fails on an RFC cited in a quiz choice, a hint or a compare title but not listed in "rfcs"', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace(
          'goals:\n',
          'hints:\n  - Read RFC 788.\ngoals:\n  - kind: quiz\n    id: q\n    question: Which?\n    choices:\n      - RFC 1869\n      - None\n    answer: b\n',
        );
        f['01-smtp/01-one/solution.smtp'] = SOLUTION + '? q: b\n';
        f['01-smtp/02-two/index.md'] = LESSON.replace(
          'goals:\n',
          'compare:\n  - dialect: rfc821\n    title: RFC 2821 era\n    session: a.smtp\n  - dialect: rfc5321\n    session: b.smtp\ngoals:\n',
        );
        f['01-smtp/02-two/a.smtp'] = SOLUTION;
        f['01-smtp/02-two/b.smtp'] = SOLUTION.replace('HELO', 'EHLO');
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: the text cites RFC 788; add 788 to "rfcs" so the lesson lists its sources',
      '01-smtp/01-one/index.md: the text cites RFC 1869; add 1869 to "rfcs" so the lesson lists its sources',
      '01-smtp/02-two/index.md: the text cites RFC 2821; add 2821 to "rfcs" so the lesson lists its sources',
    ]);
  });

  it('fails on a fact whose RFC is not listed in "rfcs"', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace(
          'rfcs: [821]',
          'rfcs: [821]\nfacts:\n  - rfc: 1425\n    date: February 1993',
        );
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: "facts" gives a date for RFC 1425; add 1425 to "rfcs" so the lesson lists its sources',
    ]);
  });

  it('fails on a quiz whose answer is an RFC number or a year that no fact gives', () => {
    const quiz = (answer: string, question: string, choices = '') =>
      LESSON.replace(
        'rfcs: [821]',
        'rfcs: [821, 1425, 1869]\nfacts:\n  - rfc: 1869\n    date: November 1995',
      ).replace(
        'goals:\n',
        `goals:\n  - kind: quiz\n    id: q\n    question: ${question}\n${choices}    answer: '${answer}'\n`,
      );
    const typedRfc = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = quiz('1425', 'Which RFC first had EHLO?');
        f['01-smtp/01-one/solution.smtp'] = SOLUTION + '? q: 1425\n';
        f['01-smtp/02-two/index.md'] = quiz('1993', 'In which year did EHLO appear?');
        f['01-smtp/02-two/solution.smtp'] = SOLUTION + '? q: 1993\n';
      }),
    );
    expect(typedRfc).toEqual([
      '01-smtp/01-one/index.md: quiz "q": its answer names RFC 1425, which no entry of "facts" gives; add RFC 1425 and its date to "facts"',
      '01-smtp/02-two/index.md: quiz "q": its answer states the year 1993, which is the year of no date in "facts"; add the fact that proves it',
    ]);
    const chosen = messages(
      pack((f) => {
        const choices = '    choices:\n      - RFC 1869, in 1995\n      - RFC 1425, in 1993\n';
        f['01-smtp/01-one/index.md'] = quiz('b', 'When?', choices);
        f['01-smtp/01-one/solution.smtp'] = SOLUTION + '? q: b\n';
        // The answer the facts support passes.
        f['01-smtp/02-two/index.md'] = quiz('a', 'When?', choices);
        f['01-smtp/02-two/solution.smtp'] = SOLUTION + '? q: a\n';
      }),
    );
    expect(chosen).toEqual([
      '01-smtp/01-one/index.md: quiz "q": its answer names RFC 1425, which no entry of "facts" gives; add RFC 1425 and its date to "facts"',
      '01-smtp/01-one/index.md: quiz "q": its answer states the year 1993, which is the year of no date in "facts"; add the fact that proves it',
    ]);
  });

  it("fails on a wrong date beside an RFC in an era's text", () => {
    const m = messages(
      pack(
        (f) =>
          (f['01-smtp/index.md'] = ERA.replace(
            'An era.',
            'RFC 1869 (November 1994) and RFC 821 (August 1982).',
          )),
      ),
    );
    expect(m).toEqual([
      '01-smtp/index.md: the text dates RFC 1869 "November 1994", but RFC 1869 (SMTP Service Extensions) is dated November 1995',
    ]);
  });

  it('fails on names that RFC 2606 does not reserve, in solutions and goals', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/solution.smtp'] = SOLUTION.replace(
          'HELO client.test',
          'HELO mail.realcorp.com',
        );
        f['01-smtp/02-two/index.md'] = LESSON.replace('bob@example.test', 'bob@gmail.com');
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/solution.smtp: "mail.realcorp.com" is not a reserved name; use names under .test (e.g. client.test, example.test) as RFC 2606 reserves them',
      '01-smtp/02-two/index.md: "gmail.com" is not a reserved name; use names under .test (e.g. client.test, example.test) as RFC 2606 reserves them',
      '01-smtp/02-two/solution.smtp: the solution does not meet the goal: "Deliver a message to bob@gmail.com"',
    ]);
  });

  it('fails on a broken link and on a link that is neither https nor relative', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/index.md'] = LESSON.replace('../02-two', '../03-three').replace(
          'RFC 821 says so.',
          'RFC 821 says so. [x](javascript:void0) [y](http://example.test/) [z](https://example.test/)',
        );
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/index.md: link "javascript:void0": only https links and relative links to lessons are allowed',
      '01-smtp/01-one/index.md: link "http://example.test/": only https links and relative links to lessons are allowed',
      '01-smtp/01-one/index.md: link "../03-three" points to 01-smtp/03-three, which is not a lesson or era of this pack',
    ]);
  });

  it('fails on a solution that misses its goals, or a missing solution', () => {
    const m = messages(
      pack((f) => {
        f['01-smtp/01-one/solution.smtp'] = SOLUTION.replace(
          'RCPT TO:<bob@example.test>',
          'RCPT TO:<alice@example.test>',
        );
        delete f['01-smtp/02-two/solution.smtp'];
      }),
    );
    expect(m).toEqual([
      '01-smtp/01-one/solution.smtp: the solution does not meet the goal: "Deliver a message to bob@example.test"',
      '01-smtp/02-two/solution.smtp: missing: every lesson needs a solution.smtp',
    ]);
  });

  it('fails on folders not named NN-name and duplicate lesson names', () => {
    const m = messages(
      pack((f) => {
        f['smtp/index.md'] = ERA;
        f['02-more/index.md'] = ERA;
        f['02-more/01-one/index.md'] = LESSON.replace('../02-two', '../../01-smtp/02-two');
        f['02-more/01-one/solution.smtp'] = SOLUTION;
      }),
    );
    expect(m).toEqual([
      'smtp/index.md: an era folder must be named NN-name (e.g. 03-smtp-1982)',
      '02-more/01-one/index.md: the lesson name "one" is used twice; names must be unique',
    ]);
  });

  it('exits non-zero with the messages, exit 0 and a summary on a good pack (main, in process)', () => {
    const root = pack(
      (f) => (f['01-smtp/01-one/index.md'] = LESSON.replace('[821]', '[821, 9999]')),
    );
    const bad = check(root);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('01-smtp/01-one/index.md: "rfcs" lists RFC 9999');
    expect(bad.err).toBe(
      '01-smtp/01-one/index.md: "rfcs" lists RFC 9999, which the project does not know (see src/lessons/rfcs.ts)\n' +
        '\n1 problem(s) in 2 lesson(s).\n',
    );
    const good = check('lessons');
    expect(good.code).toBe(0);
    expect(good.err).toBe('');
    expect(good.out).toMatch(/lesson\(s\) in \d+ era\(s\): all good/);
    expect(good.out).toMatch(/^\d+ lesson\(s\) in \d+ era\(s\): all good\.\n$/);
  });

  it('as a process (the wiring: argv, output, exit code): exit 1 with the messages', async () => {
    const root = pack(
      (f) => (f['01-smtp/01-one/index.md'] = LESSON.replace('[821]', '[821, 9999]')),
    );
    const run = await spawnCli('lessons-check.ts', [root]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('01-smtp/01-one/index.md: "rfcs" lists RFC 9999');
    // What the process printed is what main() writes.
    expect(run).toEqual({ code: 1, stdout: '', stderr: check(root).err });
  }, 60_000);

  it('copes with a copied curriculum (a pack is just a folder)', () => {
    const root = mkdtempSync(join(tmpdir(), 'copy-'));
    dirs.push(root);
    cpSync('lessons', root, { recursive: true });
    expect(messages(root)).toEqual([]);
  });
});

describe('RFC citations and dates', () => {
  it('finds RFC numbers in text, lists included', () => {
    expect(rfcsInText('RFC 821 and 822; see RFCs 561, 680 and 724. Not 25.').sort()).toEqual([
      561, 680, 724, 821, 822,
    ]);
  });

  it('reads what a quiz answer claims: an RFC number, a year, or neither', () => {
    const q = (answer: string, question: string, choices?: string[]) =>
      quizClaims({ kind: 'quiz', id: 'x', question, answer, ...(choices ? { choices } : {}) });
    expect(q('1425', 'Which RFC first published EHLO? (type the number)')).toEqual({
      rfcs: [1425],
      years: [],
    });
    expect(q('1993', 'In which year did ESMTP start?')).toEqual({ rfcs: [], years: [1993] });
    expect(q('2000', 'Which port?')).toEqual({ rfcs: [], years: [] });
    expect(q('354', 'In RFC 765 (1980), which reply code follows MAIL?')).toEqual({
      rfcs: [],
      years: [],
    });
    expect(q('25', 'Which port?')).toEqual({ rfcs: [], years: [] });
    expect(
      q('b', 'When?', ['In 2000', 'RFC 2920 (September 2000); first RFC 1854 of 1995']),
    ).toEqual({
      rfcs: [2920, 1854],
      years: [2000, 1995],
    });
    expect(quizClaims({ kind: 'reply', code: 250 })).toEqual({ rfcs: [], years: [] });
  });

  it('knows the RFCs outside the collection that lessons cite, dated from reference lists', () => {
    expect(knownRfc(1425)).toMatchObject({
      date: 'February 1993',
      dateFrom: expect.stringMatching(/RFC 1985/),
    });
    expect(knownRfc(1854)).toMatchObject({
      date: 'October 1995',
      dateFrom: expect.stringMatching(/RFC 2920/),
    });
    expect(knownRfc(1830)).toMatchObject({ date: 'August 1995' });
    expect(knownRfc(1651)).toMatchObject({ date: 'July 1994' });
  });

  it('compares dates by month and year', () => {
    expect(sameDate('20 July 1971', 'July 1971')).toBe(true);
    expect(sameDate('Sept 1980', 'September 1980')).toBe(true);
    expect(sameDate('1982', 'August 1982')).toBe(true);
    expect(sameDate('June 1971', 'July 1971')).toBe(false);
    expect(sameDate('July 1972', 'July 1971')).toBe(false);
  });
});
