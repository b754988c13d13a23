/**
 * The lab's judge on its own: a real session fed read by read (each string one
 * read, as one TCP read would be), its transcript given to ClientLab with the
 * octets still unread, exactly as the bridge does in lab mode.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import {
  ClientLab,
  LAB_KINDS,
  LAB_RULES,
  shownLine,
  type LabOptions,
  type LabResult,
} from '../../src/protocol/client-lab.ts';
import { reply } from '../../src/protocol/replies.ts';
import type { World } from '../../src/protocol/world.ts';

interface Run {
  /** Feeds one read; returns the reply codes it produced. */
  read(text: string): number[];
  abort(): void;
  end(): LabResult;
  readonly lab: ClientLab;
}

function session(world: Partial<World> = {}, options: LabOptions = {}): Run {
  const s = createSession({ world, retain: { transcript: 0 } });
  const lab = new ClientLab(options);
  s.subscribe((e) => lab.observe(e, s.buffered));
  return {
    lab,
    read: (text) => s.feed(text).map((r) => r.code),
    abort: () => void s.abort('closingTimeout'),
    end: () => lab.end(s.buffered),
  };
}

const judged = (r: LabResult) => r.findings.map((f) => [f.kind, f.rfc]);

const MAIL = 'MAIL FROM:<alice@example.test>';
const RCPT = 'RCPT TO:<bob@example.test>';

/** A whole clean session, one command per read. */
function clean(run: Run, text = 'Subject: t\r\n\r\nhi\r\n') {
  run.read('EHLO client.test\r\n');
  run.read(`${MAIL}\r\n`);
  run.read(`${RCPT}\r\n`);
  run.read('DATA\r\n');
  run.read(`${text}.\r\n`);
  run.read('QUIT\r\n');
}

