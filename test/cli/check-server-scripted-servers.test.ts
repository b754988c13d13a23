/**
 * `npm run check-server` against servers written here line by line, on
 * 127.0.0.1 (ports chosen by the system): a deliberately broken one, an old
 * RFC 821 one, one that refuses sessions, a silent one, and one that hangs up.
 * The project's bridge and Nodemailer's smtp-server are in check-server-known-servers.test.ts.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RUN_MS, check, checks, closeAfterAll, report } from './check-server-harness.ts';

function listen(server: Server): Promise<number> {
  closeAfterAll(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of connections.get(server) ?? []) socket.destroy();
      }),
  );
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

type Answer = (line: string, socket: Socket) => string;

/** The open connections of each raw server, destroyed when the test ends. */
const connections = new WeakMap<Server, Set<Socket>>();

/**
 * A raw server: each connection gets its own `answer` from `session()`, called
 * with each line, without its ending; it returns what to write. Lines end at
 * LF (a CR before it dropped), or with `crlf` only at CRLF as RFC 5321 §2.3.8 says.
 */
function rawServer(greeting: string, session: () => Answer, crlf = false): Server {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    const answer = session();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('latin1');
    socket.on('error', () => {});
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = crlf ? '\r\n' : '\n';
      let at: number;
      while ((at = buffer.indexOf(end)) >= 0 && !socket.destroyed) {
        const line = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + end.length);
        const out = answer(line, socket);
        if (out) socket.write(out);
      }
    });
    socket.write(greeting);
  });
  connections.set(server, sockets);
  return server;
}

/**
 * The checks run concurrently: each spends most of its time waiting (every
 * run watches six times for 0.5 s for replies that must not come, a silent
 * server's waits run out), about 3 s, more than 20 s in a row; each has its
 * own server on its own port.
 */
