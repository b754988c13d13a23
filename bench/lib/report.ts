/** What a benchmark hands back, and how the run prints it. */
import os from 'node:os';

export interface Goal {
  /** Lowest value the figure should reach (the ratio unless `of` is 'value'). */
  readonly min?: number;
  /** Highest value the figure may have (the ratio unless `of` is 'value'). */
  readonly max?: number;
  /** What the bounds apply to: the ratio ours / reference (default) or ours itself (an absolute goal). */
  readonly of?: 'ratio' | 'value';
  readonly text: string;
}

export interface Figure {
  readonly bench: string;
  readonly name: string;
  readonly unit: string;
  /** Median of the measured runs; null when not measured. */
  readonly ours: number | null;
  readonly reference: number | null;
  /** What the reference is: "smtp-server", "memory copy", "ours, default transcript"... */
  readonly referenceName: string;
  /** ours / reference, whatever the unit; `better` says which way is good. */
  readonly ratio: number | null;
  readonly better: 'higher' | 'lower';
  readonly goal?: Goal;
  readonly met?: boolean;
  readonly note?: string;
  /** Every measured run, in the order run (warm-up runs excluded). */
  readonly runs?: { readonly ours: readonly number[]; readonly reference: readonly number[] };
}

export interface BenchResult {
  readonly figures: Figure[];
  readonly details: Record<string, unknown>;
}

export interface BenchOptions {
  readonly quick: boolean;
  /** Milliseconds this benchmark may spend measuring before it stops adding runs. */
  readonly budgetMs: number;
  readonly log: (line: string) => void;
  /** `--profile`: benchmarks that can also profile a server do (bench/lab.ts). */
  readonly profile?: boolean;
}

export function figure(f: Omit<Figure, 'ratio' | 'met'> & { ratio?: number | null }): Figure {
  const ratio =
    f.ratio !== undefined
      ? f.ratio
      : f.ours !== null && f.reference !== null && f.reference !== 0
        ? f.ours / f.reference
        : null;
  const x = f.goal?.of === 'value' ? f.ours : ratio;
  const met =
    f.goal && x !== null
      ? (f.goal.min === undefined || x >= f.goal.min) &&
        (f.goal.max === undefined || x <= f.goal.max)
      : undefined;
  return { ...f, ratio, ...(met !== undefined ? { met } : {}) };
}

export function machineFacts() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    /** 1, 5 and 15 minute load averages when the run started: other work on the machine skews figures. */
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function num(n: number | null, unit: string): string {
  if (n === null || !Number.isFinite(n)) return '-';
  const digits = n >= 1000 ? 0 : n >= 100 ? 1 : n >= 10 ? 1 : 2;
  return `${n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** The table of figures, one line each, with the reference and the ratio side by side. */
export function table(figures: readonly Figure[], notMeasured: readonly string[]): string {
  const rows = figures.map((f) => [
    f.bench,
    f.name,
    num(f.ours, f.unit),
    `${num(f.reference, f.unit)} (${f.referenceName})`,
    f.ratio === null ? '-' : `${f.ratio.toFixed(2)}x`,
    f.goal
      ? `${f.goal.text}: ${f.met ? 'met' : 'NOT met'}`
      : f.better === 'lower'
        ? '(lower is better)'
        : '',
  ]);
  const head = ['bench', 'figure', 'ours', 'reference (same run)', 'ratio', 'goal'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i]!, i === 2 || i === 4))
      .join('  ')
      .trimEnd();
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const f of figures) if (f.note) out.push(`  ${f.bench} / ${f.name}: ${f.note}`);
  for (const n of notMeasured) out.push(`not measured yet: ${n}`);
  return out.join('\n');
}
