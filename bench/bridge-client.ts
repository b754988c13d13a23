/**
 * The client process of the TCP bridge benchmark: Nodemailer with one pooled
 * connection. Told a loopback port and a count, it opens the connection with
 * one message (not timed), then sends `count` messages through it and reports
 * how long they took. Started by bench/bridge.ts over IPC; nothing else.
 */
import nodemailer from 'nodemailer';
import { messageLines, RECIPIENTS, SENDER } from './lib/script.ts';
import { now } from './lib/util.ts';

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  readonly port: number;
  readonly count: number;
}

export type RunReply =
  | { readonly type: 'result'; readonly id: number; readonly ms: number; readonly accepted: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

const raw = Buffer.from(`${messageLines().join('\r\n')}\r\n`, 'latin1');
const envelope = { from: SENDER, to: RECIPIENTS };

async function run(req: RunRequest): Promise<RunReply> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: req.port,
    secure: false,
    ignoreTLS: true,
    name: 'client.test',
    pool: true,
    maxConnections: 1,
    maxMessages: Infinity,
    logger: false,
  });
  try {
    await transport.sendMail({ envelope, raw }); // opens the pooled connection
    const start = now();
    const sent = await Promise.all(
      Array.from({ length: req.count }, () => transport.sendMail({ envelope, raw })),
    );
    const ms = now() - start;
    const accepted = sent.reduce((n, info) => n + info.accepted.length, 0);
    return { type: 'result', id: req.id, ms, accepted };
  } finally {
    transport.close();
  }
}

process.on('message', (req: RunRequest) => {
  run(req).then(
    (reply) => process.send?.(reply),
    (e: unknown) =>
      process.send?.({
        type: 'error',
        id: req.id,
        message: e instanceof Error ? e.message : String(e),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
