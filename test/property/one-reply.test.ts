/**
 * Property 2: every command gets exactly one reply (RFC 5321 §4.2), and after
 * 221 or 421 the session is closed and input produces nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT, bin, linesWithQuitArb, newSession, worldArb } from './arbitraries.ts';

describe('property 2: exactly one reply per command', { timeout: PROPERTY_TIMEOUT }, () => {
  it('one reply per line until 221/421, nothing after', () => {
    fc.assert(
      fc.property(linesWithQuitArb, worldArb, (lines, world) => {
        const s = newSession(world);
        const greeting = s.feed(new Uint8Array(0));
        expect(greeting.map((r) => r.code)).toEqual([220]);
        let total = 0;
        // Message content is not commands: a DATA that got 354 makes the next
        // lines content until the "." line, which gets the one reply.
        let atLineStart: boolean = true;
        for (const line of lines) {
          const wasClosed = s.closed;
          const wasData = s.inData;
          const replies = s.feed(bin(line));
          total += replies.length;
          const ending = line.endsWith('\r\n') ? 'CRLF' : 'LF';
          if (wasClosed) {
            expect(replies).toEqual([]);
          } else if (wasData) {
            const endsLine = ending === 'CRLF' || world.bareLf !== 'reject';
            const text = line.slice(0, ending === 'CRLF' ? -2 : -1);
            const terminator: boolean = atLineStart && endsLine && text === '.';
            expect(replies.length, JSON.stringify(line)).toBe(terminator ? 1 : 0);
            atLineStart = terminator || endsLine;
          } else {
            expect(replies.length, JSON.stringify(line)).toBe(1);
            atLineStart = true;
          }
          const last = replies.at(-1);
          if (last && (last.code === 221 || last.code === 421)) expect(s.closed).toBe(true);
          if (s.closed && !wasClosed) expect([221, 421]).toContain(last?.code);
        }
        // The same lines fed at once give the same number of replies.
        const all = newSession(world);
        expect(all.feed(bin(lines.join(''))).length).toBe(total + 1);
      }),
      { numRuns: 300 },
    );
  });
});
