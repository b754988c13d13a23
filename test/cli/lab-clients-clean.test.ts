/**
 * Lab mode over real sockets: Nodemailer and curl, which follow the RFCs, get
 * no findings (but the QUIT Nodemailer leaves out on purpose); and the
 * `--lab` option of the bridge's command line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { describe, expect, it } from 'vitest';
import { main, type BridgeIo } from '../../src/cli/bridge.ts';
import { recordIo } from '../../src/cli/io.ts';
import { SUMMARY_FILE } from '../../src/cli/lab/recorder.ts';
import type { LabReport } from '../../src/cli/lab/report.ts';
import { RawClient, curl, hasCurl, until, withTimeout } from './helpers.ts';
import { judged, lab, newDir, report, reportFiles, startLab, track } from './lab-harness.ts';

const MESSAGE =
  'From: alice@example.test\r\nTo: bob@example.test\r\nSubject: lab\r\n\r\n' +
  '.hidden\r\n..two dots\r\n. space\r\nlast line\r\n';

describe('lab mode: clients that follow the RFCs', () => {
  it('Nodemailer, connection by hand: no mistakes', async () => {
    await startLab();
    const connection = new SMTPConnection({
      host: '127.0.0.1',
      port: lab.tb!.port,
      ignoreTLS: true,
      name: 'client.test',
    });
    await withTimeout(
      new Promise<void>((resolve, reject) =>
        connection.connect((e) => (e ? reject(e) : resolve())),
      ),
      5000,
      'connect',
    );
    const info = await withTimeout(
      new Promise<{ accepted: string[] }>((resolve, reject) =>
        connection.send(
          { from: 'alice@example.test', to: ['bob@example.test', 'alice@example.test'] },
          MESSAGE,
          (e, i) => (e ? reject(e) : resolve(i as { accepted: string[] })),
        ),
      ),
      5000,
      'send',
    );
    expect(info.accepted).toEqual(['bob@example.test', 'alice@example.test']);
    connection.quit();

    const r = await report();
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({
      mistakes: 0,
      counts: {},
      omitted: 0,
      quit: true,
      messages: 1,
      client: { address: '127.0.0.1', hello: 'client.test' },
      server: { hostname: 'mail.example.test', port: lab.tb!.port, profile: null },
    });
    expect(readFileSync(join(lab.dir, SUMMARY_FILE), 'utf8')).toMatch(
      /^\S+\t#1\t127\.0\.0\.1\tclient\.test\tclean\t\S+\.json\n$/,
    );
  });

  it('Nodemailer sendMail: only the QUIT it leaves out on purpose', async () => {
    // Its transport closes the connection after the message without QUIT, by design
    // (nodemailer/nodemailer#1292): everything before that is clean.
    await startLab();
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: lab.tb!.port,
      secure: false,
      ignoreTLS: true,
      name: 'client.test',
    });
    const info = await withTimeout(
      transport.sendMail({
        envelope: { from: 'alice@example.test', to: ['bob@example.test'] },
        raw: MESSAGE,
      }),
      10_000,
      'sendMail',
    );
    expect(info.accepted).toEqual(['bob@example.test']);

    const r = await report();
    expect(judged(r)).toEqual([['no-quit', 'RFC 5321 §4.1.1.10']]);
    expect(r).toMatchObject({ quit: false, messages: 1 });
  });

  it.skipIf(!hasCurl)('curl: no mistakes', async () => {
    await startLab();
    const file = join(lab.dir, 'message.eml');
    writeFileSync(file, MESSAGE);
    const run = await curl([
      '-sS',
      `smtp://127.0.0.1:${lab.tb!.port}`,
      '--mail-from',
      'alice@example.test',
      '--mail-rcpt',
      'bob@example.test',
      '--upload-file',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    const r = await report();
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ mistakes: 0, quit: true, messages: 1 });
  });
});

describe('npm run smtp -- --lab DIR', () => {
  it('serves in lab mode and writes a report per session', async () => {
    newDir();
    const io = recordIo();
    let handler: ((signal: NodeJS.Signals) => void) | null = null;
    const bridgeIo: BridgeIo = {
      ...io,
      onSignal: (h) => {
        handler = h;
        return () => (handler = null);
      },
    };
    const exit = main(['--port', '0', '--lab', lab.dir, '--lab-wait', '0.2'], bridgeIo);
    await until(() => /Lab mode/.test(io.out), 5000, 'the lab line');
    expect(io.out).toContain(
      `Lab mode: a report per session in ${lab.dir}, listed in sessions.txt; the greeting waits 0.2 s\n`,
    );
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(io.out)![1]);
    const c = await RawClient.open(port);
    track(c);
    c.write('HELO client.test\r\n');
    await c.replies(2);
    c.write('QUIT\r\n');
    await c.replies(3);
    await until(() => /"event":"lab-report"/.test(io.out), 3000, 'the report line');
    expect(reportFiles()).toHaveLength(1);
    const r = JSON.parse(readFileSync(join(lab.dir, reportFiles()[0]!), 'utf8')) as LabReport;
    expect(judged(r)).toEqual([['before-greeting', 'RFC 5321 §4.3.1']]);
    (handler as ((s: NodeJS.Signals) => void) | null)!('SIGTERM');
    expect(await withTimeout(exit, 5000, 'main()')).toBe(0);
  });

  it('refuses --lab-wait without --lab, or out of range', async () => {
    const io = recordIo();
    const bridgeIo: BridgeIo = { ...io, onSignal: () => () => {} };
    expect(await main(['--lab-wait', '1'], bridgeIo)).toBe(2);
    expect(io.err).toContain('--lab-wait is for lab mode: give --lab DIR too');
    expect(await main(['--lab', 'x', '--lab-wait', '61'], bridgeIo)).toBe(2);
    expect(io.err).toContain('--lab-wait must be from 0 to 60 seconds (got 61)');
  });
});
