/**
 * The load generator of the class-lab benchmark (bench/lab.ts), in its own
 * process so its CPU does not distort the servers' latency: `sessions`
 * connections open at once, each sending one command a second, in turn
 * EHLO, MAIL, RCPT, DATA, the message (content and final dot), RSET, NOOP,
 * the sessions spread evenly over each second. Each reply's latency is the
 * time from writing the command to reading the end of its reply.
 *
 * IPC: run -> connected; go -> paced (the figures); close -> closed.
 */
import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { messageLines, RECIPIENTS, SENDER } from './lib/script.ts';
import { bounded, now, stuffed } from './lib/util.ts';

export interface LabRun {
  readonly type: 'run';
  readonly port: number;
  readonly sessions: number;
  readonly seconds: number;
  /** Replies to commands sent in the first `warmupMs` of the paced phase are not counted. */
  readonly warmupMs: number;
}

export interface StepFigures {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
}

export interface LabResult {
  readonly type: 'paced';
  readonly replies: number;
  readonly counted: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly steps: Record<string, StepFigures>;
  /** Every latency counted, per command (ms), for pooling several runs. */
  readonly latencies: Record<string, number[]>;
  readonly errors: number;
  readonly firstErrors: string[];
  /** Commands sent late because the previous reply had not come when their second began. */
  readonly late: number;
  /** NOOP and RSET sent by the busiest session. */
  readonly junkMax: number;
  readonly seconds: number;
  /** This process's CPU time over the paced phase, in milliseconds. */
  readonly clientCpuMs: number;
  /** p99 of this process's event-loop delay (ms): how late it could have read a reply. */
  readonly clientLoopDelayP99: number;
}

interface Step {
  readonly name: string;
  readonly text: string;
  readonly expect: number;
  readonly junk?: boolean;
}

const BODY = `${stuffed(messageLines(512, 7))}.\r\n`;
const STEPS: readonly Step[] = [
  { name: 'EHLO', text: 'EHLO client.test\r\n', expect: 250 },
  { name: 'MAIL', text: `MAIL FROM:<${SENDER}>\r\n`, expect: 250 },
  { name: 'RCPT', text: `RCPT TO:<${RECIPIENTS[0]}>\r\n`, expect: 250 },
  { name: 'DATA', text: 'DATA\r\n', expect: 354 },
  { name: 'message', text: BODY, expect: 250 },
  { name: 'RSET', text: 'RSET\r\n', expect: 250, junk: true },
  { name: 'NOOP', text: 'NOOP\r\n', expect: 250, junk: true },
];
/** A class lab's session sends a handful of these; past this many each session leaves them out. */
const MAX_JUNK = 50;

class LabSession {
  private rest = '';
  private onFinal: ((line: string) => void) | null = null;
  step = 0;
  junk = 0;
  sentAt = 0;
  waiting = false;
  /** The next command's second has begun while the reply was still awaited. */
  due = false;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      const lines = (this.rest + text).split('\r\n');
      this.rest = lines.pop()!;
      for (const line of lines) if (line[3] !== '-') this.onFinal?.(line);
    });
    socket.on('error', () => {});
  }

  /** The next final reply line. */
  reply(): Promise<string> {
    return new Promise((resolve) => {
      this.onFinal = (line) => {
        this.onFinal = null;
        resolve(line);
      };
    });
  }

  listen(fn: (line: string) => void) {
    this.onFinal = fn;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

let sessions: LabSession[] = [];

async function open(port: number, count: number): Promise<void> {
  sessions = [];
  // Connections open 50 at a time (a class logging in), each waiting for its greeting.
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, async () => {
      const s = new LabSession(connect({ port, host: '127.0.0.1' }));
      const greeting = await bounded(s.reply(), 30_000, 'greeting');
      if (!greeting.startsWith('220')) throw new Error(`greeting: ${greeting}`);
      return s;
    });
    sessions.push(...(await Promise.all(batch)));
  }
}

