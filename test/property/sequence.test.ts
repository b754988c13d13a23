/**
 * Property 6: commands out of sequence get 503 (RFC 5321 §4.1.4, §3.3):
 * MAIL, RCPT and DATA before an accepted HELO/EHLO; RCPT (and DATA) with no
 * open transaction; MAIL inside an open transaction.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { World } from '../../src/protocol/world.ts';
import {
  PROPERTY_TIMEOUT,
  bin,
  chunk,
  chunkingArb,
  linesWithQuitArb,
  run,
  sessionBytesArb,
  show,
  worldArb,
} from './arbitraries.ts';
import { readTranscript, type ModelState } from './model.ts';

/** 503, unless the error budget is already spent: then 421 (§4.2.2), in its place. */
function expected503(before: ModelState, world: Partial<World>): number {
  return before.errors >= (world.maxErrors ?? 20) ? 421 : 503;
}

const inputArb = fc.oneof(
  sessionBytesArb,
  linesWithQuitArb.map((lines) => bin(lines.join(''))),
);

describe('property 6: sequence errors are 503', { timeout: PROPERTY_TIMEOUT }, () => {
  it('MAIL/RCPT/DATA before HELO/EHLO, RCPT/DATA without MAIL, nested MAIL: 503', () => {
    const seen = { beforeHello: 0, noTransaction: 0, nested: 0 };
    fc.assert(
      fc.property(inputArb, chunkingArb, worldArb, (bytes, how, world) => {
        const { session } = run(chunk(bytes, how), world);
        for (const step of readTranscript(session.transcript).steps) {
          if (step.kind !== 'command') continue;
          // A line ending in a bare LF is refused as a line, unread, when the world says so.
          if (step.ending === 'LF' && world.bareLf === 'reject') continue;
          const { verb, before, reply } = step;
          const why = `${verb} got ${reply.code} in ${show(bytes)}`;
          let rule: keyof typeof seen | null = null;
          if (['MAIL', 'RCPT', 'DATA'].includes(verb) && !before.hello) rule = 'beforeHello';
          else if ((verb === 'RCPT' || verb === 'DATA') && !before.open) rule = 'noTransaction';
          else if (verb === 'MAIL' && before.open) rule = 'nested';
          if (rule) {
            seen[rule]++;
            expect(reply.code, why).toBe(expected503(before, world));
          }
        }
      }),
      { numRuns: 200 },
    );
    // Each rule was exercised.
    expect(seen.beforeHello).toBeGreaterThan(10);
    expect(seen.noTransaction).toBeGreaterThan(10);
    expect(seen.nested).toBeGreaterThan(10);
  });
});
