import { describe, expect, it } from 'vitest';
import { createSession, type TranscriptEntry } from '../../../src/machines/session.ts';
import { DisplayLines, displayLines } from '../../../src/ui/shared/transcript-lines.ts';
import { FIXED_NOW } from '../../helpers.ts';

/** Chunks a learner may send, the state-changing ones (TLS, BDAT, DATA) among them. */
const CHUNKS = [
  'EHLO client.test\r\n',
  'MAIL FROM:<alice@example.test>\r\n',
  'RCPT TO:<bob@example.test>\r\n',
  'DATA\r\n',
  'Subject: hi\r\n\r\n..a dot\r\n.\r\n',
  'BDAT 5 LAST\r\nhello',
  'STARTTLS\r\n',
  'RSET\r\nNOOP\r\n',
  'NOOP\r\nRSET\r\n',
  'VRFY bob\r\n',
  'bogus\r\n',
];

const world = {
  extensions: ['STARTTLS', 'CHUNKING', 'PIPELINING', '8BITMIME'],
  tls: { offered: true, required: false, implicit: false },
};

describe('display lines kept between refreshes', () => {
  it('after every chunk, the same lines as a walk of the whole transcript', () => {
    let seed = 7;
    const pick = () =>
      CHUNKS[((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) % CHUNKS.length]!;
    const kinds = new Set<string>();
    for (let run = 0; run < 40; run++) {
      const session = createSession({ now: FIXED_NOW, world });
      session.feed('');
      const sent = new WeakMap<TranscriptEntry, readonly string[]>();
      const options = { dialect: session.dialect, sent: (e: TranscriptEntry) => sent.get(e) };
      const kept = new DisplayLines(options);
      for (let i = 0; i < 25; i++) {
        session.feed(pick());
        // As the page does: a copy of the transcript each refresh.
        expect(kept.of(session.transcript.slice())).toEqual(
          displayLines(session.transcript, options),
        );
      }
      for (const e of session.transcript) kinds.add(e.kind);
    }
    // The runs went through TLS and message text, where lines depend on what came before.
    expect([...kinds]).toEqual(expect.arrayContaining(['tls', 'content', 'state', 'note']));
  });

  it('an array grown in place is walked from where it was left', () => {
    const session = createSession({ now: FIXED_NOW });
    session.feed('');
    const kept = new DisplayLines();
    const first = kept.of(session.transcript);
    session.feed('EHLO client.test\r\n');
    const second = kept.of(session.transcript);
    expect(second).not.toBe(first);
    expect(second).toEqual(displayLines(session.transcript));
    expect(kept.of(session.transcript)).toBe(second); // nothing new: the same array
  });

  it('another transcript (a new session) is walked whole, TLS forgotten', () => {
    const a = createSession({ now: FIXED_NOW, world });
    a.feed('');
    a.feed('EHLO client.test\r\nSTARTTLS\r\n');
    const kept = new DisplayLines();
    kept.of(a.transcript.slice());
    const b = createSession({ now: FIXED_NOW });
    b.feed('');
    b.feed('EHLO client.test\r\n');
    const lines = kept.of(b.transcript.slice());
    expect(lines).toEqual(displayLines(b.transcript));
    expect(lines.some((l) => l.tls)).toBe(false);
  });
});
