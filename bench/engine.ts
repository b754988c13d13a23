/**
 * 1. Engine throughput, in process: the scripted session (EHLO, then per
 * message MAIL, 3 RCPT, DATA, 10 KB body, RSET; QUIT) fed to the project's
 * session API and, as the same bytes, to one smtp-server connection over an
 * in-memory socket. Commands per second = replies to the client's input (the
 * end of each message's content counts as one) per second of processing.
 *
 * Two ways of cutting the same bytes:
 *   - 64 KB chunks, everything sent at once, as a socket buffer would hand it over;
 *   - client turns: what a pipelining client sends before it waits for replies
 *     (EHLO | MAIL, 3 RCPT, DATA | content, ".", RSET | ... | QUIT), each turn
 *     sent once the replies to the previous one are back.
 * Runs alternate: ours, smtp-server (64 KB), ours, smtp-server (turns), ours
 * with the default transcript (64 KB), and again.
 */
import { createSession } from '../src/machines/session.ts';
import { createPeer, runPeerSession } from './lib/peer.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import { script } from './lib/script.ts';
import { chunksOf, collect, median, now, tick } from './lib/util.ts';

export const CHUNK = 64 * 1024;
/** Content kept as text per message in the transcript for the main figure. */
export const SMALL_TRANSCRIPT = 256;

interface OursRun {
  readonly ms: number;
  readonly replies: number;
  readonly transcriptEntries: number;
  readonly transcriptTextBytes: number;
}

function runOurs(chunks: readonly Uint8Array[], limit: number | undefined): OursRun {
  // Fed one piece after the other; for client turns each piece's replies all
  // come back from its own feed() call, so no turn is sent before they are in.
  const session = createSession(limit === undefined ? {} : { transcriptContentLimit: limit });
  session.feed(''); // the greeting, not timed (as smtp-server's)
  let replies = 0;
  let errors = 0;
  let firstError = '';
  const start = now();
  for (const chunk of chunks) {
    for (const r of session.feed(chunk)) {
      replies++;
      if (r.code >= 400 && errors++ === 0) firstError = session.wire(r);
    }
  }
  const ms = now() - start;
  if (errors > 0) throw new Error(`engine: the session refused a command: ${firstError.trim()}`);
  let text = 0;
  for (const e of session.transcript) if (e.kind === 'content') text += e.text.length;
  return { ms, replies, transcriptEntries: session.transcript.length, transcriptTextBytes: text };
}

export async function engine(options: BenchOptions): Promise<BenchResult> {
  const messages = options.quick ? 50 : 1000;
  const warmups = options.quick ? 1 : 3;
  const runs = options.quick ? 3 : 9;
  const s = script(messages);
  const chunks = chunksOf(s.bytes, CHUNK);
  const turns = s.turns.map((t) => t.bytes);
  const gates: number[] = [];
  for (let i = 0, n = 0; i < s.turns.length; n += s.turns[i]!.replies, i++) gates.push(n);
  const peer = createPeer();
  options.log(
    `engine: ${messages} messages, ${(s.bytes.length / 1e6).toFixed(1)} MB, ${s.lines} lines, ${s.replies} replies per run; ${warmups} warm-up + ${runs} runs each`,
  );

  const ours: number[] = [];
  const theirs: number[] = [];
  const oursTurns: number[] = [];
  const theirsTurns: number[] = [];
  const full: number[] = [];
  let small: OursRun | undefined;
  let big: OursRun | undefined;
  const started = now();
  for (let i = 0; i < warmups + runs; i++) {
    const measured = i >= warmups;
    if (measured && i > warmups + 2 && now() - started > options.budgetMs) {
      options.log(`engine: time budget reached after ${i - warmups} runs`);
      break;
    }
    collect();
    small = runOurs(chunks, SMALL_TRANSCRIPT);
    if (small.replies !== s.replies)
      throw new Error(`engine: ${small.replies} replies, expected ${s.replies}`);
    collect();
    const p = await runPeerSession(peer, chunks, s.replies, 60_000);
    if (p.errors > 0) throw new Error(`engine: smtp-server refused: ${p.firstError.trim()}`);
    collect();
    const ot = runOurs(turns, SMALL_TRANSCRIPT);
    if (ot.replies !== s.replies)
      throw new Error(`engine: ${ot.replies} replies, expected ${s.replies}`);
    collect();
    const pt = await runPeerSession(peer, turns, s.replies, 60_000, gates);
    if (pt.errors > 0) throw new Error(`engine: smtp-server refused: ${pt.firstError.trim()}`);
    // The default transcript is measured in full runs only (--quick keeps to the two main figures).
    if (!options.quick) {
      collect();
      big = runOurs(chunks, undefined);
    }
    await tick();
    if (!measured) continue;
    ours.push((s.replies / small.ms) * 1000);
    theirs.push((p.replies / p.ms) * 1000);
    oursTurns.push((s.replies / ot.ms) * 1000);
    theirsTurns.push((pt.replies / pt.ms) * 1000);
    if (big) full.push((s.replies / big.ms) * 1000);
  }
  await new Promise<void>((resolve) => peer.close(() => resolve()));

  const o = median(ours);
  const t = median(theirs);
  const f = median(full);
  return {
    figures: [
      figure({
        bench: 'engine',
        name: 'commands/s, 64 KB chunks',
        unit: '/s',
        ours: o,
        reference: t,
        referenceName: 'smtp-server',
        better: 'higher',
        goal: { min: 2, text: '>= 2x' },
        note: `session created with transcriptContentLimit ${SMALL_TRANSCRIPT}; ${messages} messages of 10 KB, fed in 64 KB chunks`,
        runs: { ours, reference: theirs },
      }),
      figure({
        bench: 'engine',
        name: 'commands/s, client turns',
        unit: '/s',
        ours: median(oursTurns),
        reference: median(theirsTurns),
        referenceName: 'smtp-server',
        better: 'higher',
        goal: { min: 2, text: '>= 2x' },
        note: 'same bytes sent turn by turn (MAIL+3 RCPT+DATA | content+"."+RSET), each turn once the replies to the last one are in',
        runs: { ours: oursTurns, reference: theirsTurns },
      }),
      ...(options.quick
        ? []
        : [
            figure({
              bench: 'engine',
              name: 'transcript cost',
              unit: '/s',
              ours: f,
              reference: o,
              referenceName: `ours, limit ${SMALL_TRANSCRIPT}`,
              better: 'higher',
              note: `default transcriptContentLimit (64 KB: every 10 KB body kept as text, ${((big?.transcriptTextBytes ?? 0) / 1e6).toFixed(1)} MB) vs ${SMALL_TRANSCRIPT} octets per message (${((small?.transcriptTextBytes ?? 0) / 1e6).toFixed(2)} MB); ${big?.transcriptEntries ?? 0} transcript entries either way`,
              runs: { ours: full, reference: ours },
            }),
          ]),
    ],
    details: {
      messages,
      bytes: s.bytes.length,
      lines: s.lines,
      replies: s.replies,
      chunk: CHUNK,
      turns: s.turns.length,
      warmups,
      transcriptEntries: small?.transcriptEntries,
      transcriptTextBytes: { small: small?.transcriptTextBytes, default: big?.transcriptTextBytes },
    },
  };
}
