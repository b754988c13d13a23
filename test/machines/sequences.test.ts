/**
 * Every reply the server gives is one the dialect's command-reply sequence
 * table allows for that command (RFC 5321 §4.3.2), over many random sessions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';
import { FIXED_NOW } from '../helpers.ts';

const COMMANDS = [
  'EHLO client.test',
  'HELO client.test',
  'EHLO bad_name',
  'HELO',
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<>',
  'MAIL FROM: <alice@example.test>',
  'MAIL FROM:<a@b.test> SIZE=999999999',
  'MAIL FROM:<a@b.test> X=1',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<x@elsewhere.test>',
  'RCPT TO:<postmaster>',
  'RCPT TO:<>',
  'DATA',
  'DATA x',
  'RSET',
  'RSET x',
  'NOOP',
  'NOOP hi',
  'VRFY bob',
  'VRFY nobody',
  'VRFY Example',
  'VRFY',
  'EXPN staff',
  'EXPN bob',
  'HELP',
  'HELP MAIL',
  'HELP XYZ',
  'QUIT',
  'QUIT x',
  'FOO',
  '',
  `NOOP ${'x'.repeat(600)}`,
];

describe('replies stay within RFC 5321 §4.3.2', () => {
  const dialect = DIALECTS.rfc5321;

  it('for random command sequences with message content', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...COMMANDS), { maxLength: 40 }), (lines) => {
        const session = createSession({ now: FIXED_NOW, world: { maxErrors: 1000 } });
        const [greeting] = session.feed('');
        expect(dialect.sequences.CONNECTION!.success).toContain(greeting!.code);
        for (const line of lines) {
          if (session.closed) break;
          const verb = line.split(' ')[0]!.toUpperCase();
          const replies = session.send(line);
          expect(replies).toHaveLength(1);
          const code = replies[0]!.code;
          const seq = dialect.sequences[verb];
          const allowed = [
            ...dialect.anyCommand,
            ...(seq ? [...seq.success, ...(seq.intermediate ?? []), ...seq.error] : []),
          ];
          expect(allowed, `${line} -> ${code}`).toContain(code);
          if (code === 354) {
            const [end] = session.feed('Subject: x\r\n\r\n..body\r\n.\r\n');
            expect(seq!.afterData, `end of data -> ${end!.code}`).toContain(end!.code);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
