/** Starting a benchmark helper in its own Node process (TypeScript through tsx). */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (bench/ is directly below it). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ForkOptions {
  /** More Node options (`--max-old-space-size=96`, `--cpu-prof`...). */
  readonly execArgv?: readonly string[];
  /** Keep the child's stderr (a heap-limit crash prints pages of it) instead of showing it. */
  readonly pipeStderr?: boolean;
}

/** Forks `bench/<file>` with an IPC channel; `--expose-gc` so it can measure its heap. */
export function forkBench(
  file: string,
  args: readonly string[] = [],
  options: ForkOptions = {},
): ChildProcess {
  return fork(resolve(ROOT, 'bench', file), [...args], {
    cwd: ROOT,
    execArgv: ['--expose-gc', ...(options.execArgv ?? []), '--import', 'tsx'],
    stdio: ['ignore', 'inherit', options.pipeStderr ? 'pipe' : 'inherit', 'ipc'],
  });
}

/** Waits for the next IPC message the child sends, or fails if it exits or takes too long. */
export function nextMessage<T>(child: ChildProcess, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer after ${ms} ms`));
    }, ms);
    const onMessage = (m: unknown) => {
      cleanup();
      resolvePromise(m as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${what}: the helper process exited (${code})`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Ends a helper this run started: closes its channel, then kills that one process if it lingers. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill(), 3000);
  await exited;
  clearTimeout(timer);
}
