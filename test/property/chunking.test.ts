/**
 * Property 3: how the bytes are cut into chunks does not matter (RFC 2920
 * pipelining): the replies and the mailbox are the same for one chunk, one
 * line per chunk, cuts inside every CRLF and CRLF.CRLF, random cuts and
 * one octet per chunk.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROPERTY_TIMEOUT,
  chunk,
  deliveryView,
  randomCutsArb,
  run,
  sessionBytesArb,
  worldArb,
  type Chunking,
} from './arbitraries.ts';

describe('property 3: chunking does not matter', { timeout: PROPERTY_TIMEOUT }, () => {
  it('same replies and mailbox for every chunking', () => {
    let delivered = 0;
    let runs = 0;
    fc.assert(
      fc.property(sessionBytesArb, randomCutsArb, worldArb, (bytes, cuts, world) => {
        runs++;
        const whole = run([bytes], world);
        const expected = {
          wires: whole.wires,
          mailbox: whole.session.mailbox.map(deliveryView),
          state: whole.session.state,
          // Once closed the session ignores input, so only an open one has a meaningful buffer.
          buffered: whole.session.closed ? null : whole.session.buffered,
        };
        if (expected.mailbox.length > 0) delivered++;
        const ways: Chunking[] = [{ kind: 'lines' }, { kind: 'crlf' }, cuts];
        if (bytes.length <= 2500) ways.push({ kind: 'bytes' });
        for (const how of ways) {
          const r = run(chunk(bytes, how), world);
          expect(
            {
              wires: r.wires,
              mailbox: r.session.mailbox.map(deliveryView),
              state: r.session.state,
              buffered: r.session.closed ? null : r.session.buffered,
            },
            how.kind,
          ).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
    // The generator must actually produce deliveries for this to mean anything.
    expect(delivered / runs).toBeGreaterThan(0.2);
  });
});
