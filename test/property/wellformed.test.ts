/**
 * Property 1: whatever bytes arrive, in whatever chunks, `feed` never throws
 * and every reply is well formed (RFC 5321 §4.2, §4.5.3.1.5).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROPERTY_TIMEOUT,
  bin,
  chunk,
  chunkingArb,
  echoLineArb,
  run,
  show,
  vocabularyStreamArb,
  worldArb,
  type Chunking,
} from './arbitraries.ts';
import type { World } from '../../src/protocol/world.ts';

const enc = new TextEncoder();
const octets = (text: string) => enc.encode(text).length;

/** Structure per §4.2 Reply-line: same code on every line, "-" on all but the last, CRLF-terminated. */
function structureProblem(wire: string): string | null {
  if (!wire.endsWith('\r\n')) return 'does not end in CRLF';
  const lines = wire.slice(0, -2).split('\r\n');
  let code: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = /^([2-5][0-5][0-9])(?:([ -])([\s\S]*))?$/.exec(lines[i]!);
    if (!m) return `line ${i} has no reply code`;
    if (code !== null && m[1] !== code) return `line ${i} changes the code`;
    code = m[1]!;
    const last = i === lines.length - 1;
    if (!last && m[2] !== '-') return `line ${i} is not the last but does not use "-"`;
    if (last && m[2] === '-') return 'the last line uses "-"';
  }
  const n = Number(code);
  if (n < 200 || n > 559) return `code ${n} outside 200-559`;
  return null;
}

/** The brief's per-line grammar: no CR or LF anywhere but the final CRLF of each line. */
function bareCrLfProblem(wire: string): string | null {
  for (const line of wire.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    if (!/^[2-5][0-5][0-9]([ -].*)?\r\n$/.test(line)) return `bad line ${JSON.stringify(line)}`;
  }
  return null;
}

/** §4.5.3.1.5: at most 512 octets per reply line, CRLF included. */
function lengthProblem(wire: string): string | null {
  for (const line of wire.split(/(?<=\r\n)/)) {
    const n = octets(line);
    if (n > 512) return `a reply line of ${n} octets`;
  }
  return null;
}

/** §4.2 textstring = 1*(%d09 / %d32-126): HT, SP and printable US-ASCII only. */
function textProblem(wire: string): string | null {
  for (const line of wire.split('\r\n').slice(0, -1)) {
    const text = line.slice(4);
    const bad = /[^\t\x20-\x7e]/.exec(text);
    if (bad) return `reply text has U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')}`;
  }
  return null;
}

const streamArb = fc.oneof(
  fc.uint8Array({ maxLength: 3000, size: 'large' }),
  vocabularyStreamArb,
  echoLineArb,
);

/**
 * A 471-octet MAIL command (within the 512-octet command line limit,
 * §4.5.3.1.4) whose 443 octets after the path the server quotes back.
 */
const ASCII_ECHO = bin(`EHLO client.test\r\nMAIL FROM:<a@example.test>${'x'.repeat(443)}\r\n`);

/**
 * Minimal counterexample for the 512-octet rule: 56 octets 0x80 after the
 * path (an 84-octet command). Each decodes to U+FFFD, which the reply quotes
 * escaped as the 8 characters `\u{fffd}`: a 518-octet 501 line. Clipping the
 * quote to 100 characters happens before escaping, so it does not help
 * (55 octets give 510, 56 give 518, 88 or more give 758).
 */
const ESCAPED_ECHO = bin(`EHLO client.test\r\nMAIL FROM:<a@example.test>${'\x80'.repeat(56)}\r\n`);
const ESCAPED_ECHO_EXAMPLE: [Uint8Array, Chunking, Partial<World>] = [
  ESCAPED_ECHO,
  { kind: 'whole' },
  {},
];

function check(problem: (wire: string) => string | null) {
  return fc.property(streamArb, chunkingArb, worldArb, (bytes, how, world) => {
    let result: ReturnType<typeof run>;
    try {
      result = run(chunk(bytes, how), world);
    } catch (e) {
      throw new Error(`feed threw on ${show(bytes)}: ${String(e)}`, { cause: e });
    }
    // An exception inside the machine does not reach `feed`: XState stops the
    // actor with status "error" and every later command silently gets no reply.
    const snapshot = result.session.actor.getSnapshot();
    if (snapshot.status === 'error')
      throw new Error(`the server machine failed on ${show(bytes)}: ${String(snapshot.error)}`, {
        cause: snapshot.error,
      });
    const { wires } = result;
    for (const w of wires) {
      const p = problem(w);
      if (p) throw new Error(`${p} in ${JSON.stringify(w)} for input ${show(bytes)}`);
    }
  });
}

describe(
  'property 1: feed never throws, replies are well formed',
  { timeout: PROPERTY_TIMEOUT },
  () => {
    it('never throws; every reply has one code, "-" continuation lines, a final CRLF, code 200-559', () => {
      fc.assert(check(structureProblem), { numRuns: 300 });
    });

    it('no bare CR or LF inside a reply line', () => {
      fc.assert(check(bareCrLfProblem), { numRuns: 300 });
    });

    // BUG (RFC 5321 §4.5.3.1.5, §4.5.3.1): client text quoted in a reply is
    // clipped to 100 characters and then escaped, and escaping can multiply its
    // length by 8, so a reply line can still pass 512 octets. Flip to `it` once fixed.
    it('no reply line longer than 512 octets', () => {
      fc.assert(check(lengthProblem), {
        numRuns: 300,
        examples: [ESCAPED_ECHO_EXAMPLE],
        endOnFailure: true,
      });
    });

    it('minimal input: 56 octets 0x80 after MAIL FROM:<path> give a 518-octet reply line', () => {
      // Today: `501 5.1.7 Bad sender address syntax: unexpected "\u{fffd}...(56 times)" after the address`.
      const { wires } = run([ESCAPED_ECHO], {});
      expect(wires.map(octets).filter((n) => n > 512)).toEqual([]);
    });

    it('a long ASCII quote is cut short: 443 octets after MAIL FROM:<path>', () => {
      const { wires } = run([ASCII_ECHO], {});
      expect(wires[2]!.startsWith('501 5.1.7 Bad sender address syntax: unexpected "xxx')).toBe(
        true,
      );
      expect(octets(wires[2]!)).toBeLessThanOrEqual(512);
    });

    it('reply text is a textstring (HT, SP, printable US-ASCII)', () => {
      fc.assert(check(textProblem), { numRuns: 300 });
    });
  },
);
