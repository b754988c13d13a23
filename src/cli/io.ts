/**
 * What a command-line entry talks to: its output streams. Each CLI exports
 * `main(argv, io)`, which returns its exit code; run as a script it gets
 * `processIo`, and tests call it in process with an `io` that records.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface CliIo {
  /** Writes to standard output (text as given, no newline added). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (text as given, no newline added). */
  readonly stderr: (text: string) => void;
}

export const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** A CLI's output kept in memory (tests). */
export interface RecordedIo extends CliIo {
  readonly out: string;
  readonly err: string;
}

export function recordIo(): RecordedIo {
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the script node
 * was started with (`tsx src/cli/x.ts`, `node --import tsx src/cli/x.ts`),
 * rather than imported. Module URLs name the real file, so the script's path
 * is resolved through symbolic links first.
 */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === moduleUrl;
  } catch {
    return false;
  }
}
