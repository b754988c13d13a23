/**
 * `npm run check-server` against servers that exist outside this test: the
 * project's own bridge and Nodemailer's smtp-server, on 127.0.0.1 (ports
 * chosen by the system); then a port nobody listens on, and bad usage.
 * The servers written here line by line are in check-server-scripted-servers.test.ts.
 */
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from './helpers.ts';
import { RUN_MS, check, checks, closeAfterAll, report } from './check-server-harness.ts';

async function bridge(options: Parameters<typeof startTestBridge>[0] = {}): Promise<TestBridge> {
  const tb = await startTestBridge(options);
  closeAfterAll(() => tb.stop());
  return tb;
}

/**
 * The checks against live servers run concurrently: each spends most of its
 * time waiting (every run watches six times for 0.5 s for replies that must
 * not come), about 3 s; each has its own server on its own port.
 */
describe.concurrent('check-server against live servers', () => {
  describe('check-server against the project bridge', () => {
    it(
      'finds no deviation in the default bridge, exit 0; the dots did come out',
      async () => {
        // The default world refuses a command line a bare LF ended (RFC 5321 §2.3.8).
        const tb = await bridge();
        const run = await check(`127.0.0.1:${tb.port}`);
        expect(run.err).toBe('');
        expect(run.code).toBe(0);
        expect(run.out).toMatch(
          /^check-server 127\.0\.0\.1:\d+ \(relay profile\): 6 sessions, \d+ steps passed, 0 deviations, 1 note\n/,
        );
        // The one note: transparency cannot be read back from outside. Here it can, from the spool:
        // the doubled periods were removed (§4.5.2), and the <LF>.<LF> text kept whole (§4.1.1.4).
        expect(run.out).toContain('it offers no way to read the message back');
        const texts = tb.files().map((f) => tb.read(f).toString('latin1').split('\r\n\r\n')[1]);
        expect(texts).toHaveLength(2);
        expect(texts[0]).toBe(
          'The next lines start with a period; the checker doubled each one.\r\n' +
            '.\r\n.hidden\r\n..\r\nEnd.\r\n',
        );
        expect(texts[1]).toBe('first line\n.\nsecond line\r\n');
      },
      RUN_MS,
    );

    it(
      'finds that a bridge whose world takes bare LF ends a command line with it',
      async () => {
        const tb = await bridge({ world: { bareLf: 'accept' } });
        const r = await report(`127.0.0.1:${tb.port}`);
        expect(r.code).toBe(1);
        // "NOOP<LF>NOOP<CRLF>" got two 250s: World.bareLf 'accept' (a setting, noted in the transcript)
        // carries out a line a LF alone ended, which RFC 5321 §2.3.8 forbids.
        expect(r.deviations).toEqual([
          expect.objectContaining({
            check: 'bare-lf-command',
            rfc: 'RFC 5321 §2.3.8',
            level: 'MUST',
            session: 'opening',
            sent: 'NOOP<LF>NOOP',
            got: '250 2.0.0 OK, then 250 2.0.0 OK',
          }),
        ]);
        expect(checks(r.notes)).toEqual(['dot-stuffing']);
      },
      RUN_MS,
    );

    it(
      'checks a submission port: 530 to MAIL before AUTH is right, the transaction checks are skipped',
      async () => {
        const tb = await bridge({ profile: 'submission' });
        const r = await report(`127.0.0.1:${tb.port}`, '--profile', 'submission');
        expect(r.deviations).toEqual([]);
        expect(r.code).toBe(0);
        expect(r.sessions).toBe(3);
        // The bridge's submission profile also wants AUTH for VRFY (RFC 4954 §6 allows 530 there).
        expect(checks(r.notes)).toEqual([
          'vrfy',
          'long-line',
          'vrfy-before-ehlo',
          'data-no-rcpt',
          'rset-clears',
          'dot-stuffing',
          'lf-dot-lf',
          'recipients-100',
        ]);
        expect(r.notes.find((n) => n.check === 'recipients-100')!.got).toBe(
          'not checked: the submission profile needs AUTH before MAIL, and the checker has no credentials',
        );
      },
      RUN_MS,
    );
  });

  describe("check-server against Nodemailer's smtp-server", () => {
    function smtpServer(options: SMTPServerOptions): Promise<number> {
      const server = new SMTPServer({
        logger: false,
        onData: (stream, _session, callback) => {
          stream.resume();
          stream.on('end', () => callback());
        },
        ...options,
      });
      closeAfterAll(() => new Promise((resolve) => server.close(() => resolve())));
      return new Promise((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
      );
    }

    it(
      'as an open relay-like server: one deviation, the bare LF',
      async () => {
        const port = await smtpServer({
          name: 'mail.example.test',
          authOptional: true,
          disabledCommands: ['STARTTLS', 'AUTH'],
        });
        const r = await report(`127.0.0.1:${port}`);
        expect(r.code).toBe(1);
        // smtp-server's line splitter cuts command lines at /\r?\n/, so "NOOP<LF>NOOP<CRLF>"
        // is two NOOPs, two 250s: RFC 5321 §2.3.8, "Conforming implementations MUST NOT
        // recognize or generate any other character or character sequence as a line terminator."
        expect(r.deviations).toEqual([
          expect.objectContaining({
            check: 'bare-lf-command',
            sent: 'NOOP<LF>NOOP',
            got: '250 OK, then 250 OK',
          }),
        ]);
        // Its command lines may be 16 KB, so the 610-octet NOOP gets 250: allowed, as RFC 5321
        // §4.5.3.1 wants no fixed limits where possible. And what it did with the dots is not
        // visible from outside.
        expect(checks(r.notes)).toEqual(['long-line', 'dot-stuffing']);
        expect(r.sessions).toBe(6);
      },
      RUN_MS,
    );

    it(
      'with its defaults (AUTH required) on a submission port: again only the bare LF',
      async () => {
        const port = await smtpServer({ name: 'mail.example.test' });
        const r = await report(`127.0.0.1:${port}`, '--profile', 'submission');
        expect(checks(r.deviations)).toEqual(['bare-lf-command']);
        // MAIL before AUTH got 530 (RFC 6409 §4.3): passed. RCPT and DATA out of order got 530
        // rather than 503: RFC 4954 §6 gives 530 to any command but AUTH, EHLO, HELO, NOOP, RSET
        // and QUIT while authentication is required, so those are notes.
        expect(checks(r.notes)).toEqual([
          'long-line',
          'rcpt-before-mail',
          'data-before-mail',
          'data-no-rcpt',
          'rset-clears',
          'dot-stuffing',
          'lf-dot-lf',
          'recipients-100',
        ]);
        expect(r.notes[1]!.got).toBe(
          '530 Error: authentication Required: the server wants AUTH first (RFC 4954 §6 gives 530 for that)',
        );
      },
      RUN_MS,
    );
  });
});

/** After the concurrent checks: no other test may take the port freed here. */
describe('check-server: no connection, usage', () => {
  it('exits 2 when nothing listens on the port', async () => {
    const server = createServer();
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await check(`127.0.0.1:${port}`, '--timeout', '3');
    expect(run).toEqual({
      code: 2,
      out: '',
      err: `check-server: cannot connect to 127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}\n`,
    });
  });

  it.each([
    [[]],
    [['localhost']],
    [['127.0.0.1:0']],
    [['127.0.0.1:25', '--profile', 'lmtp']],
    [['127.0.0.1:25', '--rcpt', 'bob@example.test>\r\nDATA']],
    [['127.0.0.1:25', '--timeout', '0']],
    [['127.0.0.1:25', '--bogus']],
  ])('exits 2 on bad usage: %j', async (argv) => {
    const run = await check(...argv);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(/\nusage: npm run check-server -- HOST:PORT /);
  });

  it('prints help, exit 0', async () => {
    const run = await check('--help');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^usage: npm run check-server -- HOST:PORT/);
    expect(run.out).toContain('--profile');
  });
});
