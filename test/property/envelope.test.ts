/**
 * Property 5: envelope invariants. A message is delivered only at the end of
 * a complete transaction (accepted MAIL, at least one accepted RCPT, DATA
 * answered 354, end of data answered 250, no RSET/HELO/EHLO in between, RFC
 * 5321 §3.3), carries its trace fields (§4.4), and the machine's state
 * follows the transcript.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../src/machines/types.ts';
import {
  PROPERTY_TIMEOUT,
  chunk,
  chunkingArb,
  run,
  sessionBytesArb,
  show,
  worldArb,
} from './arbitraries.ts';
import { readTranscript } from './model.ts';

describe('property 5: envelope invariants', { timeout: PROPERTY_TIMEOUT }, () => {
  it('deliveries, trace fields and states agree with the transcript', () => {
    let delivered = 0;
    let runs = 0;
    fc.assert(
      fc.property(sessionBytesArb, chunkingArb, worldArb, (bytes, how, world) => {
        runs++;
        const { session } = run(chunk(bytes, how), world);
        const { steps } = readTranscript(session.transcript);
        const where = () => show(bytes);
        let accepted = 0;
        const deliveries: Delivery[] = [];
        for (const step of steps) {
          const { before } = step;
          switch (step.kind) {
            case 'stray-delivery':
              throw new Error(`delivery without an accepted end of data in ${where()}`);
            case 'content':
              // Content is read only after a 354 to a DATA in a complete envelope.
              expect(before.inData, where()).toBe(true);
              expect(before.open && before.rcpts > 0, where()).toBe(true);
              if (step.reply.code === 250) {
                accepted++;
                expect(step.delivery, where()).not.toBeNull();
              } else {
                expect(step.delivery, where()).toBeNull();
              }
              if (step.delivery) {
                const d = step.delivery;
                deliveries.push(d);
                expect(d.reversePath).toBe(before.reversePath);
                expect(d.recipients).toHaveLength(before.rcpts);
                const local = d.recipients.some((r) => r.route === 'local');
                const relayOnly = d.recipients.every((r) => r.route === 'relay');
                const returnPath = `Return-Path: ${d.reversePath}\r\nReceived: from `;
                if (local) expect(d.trace.startsWith(returnPath), d.trace).toBe(true);
                else if (relayOnly)
                  expect(d.trace.startsWith('Received: from '), d.trace).toBe(true);
                else
                  expect(
                    d.trace.startsWith(returnPath) || d.trace.startsWith('Received: from '),
                    d.trace,
                  ).toBe(true);
                // §4.4: the FOR clause names the one recipient, and only when there is one.
                if (d.recipients.length === 1)
                  expect(d.trace).toContain(`\r\n\tfor ${d.recipients[0]!.text};`);
                else expect(d.trace).not.toContain('\tfor ');
              }
              break;
            case 'command':
              if (step.verb === 'DATA' && step.reply.code === 354)
                expect(before.open && before.rcpts > 0, where()).toBe(true);
              if (step.verb === 'RCPT' && (step.reply.code === 250 || step.reply.code === 251))
                expect(before.open, where()).toBe(true);
              if (step.verb === 'MAIL' && step.reply.code === 250)
                expect(before.hello && !before.open, where()).toBe(true);
              break;
            case 'state': {
              const { to } = step;
              if (to === 'closed') break;
              if (!before.hello) expect(to, where()).toBe('greeting');
              else expect(to, where()).not.toBe('greeting');
              expect(to.startsWith('transaction.') || to === 'data', `${to} ${where()}`).toBe(
                before.open,
              );
              expect(to === 'data', `${to} ${where()}`).toBe(before.inData);
              if (to === 'transaction.rcpt') expect(before.rcpts).toBeGreaterThan(0);
              break;
            }
            case 'unsolicited':
              break;
          }
        }
        expect(session.mailbox).toEqual(deliveries);
        expect(session.mailbox).toHaveLength(accepted);
        if (accepted > 0) delivered++;
      }),
      { numRuns: 200 },
    );
    expect(delivered / runs).toBeGreaterThan(0.2);
  });

  it('live state: greeting until an accepted HELO/EHLO, transaction.* only with an accepted MAIL', () => {
    fc.assert(
      fc.property(sessionBytesArb, worldArb, (bytes, world) => {
        const { session } = run([], world);
        // One line at a time, checking the live state after each.
        for (const line of chunk(bytes, { kind: 'lines' })) {
          session.feed(line);
          if (session.closed) break;
          const m = readTranscript(session.transcript).final;
          const state = session.state;
          expect(state === 'greeting', `${state} ${show(bytes)}`).toBe(!m.hello);
          expect(state.startsWith('transaction.') || state === 'data', state).toBe(m.open);
          expect(state === 'data', state).toBe(m.inData);
          expect(session.inData).toBe(m.inData);
        }
      }),
      { numRuns: 100 },
    );
  });
});
