/** `npm run smtp -- --pop3 PORT`: the option, its check and the line the bridge prints. */
import { afterEach, describe, expect, it } from 'vitest';
import { main, type BridgeIo } from '../../src/cli/bridge.ts';
import { recordIo } from '../../src/cli/io.ts';
import { RawClient, until, withTimeout } from './helpers.ts';

const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function runHere(args: string[]) {
  const io = recordIo();
  let handler: ((signal: NodeJS.Signals) => void) | null = null;
  const bridgeIo: BridgeIo = {
    stdout: io.stdout,
    stderr: io.stderr,
    onSignal(h) {
      handler = h;
      return () => void (handler = null);
    },
  };
  const exit = main(args, bridgeIo);
  stops.push(() => {
    handler?.('SIGTERM');
    return withTimeout(exit, 5000, 'the bridge to close');
  });
  return { io, exit };
}

describe('bridge CLI --pop3', () => {
  it('serves POP3 on loopback next to SMTP and prints its port', async () => {
    const { io } = runHere(['--port', '0', '--pop3', '0']);
    await until(() => io.out.includes('POP3'), 5000, 'the POP3 line');
    const m =
      /POP3 \(RFC 1939\) listening on 127\.0\.0\.1:(\d+), reading the mailboxes SMTP delivers into\n/.exec(
        io.out,
      );
    expect(m).not.toBeNull();
    const c = await RawClient.open(Number(m![1]));
    c.write('QUIT\r\n');
    await c.waitClosed();
    expect(c.received).toMatch(
      /^\+OK POP3 server ready <[^>]+>\r\n\+OK mail\.example\.test POP3 server signing off\r\n$/,
    );
  });

  it('refuses a port that is not one (exit 2)', async () => {
    const { io, exit } = runHere(['--port', '0', '--pop3', '70000']);
    expect(await exit).toBe(2);
    expect(io.err).toMatch(/--pop3 must be an integer from 0 to 65535 \(got 70000\)/);
  });

  it('refuses a POP3 or IMAP port that SMTP or the other one has', async () => {
    const same = runHere(['--port', '2525', '--pop3', '2525']);
    expect(await same.exit).toBe(2);
    expect(same.io.err).toMatch(/--pop3 2525 is an SMTP port too: give it a port of its own/);
    const both = runHere(['--port', '0', '--pop3', '2110', '--imap', '2110']);
    expect(await both.exit).toBe(2);
    expect(both.io.err).toMatch(/--pop3 and --imap name the same port \(2110\)/);
  });

  it('lists --pop3 and --imap in --help', async () => {
    const { io, exit } = runHere(['--help']);
    expect(await exit).toBe(0);
    expect(io.out).toMatch(/--pop3 PORT {11}also serve POP3 \(RFC 1939\)/);
    expect(io.out).toMatch(/--imap PORT {11}also serve IMAP4rev2/);
  });
});
