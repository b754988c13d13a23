/**
 * Replays a retrieval fixture (library/rfc1939, rfc9051): `# key: value`
 * headers, then `C:` lines the client sends and `S:` lines the server must
 * send, compared exactly (IMAP flag lists as sets); an `S~:` line is compared by its first words only
 * (POP3's status indicator, IMAP's tag and status), where the RFC leaves the
 * text free. The client's lines up to the next server line are sent
 * together, as a client would, and everything the server sends in answer is
 * compared line by line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface FixtureStep {
  readonly who: 'C' | 'S' | 'S~';
  readonly text: string;
  readonly line: number;
}

export interface Fixture {
  readonly meta: Readonly<Record<string, string>>;
  readonly steps: readonly FixtureStep[];
}

export function readFixture(path: string): Fixture {
  const text = readFileSync(
    fileURLToPath(new URL(`../../../library/${path}`, import.meta.url)),
    'utf8',
  );
  const meta: Record<string, string> = {};
  const steps: FixtureStep[] = [];
  text.split('\n').forEach((raw, i) => {
    const header = /^# ([\w-]+): (.*)$/.exec(raw);
    if (header) return void (meta[header[1]!] = header[2]!);
    if (raw === '' || raw.startsWith('#')) return;
    const m = /^(C|S|S~):(?: (.*))?$/.exec(raw);
    if (!m) throw new Error(`${path}:${i + 1}: expected C:, S: or S~:, got ${JSON.stringify(raw)}`);
    steps.push({ who: m[1] as FixtureStep['who'], text: m[2] ?? '', line: i + 1 });
  });
  return { meta, steps };
}

/** What an `S~:` line fixes: POP3's status indicator; IMAP's tag (or "*") and the word after it. */
function loose(line: string): string {
  const words = line.split(' ');
  return /^[+-]/.test(line) ? words[0]! : words.slice(0, 2).join(' ');
}

/**
 * IMAP flag lists compare as sets: their order means nothing, and RFC 9051's
 * own examples list the same flags in different orders (§6.4.6, §8).
 */
function flagsAsSets(line: string): string {
  return line.replace(
    /FLAGS \(([^()]*)\)/g,
    (_m, flags: string) => `FLAGS (${flags.split(' ').sort().join(' ')})`,
  );
}

/** A mismatch, or null when the server said every line the fixture holds and nothing more. */
export function replay(
  fixture: Fixture,
  start: () => string,
  feed: (text: string) => string,
): string | null {
  const said: string[] = [];
  const hear = (wire: string) => {
    const lines = wire.split('\r\n');
    if (lines.at(-1) !== '')
      return `response not ended by CRLF: ${JSON.stringify(wire.slice(-40))}`;
    said.push(...lines.slice(0, -1));
    return null;
  };
  let problem = hear(start());
  if (problem) return problem;
  let i = 0;
  const steps = fixture.steps;
  while (i < steps.length) {
    if (steps[i]!.who === 'C') {
      let batch = '';
      while (i < steps.length && steps[i]!.who === 'C') batch += `${steps[i++]!.text}\r\n`;
      problem = hear(feed(batch));
      if (problem) return problem;
      continue;
    }
    const step = steps[i++]!;
    const got = said.shift();
    if (got === undefined)
      return `line ${step.line}: expected ${JSON.stringify(step.text)}, the server said nothing`;
    const same =
      step.who === 'S'
        ? flagsAsSets(got) === flagsAsSets(step.text)
        : loose(got) === loose(step.text);
    if (!same)
      return `line ${step.line}: expected ${JSON.stringify(step.text)}, got ${JSON.stringify(got)}`;
  }
  return said.length > 0 ? `the server said more: ${JSON.stringify(said)}` : null;
}
