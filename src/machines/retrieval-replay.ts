/**
 * Replays a retrieval session (library/rfc1939 `.pop3`, library/rfc9051
 * `.imap`) against our POP3 or IMAP session, step by step, for the library's
 * view and the protocol tests alike (one implementation of the rules).
 *
 * A file is `# key: value` headers, then `C:` lines the client sends and `S:`
 * lines the server must send, compared exactly (IMAP flag lists as sets); an
 * `S~:` line is compared by its first words only (POP3's status indicator,
 * IMAP's tag and status), where the RFC leaves the text free. The client's
 * lines up to the next server line go together, as a client would send them,
 * and make one step with what the server answers; the greeting is step 0.
 */
import { latin1 } from '../protocol/bytes.ts';
import { MemoryMailStore } from '../protocol/pop3/mailstore.ts';
import { ImapSession } from './imap-session.ts';
import { Pop3Session } from './pop3-session.ts';

export type RetrievalProtocol = 'pop3' | 'imap';

export interface FixtureLine {
  readonly who: 'C' | 'S' | 'S~';
  readonly text: string;
  /** Its line in the file (1-based). */
  readonly line: number;
}

export interface Fixture {
  readonly meta: Readonly<Record<string, string>>;
  readonly steps: readonly FixtureLine[];
}

/** One server line: the recorded one next to ours; either is null when the other side has more. */
export interface ServerLine {
  readonly recorded: string | null;
  /** The file's line of the recorded one (0 when there is none). */
  readonly line: number;
  /** Compared by its first words only (`S~:`). */
  readonly loose: boolean;
  readonly ours: string | null;
  readonly same: boolean;
}

export interface RetrievalStep {
  /** The client's lines of this step (none for the greeting). */
  readonly client: readonly string[];
  readonly server: readonly ServerLine[];
  readonly same: boolean;
}

export function parseFixture(text: string, name = 'session'): Fixture {
  const meta: Record<string, string> = {};
  const steps: FixtureLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const header = /^# ([\w-]+): (.*)$/.exec(raw);
    if (header) return void (meta[header[1]!] = header[2]!);
    if (raw === '' || raw.startsWith('#')) return;
    const m = /^(C|S|S~):(?: (.*))?$/.exec(raw);
    if (!m) throw new Error(`${name}:${i + 1}: expected C:, S: or S~:, got ${JSON.stringify(raw)}`);
    steps.push({ who: m[1] as FixtureLine['who'], text: m[2] ?? '', line: i + 1 });
  });
  return { meta, steps };
}

/** What an `S~:` line fixes: POP3's status indicator; IMAP's tag (or "*") and the word after it. */
function loose(line: string): string {
  const words = line.split(' ');
  return /^[+-]/.test(line) ? words[0]! : words.slice(0, 2).join(' ');
}

/** IMAP flag lists compare as sets: RFC 9051's own examples order them differently (§6.4.6, §8). */
function flagsAsSets(line: string): string {
  return line.replace(
    /FLAGS \(([^()]*)\)/g,
    (_m, flags: string) => `FLAGS (${flags.split(' ').sort().join(' ')})`,
  );
}

function compare(recorded: FixtureLine | undefined, ours: string | undefined): ServerLine {
  const isLoose = recorded?.who === 'S~';
  const same =
    recorded !== undefined &&
    ours !== undefined &&
    (isLoose
      ? loose(ours) === loose(recorded.text)
      : flagsAsSets(ours) === flagsAsSets(recorded.text));
  return {
    recorded: recorded?.text ?? null,
    line: recorded?.line ?? 0,
    loose: isLoose,
    ours: ours ?? null,
    same,
  };
}

/** A response's lines; one not ended by CRLF keeps its tail as a line of its own, marked. */
function linesOf(wire: string): string[] {
  const lines = wire.split('\r\n');
  const tail = lines.pop()!;
  return tail === '' ? lines : [...lines, `${tail} (not ended by CRLF)`];
}

/** Every step: the client's lines, and the recorded server lines next to what our server said. */
export function replaySteps(
  fixture: Fixture,
  start: () => string,
  feed: (text: string) => string,
): RetrievalStep[] {
  const out: RetrievalStep[] = [];
  const lines = fixture.steps;
  let i = 0;
  let said = linesOf(start());
  let client: string[] = [];
  for (;;) {
    const recorded: FixtureLine[] = [];
    while (i < lines.length && lines[i]!.who !== 'C') recorded.push(lines[i++]!);
    const server = Array.from({ length: Math.max(recorded.length, said.length) }, (_, k) =>
      compare(recorded[k], said[k]),
    );
    out.push({ client, server, same: server.every((s) => s.same) });
    if (i >= lines.length) return out;
    client = [];
    while (i < lines.length && lines[i]!.who === 'C') client.push(lines[i++]!.text);
    said = linesOf(feed(client.map((c) => `${c}\r\n`).join('')));
  }
}

/** The first difference in words, or null when the server said every recorded line and no more. */
export function firstDifference(steps: readonly RetrievalStep[]): string | null {
  for (const step of steps)
    for (const s of step.server) {
      if (s.same) continue;
      if (s.recorded === null) return `the server said more: ${JSON.stringify(s.ours)}`;
      const got = s.ours === null ? 'the server said nothing' : `got ${JSON.stringify(s.ours)}`;
      return `line ${s.line}: expected ${JSON.stringify(s.recorded)}, ${got}`;
    }
  return null;
}

const bytesOf = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

interface Seed {
  readonly text: string;
  readonly id?: string;
  readonly flags?: string[];
  readonly arrived?: string;
}

/** The mail store a file's headers describe: POP3's `maildrop`, IMAP's `mailbox` and `uidvalidity`. */
export function storeFrom(meta: Readonly<Record<string, string>>): MemoryMailStore {
  const store = new MemoryMailStore({ uidValidity: Number(meta.uidvalidity ?? 1) });
  const boxes = JSON.parse(meta.maildrop ?? meta.mailbox ?? '{}') as Record<string, Seed[]>;
  for (const [user, messages] of Object.entries(boxes))
    for (const m of messages) {
      const stored = store.deliverBytes(user, bytesOf(m.text), {
        ...(m.id ? { id: m.id } : {}),
        ...(m.arrived ? { arrived: new Date(m.arrived) } : {}),
      });
      if (m.flags) store.setFlags(user, stored.uid, new Set(m.flags));
    }
  return store;
}

export interface RetrievalRun {
  readonly steps: RetrievalStep[];
  readonly store: MemoryMailStore;
  readonly session: Pop3Session | ImapSession;
}

/** Replays a file against a fresh session of its protocol, in the world its headers set. */
export function replayRetrieval(protocol: RetrievalProtocol, text: string): RetrievalRun {
  const fixture = parseFixture(text);
  const { meta } = fixture;
  const store = storeFrom(meta);
  const world = meta.world ? (JSON.parse(meta.world) as object) : undefined;
  const session =
    protocol === 'pop3'
      ? new Pop3Session({
          store,
          ...(world ? { world } : {}),
          ...(meta.stamp ? { stamp: meta.stamp } : {}),
        })
      : new ImapSession({
          store,
          ...(world ? { world } : {}),
          ...(meta.zone ? { zoneMinutes: Number(meta.zone) } : {}),
        });
  const steps = replaySteps(
    fixture,
    () => latin1(session.start()),
    (t) => latin1(session.feed(t)),
  );
  return { steps, store, session };
}
