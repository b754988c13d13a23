/**
 * The browser session's transcript measured where it lives: in Chromium. The
 * session module is bundled (vite, library mode, in memory) and run in a blank
 * page; the same typed session as `transcript` (EHLO, then MAIL/RCPT/VRFY/
 * NOOP/RSET, one feed per line, limits off) and its `usedJSHeapSize` growth
 * after full collections. Chromium's V8 compresses pointers (4-byte fields),
 * Node's does not, so the same objects weigh less here: this is the figure the
 * browser's heap pays. The reference is the text of the exchange itself.
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/browser.ts';
import { ROOT } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult } from './lib/report.ts';
import { NO_LIMITS, TYPED_CYCLE } from './lib/script.ts';
import { bounded } from './lib/util.ts';

const GOAL = 150;

/** The session module as one script that sets `globalThis.SmtpSession`. */
async function bundle(): Promise<string> {
  const out = await build({
    root: ROOT,
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: {
        entry: join(ROOT, 'src/machines/session.ts'),
        formats: ['iife'],
        name: 'SmtpSession',
        fileName: 'session',
      },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as { output: { code?: string }[] }[];
  const code = outputs.flatMap((o) => o.output).find((c) => c.code)?.code;
  if (!code) throw new Error('transcript-chromium: the session bundle is empty');
  return code;
}

interface PageResult {
  readonly before: number;
  readonly after: number;
  readonly textBytes: number;
  readonly entries: number;
  readonly errors: number;
  readonly closed: boolean;
}

export async function transcriptChromium(options: BenchOptions): Promise<BenchResult> {
  const lines = options.quick ? 10_000 : 100_000;
  options.log(
    `transcript-chromium: the same ${lines.toLocaleString('en-US')}-line session, in Chromium`,
  );
  const code = await bundle();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    // tsx wraps named functions in `__name(...)` (esbuild's keepNames): the page gets a no-op.
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto('about:blank');
    await page.addScriptTag({ content: code });
    const cdp = await page.context().newCDPSession(page);
    const collect = async () => {
      for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    };
    const heap = () =>
      page.evaluate(
        () =>
          (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize,
      );
    // Warm up the code paths (and their lazily made tables) in a session that is then dropped.
    const run = (n: number, keep: boolean) =>
      page.evaluate(
        ({ n, keep, cycle, world }) => {
          const g = globalThis as unknown as {
            SmtpSession: { createSession: (o: object) => SessionLike };
            held?: SessionLike;
          };
          interface SessionLike {
            feed(s: string): { code: number }[];
            wire(r: { code: number }): string;
            transcript: readonly unknown[];
            closed: boolean;
          }
          const session = g.SmtpSession.createSession({ world });
          let textBytes = 0;
          let errors = 0;
          const take = (line: string | null) => {
            const replies = session.feed(line === null ? '' : `${line}\r\n`);
            if (line !== null) textBytes += line.length + 2;
            for (const r of replies) {
              if (r.code >= 400) errors++;
              textBytes += session.wire(r).length;
            }
          };
          take(null);
          take('EHLO client.test');
          for (let i = 1; i < n; i++) take(cycle[(i - 1) % cycle.length]!);
          if (keep) g.held = session;
          return {
            textBytes,
            errors,
            entries: session.transcript.length,
            closed: session.closed,
          };
        },
        { n, keep, cycle: TYPED_CYCLE, world: NO_LIMITS },
      );
    await bounded(run(2000, false), 60_000, 'warm-up');
    await collect();
    const before = await heap();
    const r = await bounded(run(lines, true), 120_000, 'the session');
    await collect();
    const after = await heap();
    const result: PageResult = { before, after, ...r };
    if (result.errors > 0 || result.closed)
      throw new Error(
        `transcript-chromium: ${result.errors} error replies; every line must be accepted`,
      );
    const perLine = (result.after - result.before) / lines;
    return {
      details: { lines, ...result },
      figures: [
        figure({
          bench: 'transcript',
          name: 'heap per command line, Chromium',
          unit: 'B',
          ours: perLine,
          reference: result.textBytes / lines,
          referenceName: 'text of command + reply',
          better: 'lower',
          goal: { max: GOAL, of: 'value', text: `< ${GOAL} B` },
          note:
            `usedJSHeapSize growth after full collections (CDP), ${lines.toLocaleString('en-US')} lines one feed each, ` +
            `${result.entries.toLocaleString('en-US')} transcript entries, session kept alive; ` +
            `the session module bundled by vite and run in a blank page; Chromium's V8 compresses pointers, Node's does not`,
        }),
      ],
    };
  } finally {
    await browser.close();
  }
}
