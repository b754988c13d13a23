/**
 * Every reply the server gives is one its dialect's command-reply sequence
 * table allows for that command (RFC 5321 §4.3.2, RFC 821 §4.3, RFC 788 §4.3,
 * RFC 780 §5.3, RFC 772 pp. 23-24), over many random sessions in every era.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { enabledExtensions } from '../../src/protocol/extensions/index.ts';
import { PROFILES } from '../../src/protocol/profiles.ts';
import { toBase64 } from '../../src/protocol/sasl.ts';
import { makeWorld } from '../../src/protocol/world.ts';
import { FIXED_NOW } from '../helpers.ts';

const LINES = [
  'EHLO client.test',
  'HELO client.test',
  'EHLO bad_name',
  'HELO',
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<>',
  'MAIL FROM: <alice@example.test>',
  'MAIL FROM:<a@b.test> SIZE=999999999',
  'MAIL FROM:<a@b.test> X=1',
  'MAIL FROM:<waldo@client.test> TO:<alice@example.test>',
  'MAIL FROM:<waldo@client.test> TO:<carol@example.test>',
  'MAIL FROM:<waldo@client.test>',
  'SEND FROM:<a@client.test>',
  'SOML FROM:<a@client.test>',
  'SAML FROM:<a@client.test>',
  'RCPT TO:<bob@example.test>',
  'RCPT TO:<nobody@example.test>',
  'RCPT TO:<x@elsewhere.test>',
  'RCPT TO:<postmaster>',
  'RCPT TO:<>',
  'MRSQ',
  'MRSQ R',
  'MRSQ T',
  'MRSQ ?',
  'MRSQ X',
  'MRCP TO:<alice@example.test>',
  'MRCP TO:<nobody@example.test>',
  'CONT',
  'ABRT',
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
  'VRFY staff',
  'EXPN staff',
  'EXPN bob',
  'HELP',
  'HELP MAIL',
  'HELP XYZ',
  'TURN',
  'QUIT',
  'QUIT x',
  'FOO',
  '',
  `NOOP ${'x'.repeat(600)}`,
];

describe('replies stay within each era’s command-reply sequences', () => {
  for (const id of Object.keys(DIALECTS) as DialectId[]) {
    it(id, () => {
      const dialect = DIALECTS[id];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 40 }), (lines) => {
          const session = createSession({
            dialect: id,
            now: FIXED_NOW,
            world: {
              maxErrors: 1000,
              forwards: [{ local: 'carol', to: 'carol@elsewhere.test', mode: 'forward' }],
            },
          });
          const [greeting] = session.feed('');
          expect(dialect.sequences.CONNECTION!.success).toContain(greeting!.code);
          let opener = '';
          for (const line of lines) {
            if (session.closed) break;
            const verb = line.split(' ')[0]!.toUpperCase();
            const seq = dialect.commands.some((c) => c.verb === verb)
              ? dialect.sequences[verb]
              : undefined;
            const allowed = [
              ...dialect.anyCommand,
              ...(seq ? [...seq.success, ...(seq.intermediate ?? []), ...seq.error] : []),
            ];
            const replies = session.send(line);
            // One reply per command; MTP may send a preliminary 1yz first (RFC 772 p. 10-11).
            expect(replies.length, line).toBeGreaterThanOrEqual(1);
            expect(replies.slice(0, -1).every((r) => r.code < 200)).toBe(true);
            for (const r of replies)
              expect(allowed, `${id}: ${line} -> ${r.code}`).toContain(r.code);
            if (replies.some((r) => r.code === 354)) opener = verb;
            if (session.inData) {
              const [end] = session.feed('Subject: x\r\n\r\n..body\r\n.\r\n');
              expect(
                dialect.sequences[opener]!.afterData,
                `${id}: end of data -> ${end!.code}`,
              ).toContain(end!.code);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

const MODERN_LINES = [
  'EHLO client.test',
  'STARTTLS',
  'STARTTLS x',
  `AUTH PLAIN ${toBase64('\0alice\0wonderland')}`,
  'AUTH PLAIN',
  'AUTH LOGIN',
  'AUTH FOO',
  '*',
  toBase64('\0alice\0nope'),
  'MAIL FROM:<alice@example.test>',
  'MAIL FROM:<alice@example.test> BODY=BINARYMIME',
  'MAIL FROM:<jörg@example.test> SMTPUTF8',
  'MAIL FROM:<jörg@example.test>',
  'MAIL FROM:<alice@example.test> RET=HDRS ENVID=abc',
  'MAIL FROM:<alice@example.test> RET=X',
  'RCPT TO:<bob@example.test> NOTIFY=SUCCESS',
  'RCPT TO:<x@elsewhere.test>',
  'RCPT TO:<jörg@example.test>',
  'DATA',
  'BDAT 3',
  'BDAT 0 LAST',
  'RSET',
  'NOOP',
  'VRFY bob',
  'QUIT',
];

describe('with every extension on: replies stay within RFC 5321 §4.3.2 and the extensions’ own lists', () => {
  for (const profile of PROFILES) {
    it(`profile ${profile.id} (port ${profile.port})`, () => {
      const world = makeWorld({ ...profile.world, maxErrors: 1000, failingMailboxes: ['bob'] });
      const dialect = DIALECTS.rfc5321;
      const extensions = enabledExtensions(world, dialect);
      const any = [...dialect.anyCommand, ...extensions.flatMap((e) => e.anyCommand ?? [])];
      const table = (verb: string) =>
        dialect.sequences[verb] ?? extensions.find((e) => e.sequences?.[verb])?.sequences?.[verb];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...MODERN_LINES), { maxLength: 40 }), (lines) => {
          const session = createSession({ world, now: FIXED_NOW });
          session.feed('');
          for (const line of lines) {
            if (session.closed) break;
            const inAuth = session.state === 'auth';
            const verb = line.split(' ')[0]!.toUpperCase();
            const replies = line.startsWith('BDAT 3')
              ? session.feed('BDAT 3\r\nabc')
              : session.send(line);
            expect(replies.length, line).toBeGreaterThanOrEqual(1);
            // A line inside a SASL exchange answers the AUTH command (RFC 4954 §4).
            const seq = table(inAuth ? 'AUTH' : verb);
            const allowed = [
              ...any,
              ...(seq ? [...seq.success, ...(seq.intermediate ?? []), ...seq.error] : []),
            ];
            for (const r of replies)
              expect(allowed, `${profile.id}: ${line} -> ${r.code}`).toContain(r.code);
            if (session.inData) {
              const [end] = session.feed('Subject: x\r\n\r\nbody\r\n.\r\n');
              expect(dialect.sequences.DATA!.afterData).toContain(end!.code);
            }
          }
        }),
        { numRuns: 120 },
      );
    });
  }
});