describe.concurrent('check-server against scripted servers', () => {
  /**
   * A small server with a bug at every turn: a greeting whose lines change code,
   * an EHLO reply whose last line ends in a bare LF, 200 to VRFY, 502 to an
   * unknown verb, lines cut at LF, an EHLO list given to HELO, RCPT taken
   * without MAIL, RSET that clears nothing, the end of the text found after
   * unstuffing, at most 10 recipients, and 200 to QUIT.
   */
  function brokenServer(): Server {
    return rawServer('220-broken.test\r\n221 hello\r\n', () => {
      let mail = false;
      let rcpts = 0;
      let data = false;
      return (line, socket) => {
        if (data) {
          // The bug: unstuff first, then look for the lone period ("..": the end, too early).
          if ((line.startsWith('..') ? line.slice(1) : line) !== '.') return '';
          data = false;
          mail = false;
          rcpts = 0;
          return '250 OK queued\r\n';
        }
        const verb = line.split(' ')[0]!.toUpperCase();
        switch (verb) {
          case 'EHLO':
            return '250-broken.test\r\n250-SIZE 1000\r\n250 8BITMIME\n';
          case 'HELO':
            return '250-broken.test\r\n250 SIZE 1000\r\n';
          case 'NOOP':
            return '250 OK\r\n';
          case 'VRFY':
            return '200 sure\r\n';
          case 'MAIL':
            mail = true;
            return '250 OK\r\n';
          case 'RCPT':
            if (!mail) return '250 OK\r\n';
            return ++rcpts > 10 ? '452 too many recipients\r\n' : '250 OK\r\n';
          case 'DATA':
            if (!mail || rcpts === 0) return '503 need MAIL and RCPT\r\n';
            data = true;
            return '354 go ahead\r\n';
          case 'RSET':
            return '250 OK\r\n';
          case 'QUIT':
            socket.end('200 bye\r\n');
            return '';
          default:
            return '502 what\r\n';
        }
      };
    });
  }

  describe('check-server against a broken server', () => {
    it(
      'names each deviation with its rule, exit 1',
      async () => {
        const port = await listen(brokenServer());
        const r = await report(`127.0.0.1:${port}`);
        expect(r.code).toBe(1);
        const found = r.deviations.map((d) => [d.check, d.session, d.sent, d.got, d.times]);
        expect(found).toEqual([
          // The greeting's two codes, in each of the six sessions (no command sent yet).
          ['reply-same-code', 'opening', undefined, '221 hello', 6],
          ['reply-crlf', 'opening', 'EHLO client.test', '250 8BITMIME', 5],
          ['vrfy', 'opening', 'VRFY postmaster', '200 sure', 1],
          ['unknown', 'opening', 'BOGUS', '502 what', 1],
          ['bare-lf-command', 'opening', 'NOOP<LF>NOOP', '250 OK, then 250 OK', 1],
          // Four QUITs: the transparency and <LF>.<LF> sessions end at the early reply.
          ['quit', 'opening', 'QUIT', '200 bye', 4],
          ['vrfy-before-ehlo', 'before-hello', 'VRFY postmaster', '200 sure', 1],
          ['helo-style', 'before-hello', 'HELO client.test', '250-broken.test / 250 SIZE 1000', 1],
          ['rcpt-before-mail', 'sequence', 'RCPT TO:<postmaster@example.test>', '250 OK', 1],
          ['rset-clears', 'sequence', 'RCPT TO:<postmaster@example.test>', '250 OK', 1],
          [
            'dot-stuffing',
            'transparency',
            'text with the lines ".", ".hidden", "..", then "."',
            '250 OK queued before the end line was sent',
            1,
          ],
          [
            'lf-dot-lf',
            'lf-dot-lf',
            'text with <LF>.<LF>',
            '250 OK queued before the end line was sent',
            1,
          ],
          [
            'recipients-100',
            'recipients',
            'RCPT TO:<postmaster@example.test> (recipient 11 of 100)',
            '452 too many recipients',
            1,
          ],
        ]);
        // The one note: the 610-octet NOOP got 250, which §4.5.3.1 allows.
        expect(checks(r.notes)).toEqual(['long-line']);
        const rcpt = r.deviations.find((d) => d.check === 'rcpt-before-mail')!;
        expect(rcpt).toMatchObject({
          rfc: 'RFC 5321 §3.3',
          level: 'MUST',
          expected: '503',
          rule: 'A RCPT with no MAIL before it gets 503 "Bad sequence of commands".',
        });
      },
      RUN_MS,
    );

    it(
      'prints the same as text',
      async () => {
        const port = await listen(brokenServer());
        const run = await check(`127.0.0.1:${port}`);
        expect(run.code).toBe(1);
        // The one note: the 610-octet NOOP got 250, which is allowed.
        expect(run.out).toMatch(/: 6 sessions, \d+ steps passed, 13 deviations, 1 note\n/);
        expect(run.out).toContain(
          '\nDEVIATION  QUIT: RFC 5321 §4.1.1.10 (MUST)\n' +
            '  session:  opening\n' +
            '  sent:     QUIT\n' +
            '  got:      200 bye (4 times)\n' +
            '  expected: 221\n' +
            '  rule:     QUIT gets 221.\n',
        );
      },
      RUN_MS,
    );
  });

  /** A server of the RFC 821 kind, right in all it does: no EHLO (502), lines end at CRLF only. */
  function oldServer(): Server {
    return rawServer(
      '220 old.test ready\r\n',
      () => {
        let mail = false;
        let rcpts = 0;
        let data = false;
        return (line, socket) => {
          if (data) {
            if (line !== '.') return '';
            data = mail = false;
            rcpts = 0;
            return '250 OK\r\n';
          }
          if (line.length > 510) return '500 line too long\r\n';
          switch (line.split(' ')[0]!.toUpperCase()) {
            case 'EHLO':
              return '502 EHLO not implemented\r\n';
            case 'HELO':
            case 'RSET':
              mail = false;
              rcpts = 0;
              return line.startsWith('HELO') ? '250 old.test\r\n' : '250 OK\r\n';
            case 'NOOP':
              return '250 OK\r\n';
            case 'VRFY':
              return '252 cannot verify, will try\r\n';
            case 'MAIL':
              if (mail) return '503 nested MAIL\r\n';
              mail = true;
              return '250 OK\r\n';
            case 'RCPT':
              if (!mail) return '503 need MAIL\r\n';
              rcpts++;
              return '250 OK\r\n';
            case 'DATA':
              if (!mail || rcpts === 0) return '503 need MAIL and RCPT\r\n';
              data = true;
              return '354 go ahead\r\n';
            case 'QUIT':
              socket.end('221 old.test bye\r\n');
              return '';
            default:
              return '500 unrecognized\r\n';
          }
        };
      },
      true,
    );
  }

  describe('check-server: what is information, not deviation', () => {
    it(
      'an old server answering EHLO with 502 and HELO with 250: a note, exit 0',
      async () => {
        const port = await listen(oldServer());
        const r = await report(`127.0.0.1:${port}`);
        expect(r.deviations).toEqual([]);
        expect(r.code).toBe(0);
        expect(r.sessions).toBe(6);
        expect(checks(r.notes)).toEqual(['ehlo', 'dot-stuffing']);
        expect(r.notes[0]!.got).toMatch(/^502 EHLO not implemented: an old server without EHLO/);
      },
      RUN_MS,
    );

    it(
      'a server that refuses sessions with 554 and waits for QUIT (§3.1): a note, exit 0',
      async () => {
        const port = await listen(
          rawServer('554 no SMTP service here\r\n', () => (line, socket) => {
            if (line !== 'QUIT') return '503 bad sequence of commands\r\n';
            socket.end('221 bye\r\n');
            return '';
          }),
        );
        const r = await report(`127.0.0.1:${port}`);
        expect(r).toMatchObject({ code: 0, sessions: 1, deviations: [] });
        expect(r.notes.map((n) => [n.check, n.got])).toEqual([
          [
            'greeting',
            '554 no SMTP service here: the server refuses sessions (§3.1): nothing else can be checked',
          ],
        ]);
      },
      RUN_MS,
    );
  });

  describe('check-server: waits and connections', () => {
    it(
      'reports a server that stops answering, each wait bounded',
      async () => {
        const port = await listen(rawServer('220 silent.test ready\r\n', () => () => ''));
        const r = await report(`127.0.0.1:${port}`, '--timeout', '0.5');
        expect(r.code).toBe(1);
        expect(r.deviations.map((d) => [d.check, d.sent, d.got, d.times])).toEqual([
          // Every session stops at its first unanswered command: five open with EHLO.
          ['no-reply', 'EHLO client.test', 'no reply within 0.5 s', 5],
          ['no-reply', 'MAIL FROM:<checker@client.test>', 'no reply within 0.5 s', 1],
        ]);
      },
      RUN_MS,
    );

    it(
      'reports a server that closes the connection on an unknown command (§3.8)',
      async () => {
        const port = await listen(
          rawServer('220 grumpy.test ready\r\n', () => (line, socket) => {
            if (line === 'BOGUS') socket.destroy();
            else if (line.startsWith('QUIT')) socket.end('221 bye\r\n');
            else return line.startsWith('DATA') ? '503 no\r\n' : '250 OK\r\n';
            return '';
          }),
        );
        const r = await report(`127.0.0.1:${port}`, '--timeout', '2');
        expect(r.deviations[0]).toMatchObject({
          check: 'closed-early',
          rfc: 'RFC 5321 §3.8, §4.1.1.10',
          sent: 'BOGUS',
          got: 'the server closed the connection',
        });
      },
      RUN_MS,
    );
  });
});
