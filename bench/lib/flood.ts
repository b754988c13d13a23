/**
 * One SMTP client connection that sends NOOPs as fast as the server answers
 * them: after EHLO, batches of `batch` NOOPs, at most two batches unanswered
 * at a time (RFC 2920 pipelining), until `target` are answered or the server
 * closes. It pauses at each milestone (every tenth of the target) until every
 * NOOP sent is answered, and calls `atMilestone` (to sample the server then).
 */
import { connect, type Socket } from 'node:net';
import { now } from './util.ts';

export interface FloodResult {
  /** NOOPs answered 250. */
  readonly answered: number;
  /** Replies other than 250 to a NOOP (the first few, as received). */
  readonly refused: string[];
  readonly refusedCount: number;
  /** The last reply line received. */
  readonly lastLine: string;
  readonly ended: 'target reached' | 'closed by the server' | 'stalled' | 'time limit' | 'error';
  readonly error?: string;
  /** From the first NOOP to the end. */
  readonly seconds: number;
}

export interface FloodOptions {
  readonly port: number;
  readonly target: number;
  readonly batch: number;
  /** Milliseconds without a reply after which the run is given up. */
  readonly stallMs: number;
  /** Milliseconds the whole run may take. */
  readonly limitMs: number;
  readonly atMilestone: (answered: number) => Promise<void>;
}

const NOOP = 'NOOP\r\n';

export function flood(o: FloodOptions): Promise<FloodResult> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port: o.port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    const batchText = NOOP.repeat(o.batch);
    // The last milestone is the target itself, taken before QUIT.
    const step = Math.max(o.batch, Math.ceil(o.target / 10 / o.batch) * o.batch);
    let phase: 'greeting' | 'ehlo' | 'noop' | 'quit' | 'done' = 'greeting';
    let sent = 0;
    let answered = 0;
    let refusedCount = 0;
    const refused: string[] = [];
    let lastLine = '';
    let rest = '';
    let started = now();
    let lastReply = now();
    let nextMilestone = step;
    let pausing = false;
    let ended: FloodResult['ended'] | null = null;
    let error: string | undefined;

    const finish = (why: FloodResult['ended']) => {
      if (phase === 'done') return;
      ended ??= why;
      phase = 'done';
      clearInterval(watch);
      socket.destroy();
      resolve({
        answered,
        refused,
        refusedCount,
        lastLine,
        ended,
        ...(error ? { error } : {}),
        seconds: (now() - started) / 1000,
      });
    };
    const pump = () => {
      if (phase !== 'noop' || pausing) return;
      if (answered >= nextMilestone && sent === answered + refusedCount) {
        pausing = true;
        const at = answered;
        nextMilestone += step;
        o.atMilestone(at).then(
          () => {
            pausing = false;
            lastReply = now();
            pump();
          },
          (e: unknown) => {
            error = e instanceof Error ? e.message : String(e);
            finish('error');
          },
        );
        return;
      }
      if (answered >= o.target) {
        phase = 'quit';
        ended = 'target reached';
        socket.write('QUIT\r\n');
        return;
      }
      // Up to two batches in flight, never past the next milestone or the target.
      const cap = Math.min(nextMilestone, o.target);
      while (sent - answered - refusedCount < 2 * o.batch && sent < cap) {
        const n = Math.min(o.batch, cap - sent);
        socket.write(n === o.batch ? batchText : NOOP.repeat(n));
        sent += n;
      }
    };
    const onFinal = (line: string) => {
      lastLine = line;
      lastReply = now();
      if (phase === 'greeting') {
        phase = 'ehlo';
        socket.write('EHLO client.test\r\n');
      } else if (phase === 'ehlo') {
        phase = 'noop';
        started = now();
      } else if (phase === 'noop') {
        if (line.startsWith('250')) answered++;
        else if (refusedCount++ < 5) refused.push(line);
      } else if (phase === 'quit' && !line.startsWith('250')) finish('target reached');
    };
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      const lines = (rest + text).split('\r\n');
      rest = lines.pop()!;
      for (const line of lines) if (line[3] !== '-') onFinal(line);
      pump();
    });
    socket.on('error', (e) => {
      error = e.message;
      finish(phase === 'noop' || phase === 'quit' ? 'closed by the server' : 'error');
    });
    socket.on('close', () => finish(phase === 'quit' ? 'target reached' : 'closed by the server'));
    socket.on('connect', () => pump());
    const deadline = now() + o.limitMs;
    const watch = setInterval(() => {
      if (pausing) return;
      if (now() - lastReply > o.stallMs) finish('stalled');
      else if (now() > deadline) finish('time limit');
    }, 250);
  });
}