describe('ClientLab', () => {
  it('finds nothing in a careful session, and counts what it saw', () => {
    const run = session();
    clean(run, 'Subject: t\r\n\r\n..leading dot\r\n...\r\n');
    expect(run.end()).toEqual({
      findings: [],
      counts: {},
      omitted: 0,
      commands: 5,
      messages: 1,
      hello: 'client.test',
      quit: true,
    });
  });

  it('finds nothing in a correctly pipelined session (PIPELINING offered)', () => {
    const run = session();
    expect(run.read('EHLO client.test\r\n')).toEqual([220, 250]);
    expect(run.read(`${MAIL}\r\n${RCPT}\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n`)).toEqual([
      250, 250, 250, 354,
    ]);
    // RFC 2920 §3.1: the text may start a group, QUIT ends it.
    expect(run.read(`Subject: t\r\n\r\nhi\r\n.\r\n${MAIL}\r\nQUIT\r\n`)).toEqual([250, 250, 221]);
    expect(run.end().findings).toEqual([]);
  });

  it('bare LF: in command lines and in the text (a world that takes such lines)', () => {
    const run = session({ bareLf: 'accept' });
    run.read('EHLO client.test\n');
    run.read(`${MAIL}\r\n`);
    run.read(`${RCPT}\r\n`);
    run.read('DATA\r\n');
    run.read('a\nb\nc\r\n.\r\n');
    run.read('QUIT\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8, §4.1.1.4'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
    ]);
    expect(r.findings.map((f) => f.line ?? f.detail)).toEqual([
      'EHLO client.test',
      '2 LF without CR in the message text',
      'QUIT',
    ]);
  });

  it('bare CR: in a command line and in the text', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    run.read('NOOP old\rMac\r\n');
    run.read(`${MAIL}\r\n`);
    run.read(`${RCPT}\r\n`);
    run.read('DATA\r\n');
    run.read('a\rb\rc\r\n.\r\n');
    run.read('QUIT\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['bare-cr', 'RFC 5321 §2.3.8'],
      ['bare-cr', 'RFC 5321 §2.3.8'],
    ]);
    expect(r.findings[0]).toMatchObject({
      line: 'NOOP old<CR>Mac',
      detail: '1 CR without LF in the line',
    });
    expect(r.findings[1]!.detail).toBe('2 CR without LF in the message text');
  });

  it('input before the greeting: once, with the first line it held', () => {
    const run = session();
    run.lab.beforeGreeting(10);
    run.lab.beforeGreeting(8);
    run.read('EHLO client.test\r\n');
    run.read('QUIT\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([['before-greeting', 'RFC 5321 §4.3.1']]);
    expect(r.findings[0]).toMatchObject({
      step: 1,
      line: 'EHLO client.test',
      detail: '18 octets arrived before the greeting was sent',
    });
  });

  it('no EHLO: MAIL, RCPT and DATA each once, their 503 not counted again', () => {
    const run = session();
    expect(run.read(`${MAIL}\r\n`)).toEqual([220, 503]);
    run.read(`${RCPT}\r\n`);
    run.read('DATA\r\n');
    run.read('NOOP\r\n');
    run.read('QUIT\r\n');
    expect(judged(run.end())).toEqual([
      ['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4'],
      ['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4'],
      ['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4'],
    ]);
  });

  it('no EHLO even where a server lets MAIL pass', () => {
    // The rule is the client's (RFC 5321 §4.1.4), whatever the server answers.
    const lab = new ClientLab();
    lab.observe({ kind: 'client', step: 1, text: MAIL, ending: 'CRLF' }, 0);
    lab.observe({ kind: 'server', step: 1, reply: reply('senderOk') }, 0);
    lab.observe({ kind: 'client', step: 2, text: 'QUIT', ending: 'CRLF' }, 0);
    lab.observe({ kind: 'server', step: 2, reply: reply('closing', { host: 'h' }) }, 0);
    lab.observe({ kind: 'closed', step: 2 }, 0);
    expect(judged(lab.end(0))).toEqual([['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4']]);
  });

  it('after STARTTLS the client must say EHLO again (RFC 3207 §4.2)', () => {
    const run = session({
      extensions: ['PIPELINING', 'STARTTLS'],
      tls: { offered: true, required: false, implicit: false },
    });
    run.read('EHLO client.test\r\n');
    expect(run.read('STARTTLS\r\n')).toEqual([220]);
    expect(run.read(`${MAIL}\r\n`)).toEqual([503]);
    run.read('QUIT\r\n');
    expect(judged(run.end())).toEqual([['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4']]);
  });

  it('malformed EHLO and HELO', () => {
    const run = session();
    expect(run.read('EHLO\r\n')).toEqual([220, 501]);
    expect(run.read('HELO\r\n')).toEqual([501]);
    run.read('HELO client.test\r\n');
    run.read('QUIT\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['bad-hello', 'RFC 5321 §4.1.1.1'],
      ['bad-hello', 'RFC 5321 §4.1.1.1'],
    ]);
    expect(r.hello).toBe('client.test');
  });

  it('out of sequence: RCPT before MAIL, DATA before RCPT, nested MAIL', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    expect(run.read(`${RCPT}\r\n`)).toEqual([503]);
    run.read(`${MAIL}\r\n`);
    expect(run.read('DATA\r\n')).toEqual([503]);
    expect(run.read(`${MAIL}\r\n`)).toEqual([503]);
    run.read('QUIT\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
    ]);
    expect(r.findings.map((f) => f.detail)).toEqual([
      'Bad sequence of commands: need MAIL before RCPT',
      'Bad sequence of commands: need RCPT before DATA',
      'Bad sequence of commands: nested MAIL command',
    ]);
  });

  it('DATA after every RCPT was refused: a mistake unless it was pipelined', () => {
    const waited = session();
    waited.read('EHLO client.test\r\n');
    waited.read(`${MAIL}\r\n`);
    expect(waited.read('RCPT TO:<nobody@example.test>\r\n')).toEqual([550]);
    expect(waited.read('DATA\r\n')).toEqual([554]);
    waited.read('QUIT\r\n');
    expect(judged(waited.end())).toEqual([['out-of-sequence', 'RFC 5321 §3.3']]);

    // RFC 2920 §3.1: a pipelining client cannot know; it checks DATA's reply.
    const pipelined = session();
    pipelined.read('EHLO client.test\r\n');
    expect(pipelined.read(`${MAIL}\r\nRCPT TO:<nobody@example.test>\r\nDATA\r\n`)).toEqual([
      250, 550, 554,
    ]);
    pipelined.read('QUIT\r\n');
    expect(pipelined.end().findings).toEqual([]);
  });

  it('a leading dot not doubled: counted, and only when it is proven', () => {
    const run = session();
    // ".one" and ".two" were sent with one dot; "..three" is a correctly doubled ".three".
    clean(run, '.one\r\nx\r\n.two\r\n..three\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([['unstuffed-dot', 'RFC 5321 §4.5.2']]);
    expect(r.findings[0]!.detail).toBe(
      '2 line(s) of the text began with a single "." followed by more text; the server removed that dot',
    );
  });

  it('pipelining without PIPELINING: after HELO, or when the server does not offer it', () => {
    const helo = session();
    helo.read('HELO client.test\r\n');
    helo.read(`${MAIL}\r\n${RCPT}\r\n`);
    helo.read('DATA\r\nhi\r\n.\r\n');
    helo.read('QUIT\r\n');
    const r = helo.end();
    expect(judged(r)).toEqual([
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
    ]);
    expect(r.findings.map((f) => f.line)).toEqual([MAIL, 'DATA']);

    const plain = session({ extensions: ['SIZE'] });
    plain.read('EHLO client.test\r\n');
    // A command begun (not even ended) before the reply counts too.
    plain.read(`${MAIL}\r\nRC`);
    plain.read(`PT TO:<bob@example.test>\r\n`);
    plain.read('QUIT\r\n');
    expect(judged(plain.end())).toEqual([
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
    ]);
  });

  it('with PIPELINING: commands that must end a group, by their own RFCs', () => {
    const run = session();
    run.read('EHLO client.test\r\nNOOP\r\n');
    run.read('NOOP\r\nVRFY bob\r\n');
    run.read(`${MAIL}\r\n${RCPT}\r\nDATA\r\nhi\r\n.\r\n`);
    run.read('QUIT\r\nNOOP\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['group-not-ended', 'RFC 2920 §3.1'],
      ['group-not-ended', 'RFC 2920 §3.1'],
      ['group-not-ended', 'RFC 2920 §3.1'],
      ['group-not-ended', 'RFC 2920 §3.1'],
    ]);
    expect(r.findings.map((f) => f.line)).toEqual(['EHLO client.test', 'NOOP', 'DATA', 'QUIT']);
  });

  it('AUTH ends a group, unless its initial response finishes it (RFC 4954 §4)', () => {
    const world: Partial<World> = {
      extensions: ['PIPELINING', 'AUTH'],
      auth: { mechanisms: ['PLAIN', 'LOGIN'], required: false, requireTls: false },
    };
    const plain = session(world);
    plain.read('EHLO client.test\r\n');
    // PLAIN with its initial response ends in one round trip.
    expect(plain.read(`AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n${MAIL}\r\n`)).toEqual([235, 250]);
    plain.read('QUIT\r\n');
    expect(plain.end().findings).toEqual([]);

    const login = session(world);
    login.read('EHLO client.test\r\n');
    // LOGIN: the user name was sent before the server asked for it.
    expect(login.read('AUTH LOGIN\r\nYWxpY2U=\r\n')).toEqual([334, 334]);
    login.read('d29uZGVybGFuZA==\r\n');
    login.read('QUIT\r\n');
    expect(judged(login.end())).toEqual([['group-not-ended', 'RFC 4954 §4']]);
  });

  it('no QUIT: the client closed; a server that closed owes none', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    expect(judged(run.end())).toEqual([['no-quit', 'RFC 5321 §4.1.1.10']]);
  });

  it('over-long lines, unknown commands, bad arguments', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    expect(run.read(`NOOP ${'x'.repeat(600)}\r\n`)).toEqual([500]);
    expect(run.read('HELLO\r\n')).toEqual([500]);
    expect(run.read('MAIL FROM:alice@example.test\r\n')).toEqual([501]);
    expect(run.read('RSET now\r\n')).toEqual([501]);
    run.read('QUIT\r\n');
    const r = run.end();
    expect(judged(r)).toEqual([
      ['line-too-long', 'RFC 5321 §4.5.3.1.4'],
      ['unknown-command', 'RFC 5321 §4.1.1, §4.2.4'],
      ['bad-syntax', 'RFC 5321 §4.1.1.2, §4.1.2'],
      ['bad-syntax', 'RFC 5321 §4.1.1'],
    ]);
    expect(r.findings[0]!.detail).toBe('(a line of 607 octets)');
  });

  it('a text line over 1000 octets, and 8-bit text not declared', () => {
    const run = session();
    clean(run, `${'x'.repeat(1200)}\r\nGrüße\r\n`);
    expect(judged(run.end())).toEqual([
      ['undeclared-8bit', 'RFC 6152 §3'],
      ['text-line-too-long', 'RFC 5321 §4.5.3.1.6'],
    ]);
  });

  it('8-bit text declared with BODY=8BITMIME is fine', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    run.read(`${MAIL} BODY=8BITMIME\r\n`);
    run.read(`${RCPT}\r\n`);
    run.read('DATA\r\n');
    run.read('Grüße\r\n.\r\n');
    run.read('QUIT\r\n');
    expect(run.end().findings).toEqual([]);
  });

  it('unfinished: a line without its end, a text without its <CRLF>.<CRLF>', () => {
    const line = session();
    line.read('EHLO client.test\r\n');
    line.read('QUI');
    const r = line.end();
    expect(judged(r)).toEqual([
      ['unfinished', 'RFC 5321 §4.1.1, §2.3.8'],
      ['no-quit', 'RFC 5321 §4.1.1.10'],
    ]);
    expect(r.findings[0]!.detail).toBe('3 octets were sent without a <CRLF> after them');

    const text = session();
    text.read('EHLO client.test\r\n');
    text.read(`${MAIL}\r\n`);
    text.read(`${RCPT}\r\n`);
    text.read('DATA\r\n');
    text.read('hello\n.\n');
    expect(judged(text.end())).toEqual([
      ['unfinished', 'RFC 5321 §4.1.1.4'],
      ['no-quit', 'RFC 5321 §4.1.1.10'],
    ]);
  });

  it('idle: the server timed out waiting for a command; no QUIT owed then', () => {
    const run = session();
    run.read('EHLO client.test\r\n');
    run.abort();
    expect(judged(run.end())).toEqual([['idle', 'RFC 5321 §4.5.3.2.7']]);

    const partial = session();
    partial.read('EHLO client.test\r\nMAIL FR');
    partial.abort();
    expect(judged(partial.end())).toEqual([
      ['group-not-ended', 'RFC 2920 §3.1'],
      ['unfinished', 'RFC 5321 §4.1.1, §2.3.8'],
    ]);
  });

  it('keeps a few examples per kind and counts the rest', () => {
    const run = session({}, { maxPerKind: 3 });
    for (let i = 0; i < 8; i++) run.read('NOOP\n');
    run.read('QUIT\r\n');
    const r = run.end();
    expect(r.findings).toHaveLength(3);
    expect(r.counts).toEqual({ 'bare-lf': 8 });
    expect(r.omitted).toBe(5);
  });

  it('every kind has its RFC and a sentence', () => {
    for (const kind of LAB_KINDS) {
      expect(LAB_RULES[kind].rfc).toMatch(/^RFC \d+ §\d/);
      expect(LAB_RULES[kind].rule).toMatch(/^[A-Z"].*[.)]$/);
    }
  });

  it('shows control characters by name and cuts long lines', () => {
    expect(shownLine('a\rb\nc\x00d\te')).toBe('a<CR>b<LF>c\\x00d\te');
    expect(shownLine('x'.repeat(200))).toBe(`${'x'.repeat(120)}…`);
  });
});
