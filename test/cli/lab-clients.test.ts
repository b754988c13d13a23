/**
 * Lab mode over real sockets: sloppy raw clients, one per family of mistakes,
 * get exactly the findings they earned (kind and RFC rule). Clients that follow
 * the RFCs, and the command line, are in lab-clients-clean.test.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUMMARY_FILE } from '../../src/cli/lab/recorder.ts';
import { codes } from './helpers.ts';
import {
  MAIL,
  RCPT,
  greeted,
  judged,
  lab,
  open,
  report,
  reportFiles,
  send,
  startLab,
} from './lab-harness.ts';

describe('lab mode: sloppy clients', () => {
  it('by default a command line ended by a bare LF gets 500 and is not carried out', async () => {
    await startLab();
    const c = await greeted();
    // RFC 5321 §2.3.8: only CRLF ends a line; the safe default refuses the line.
    expect(await send(c, 'EHLO client.test\n', 2)).toEqual([220, 500]);
    expect(c.received).toContain(
      '500 5.5.2 Syntax error, line ended in a bare <LF> (expected <CRLF>)',
    );
    // The student fixes the line ending; the session goes on.
    await send(c, 'EHLO client.test\r\n', 3);
    expect(await send(c, 'QUIT\r\n', 4)).toEqual([220, 500, 250, 221]);
    const r = await report();
    expect(judged(r)).toEqual([['bare-lf', 'RFC 5321 §2.3.8']]);
    expect(r).toMatchObject({ mistakes: 1, quit: true });
  });

  it('bare LF line ends in commands and text, in a lab whose world takes them', async () => {
    // World.bareLf 'accept': a teacher who wants to watch a whole LF-only session.
    await startLab({ world: { bareLf: 'accept' } });
    const c = await greeted();
    await send(c, 'EHLO client.test\n', 2);
    await send(c, `${MAIL}\n`, 3);
    await send(c, `${RCPT}\n`, 4);
    await send(c, 'DATA\n', 5);
    // Bare LFs in the text are data; only <CRLF>.<CRLF> ends it.
    await send(c, 'Subject: lab\n\nhello\r\n.\r\n', 6);
    expect(await send(c, 'QUIT\n', 7)).toEqual([220, 250, 250, 250, 354, 250, 221]);

    const r = await report();
    expect(judged(r)).toEqual([
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8, §4.1.1.4'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
    ]);
    expect(r.findings.map((f) => f.line)).toEqual([
      'EHLO client.test',
      MAIL,
      RCPT,
      'DATA',
      undefined,
      'QUIT',
    ]);
    expect(r.findings[4]!.detail).toBe('2 LF without CR in the message text');
    expect(r).toMatchObject({ mistakes: 6, counts: { 'bare-lf': 6 }, quit: true, messages: 1 });
  });

  it('a text ended by <LF>.<LF> never ends: the client gives up and closes', async () => {
    await startLab({ world: { bareLf: 'accept' } });
    const c = await greeted();
    await send(c, 'EHLO client.test\n', 2);
    await send(c, `${MAIL}\n`, 3);
    await send(c, `${RCPT}\n`, 4);
    await send(c, 'DATA\n', 5);
    c.write('Subject: lab\n\nhello\n.\n');
    // No reply comes (the server is still reading text); the client closes.
    await new Promise((r) => setTimeout(r, 200));
    expect(codes(c.received)).toEqual([220, 250, 250, 250, 354]);
    c.socket.end();

    const r = await report();
    expect(judged(r)).toEqual([
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['bare-lf', 'RFC 5321 §2.3.8'],
      ['unfinished', 'RFC 5321 §4.1.1.4'],
      ['no-quit', 'RFC 5321 §4.1.1.10'],
    ]);
    expect(r.quit).toBe(false);
  });

  it('bare CR in a command line and in the text', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await send(c, `${MAIL}\r\r\n`, 3);
    await send(c, `${RCPT}\r\n`, 4);
    await send(c, 'DATA\r\n', 5);
    await send(c, 'Subject: lab\r\n\r\nold\rMac\r\n.\r\n', 6);
    await send(c, 'QUIT\r\n', 7);

    const r = await report();
    expect(judged(r)).toEqual([
      ['bare-cr', 'RFC 5321 §2.3.8'],
      ['bare-cr', 'RFC 5321 §2.3.8'],
    ]);
    expect(r.findings[0]!.line).toBe(`${MAIL}<CR>`);
    expect(r.findings[1]!.detail).toBe('1 CR without LF in the message text');
  });

  it('sending before the greeting', async () => {
    await startLab();
    const c = await open();
    // Written on connect, well before the greeting's wait is over.
    c.write('EHLO client.test\r\n');
    await c.replies(2);
    expect(await send(c, 'QUIT\r\n', 3)).toEqual([220, 250, 221]);

    const r = await report();
    expect(judged(r)).toEqual([['before-greeting', 'RFC 5321 §4.3.1']]);
    expect(r.findings[0]).toMatchObject({
      line: 'EHLO client.test',
      detail: '18 octets arrived before the greeting was sent',
    });
  });

  it('no EHLO before the mail transaction', async () => {
    await startLab();
    const c = await greeted();
    await send(c, `${MAIL}\r\n`, 2);
    await send(c, `${RCPT}\r\n`, 3);
    expect(await send(c, 'QUIT\r\n', 4)).toEqual([220, 503, 503, 221]);

    const r = await report();
    expect(judged(r)).toEqual([
      ['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4'],
      ['no-hello', 'RFC 5321 §4.1.1.1, §4.1.4'],
    ]);
    expect(r.findings.map((f) => f.line)).toEqual([MAIL, RCPT]);
  });

  it('a malformed EHLO (no domain)', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO\r\n', 2);
    await send(c, 'HELO client.test\r\n', 3);
    expect(await send(c, 'QUIT\r\n', 4)).toEqual([220, 501, 250, 221]);

    const r = await report();
    expect(judged(r)).toEqual([['bad-hello', 'RFC 5321 §4.1.1.1']]);
    expect(r.client.hello).toBe('client.test');
  });

  it('commands out of sequence (503)', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await send(c, `${RCPT}\r\n`, 3);
    await send(c, 'DATA\r\n', 4);
    await send(c, `${MAIL}\r\n`, 5);
    await send(c, `${MAIL}\r\n`, 6);
    expect(await send(c, 'QUIT\r\n', 7)).toEqual([220, 250, 503, 503, 250, 503, 221]);

    const r = await report();
    expect(judged(r)).toEqual([
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
      ['out-of-sequence', 'RFC 5321 §4.1.4, §3.3'],
    ]);
    expect(r.findings.map((f) => f.line)).toEqual([RCPT, 'DATA', MAIL]);
  });

  it('pipelining when PIPELINING was not offered (after HELO)', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'HELO client.test\r\n', 2);
    // Three commands in one write: the client did not wait for MAIL's and RCPT's replies.
    await send(c, `${MAIL}\r\n${RCPT}\r\nDATA\r\n`, 5);
    // The text and QUIT together: QUIT did not wait for the text's reply.
    expect(await send(c, 'Subject: lab\r\n\r\nhi\r\n.\r\nQUIT\r\n', 7)).toEqual([
      220, 250, 250, 250, 354, 250, 221,
    ]);

    const r = await report();
    expect(judged(r)).toEqual([
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
      ['pipelining-not-offered', 'RFC 5321 §4.3.1, RFC 2920 §3'],
    ]);
    expect(r.findings.map((f) => f.detail)).toEqual([
      `more was sent before the reply to "${MAIL}"`,
      `more was sent before the reply to "${RCPT}"`,
      'more was sent before the reply to the message text',
    ]);
  });

  it('with PIPELINING, DATA not last in its group (the text did not wait for 354)', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    // MAIL and RCPT may be pipelined; DATA must end the group.
    await send(c, `${MAIL}\r\n${RCPT}\r\nDATA\r\nSubject: lab\r\n\r\nhi\r\n.\r\n`, 6);
    expect(await send(c, 'QUIT\r\n', 7)).toEqual([220, 250, 250, 250, 354, 250, 221]);

    const r = await report();
    expect(judged(r)).toEqual([['group-not-ended', 'RFC 2920 §3.1']]);
    expect(r.findings[0]!.line).toBe('DATA');
  });

  it('a leading dot not doubled in the text', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await send(c, `${MAIL}\r\n`, 3);
    await send(c, `${RCPT}\r\n`, 4);
    await send(c, 'DATA\r\n', 5);
    // ".hidden" was not stuffed (the server drops its dot); "..kept" was, correctly.
    await send(c, 'Subject: lab\r\n\r\n.hidden\r\n..kept\r\n.\r\n', 6);
    await send(c, 'QUIT\r\n', 7);

    const r = await report();
    expect(judged(r)).toEqual([['unstuffed-dot', 'RFC 5321 §4.5.2']]);
    expect(r.findings[0]!.detail).toMatch(/^1 line\(s\) of the text began with a single "\."/);
  });

  it('closing without QUIT', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    c.socket.end();

    const r = await report();
    expect(judged(r)).toEqual([['no-quit', 'RFC 5321 §4.1.1.10']]);
    expect(r).toMatchObject({ quit: false, commands: 1, client: { hello: 'client.test' } });
  });

  it('an over-long command line and an unknown command', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await send(c, `NOOP ${'x'.repeat(600)}\r\n`, 3);
    await send(c, 'HELLO there\r\n', 4);
    expect(await send(c, 'QUIT\r\n', 5)).toEqual([220, 250, 500, 500, 221]);

    const r = await report();
    expect(judged(r)).toEqual([
      ['line-too-long', 'RFC 5321 §4.5.3.1.4'],
      ['unknown-command', 'RFC 5321 §4.1.1, §4.2.4'],
    ]);
    expect(r.findings[0]!.detail).toBe('(a line of 607 octets)');
    expect(r.findings[1]!.line).toBe('HELLO there');
  });

  it('writes the summary line and logs the report', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await send(c, 'NOOP\n', 3);
    c.socket.end();
    const r = await report();
    const file = reportFiles()[0]!;
    expect(file).toMatch(/^\d{8}T\d{9}Z-1\.json$/);
    expect(r).toMatchObject({ format: 'smtp-simulator-lab-session', version: 1, connection: 1 });
    const summary = readFileSync(join(lab.dir, SUMMARY_FILE), 'utf8');
    expect(summary).toBe(
      [
        r.started,
        '#1',
        '127.0.0.1',
        'client.test',
        '2 mistakes: bare-lf (RFC 5321 §2.3.8), no-quit (RFC 5321 §4.1.1.10)',
        file,
      ].join('\t') + '\n',
    );
    expect(lab.events).toEqual([
      {
        event: 'lab-report',
        connection: 1,
        file: join(lab.dir, file),
        mistakes: 2,
        kinds: ['bare-lf', 'no-quit'],
      },
    ]);
    expect(lab.warnings).toEqual([]);
  });

  it('a report that cannot be written is warned about; the session goes on', async () => {
    await startLab();
    const c = await greeted();
    rmSync(lab.dir, { recursive: true, force: true });
    await send(c, 'EHLO client.test\r\n', 2);
    expect(await send(c, 'QUIT\r\n', 3)).toEqual([220, 250, 221]);
    expect(lab.warnings).toHaveLength(1);
    expect(lab.warnings[0]).toMatch(
      /^bridge: lab report for connection 1 abandoned \(writing it\): ENOENT/,
    );
    expect(lab.events).toEqual([]);
  });

  it('a session the bridge closes at shutdown owes no QUIT', async () => {
    await startLab();
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await lab.tb!.stop();
    lab.tb = null;
    const r = await report();
    expect(r.mistakes).toBe(0);
  });
});

describe('lab mode: time limits', () => {
  it('a command line never ended: the server times out', async () => {
    await startLab({ idleSeconds: 0.6 });
    const c = await greeted();
    c.write('EHLO client.test');
    await c.waitClosed(3000);
    expect(codes(c.received)).toEqual([220, 421]);

    const r = await report();
    expect(judged(r)).toEqual([['unfinished', 'RFC 5321 §4.1.1, §2.3.8']]);
    expect(r.findings[0]!.detail).toBe('16 octets were sent without a <CRLF> after them');
  });

  it('a client that stops talking: idle', async () => {
    await startLab({ idleSeconds: 0.6 });
    const c = await greeted();
    await send(c, 'EHLO client.test\r\n', 2);
    await c.waitClosed(3000);

    const r = await report();
    expect(judged(r)).toEqual([['idle', 'RFC 5321 §4.5.3.2.7']]);
  });
});
