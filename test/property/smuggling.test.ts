/**
 * Property: whatever text a client sends between DATA and <CRLF>.<CRLF>, made
 * of the pieces smuggling attacks are built from (bare CR, bare LF, dots,
 * command-like lines), in any chunking, the server stores exactly one message
 * and its content is the text with only CRLF-delimited lines unstuffed
 * (RFC 5321 §2.3.8, §4.1.1.4, §4.5.2). Nothing after a fake end runs as a command.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROPERTY_TIMEOUT, bin, chunk, chunkingArb, run, show } from './arbitraries.ts';

const PIECES = ['\r', '\n', '\r\n', '.', '..', 'a', ' ', 'MAIL FROM:<x@example.test>', 'DATA'];

/** Text that never contains <CRLF>.<CRLF> (which would really end the message). */
const textArb = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 40 })
  .map((parts) => parts.join(''))
  .filter((t) => !`\r\n${t}\r\n`.includes('\r\n.\r\n'));

/** The receiver's view (§4.5.2): a line that starts with a dot, after a CRLF, loses that dot. */
function unstuffed(text: string): string {
  return text
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? line.slice(1) : line))
    .join('\r\n');
}

describe('property: only <CRLF>.<CRLF> ends the message', { timeout: PROPERTY_TIMEOUT }, () => {
  it('exactly one message, byte-exact, whatever the text and the chunking', () => {
    fc.assert(
      fc.property(textArb, chunkingArb, (text, how) => {
        const wire =
          'EHLO client.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n' +
          `${text}\r\n.\r\nQUIT\r\n`;
        const bytes = bin(wire);
        const { session, wires } = run(chunk(bytes, how));
        const codes = wires
          .join('')
          .split('\r\n')
          .filter((l) => /^\d{3} /.test(l))
          .map((l) => Number(l.slice(0, 3)));
        expect(codes, show(bytes)).toEqual([220, 250, 250, 250, 354, 250, 221]);
        expect(session.mailbox).toHaveLength(1);
        const content = new TextDecoder().decode(session.mailbox[0]!.content);
        expect(content).toBe(unstuffed(`${text}\r\n`));
      }),
      { numRuns: 300 },
    );
  });
});
