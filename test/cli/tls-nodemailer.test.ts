/**
 * Nodemailer against the bridge's submission profiles: STARTTLS + AUTH on the
 * 587 profile (RFC 6409, RFC 3207, RFC 4954), implicit TLS on the 465 profile
 * (RFC 8314), with real TLS and the self-signed certificate made at start.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestBridge, withTimeout, type TestBridge } from './helpers.ts';

let tb: TestBridge;
beforeAll(async () => {
  tb = await startTestBridge({
    listen: [
      { port: 0, profile: 'submission' },
      { port: 0, profile: 'submissions' },
    ],
  });
});
afterAll(async () => {
  await tb.stop();
});
let seen = 0;
beforeEach(() => {
  // One bridge for the file: each test looks only at what it added.
  seen = tb.sessions.length;
});

const MAIL = {
  from: 'Alice <alice@example.test>',
  to: 'bob@example.test',
  subject: 'Submitted',
  text: 'Sent over TLS, after AUTH.\n.leading dot\n',
  messageId: '<tls-1@client.test>',
  date: new Date('2026-03-01T10:00:00Z'),
};

function transport(options: SMTPTransport.Options) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    name: 'client.test',
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 5000,
    ...options,
  });
}

function submission(auth?: { user: string; pass: string }) {
  return transport({
    port: tb.portOf('submission'),
    secure: false,
    requireTLS: true,
    ...(auth ? { auth, authMethod: 'PLAIN' } : {}),
    tls: { rejectUnauthorized: false },
  });
}

/** What the client said in the sessions this test opened. */
function said(): string[] {
  return tb.sessions
    .slice(seen)
    .flatMap((s) => s.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : [])));
}

/** The newest spooled file whose trace names `id`. */
function spooled(id: string): string {
  const file = tb.files().find((f) => f.endsWith(`-${id}.eml`));
  expect(file).toBeDefined();
  return tb.read(file!).toString('utf8');
}

describe('bridge TLS with Nodemailer', () => {
  it('submits with STARTTLS and AUTH PLAIN on the submission profile', async () => {
    const expected = (
      await nodemailer
        .createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
        .sendMail(MAIL)
    ).message as Buffer;
    const info = await withTimeout(
      submission({ user: 'alice', pass: 'wonderland' }).sendMail(MAIL),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(['bob@example.test']);
    expect(info.response).toMatch(/^250 2\.0\.0 OK: queued as /);

    const session = tb.sessions[seen]!;
    // Nodemailer's QUIT may come after sendMail has resolved.
    expect(said().slice(0, 7)).toEqual([
      'EHLO client.test',
      'STARTTLS',
      'EHLO client.test',
      `AUTH PLAIN ${Buffer.from('\0alice\0wonderland').toString('base64')}`,
      expect.stringMatching(/^MAIL FROM:<alice@example\.test>/),
      'RCPT TO:<bob@example.test>',
      'DATA',
    ]);
    expect(session.tls).toMatchObject({
      protocol: 'TLSv1.3',
      certificate: 'CN=mail.example.test',
      simulated: false,
    });
    const delivery = session.mailbox[0]!;
    const eml = spooled(delivery.id);
    expect(eml).toMatch(
      new RegExp(
        '^Return-Path: <alice@example\\.test>\\r\\n' +
          'Received: from client\\.test \\(\\[127\\.0\\.0\\.1\\]\\)\\r\\n' +
          `\\tby mail\\.example\\.test with ESMTPSA id ${delivery.id.replace('.', '\\.')}`,
      ),
    );
    expect(
      Buffer.from(eml, 'utf8').subarray(Buffer.byteLength(delivery.trace)).equals(expected),
    ).toBe(true);
  });

  it('fails with 535 on a wrong password', async () => {
    const error = await withTimeout(
      submission({ user: 'alice', pass: 'looking-glass' }).sendMail(MAIL),
      10_000,
      'sendMail',
    ).then(
      () => null,
      (e: unknown) => e as { code?: string; responseCode?: number; response?: string },
    );
    expect(error).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(error!.response).toMatch(/^535 5\.7\.8 /);
    expect(said().some((t) => t.startsWith('MAIL'))).toBe(false);
  });

  it('fails with 530 when it sends mail without AUTH', async () => {
    const before = tb.files().length;
    const error = await withTimeout(submission().sendMail(MAIL), 10_000, 'sendMail').then(
      () => null,
      (e: unknown) => e as { responseCode?: number; response?: string },
    );
    expect(error).toMatchObject({ responseCode: 530 });
    expect(error!.response).toMatch(/^530 5\.7\.0 /);
    expect(said()).toContain('STARTTLS'); // under TLS, and still refused without AUTH
    expect(tb.files()).toHaveLength(before);
  });

  it('submits over implicit TLS on the submissions profile', async () => {
    const info = await withTimeout(
      transport({
        port: tb.portOf('submissions'),
        secure: true,
        auth: { user: 'bob', pass: 'builder' },
        authMethod: 'PLAIN',
        tls: { rejectUnauthorized: false },
      }).sendMail({ ...MAIL, from: 'bob@example.test', to: 'alice@example.test' }),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(['alice@example.test']);
    const session = tb.sessions[seen]!;
    expect(said()).not.toContain('STARTTLS');
    expect(said()[0]).toBe('EHLO client.test');
    expect(session.tls).toMatchObject({ simulated: false, certificate: 'CN=mail.example.test' });
    const eml = spooled(session.mailbox[0]!.id);
    expect(eml).toMatch(/^Return-Path: <bob@example\.test>\r\n/);
    expect(eml).toContain('\tby mail.example.test with ESMTPSA id ');
  });

  it('verifies the certificate when told to trust it', async () => {
    const info = await withTimeout(
      transport({
        port: tb.portOf('submissions'),
        secure: true,
        auth: { user: 'alice', pass: 'wonderland' },
        tls: { ca: tb.bridge.certificate!.pem, servername: 'localhost' },
      }).sendMail(MAIL),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(['bob@example.test']);
  });
});
