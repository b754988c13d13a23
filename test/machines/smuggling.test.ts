/**
 * SMTP smuggling: only <CRLF>.<CRLF> ends the message (RFC 5321 §4.1.1.4); a
 * bare LF or CR is not a line ending (§2.3.8). Each variant is sent as one
 * pipelined chunk with a second, forged transaction after the fake end; the
 * server must store exactly one message, holding the forged text as data.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/machines/session.ts';
import { DIALECTS, type DialectId } from '../../src/protocol/dialects/index.ts';
import { FIXED_NOW } from '../helpers.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** The fake terminators of the published attack, and variants some servers took. */
const VARIANTS = ['\n.\n', '\r\n.\n', '\n.\r\n', '\r.\r', '\r\n.\r'] as const;

const forged = 'MAIL FROM:<forged@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n';

function attack(fake: string, dialect: DialectId = 'rfc5321', world = {}) {
  const session = createSession({ now: FIXED_NOW, dialect, world });
  session.feed('');
  const hello = DIALECTS[dialect].commands.some((c) => c.verb === 'EHLO') ? 'EHLO' : 'HELO';
  const replies = session.feed(
    `${hello} client.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n` +
      `Subject: one${fake}${forged}Subject: forged\r\n\r\nsmuggled\r\n.\r\nQUIT\r\n`,
  );
  return { session, codes: replies.map((r) => r.code) };
}

describe('only <CRLF>.<CRLF> ends DATA, whatever else looks like an end', () => {
  for (const fake of VARIANTS) {
    it(`${JSON.stringify(fake)}: exactly one message stored, the forged commands kept as its text`, () => {
      const { session, codes } = attack(fake);
      expect(codes).toEqual([250, 250, 250, 354, 250, 221]);
      expect(session.mailbox).toHaveLength(1);
      const content = text(session.mailbox[0]!.content);
      expect(content).toContain('forged@example.test');
      expect(content).toContain('smuggled');
      expect(session.mailbox[0]!.reversePath).toBe('<bob@example.test>');
    });
  }

  for (const dialect of ['rfc788', 'rfc821', 'rfc1869'] as const) {
    it(`the same in ${dialect}, which has the dot terminator`, () => {
      for (const fake of VARIANTS) {
        const { session } = attack(fake, dialect, {
          users: [{ local: 'alice' }, { local: 'bob' }],
        });
        expect(session.mailbox.length, JSON.stringify(fake)).toBe(1);
      }
    });
  }

  it('the same in MTP (RFC 780 §5.5.2 brought the dot line; RFC 772 has no other end)', () => {
    for (const dialect of ['rfc772', 'rfc780'] as const) {
      for (const fake of VARIANTS) {
        const session = createSession({
          now: FIXED_NOW,
          dialect,
          world: { hostname: 'Y', localDomains: ['Y'], users: [{ local: 'Foo' }], extensions: [] },
        });
        session.feed('');
        const codes = session
          .feed(
            `MAIL FROM:<waldo@A> TO:<Foo@Y>\r\nText${fake}MAIL FROM:<evil@A> TO:<Foo@Y>\r\nx\r\n.\r\n`,
          )
          .map((r) => r.code);
        expect(codes, `${dialect} ${JSON.stringify(fake)}`).toEqual([354, 250]);
        expect(session.mailbox).toHaveLength(1);
      }
    }
  });

  it('a bare LF inside the text is kept as data and noted', () => {
    const session = createSession({ now: FIXED_NOW });
    session.feed('');
    session.feed(
      'EHLO c.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n',
    );
    expect(session.feed('a\nb\r\n.\r\n').map((r) => r.code)).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe('a\nb\r\n');
    expect(session.mailbox[0]!.bareLfLines).toBe(1);
    const note = session.transcript.find((e) => e.kind === 'note' && /bare <LF>/.test(e.text));
    expect(note).toBeDefined();
  });

  it('the end is found when <CRLF>.<CRLF> is split across reads, and not before', () => {
    const session = createSession({ now: FIXED_NOW });
    session.feed('');
    session.feed(
      'EHLO c.test\r\nMAIL FROM:<bob@example.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n',
    );
    const pieces = ['x\n', '.', '\n', 'y\r', '\n.', '\r', '\n'];
    const codes = pieces.flatMap((p) => session.feed(p).map((r) => r.code));
    expect(codes).toEqual([250]);
    expect(text(session.mailbox[0]!.content)).toBe('x\n.\ny\r\n');
  });
});

describe("dataEnding: 'lenient', the vulnerable behaviour, only when asked for", () => {
  it('<LF>.<LF> ends the message, and the text after it runs as a second transaction', () => {
    const { session, codes } = attack('\n.\n', 'rfc5321', { dataEnding: 'lenient' });
    expect(codes).toEqual([250, 250, 250, 354, 250, 250, 250, 354, 250, 221]);
    expect(session.mailbox).toHaveLength(2);
    expect(session.mailbox[1]!.reversePath).toBe('<forged@example.test>');
  });

  it('is not the default', () => {
    expect(createSession().world.dataEnding).toBe('strict');
  });
});
