/**
 * 4. Browser: the built first screen against the budget file, then the app served by
 * `vite preview` on 127.0.0.1 (port chosen by the system) and driven in the system's
 * Chromium through playwright-core (the e2e harness, test/e2e/browser.ts): time to a usable
 * console, replay of a 10,000-line transcript, Enter-to-paint latency, heap after a
 * 100,000-line session; then one Lighthouse try (mobile and desktop), the installed devDependency.
 * It builds into a folder of its own (OUT), so a build for the e2e tests or by hand is left alone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/browser.ts';
import { ROOT } from './lib/child.ts';
import { figure, type BenchOptions, type BenchResult, type Figure } from './lib/report.ts';
import { bounded, median, now } from './lib/util.ts';
import { KB, OUT, MiB, type Budget, startPreview, ensureBuild, sizes } from './browser-build.ts';
import {
  noopLines,
  openWithMonaco,
  withMonaco,
  closePage,
  pasteAndWait,
  timeToUsable,
  nodeReplay,
  p95,
  enterToPaint,
  heapAfter,
} from './browser-page.ts';
import { LIGHTHOUSE_VERSION, lighthouse } from './browser-lighthouse.ts';

// ---------------------------------------------------------------------------------------------

export async function browser(options: BenchOptions): Promise<BenchResult> {
  const { quick, log } = options;
  const started = now();
  // Deadlines (s from the start) keep the whole benchmark, Lighthouse included, under 3 minutes:
  // the repeated figures stop adding runs past theirs (after at least one run each).
  const elapsed = () => (now() - started) / 1000;
  const until = quick ? { usable: 0, replay: 0, all: 0 } : { usable: 18, replay: 35, all: 170 };
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  const add = (...fs: Figure[]) => {
    figures.push(...fs);
    for (const f of fs)
      log(
        `browser: ${f.name}: ${f.ours === null ? '-' : f.ours.toFixed(1)} ${f.unit} (${((now() - started) / 1000).toFixed(1)} s)`,
      );
  };

  // 1. Built sizes against bench/budget.json.
  const budget = JSON.parse(readFileSync(resolve(ROOT, 'bench', 'budget.json'), 'utf8')) as Budget;
  const b = await ensureBuild(log, quick);
  const s = sizes(b.manifest, budget);
  details.build = { built: b.built, seconds: b.seconds, ...s };
  add(
    figure({
      bench: 'browser',
      name: 'first screen JS+CSS gzip',
      unit: 'kB',
      ours: s.firstGzip / KB,
      reference: s.budgetGzip / KB,
      referenceName: 'budget.json',
      better: 'lower',
      goal: { max: 1, text: `<= ${budget.firstScreenGzipKB} kB` },
      note: `${s.firstFiles.join(' + ')} (entry and its static imports, gzip level 6)${b.stale ? `; ${OUT}/ older than the sources (--quick)` : ''}`,
    }),
    figure({
      bench: 'browser',
      name: 'Monaco chunk gzip',
      unit: 'kB',
      ours: s.monacoGzip / KB,
      reference: s.firstGzip / KB,
      referenceName: 'first screen',
      better: 'lower',
      note: `${s.lazyFiles.join(' + ')}, fetched on intent, or when idle on a wide screen; its worker and font: ${Object.entries(
        s.lazyAssets,
      )
        .map(([f, n]) => `${f} ${(n / KB).toFixed(1)} kB`)
        .join(', ')}`,
    }),
    figure({
      bench: 'browser',
      name: 'after first screen gzip',
      unit: 'kB',
      ours: s.restGzip / KB,
      reference: s.firstGzip / KB,
      referenceName: 'first screen',
      better: 'lower',
      note: `the other chunks the app imports (JS and CSS, Monaco's aside), fetched when the page is idle after the first screen or on demand: ${Object.entries(
        s.restFiles,
      )
        .map(([f, n]) => `${f} ${(n / KB).toFixed(1)} kB`)
        .join(', ')}`,
    }),
  );

  // 2-4 in Chromium against vite preview.
  const [preview, chrome] = await Promise.all([
    startPreview(),
    chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    }),
  ]);
  try {
    const url = preview.url;
    const version = chrome.version();
    details.chromium = version;
    log(`browser: Chromium ${version}, vite preview on 127.0.0.1 (${elapsed().toFixed(1)} s)`);

    // Time to a usable console (first-screen input, before Monaco), about:blank as reference.
    const usableRuns = quick ? 1 : 5;
    const usable = { ours: [] as number[], reference: [] as number[], inPage: [] as number[] };
    if (!quick) await timeToUsable(chrome, url); // warm-up: the preview server's first responses
    let usablePage: Page | null = null;
    for (let i = 0; i < usableRuns && (i < 1 || elapsed() < until.usable); i++) {
      const r = await bounded(timeToUsable(chrome, url, quick), 60_000, 'usable console');
      usable.ours.push(r.ours);
      usable.reference.push(r.reference);
      usable.inPage.push(r.inPage);
      usablePage = r.page;
    }
    details.usable = usable;
    add(
      figure({
        bench: 'browser',
        name: 'navigation to usable console',
        unit: 'ms',
        ours: median(usable.ours),
        reference: median(usable.reference),
        referenceName: 'about:blank',
        better: 'lower',
        runs: { ours: usable.ours, reference: usable.reference },
        note: `goto, the plain input enabled, "NOOP" + Enter, its reply in the transcript (fresh context, cold cache; in page from navigation start: median ${median(usable.inPage).toFixed(0)} ms)`,
      }),
    );

    // The page for the memory figure (and, with --quick, for everything below: the page of the
    // usable-console figure goes on, Monaco asked for): its heap right after load is the reference.
    const page = usablePage ? await withMonaco(usablePage) : await openWithMonaco(chrome, url);
    try {
      const load = await heapAfter(page);
      let pageLines = 0;

      // Replay: 5,000 command lines pasted as one chunk (10,000+ transcript rows), each run in a
      // fresh page (with --quick: the shared page, one run).
      const replayLines = noopLines(5000);
      const replayText = replayLines.join('\n');
      const nodeText = replayLines.map((l) => `${l}\r\n`).join('');
      const replayRuns = quick ? 1 : 5;
      const replay = { ours: [] as number[], reference: [] as number[] };
      for (let i = 0; i < 3; i++) nodeReplay(nodeText); // warm-up
      for (let i = 0; i < replayRuns && (i < 1 || elapsed() < until.replay); i++) {
        const p = quick ? page : await openWithMonaco(chrome, url);
        try {
          replay.ours.push(await pasteAndWait(p, replayText, replayLines.at(-1)!, 30_000));
          if (quick) pageLines += replayLines.length;
        } finally {
          if (!quick) await closePage(p);
        }
        replay.reference.push(nodeReplay(nodeText));
      }
      details.replay = replay;
      add(
        figure({
          bench: 'browser',
          name: 'replay 10,000 steps',
          unit: 'ms',
          ours: median(replay.ours),
          reference: median(replay.reference),
          referenceName: 'session API in Node',
          better: 'lower',
          goal: { of: 'value', max: 1000, text: '< 1 s' },
          runs: replay,
          note: 'EHLO + 4,999 HELO pasted into Monaco as one chunk, until the last reply is painted; Node: createSession().feed of the same chunk',
        }),
      );

      // In the shared page: Enter to painted reply over 200 commands (20 with --quick), then the
      // rest of a 100,000-line session (10,000 with --quick) pasted in chunks of 5,000, its heap.
      const commands = quick ? 20 : 200;
      const total = quick ? 10_000 : 100_000;
      const chunk = 5000;
      {
        // A paste of one line stays in the editor: two lines go out as one chunk.
        await pasteAndWait(page, 'EHLO client.test\nNOOP', 'NOOP', 10_000);
        const lat = await bounded(enterToPaint(page, commands), 90_000, 'Enter to paint');
        details.enterToPaint = { commands, ...lat };
        const paint = lat.samples.map((x) => x.paint);
        const dom = lat.samples.map((x) => x.dom);
        const inFirst = lat.samples.filter((x) => x.firstFrame).length / lat.samples.length;
        add(
          figure({
            bench: 'browser',
            name: `p95 Enter to paint (${commands})`,
            unit: 'ms',
            ours: p95(paint),
            reference: p95(lat.empty),
            referenceName: 'empty rAF round trip',
            better: 'lower',
            goal: { of: 'value', max: 16, text: '< 16 ms' },
            runs: { ours: paint, reference: lat.empty },
            note: `keydown (capture) to the reply row, then requestAnimationFrame and the next task (painted), typed in Monaco; includes the wait for the next 60 Hz frame; ${(inFirst * 100).toFixed(0)}% of the replies were in the DOM before the first frame after their keydown began; median ${median(paint).toFixed(1)} ms, reference median ${median(lat.empty).toFixed(1)} ms`,
          }),
          figure({
            bench: 'browser',
            name: `p95 Enter to DOM (${commands})`,
            unit: 'ms',
            ours: p95(dom),
            reference: 1000 / 60,
            referenceName: 'one frame at 60 Hz',
            better: 'lower',
            goal: { of: 'value', max: 4, text: '<= 4 ms' },
            runs: { ours: dom, reference: [] },
            note: `keydown (capture) to the reply row in the transcript (MutationObserver): the app's own work for a command (Monaco, the session, the page state, Svelte's update), without the frame wait; median ${median(dom).toFixed(1)} ms`,
          }),
        );

        const m0 = now();
        let sent = pageLines + 2 + commands;
        while (sent < total && now() - m0 < (quick ? 8_000 : 60_000)) {
          const lines = noopLines(Math.min(chunk, total - sent), sent, false);
          await pasteAndWait(page, lines.join('\n'), lines.at(-1)!, 60_000);
          sent += lines.length;
        }
        const seconds = (now() - m0) / 1000;
        const after = await heapAfter(page);
        const rows = Number(await page.getByTestId('transcript').getAttribute('data-count'));
        const heap = { load, after, lines: sent, rows, seconds };
        details.memory = heap;
        add(
          figure({
            bench: 'browser',
            name: `heap, ${heap.lines.toLocaleString('en-US')} lines`,
            unit: 'MiB',
            ours: heap.after / MiB,
            reference: heap.load / MiB,
            referenceName: 'page after load',
            better: 'lower',
            note: `performance.memory.usedJSHeapSize after a full GC (--enable-precise-memory-info), Monaco loaded in both; EHLO + HELOs, the typed ones above then pasted ${chunk.toLocaleString('en-US')} lines at a time (${seconds.toFixed(1)} s), ${rows.toLocaleString('en-US')} transcript rows; growth ${((heap.after - heap.load) / MiB).toFixed(1)} MiB, ${Math.round((heap.after - heap.load) / heap.lines)} B/line${heap.lines < total ? ` (stopped at the time bound, ${total} asked)` : ''}`,
          }),
        );
      }
    } finally {
      await closePage(page);
    }
  } finally {
    await chrome.close();
    await preview.close();
  }

  // Lighthouse against a fresh preview: mobile three times, desktop once.
  if (quick) {
    log('lighthouse: not run (--quick)');
    details.lighthouse = { status: 'not run', reason: '--quick' };
  } else {
    const lhPreview = await startPreview();
    try {
      // 90 s each at most, less when the deadline is nearer (30 s at the least).
      // The mobile run (the goal's) gets 60 s at the least: on a busy machine it takes 40-50 s.
      const timeout = (least: number) =>
        Math.max(least, Math.min(90_000, (until.all - elapsed()) * 1000));
      // Mobile three times, the run with the median score kept: one simulated run moves by
      // several points on a machine shared with other work (Lighthouse's own advice is a
      // median of runs). The runs' scores and TBTs are in the note.
      const mobileRuns: Awaited<ReturnType<typeof lighthouse>>[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await lighthouse(lhPreview.url, false, timeout(60_000));
        mobileRuns.push(r);
        if (r.score === null) break;
      }
      const scored = mobileRuns.filter((r) => r.score !== null);
      scored.sort((a, b) => a.score! - b.score!);
      const mobile = scored[Math.floor((scored.length - 1) / 2)] ?? mobileRuns.at(-1)!;
      const runsNote = scored
        .map((r) => `${r.score} (TBT ${Math.round(r.metrics?.['total-blocking-time'] ?? NaN)} ms)`)
        .join(', ');
      const desktop =
        mobile.score === null
          ? { score: null, reason: `mobile failed (${mobile.reason})` }
          : await lighthouse(lhPreview.url, true, timeout(30_000));
      details.lighthouse = { mobile, desktop };
      for (const [name, r] of [
        ['mobile', mobile],
        ['desktop', desktop],
      ] as const) {
        if (r.score === null) log(`lighthouse ${name}: not run (${r.reason})`);
        add(
          figure({
            bench: 'browser',
            name: `Lighthouse ${name} performance`,
            unit: 'score',
            ours: r.score,
            reference: 100,
            referenceName: 'maximum score',
            better: 'higher',
            ...(name === 'mobile'
              ? { goal: { of: 'value' as const, min: 98, text: '>= 98' } }
              : {}),
            note:
              r.score === null
                ? `not run (${r.reason})`
                : `lighthouse ${LIGHTHOUSE_VERSION}${name === 'desktop' ? ' --preset=desktop' : ` (median of ${scored.length} runs: ${runsNote})`} (installed), headless Chromium; ${Object.entries(
                    'metrics' in r ? (r.metrics ?? {}) : {},
                  )
                    .map(
                      ([k, v]) =>
                        `${k} ${k === 'cumulative-layout-shift' ? v.toFixed(3) : `${Math.round(v)} ms`}`,
                    )
                    .join(', ')}`,
          }),
        );
      }
      // The goal names the main thread's share of the score too: total blocking time, mobile.
      // The median of the mobile runs' TBTs (not always the median-score run's).
      const tbts = scored.flatMap((r) => r.metrics?.['total-blocking-time'] ?? []);
      const tbt = tbts.length ? median(tbts) : undefined;
      add(
        figure({
          bench: 'browser',
          name: 'Lighthouse mobile TBT',
          unit: 'ms',
          ours: tbt ?? null,
          reference: 100,
          referenceName: 'goal',
          better: 'lower',
          goal: { of: 'value', max: 100, text: '< 100 ms' },
          note:
            tbt === undefined
              ? `not run (${mobile.reason ?? 'no metric'})`
              : `median total blocking time of the mobile runs above (${tbts.map(Math.round).join(', ')} ms; simulated slow CPU: observed tasks x4)`,
        }),
      );
    } finally {
      await lhPreview.close();
    }
  }
  return { figures, details };
}
