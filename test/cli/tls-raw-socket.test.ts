/**
 * Real TLS on the bridge, from a raw socket: STARTTLS (RFC 3207) on the
 * submission profile, implicit TLS (RFC 8314 §3.3) on submissions, and the
 * command-injection case of RFC 3207 §4 / RFC 8314 Appendix A.
 */
import { X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RawClient,
  codes,
  finalLines,
  startTestBridge,
  until,
  type TestBridge,
} from './helpers.ts';

let tb: TestBridge;
const clients: RawClient[] = [];

beforeEach(async () => {
  tb = await startTestBridge({
    listen: [
      { port: 0, profile: 'submission' },
      { port: 0, profile: 'submissions' },
      { port: 0, profile: 'relay' },
      { port: 0 },
    ],
  });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await tb.stop();
});

async function open(port: number): Promise<RawClient> {
  const c = await RawClient.open(port);
  clients.push(c);
  return c;
}

/** Waits `ms` and checks that nothing more arrived. */
async function quiet(c: RawClient, ms = 200): Promise<void> {
  const before = c.received;
  await new Promise((r) => setTimeout(r, ms));
  expect(c.received).toBe(before);
}

/** The EHLO keywords of the last multiline 250 reply in `text`. */
function keywords(text: string): string[] {
  const lines = text.split('\r\n').filter((l) => /^250[- ]/.test(l));
  return lines.slice(1).map((l) => l.slice(4).split(' ')[0]!);
}

const PLAIN = Buffer.from('\0alice\0wonderland').toString('base64');

describe('bridge TLS over a raw socket', () => {
  it('lists the ports with their profiles and one certificate for all', () => {
    expect(tb.bridge.listeners.map((l) => [l.profile, l.tls])).toEqual([
      ['submission', 'starttls'],
      ['submissions', 'implicit'],
      ['relay', 'starttls'],
      [null, 'none'],
    ]);
    expect(new Set(tb.bridge.listeners.map((l) => l.port)).size).toBe(4);
    const cert = new X509Certificate(tb.bridge.certificate!.pem);
    expect(cert.subject).toBe('CN=mail.example.test');
    expect(cert.issuer).toBe('CN=mail.example.test');
    expect(cert.subjectAltName).toBe(
      'DNS:mail.example.test, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(tb.bridge.certificate!.fingerprint256).toBe(cert.fingerprint256);
  });

  it('discards plaintext pipelined after STARTTLS; EHLO again under TLS offers AUTH, not STARTTLS', async () => {
    const c = await open(tb.portOf('submission'));
    await c.replies(1);
    c.write('EHLO client.test\r\n');
    await c.replies(2);
    expect(keywords(c.received)).toContain('STARTTLS');
    expect(keywords(c.received)).not.toContain('AUTH'); // RFC 4954 §4: only under TLS here
    // The injection of RFC 8314 Appendix A: a command in the same packet as STARTTLS.
    c.write('STARTTLS\r\nMAIL FROM:<x@y.test>\r\n');
    const replies = await c.replies(3);
    expect(replies[2]).toBe('220 2.0.0 Ready to start TLS');
    await quiet(c);
    expect(codes(c.received)).toEqual([220, 250, 220]);

    const t = await c.startTls();
    clients.push(t);
    expect(t.tlsSocket.getPeerCertificate().subject).toMatchObject({ CN: 'mail.example.test' });
    // Still nothing: the MAIL is not answered inside TLS either.
    await quiet(t);
    expect(t.received).toBe('');
    t.write('EHLO client.test\r\n');
    await t.replies(1);
    expect(t.received).toMatch(/^250-mail\.example\.test greets client\.test\r\n/);
    expect(keywords(t.received)).not.toContain('STARTTLS');
    expect(t.received).toContain('\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n');

    const session = tb.sessions[0]!;
    const said = session.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said).toEqual(['EHLO client.test', 'STARTTLS', 'EHLO client.test']);
    expect(session.transcript).toContainEqual(
      expect.objectContaining({ kind: 'note', rfc: 'RFC 3207 §4' }),
    );
    expect(session.tls).toEqual({
      protocol: t.tlsSocket.getProtocol(),
      cipher: t.tlsSocket.getCipher().standardName,
      certificate: 'CN=mail.example.test',
      simulated: false,
    });

    // Submission: AUTH before MAIL (RFC 6409 §4.3), then a message.
    t.write('MAIL FROM:<alice@example.test>\r\n');
    expect((await t.replies(2))[1]).toMatch(/^530 5\.7\.0 /);
    t.write(`AUTH PLAIN ${PLAIN}\r\n`);
    expect((await t.replies(3))[2]).toMatch(/^235 2\.7\.0 /);
    t.write(
      'MAIL FROM:<alice@example.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n' +
        'Subject: over TLS\r\n\r\nsecret\r\n.\r\nQUIT\r\n',
    );
    await t.waitClosed();
    expect(codes(t.received)).toEqual([250, 530, 235, 250, 250, 354, 250, 221]);
    const eml = tb.read(tb.files()[0]!).toString('latin1');
    expect(eml).toMatch(/\r\n\tby mail\.example\.test with ESMTPSA id /);
    expect(eml.endsWith('\r\nSubject: over TLS\r\n\r\nsecret\r\n')).toBe(true);
    expect(tb.warnings).toEqual([]);
  });

  it('trusts the certificate as a CA for localhost', async () => {
    const c = await open(tb.portOf('relay'));
    c.write('EHLO client.test\r\nSTARTTLS\r\n');
    await c.replies(3);
    const t = await c.startTls(tb.bridge.certificate!.pem);
    clients.push(t);
    expect(t.tlsSocket.authorized).toBe(true);
    t.write('EHLO client.test\r\nQUIT\r\n');
    await t.waitClosed();
    expect(codes(t.received)).toEqual([250, 221]);
  });

  it('never reads plaintext sent after 220 as commands: the handshake fails and the connection closes', async () => {
    const c = await open(tb.portOf('submission'));
    c.write('EHLO client.test\r\nSTARTTLS\r\n');
    await c.replies(3);
    // A client (or an attacker in the path) that goes on in plaintext.
    c.write('MAIL FROM:<x@y.test>\r\nRCPT TO:<bob@example.test>\r\n');
    await c.waitClosed();
    expect(codes(c.received)).toEqual([220, 250, 220]);
    const said = tb.sessions[0]!.transcript.flatMap((e) => (e.kind === 'client' ? [e.text] : []));
    expect(said).toEqual(['EHLO client.test', 'STARTTLS']);
    await until(() => tb.warnings.length > 0, 2000, 'the handshake warning');
    expect(tb.warnings[0]).toMatch(/^bridge: TLS handshake with 127\.0\.0\.1 failed: /);
    await until(() => tb.bridge.connections() === 0, 3000, 'the connection to be released');
  });

  it('speaks TLS from the first byte on the submissions port (RFC 8314 §3.3)', async () => {
    const t = await RawClient.openTls(tb.portOf('submissions'));
    clients.push(t);
    const [greeting] = await t.replies(1);
    expect(greeting).toMatch(/^220 mail\.example\.test /);
    t.write('EHLO client.test\r\n');
    await t.replies(2);
    expect(keywords(t.received)).not.toContain('STARTTLS');
    expect(keywords(t.received)).toContain('AUTH');
    t.write('STARTTLS\r\n');
    const replies = await t.replies(3);
    expect(replies[2]).toMatch(/^5\d\d /); // not offered: TLS is already on
    expect(tb.sessions[0]!.tls).toMatchObject({
      simulated: false,
      certificate: 'CN=mail.example.test',
    });
  });

  it('greets nobody in plaintext on the submissions port', async () => {
    const c = await open(tb.portOf('submissions'));
    c.write('EHLO client.test\r\n');
    await c.waitClosed();
    expect(c.received).toBe('');
    expect(tb.sessions).toEqual([]);
  });

  it('offers no STARTTLS on a port without a profile', async () => {
    const c = await open(tb.portOf(null));
    c.write('EHLO client.test\r\nSTARTTLS\r\nQUIT\r\n');
    await c.waitClosed();
    expect(keywords(c.received)).not.toContain('STARTTLS');
    expect(finalLines(c.received)[2]).toMatch(/^5\d\d /);
  });

  it('says 421 inside TLS when it shuts down', async () => {
    const c = await open(tb.portOf('submission'));
    c.write('EHLO client.test\r\nSTARTTLS\r\n');
    await c.replies(3);
    const t = await c.startTls();
    clients.push(t);
    t.write('EHLO client.test\r\n');
    await t.replies(1);
    const closed = tb.bridge.close();
    await t.waitClosed();
    await closed;
    expect(codes(t.received)).toEqual([250, 421]);
    expect(t.received).toMatch(/\r\n421 4\.3\.2 mail\.example\.test Service shutting down/);
  });
});

