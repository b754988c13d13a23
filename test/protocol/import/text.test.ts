/**
 * The text importers on real output (swaks and curl -v against the bridge,
 * Nodemailer's smtp-server with logger: true; test/fixtures/import/) and on
 * inputs written here where no tool was at hand (a Postfix smtpd -v log in
 * the shape smtpd_chat.c logs it, an RFC's printed session, a telnet
 * session). Every line not read is reported with its reason.
 */
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/machines/replay.ts';
import { importCommands } from '../../../src/protocol/import/commands.ts';
import { detectSource, importTranscript } from '../../../src/protocol/import/index.ts';
import { importPostfix } from '../../../src/protocol/import/postfix.ts';
import { importRaw } from '../../../src/protocol/import/raw.ts';
import { importRfc } from '../../../src/protocol/import/rfc.ts';
import { importSmtpServer } from '../../../src/protocol/import/smtp-server.ts';
import { importSwaks } from '../../../src/protocol/import/swaks.ts';
import { parseTranscript, type TranscriptStep } from '../../../src/protocol/transcript.ts';
import { printTranscript } from '../../../src/protocol/transcript-print.ts';
import { FIXED_NOW, fixture } from '../../helpers.ts';

const shape = (steps: readonly TranscriptStep[]) =>
  steps.map((s) => (s.who === 'C' ? `C: ${s.text}` : `S: ${s.code} ${s.lines.at(-1)}`));

describe('swaks output', () => {
  it('a pipelined session: -> and <-, <** for the refused recipient, === reported', () => {
    const { transcript, problems } = importSwaks(fixture('import/swaks-pipelining-ipv6.txt'));
    expect(shape(transcript.steps).slice(3, 11)).toEqual([
      'C: MAIL FROM:<alice@client.test>',
      'C: RCPT TO:<bob@example.test>',
      'C: RCPT TO:<nobody@example.test>',
      'C: DATA',
      'S: 250 2.1.0 OK',
      'S: 250 2.1.5 OK',
      'S: 550 5.1.1 No such user here',
      'S: 354 Start mail input; end with <CRLF>.<CRLF>',
    ]);
    expect(transcript.steps[2]!.line).toBe(5);
    expect(problems).toEqual([
      {
        line: 1,
        text: '=== Trying ::1:2627...',
        why: "swaks's own information, not a line of the dialogue",
      },
      {
        line: 2,
        text: '=== Connected to ::1.',
        why: "swaks's own information, not a line of the dialogue",
      },
      {
        line: 33,
        text: '=== Connection closed with remote host.',
        why: "swaks's own information, not a line of the dialogue",
      },
    ]);
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });

  it('STARTTLS: ~> and <~ after the 220, annotated once', () => {
    const { transcript } = importSwaks(fixture('import/swaks-starttls.txt'));
    const ehlo = transcript.steps.findIndex(
      (s, i) => i > 3 && s.who === 'C' && s.text === 'EHLO client.test',
    );
    expect(shape(transcript.steps.slice(ehlo - 2, ehlo + 1))).toEqual([
      'C: STARTTLS',
      'S: 220 2.0.0 Ready to start TLS',
      'C: EHLO client.test',
    ]);
    expect(transcript.steps[ehlo]!.notes).toEqual([
      'From here on the dialogue is inside TLS (swaks marks it with ~).',
    ]);
    expect(transcript.steps.filter((s) => s.notes).length).toBe(1);
  });

  it('a refused connection: nothing but *** and === lines, each reported', () => {
    const { transcript, problems } = importSwaks(fixture('import/swaks-refused.txt'));
    expect(transcript.steps).toEqual([]);
    expect(problems.map((p) => [p.line, p.why])).toEqual([
      [1, "swaks's own information, not a line of the dialogue"],
      [2, "swaks's own error message, not a line of the dialogue"],
      [3, "swaks's own error message, not a line of the dialogue"],
    ]);
  });

  it('reports a line without a marker, and a reply line without a code', () => {
    const { problems } = importSwaks('<-  220 x\nhello\n<-  hello\n');
    expect(problems).toEqual([
      { line: 2, text: 'hello', why: 'no swaks marker (->, <-, ~>, <~, <**, ***, ===)' },
      {
        line: 3,
        text: 'hello',
        why: 'a reply line starts with a three-digit code (RFC 5321 §4.2)',
      },
    ]);
  });
});

