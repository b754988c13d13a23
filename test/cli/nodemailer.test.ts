import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBridge, withTimeout, type TestBridge } from './helpers.ts';

let tb: TestBridge;
beforeEach(async () => {
  tb = await startTestBridge();
});
afterEach(async () => {
  await tb.stop();
});

const RECIPIENTS = ['bob@example.test', 'postmaster@example.test', 'alice@example.test'];
/** Lines a naive server would mangle: leading dots (RFC 5321 §4.5.2) and 8-bit text. */
const TRICKY = ['.hidden', '..two dots', '.', '...', 'Grüße, ünïcödé ✓', 'last line'];

function transport(port: number) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    name: 'client.test',
  });
}

/** Splits a spooled file at the end of the trace the session recorded for it. */
function splitSpooled(file: Buffer, trace: string) {
  const traceBytes = Buffer.from(trace, 'utf8');
  expect(file.subarray(0, traceBytes.length).equals(traceBytes)).toBe(true);
  return file.subarray(traceBytes.length);
}

function expectTrace(text: string, id: string) {
  expect(text).toMatch(
    new RegExp(
      '^Return-Path: <alice@example\\.test>\\r\\n' +
        'Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\\r\\n' +
        `\\tby mail\\.example\\.test with ESMTP id ${id};\\r\\n` +
        '\\t\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\\r\\n',
    ),
  );
}

describe('bridge with Nodemailer', () => {
  it('delivers an 8-bit message with dot-leading lines, byte for byte', async () => {
    // Nodemailer 10 always encodes a composed text/* part as quoted-printable or
    // base64 (its textEncoding is 'Q' or 'B'), so the 8-bit message is given as
    // `raw`: Nodemailer still dot-stuffs it on the wire, and BODY=8BITMIME is
    // asked for through the envelope.
    const raw = Buffer.from(
      [
        'From: Alice <alice@example.test>',
        `To: ${RECIPIENTS.join(', ')}`,
        'Subject: Grüße',
        'Message-ID: <raw-1@client.test>',
        'Date: Sun, 1 Mar 2026 10:00:00 +0000',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        ...TRICKY,
        '',
      ].join('\r\n'),
      'utf8',
    );
    const info = await withTimeout(
      transport(tb.port).sendMail({
        // use8BitMime is read by Nodemailer's SMTP connection but missing from its types.
        envelope: { from: 'alice@example.test', to: RECIPIENTS, use8BitMime: true } as {
          from: string;
          to: string[];
        },
        raw,
      }),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(RECIPIENTS);
    expect(info.rejected).toEqual([]);

    // What the session saw: EHLO offered 8BITMIME, MAIL asked for it, dots were stuffed.
    const session = tb.sessions[0]!;
    const wire = session.transcript.flatMap((e) => (e.kind === 'server' ? [e.wire] : []));
    const ehlo = wire.find((w) => w.startsWith('250-mail.example.test greets client.test'));
    expect(ehlo).toContain('250-8BITMIME\r\n');
    const said = session.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said).toContain('EHLO client.test');
    expect(said.find((t) => t.startsWith('MAIL FROM:'))).toMatch(
      /^MAIL FROM:<alice@example\.test> BODY=8BITMIME( SIZE=\d+)?$/,
    );
    const content = session.transcript.find((e) => e.kind === 'content');
    expect(content).toMatchObject({ unstuffed: 4, bareLfLines: 0 });

    const [file] = tb.files();
    expect(tb.files()).toHaveLength(1);
    const spooled = tb.read(file!);
    const delivery = session.mailbox[0]!;
    expectTrace(spooled.toString('utf8'), delivery.id);
    const body = splitSpooled(spooled, delivery.trace);
    expect(body.equals(raw)).toBe(true);
    expect(body.equals(Buffer.from(delivery.content))).toBe(true);
    // The tricky lines, as bytes, exactly once each.
    expect(body.includes(Buffer.from('\r\n.hidden\r\n..two dots\r\n.\r\n...\r\n'))).toBe(true);
    expect(body.includes(Buffer.from('Grüße, ünïcödé ✓\r\n', 'utf8'))).toBe(true);

    expect(tb.logs).toEqual([
      {
        event: 'delivered',
        id: delivery.id,
        file: join(tb.spool, file!),
        from: '<alice@example.test>',
        to: RECIPIENTS.map((r) => `<${r}>`),
        size: raw.length,
        client: '127.0.0.1',
      },
    ]);
  });

  it('delivers a composed message exactly as Nodemailer built it', async () => {
    const mail = {
      from: 'Alice <alice@example.test>',
      to: RECIPIENTS,
      subject: 'Dots and ünïcödé',
      text: `${TRICKY.join('\n')}\n`,
      messageId: '<composed-1@client.test>',
      date: new Date('2026-03-01T10:00:00Z'),
    };
    // The same message built without SMTP: what Nodemailer sends before dot-stuffing.
    const built = await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      .sendMail(mail);
    const expected = built.message as Buffer;

    const info = await withTimeout(transport(tb.port).sendMail(mail), 10_000, 'sendMail');
    expect(info.accepted).toEqual(RECIPIENTS);
    expect(info.response).toMatch(/^250 2\.0\.0 OK: queued as /);

    const delivery = tb.sessions[0]!.mailbox[0]!;
    const spooled = tb.read(tb.files()[0]!);
    expectTrace(spooled.toString('utf8'), delivery.id);
    const body = splitSpooled(spooled, delivery.trace);
    expect(body.toString('latin1')).toBe(expected.toString('latin1'));
    // Quoted-printable leaves the dot lines as they are.
    expect(body.includes(Buffer.from('\r\n.hidden\r\n..two dots\r\n.\r\n...\r\n'))).toBe(true);
    expect(tb.logs).toHaveLength(1);
    expect(tb.logs[0]).toMatchObject({ event: 'delivered', size: expected.length });
  });
});
