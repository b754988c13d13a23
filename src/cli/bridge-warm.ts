/**
 * Warming up: a bridge that has just started runs its first commands through
 * V8's interpreter, and a paced class lab (500 students, a command a second
 * each) is served for tens of seconds by code that is not yet compiled: about
 * 45 us of CPU per command over the first 10,000 in a fresh process, against
 * 12 us afterwards (measured with the lab's commands, bench/memory-and-lab.md).
 * So the CLI runs a few thousand typical commands through throw-away sessions
 * of each port's world while it waits for its first clients, in small batches
 * between which connections are served. The sessions store nothing (no spool,
 * no mailbox, no transcript, no log): nobody sees them.
 */
import { createSession } from '../machines/session.ts';
import type { World } from '../protocol/world.ts';

/** One session of a typical client: a message to a local user, a refused recipient, the usual ending. */
const SCRIPT = [
  'EHLO client.test',
  'MAIL FROM:<alice@example.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<nobody@example.test>',
  'DATA',
  'Subject: warm-up\r\n\r\nA line.\r\n..a stuffed line\r\n.',
  'RSET',
  'NOOP',
  'QUIT',
].map((line) => Buffer.from(`${line}\r\n`, 'latin1'));

/** What the CLI runs: about a second of CPU, in the background, when it starts. */
export const WARM_UP_COMMANDS = 20_000;

/** Commands per batch: a few milliseconds, so a client that connects meanwhile waits no longer. */
const BATCH = 90;

export interface WarmUp {
  /** Resolves with the number of commands run, once done or stopped. */
  readonly done: Promise<number>;
  stop(): void;
}

/** Runs `commands` commands (whole sessions of SCRIPT) against these worlds, one batch per turn of the event loop. */
export function warmUp(worlds: readonly Partial<World>[], commands: number): WarmUp {
  let run = 0;
  let stopped = false;
  let finish: (n: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const batch = () => {
    if (stopped) return finish(run);
    for (let i = 0; i < BATCH && run < commands;) {
      const world = worlds[Math.floor(run / SCRIPT.length) % worlds.length];
      const session = createSession({
        ...(world ? { world } : {}),
        clientAddress: '127.0.0.1',
        tls: 'external',
        transcriptContentLimit: 256,
        retain: { transcript: 0, mailbox: false },
      });
      session.feedWire('');
      for (const line of SCRIPT) {
        if (session.closed) break;
        session.feedWire(line);
        run++;
        i++;
      }
    }
    if (run >= commands) return finish(run);
    setImmediate(batch);
  };
  setImmediate(batch);
  return {
    done,
    stop: () => void (stopped = true),
  };
}