describe('smtp-server logs', () => {
  it('reads the first connection, its multi-line EHLO reply, and the text given by size', () => {
    const { transcript, problems } = importSmtpServer(fixture('import/smtp-server-log.txt'));
    expect(transcript.meta.source).toBe('Nodemailer smtp-server log, connection #5ke623c9ijnv7d7o');
    expect(shape(transcript.steps)).toEqual([
      'S: 220 mail.example.test ESMTP smtp-server for the import test',
      'C: EHLO client.test',
      'S: 250 AUTH LOGIN PLAIN',
      'C: MAIL FROM:<alice@client.test>',
      'S: 250 Accepted',
      'C: RCPT TO:<bob@example.test>',
      'S: 250 Accepted',
      'C: RCPT TO:<nobody@example.test>',
      'S: 550 No such user here',
      'C: DATA',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: .',
      'S: 250 Message queued',
      'C: QUIT',
      'S: 221 Bye',
    ]);
    expect(transcript.steps[2]).toMatchObject({
      lines: [
        'mail.example.test Nice to meet you, [127.0.0.1]',
        'PIPELINING',
        '8BITMIME',
        'SMTPUTF8',
        'AUTH LOGIN PLAIN',
      ],
      at: '2026-12-07T11:37:43Z',
    });
    expect(transcript.steps[11]!.notes).toEqual([
      'The log gives only the size of the message text (255 octets): its end is put here.',
    ]);
    // The second connection's 13 dialogue lines, and every other log line: all reported.
    expect(
      problems.filter((p) => p.why.startsWith('another connection (#094nb9hqc7qgus1e)')),
    ).toHaveLength(13);
    expect(problems).toHaveLength(21);
    // The smtp-server accepted nobody at RCPT's 550 too: the simulator agrees on every code.
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });
});

