/**
 * 2. DATA path: one message body of 50 MB on the wire (text lines of 0-76
 * octets, about 1% of them dot-stuffed; a 1 MiB block of such lines repeated),
 * cut in 64 KB chunks, read up to the terminating "." three ways:
 *   - ours: Framer.push + Framer.readData (dot-unstuffing, terminator search,
 *     size and line accounting; content kept as views of the received bytes);
 *   - smtp-server: its SMTPStream parser in data mode (the class its
 *     connections pipe the socket into), the unstuffed stream read and dropped;
 *   - memory copy: Uint8Array.set of the same chunks into one buffer, the
 *     physical reference.
 * MB/s counts wire octets (the input), the same for all three.
 */
import { once } from 'node:events';
import { SMTPStream } from 'smtp-server/lib/smtp-stream.js';
import { Framer } from '../src/protocol/framing.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import {
  bounded,
  chunksOf,
  collect,
  mb,
  median,
  now,
  stuffed,
  textLines,
  tick,
} from './lib/util.ts';

const CHUNK = 64 * 1024;

interface Input {
  readonly chunks: Uint8Array[];
  readonly wire: number;
  /** Content octets after unstuffing, terminator excluded. */
  readonly content: number;
  readonly stuffedLines: number;
  readonly lines: number;
}

/**
 * A 1 MiB block of lines repeated up to `bytes` (generating 50 MB of random
 * lines as strings would take longer than reading them), then the terminator.
 */
function makeInput(bytes: number): Input {
  const lines = textLines(1024 * 1024, 7, 0.01);
  const block = Buffer.from(stuffed(lines), 'latin1');
  const copies = Math.max(1, Math.round(bytes / block.length));
  const wire = Buffer.concat([...Array<Buffer>(copies).fill(block), Buffer.from('.\r\n')]);
  let content = 0;
  let dots = 0;
  for (const l of lines) {
    content += l.length + 2;
    if (l.startsWith('.')) dots++;
  }
  return {
    chunks: chunksOf(wire, CHUNK),
    wire: wire.length,
    content: content * copies,
    stuffedLines: dots * copies,
    lines: lines.length * copies,
  };
}

function runOurs(input: Input): number {
  const framer = new Framer();
  const options = { maxSize: Number.MAX_SAFE_INTEGER }; // strict ending, the default
  let result = null;
  const start = now();
  for (const chunk of input.chunks) {
    framer.push(chunk);
    result = framer.readData(options);
  }
  const ms = now() - start;
  if (!result) throw new Error('data: Framer.readData did not find the terminator');
  if (result.size !== input.content || result.unstuffed !== input.stuffedLines) {
    throw new Error(
      `data: Framer read ${result.size} octets, ${result.unstuffed} unstuffed; expected ${input.content}, ${input.stuffedLines}`,
    );
  }
  return ms;
}

async function runPeer(input: Input): Promise<number> {
  const parser = new SMTPStream();
  parser.oncommand = () => {
    throw new Error('data: smtp-server parsed a command inside the message');
  };
  const stream = parser.startDataMode();
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  const ended = once(stream, 'end');
  const start = now();
  for (const chunk of input.chunks) {
    if (!parser.write(chunk)) await once(parser, 'drain');
  }
  await bounded(ended, 60_000, 'smtp-server data stream');
  const ms = now() - start;
  parser.continue(); // back to command mode, as SMTPConnection does after onData
  if (size !== input.content) {
    throw new Error(`data: smtp-server read ${size} octets, expected ${input.content}`);
  }
  return ms;
}

/**
 * Uint8Array.set of every chunk into one destination allocated (and touched)
 * before the first run: the copy itself, without page faults of fresh memory.
 */
function runCopy(input: Input, into: Uint8Array): number {
  const start = now();
  let at = 0;
  for (const chunk of input.chunks) {
    into.set(chunk, at);
    at += chunk.length;
  }
  const ms = now() - start;
  if (at !== input.wire) throw new Error('data: short copy');
  return ms;
}

export async function dataPath(options: BenchOptions): Promise<BenchResult> {
  const size = (options.quick ? 8 : 50) * 1024 * 1024;
  const warmups = options.quick ? 1 : 2;
  const runs = options.quick ? 3 : 7;
  const input = makeInput(size);
  options.log(
    `data: ${mb(input.wire).toFixed(1)} MB on the wire, ${input.lines} lines, ${input.stuffedLines} dot-stuffed, ${input.chunks.length} chunks of 64 KB; ${warmups} warm-up + ${runs} runs each`,
  );
  const rate = (ms: number) => mb(input.wire) / (ms / 1000);
  const into = new Uint8Array(input.wire).fill(1);
  const ours: number[] = [];
  const theirs: number[] = [];
  const copy: number[] = [];
  const started = now();
  for (let i = 0; i < warmups + runs; i++) {
    if (i > warmups + 2 && now() - started > options.budgetMs) {
      options.log(`data: time budget reached after ${i - warmups} runs`);
      break;
    }
    collect();
    const a = runOurs(input);
    collect();
    const b = await runPeer(input);
    collect();
    const c = runCopy(input, into);
    await tick();
    if (i < warmups) continue;
    ours.push(rate(a));
    theirs.push(rate(b));
    copy.push(rate(c));
  }
  const o = median(ours);
  const t = median(theirs);
  const c = median(copy);
  return {
    figures: [
      figure({
        bench: 'data',
        name: 'DATA path MB/s',
        unit: 'MB/s',
        ours: o,
        reference: t,
        referenceName: 'smtp-server',
        better: 'higher',
        goal: { min: 1, text: '>= 1x' },
        note: `${mb(input.wire).toFixed(0)} MB body, 64 KB chunks, ~1% dot-stuffed lines; Framer.readData vs SMTPStream data mode`,
        runs: { ours, reference: theirs },
      }),
      figure({
        bench: 'data',
        name: 'vs memory copy',
        unit: 'MB/s',
        ours: o,
        reference: c,
        referenceName: 'memory copy',
        better: 'higher',
        note: `smtp-server reaches ${((t / c) * 100).toFixed(1)}% of the memory copy, ours ${((o / c) * 100).toFixed(1)}%`,
        runs: { ours, reference: copy },
      }),
    ],
    details: {
      smtpServerToCopy: t / c,
      copyRuns: copy,
      wireBytes: input.wire,
      contentBytes: input.content,
      lines: input.lines,
      stuffedLines: input.stuffedLines,
      chunk: CHUNK,
      warmups,
    },
  };
}
