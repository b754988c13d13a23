/**
 * 3. TCP bridge over loopback: one Nodemailer client process with one pooled
 * connection sends the same raw 10 KB message (3 recipients, dot-leading
 * lines) to the project's bridge and to smtp-server, both listening on
 * 127.0.0.1 in this process. Runs alternate A B A B; each run times `count`
 * messages after the connection is open. Figure: messages per second, median.
 */
import type { AddressInfo } from 'node:net';
import { startBridge } from '../src/cli/bridge-server.ts';
import type { RunReply, RunRequest } from './bridge-client.ts';
import { forkBench, nextMessage, stopChild } from './lib/child.ts';
import { createPeer } from './lib/peer.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import { RECIPIENTS } from './lib/script.ts';
import { bounded, median, now } from './lib/util.ts';

export async function bridge(options: BenchOptions): Promise<BenchResult> {
  const count = options.quick ? 30 : 300;
  const warmups = 1;
  const runs = options.quick ? 3 : 7;
  const warnings: string[] = [];
  const ours = await startBridge({
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    warn: (line) => warnings.push(line),
  });
  const peer = createPeer();
  await bounded(
    new Promise<void>((resolve, reject) => {
      peer.once('error', reject);
      peer.listen(0, '127.0.0.1', () => resolve());
    }),
    5000,
    'smtp-server listen',
  );
  const peerPort = (peer.server.address() as AddressInfo).port;
  const client = forkBench('bridge-client.ts');
  options.log(
    `bridge: ${count} messages per run over one pooled Nodemailer connection; ${warmups} warm-up + ${runs} runs each, alternating`,
  );

  let id = 0;
  /** Messages/s of one run, and the CPU time this (server) process spent per message meanwhile. */
  const send = async (port: number): Promise<[number, number]> => {
    const req: RunRequest = { type: 'run', id: ++id, port, count };
    const answer = nextMessage<RunReply>(client, 90_000, 'bridge client');
    const cpu = process.cpuUsage();
    client.send(req);
    const reply = await answer;
    const used = process.cpuUsage(cpu);
    if (reply.type === 'error') throw new Error(`bridge: client failed: ${reply.message}`);
    if (reply.accepted !== count * RECIPIENTS.length)
      throw new Error(
        `bridge: ${reply.accepted} recipients accepted, expected ${count * RECIPIENTS.length}`,
      );
    // The connection-opening message is in the CPU time but not in the rate.
    return [(count / reply.ms) * 1000, (used.user + used.system) / (count + 1)];
  };

  const a: number[] = [];
  const b: number[] = [];
  const cpuA: number[] = [];
  const cpuB: number[] = [];
  const started = now();
  try {
    for (let i = 0; i < warmups + runs; i++) {
      if (i > warmups + 2 && now() - started > options.budgetMs) {
        options.log(`bridge: time budget reached after ${i - warmups} runs`);
        break;
      }
      const [x, cx] = await send(ours.port);
      const [y, cy] = await send(peerPort);
      if (i < warmups) continue;
      a.push(x);
      b.push(y);
      cpuA.push(cx);
      cpuB.push(cy);
    }
  } finally {
    await stopChild(client);
    await bounded(ours.close(), 10_000, 'bridge close');
    await bounded(
      new Promise<void>((resolve) => peer.close(() => resolve())),
      10_000,
      'smtp-server close',
    );
  }
  if (warnings.length) options.log(`bridge: warnings from the bridge: ${warnings.join(' | ')}`);
  const o = median(a);
  const t = median(b);
  return {
    figures: [
      figure({
        bench: 'bridge',
        name: 'messages/s (TCP)',
        unit: '/s',
        ours: o,
        reference: t,
        referenceName: 'smtp-server',
        better: 'higher',
        goal: { min: 1, text: '>= 1x' },
        note: `Nodemailer in another process, pool: true, maxConnections: 1; ${count} messages of 10 KB x 3 recipients per run, alternating runs`,
        runs: { ours: a, reference: b },
      }),
      figure({
        bench: 'bridge',
        name: 'server CPU per message',
        unit: 'us',
        ours: median(cpuA),
        reference: median(cpuB),
        referenceName: 'smtp-server',
        better: 'lower',
        note: 'CPU time (user + system) of the serving process during a run, per message: the part of the latency the server adds',
        runs: { ours: cpuA, reference: cpuB },
      }),
    ],
    details: { count, warmups, recipients: RECIPIENTS.length },
  };
}