describe('bridge TLS idle timeout', () => {
  it('closes an idle TLS session with 421 inside TLS', async () => {
    const idle = await startTestBridge({
      listen: [{ port: 0, profile: 'submission' }],
      idleSeconds: 0.3,
    });
    try {
      const c = await RawClient.open(idle.port);
      clients.push(c);
      c.write('EHLO client.test\r\nSTARTTLS\r\n');
      await c.replies(3);
      const t = await c.startTls();
      clients.push(t);
      await t.waitClosed();
      expect(codes(t.received)).toEqual([421]);
      expect(t.received).toMatch(/^421 4\.4\.2 mail\.example\.test Timeout exceeded/);
    } finally {
      await idle.stop();
    }
  });
});

describe('bridge options over profiles', () => {
  it('caps connections over all ports; the refusal on the implicit-TLS port is inside TLS', async () => {
    const capped = await startTestBridge({
      listen: [
        { port: 0, profile: 'relay' },
        { port: 0, profile: 'submissions' },
      ],
      maxConnections: 1,
    });
    try {
      const first = await RawClient.open(capped.portOf('relay'));
      clients.push(first);
      await first.replies(1);
      const second = await RawClient.openTls(capped.portOf('submissions'));
      clients.push(second);
      await second.waitClosed();
      expect(second.received).toBe(
        '421 mail.example.test Too many connections, closing transmission channel\r\n', // the greeting: no enhanced code (RFC 2034 §3 (4))
      );
      expect(capped.bridge.connections()).toBe(1);
    } finally {
      await capped.stop();
    }
  });

  it('applies --max-size over the profile, and the profile over the default world', async () => {
    const small = await startTestBridge({ profile: 'submission', maxSize: 65536 });
    try {
      expect(small.bridge.listeners[0]).toMatchObject({ profile: 'submission', tls: 'starttls' });
      expect(small.bridge.listeners[0]!.world).toMatchObject({
        maxMessageSize: 65536,
        hostname: 'mail.example.test',
        auth: { required: true, requireTls: true },
      });
      const c = await RawClient.open(small.port);
      clients.push(c);
      c.write('EHLO client.test\r\n');
      await c.replies(2);
      expect(c.received).toContain('\r\n250-SIZE 65536\r\n');
      expect(c.received).toContain('\r\n250-STARTTLS\r\n');
    } finally {
      await small.stop();
    }
  });
});