async function paced(req: LabRun): Promise<LabResult> {
  const lat = new Map<string, number[]>(STEPS.map((s) => [s.name, []]));
  let replies = 0;
  let errors = 0;
  let late = 0;
  const firstErrors: string[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const end = t0 + req.seconds * 1000;
  let outstanding = 0;
  let allIn: (() => void) | null = null;

  const send = (s: LabSession) => {
    const step = STEPS[s.step % STEPS.length]!;
    s.waiting = true;
    s.due = false;
    outstanding++;
    s.sentAt = now();
    s.socket.write(step.text);
  };
  const tick = (s: LabSession, k: number, offset: number) => {
    if (now() >= end) return;
    if (s.waiting) {
      s.due = true;
      late++;
    } else send(s);
    const next = t0 + offset + (k + 1) * 1000;
    setTimeout(() => tick(s, k + 1, offset), Math.max(0, next - now()));
  };
  sessions.forEach((s, i) => {
    s.step = 0;
    s.listen((line) => {
      const at = now();
      const step = STEPS[s.step % STEPS.length]!;
      replies++;
      outstanding--;
      s.waiting = false;
      if (!line.startsWith(String(step.expect))) {
        if (errors++ < 5) firstErrors.push(`${step.name}: ${line}`);
      }
      if (s.sentAt - t0 >= req.warmupMs) lat.get(step.name)!.push(at - s.sentAt);
      if (step.junk) s.junk++;
      s.step++;
      // Past MAX_JUNK, the transaction goes on without RSET and NOOP (the message reset it).
      while (STEPS[s.step % STEPS.length]!.junk && s.junk >= MAX_JUNK) s.step++;
      if (s.due && now() < end) send(s);
      if (outstanding === 0 && now() >= end) allIn?.();
    });
    const offset = (i / sessions.length) * 1000;
    setTimeout(() => tick(s, 0, offset), offset);
  });
  await new Promise<void>((resolve) => setTimeout(resolve, req.seconds * 1000));
  if (outstanding > 0)
    await bounded(
      new Promise<void>((r) => (allIn = r)),
      10_000,
      'lab: replies after the last second',
    );
  const cpu = process.cpuUsage(cpu0);
  loop.disable();
  const all: number[] = [];
  const steps: Record<string, StepFigures> = {};
  for (const [name, xs] of lat) {
    all.push(...xs);
    const sorted = Float64Array.from(xs).sort();
    steps[name] = { n: xs.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  }
  const sorted = Float64Array.from(all).sort();
  return {
    type: 'paced',
    replies,
    counted: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    steps,
    latencies: Object.fromEntries(lat),
    errors,
    firstErrors,
    late,
    junkMax: Math.max(...sessions.map((s) => s.junk)),
    seconds: (now() - t0) / 1000,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
    // The histogram's values include its 1 ms resolution.
    clientLoopDelayP99: Math.max(0, loop.percentile(99) / 1e6 - 1),
  };
}

async function close(): Promise<void> {
  await Promise.all(
    sessions.map(async (s) => {
      const bye = bounded(s.reply(), 5000, 'QUIT').catch(() => '');
      s.socket.write('QUIT\r\n');
      await bye;
      s.socket.destroy();
    }),
  );
  sessions = [];
}

let current: LabRun | null = null;
const fail = (e: unknown) =>
  process.send?.({ type: 'error', message: e instanceof Error ? e.message : String(e) });

process.on('message', (m: LabRun | { type: 'go' } | { type: 'close' }) => {
  if (m.type === 'run') {
    current = m;
    open(m.port, m.sessions).then(() => process.send?.({ type: 'connected' }), fail);
  } else if (m.type === 'go' && current) {
    paced(current).then((r) => process.send?.(r), fail);
  } else if (m.type === 'close') {
    close().then(() => process.send?.({ type: 'closed' }), fail);
  }
});
process.on('disconnect', () => process.exit(0));