describe('Postfix smtpd verbose logs', () => {
  // The shape smtpd_chat.c logs under -v: "< name[addr]: line" read, "> name[addr]: line" sent.
  const log = [
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: connect from client.test[192.0.2.10]',
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 220 mail.example.test ESMTP Postfix',
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: watchdog_pat: 0x55d0c0a8e2a0',
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: < client.test[192.0.2.10]: EHLO client.test',
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 250-mail.example.test',
    'Dec  7 11:29:01 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 250 PIPELINING',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: < client.test[192.0.2.10]: MAIL FROM:<alice@client.test>',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 250 2.1.0 Ok',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: < client.test[192.0.2.10]: RCPT TO:<bob@example.test>',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 250 2.1.5 Ok',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: < client.test[192.0.2.10]: DATA',
    'Dec  7 11:29:02 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 354 End data with <CR><LF>.<CR><LF>',
    'Dec  7 11:29:02 mail postfix/smtpd[4243]: > other.test[192.0.2.11]: 220 mail.example.test ESMTP Postfix',
    'Dec  7 11:29:02 mail postfix/cleanup[4250]: 4AB12C0A1: message-id=<x@client.test>',
    'Dec  7 11:29:03 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 250 2.0.0 Ok: queued as 4AB12C0A1',
    'Dec  7 11:29:03 mail postfix/smtpd[4242]: < client.test[192.0.2.10]: QUIT',
    'Dec  7 11:29:03 mail postfix/smtpd[4242]: > client.test[192.0.2.10]: 221 2.0.0 Bye',
    'garbage',
  ].join('\n');

  it('reads the dialogue of the first session; the text (not logged) ends with an annotated dot', () => {
    const { transcript, problems } = importPostfix(log);
    expect(shape(transcript.steps)).toEqual([
      'S: 220 mail.example.test ESMTP Postfix',
      'C: EHLO client.test',
      'S: 250 PIPELINING',
      'C: MAIL FROM:<alice@client.test>',
      'S: 250 2.1.0 Ok',
      'C: RCPT TO:<bob@example.test>',
      'S: 250 2.1.5 Ok',
      'C: DATA',
      'S: 354 End data with <CR><LF>.<CR><LF>',
      'C: .',
      'S: 250 2.0.0 Ok: queued as 4AB12C0A1',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expect(transcript.steps[0]!.at).toBe('Dec  7 11:29:01');
    expect(transcript.steps[9]!.notes).toEqual([
      'The log does not record the message text: its end (a line with one dot) is put here.',
    ]);
    expect(problems.map((p) => [p.line, p.why])).toEqual([
      [1, "postfix/smtpd's own log message, not a line of the dialogue"],
      [3, "postfix/smtpd's own log message, not a line of the dialogue"],
      [
        13,
        'another session (postfix/smtpd[4243] other.test[192.0.2.11]); this transcript is postfix/smtpd[4242] client.test[192.0.2.10]',
      ],
      [14, "postfix/cleanup's own log message, not a line of the dialogue"],
      [18, 'not a syslog line of Postfix'],
    ]);
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });

  it('reads RFC 3339 syslog stamps and a logged client port', () => {
    const iso = [
      '2026-12-07T11:29:01.120344+00:00 mail postfix/submission/smtpd[77]: > unknown[192.0.2.9]:51234: 220 mail.example.test ESMTP',
      '2026-12-07T11:29:01.130000+00:00 mail postfix/submission/smtpd[77]: < unknown[192.0.2.9]:51234: QUIT',
      '2026-12-07T11:29:01.130100+00:00 mail postfix/submission/smtpd[77]: > unknown[192.0.2.9]:51234: 221 2.0.0 Bye',
    ].join('\n');
    expect(detectSource(iso)).toEqual({ source: 'postfix' });
    const { transcript, problems } = importPostfix(iso);
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual([
      'S: 220 mail.example.test ESMTP',
      'C: QUIT',
      'S: 221 2.0.0 Bye',
    ]);
    expect(transcript.steps[1]!.at).toBe('2026-12-07T11:29:01.130000+00:00');
  });

  it("reads the postmaster notice's In:/Out: transcript", () => {
    const { transcript, problems } = importPostfix(
      ' Out: 220 mail.example.test ESMTP\n In:  HELO x\n Out: 250 mail.example.test\n',
    );
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual([
      'S: 220 mail.example.test ESMTP',
      'C: HELO x',
      'S: 250 mail.example.test',
    ]);
  });
});

describe('raw two-way captures', () => {
  it('curl -v: > sent, < received, * reported, the uploaded text given by size', () => {
    const { transcript, problems } = importRaw(fixture('import/curl-verbose.txt'));
    expect(shape(transcript.steps).slice(-4)).toEqual([
      'C: DATA',
      'S: 354 Start mail input; end with <CRLF>.<CRLF>',
      'C: .',
      'S: 250 2.0.0 OK: queued as 2.00000001',
    ]);
    expect(problems.map((p) => p.line)).toEqual([1, 2, 21]);
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });

  it('a telnet session: replies by their code, the text after 354 up to the dot, telnet reported', () => {
    const text = [
      'Trying 127.0.0.1...',
      'Connected to localhost.',
      "Escape character is '^]'.",
      '220 mail.example.test ESMTP',
      'HELO client.test',
      '250 mail.example.test',
      'MAIL FROM:<alice@client.test>',
      '250 OK',
      'RCPT TO:<bob@example.test>',
      '250 OK',
      'DATA',
      '354 go ahead',
      '250 is not a reply here',
      '',
      '.',
      '250 OK',
      '',
      'QUIT',
      '221 bye',
      'Connection closed by foreign host.',
    ].join('\r\n');
    const { transcript, problems } = importRaw(text);
    expect(shape(transcript.steps).slice(7)).toEqual([
      'C: DATA',
      'S: 354 go ahead',
      'C: 250 is not a reply here',
      'C: ',
      'C: .',
      'S: 250 OK',
      'C: QUIT',
      'S: 221 bye',
    ]);
    expect(problems.map((p) => [p.line, p.why])).toEqual([
      [1, "the terminal program's own message"],
      [2, "the terminal program's own message"],
      [3, "the terminal program's own message"],
      [17, 'a blank line outside message text'],
      [20, "the terminal program's own message"],
    ]);
  });
});

describe('RFC text', () => {
  it('every fixture reads as parseTranscript reads it, with nothing left over', () => {
    for (const name of [
      'rfc821/f1-typical.smtp',
      'rfc772/appendix-b-mrsq-t.smtp',
      'ext/rfc4954-4.1-ex2-plain-empty-challenge.smtp',
    ]) {
      const text = fixture(name);
      const { transcript, problems } = importRfc(text);
      expect(problems).toEqual([]);
      expect(transcript).toEqual(parseTranscript(text));
      expect(printTranscript(transcript)).toBe(text);
    }
  });

  it('RFC 821 Appendix F, Scenario 1, pasted with its rules, caption and page footer (the form feed is blank)', () => {
    const pasted = [
      '      -------------------------------------------------------------',
      '',
      '         R: 220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready',
      '         S: HELO USC-ISIF.ARPA',
      '         R: 250 BBN-UNIX.ARPA',
      '',
      '         S: MAIL FROM:<Smith@USC-ISIF.ARPA>',
      '         R: 250 OK',
      '',
      '         S: RCPT TO:<Jones@BBN-UNIX.ARPA>',
      '         R: 250 OK',
      '',
      '         S: RCPT TO:<Green@BBN-UNIX.ARPA>',
      '         R: 550 No such user here',
      '',
      '         S: RCPT TO:<Brown@BBN-UNIX.ARPA>',
      '         R: 250 OK',
      '',
      '         S: DATA',
      '         R: 354 Start mail input; end with <CRLF>.<CRLF>',
      '         S: Blah blah blah...',
      '         S: ...etc. etc. etc.',
      '         S: .',
      '         R: 250 OK',
      '',
      '         S: QUIT',
      '         R: 221 BBN-UNIX.ARPA Service closing transmission channel',
      '',
      '                               Scenario 1',
      '',
      '      -------------------------------------------------------------',
      '',
      '',
      '',
      'Postel                                                         [Page 51]',
      '\f',
      '',
      '                                                                        ',
    ].join('\n');
    const { transcript, problems } = importRfc(pasted);
    const { steps } = parseTranscript(fixture('rfc821/f1-typical.smtp'));
    const noLines = (ss: readonly TranscriptStep[]) => ss.map(({ line: _, ...rest }) => rest);
    expect(noLines(transcript.steps)).toEqual(noLines(steps));
    expect(problems.map((p) => [p.line, p.why.split(' (')[0]])).toEqual([
      [1, 'no C:, S: or R: at its start'],
      [29, 'no C:, S: or R: at its start'],
      [31, 'no C:, S: or R: at its start'],
      [35, 'a page break or footer of the RFC'],
    ]);
  });

  it('S:/R: as pasted from RFC 780: indentation, <CRLF>, the end of text, prose and a footer', () => {
    const pasted = [
      '   Example 1',
      '',
      '      S: MAIL FROM:<Smith@Alpha.ARPA> TO:<Jones@Beta.ARPA> <CRLF>',
      '      R: 354 Type mail, ended by <CRLF>.<CRLF>',
      '      S: Blah blah blah... <CRLF>',
      '      S: <CRLF>.<CRLF>',
      '      R: 250 OK',
      'Postel                                                          [Page 5]',
      '      S: <wait for the next connection>',
    ].join('\n');
    const { transcript, problems } = importRfc(pasted);
    expect(shape(transcript.steps)).toEqual([
      'C: MAIL FROM:<Smith@Alpha.ARPA> TO:<Jones@Beta.ARPA>',
      'S: 354 Type mail, ended by <CRLF>.<CRLF>',
      'C: Blah blah blah...',
      'C: .',
      'S: 250 OK',
    ]);
    expect(transcript.steps[4]!.notes).toEqual(['S: <wait for the next connection>']);
    expect(problems.map((p) => [p.line, p.why])).toEqual([
      [
        1,
        'no C:, S: or R: at its start (prose, or the rest of a line the RFC wrapped: join it by hand)',
      ],
      [8, 'a page break or footer of the RFC'],
    ]);
  });
});

describe('a list of commands', () => {
  it('every line is a client line; the simulator gives the replies', () => {
    const { transcript, problems } = importCommands(
      'HELO client.test\nMAIL FROM:<alice@client.test>\nRCPT TO:<bob@example.test>\nDATA\nSubject: hi\n\nHello.\n.\n\nQUIT\n',
    );
    expect(problems).toEqual([
      { line: 9, text: '', why: 'a blank line outside message text is not a command' },
    ]);
    expect(transcript.steps.every((s) => s.who === 'C')).toBe(true);
    const result = replay(transcript, { now: FIXED_NOW });
    expect(result.mismatches).toEqual([]);
    expect(
      shape(result.simulated.steps)
        .filter((s) => s.startsWith('S:'))
        .map((s) => s.slice(0, 6)),
    ).toEqual(['S: 220', 'S: 250', 'S: 250', 'S: 250', 'S: 354', 'S: 250', 'S: 221']);
  });
});

describe('the dialogue builder', () => {
  it('holds a client line that came inside an unfinished multi-line reply until the reply ends', () => {
    const { transcript, problems } = importRfc('S: 250-a\nC: NOOP\nS: 250 b\n');
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual(['S: 250 b', 'C: NOOP']);
  });

  it('reports a code changing inside a reply and a reply the input never finishes', () => {
    const { transcript, problems } = importRfc('S: 250-a\nS: 251 b\nS: 354-c\n');
    expect(problems).toEqual([
      { line: 2, text: '251 b', why: 'code 251 inside an unfinished 250 reply' },
      { line: 3, text: '354-c', why: 'the input ends inside a multi-line reply' },
    ]);
    expect(transcript.steps.map((s) => s.notes)).toEqual([
      ['unfinished: its last line never came'],
      undefined,
      ['unfinished: its last line never came'],
    ]);
  });
});

describe('which source', () => {
  it.each([
    ['import/swaks-starttls.txt', 'swaks'],
    ['import/smtp-server-log.txt', 'smtp-server'],
    ['import/curl-verbose.txt', 'raw'],
    ['rfc821/f1-typical.smtp', 'rfc'],
  ])('%s is %s', (name, source) => {
    expect(detectSource(fixture(name))).toEqual({ source });
  });

  it('a capture by its magic number; commands by their verbs; Postfix by smtpd', () => {
    expect(detectSource(new Uint8Array([0x0a, 0x0d, 0x0d, 0x0a, 0, 0]))).toEqual({
      source: 'pcap',
    });
    expect(detectSource(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1]))).toEqual({ source: 'pcap' });
    expect(detectSource('EHLO a\nMAIL FROM:<a@b>\nRCPT TO:<c@d>\nQUIT\n')).toEqual({
      source: 'commands',
    });
    expect(detectSource('Dec  7 11:29:01 mail postfix/smtpd[1]: < a[1.2.3.4]: QUIT\n')).toEqual({
      source: 'postfix',
    });
  });

  it('a long input is guessed from its start: swaks output then prose is swaks, prose then swaks is unsure', () => {
    const swaks = fixture('import/swaks-starttls.txt').split('\n').filter(Boolean);
    const prose = Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} of the course notes.`);
    const many = (lines: string[], n: number) => Array.from({ length: n }, () => lines).flat();
    expect(detectSource([...many(swaks, 400), ...prose].join('\n'))).toEqual({ source: 'swaks' });
    expect(detectSource([...prose, ...many(swaks, 400)].join('\n'))).toHaveProperty('unsure');
  });

  it('says it is unsure, with the scores, and importTranscript throws that', () => {
    const text = 'Dear class,\nplease read chapter 3.\n<- 220\n';
    const guess = detectSource(text);
    expect(guess).toEqual({
      unsure: expect.stringMatching(
        /^cannot tell which source this is \(lines read by each: .*\); say it with --from$/,
      ),
    });
    expect(() => importTranscript(text)).toThrow(/^cannot tell which source this is/);
    expect(detectSource('')).toEqual({ unsure: 'the input is empty' });
  });
});
