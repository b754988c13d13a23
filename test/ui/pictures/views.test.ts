import { describe, expect, it } from 'vitest';
import { createSession } from '../../../src/machines/session.ts';
import { sequenceArrows, sequenceTail } from '../../../src/ui/pictures/sequence.ts';
import { deliveredView, openView } from '../../../src/ui/sandbox/envelope.ts';
import { displayLines, exportText, speaker } from '../../../src/ui/shared/transcript-lines.ts';
import { atBottom, listWindow } from '../../../src/ui/pictures/virtual.ts';
import { FIXED_NOW } from '../../helpers.ts';

function delivered() {
  const s = createSession({ now: FIXED_NOW });
  s.feed('');
  s.feed(
    [
      'EHLO client.test',
      'MAIL FROM:<alice@example.test>',
      'RCPT TO:<bob@example.test>',
      'RCPT TO:<postmaster@example.test>',
      'DATA',
      'From: Mallory <mallory@example.test>',
      'To: Bob',
      '  <bob@example.test>',
      'Subject: hi',
      '',
      '..a dot',
      '.',
      '',
    ].join('\r\n'),
  );
  return s;
}

describe('transcript lines', () => {
  it('prefixes client, server, inside and note lines, with steps', () => {
    const lines = displayLines(delivered().transcript);
    const text = exportText(lines, { notes: true }).split('\n');
    expect(text[0]).toBe('   0 <- 220 mail.example.test Service ready');
    expect(text).toContain('   1 -> EHLO client.test');
    expect(text).toContain('   1 <- 250-PIPELINING');
    expect(text).toContain('   1 == state greeting → ready');
    // The message line as it went over the wire, the stored text beside it.
    expect(text).toContain('   6 -> ..a dot   [stored: .a dot]');
    expect(text).toContain('   6 -> .');
    expect(text.some((l) => l.startsWith('   6 ** The server removed 1 leading dot'))).toBe(true);
    expect(text).toContain('   6 <- 250 2.0.0 OK: queued as 00000001');
  });

  it('export the dialogue as on the wire by default, the inside lines only when asked', () => {
    const lines = displayLines(delivered().transcript);
    const dialogue = exportText(lines).split('\n');
    expect(dialogue).toContain('   6 -> ..a dot');
    expect(dialogue).toContain('   1 <- 250-PIPELINING');
    expect(dialogue.some((l) => / (==|\*\*) /.test(l))).toBe(false);
    expect(dialogue.some((l) => l.includes('stored'))).toBe(false);
  });

  it("marks a reply's first line with its code (for the class marker), never its text or export", () => {
    const s = delivered();
    s.feed('RCPT TO:<nobody@elsewhere.test>\r\nVRFY\r\n');
    const lines = displayLines(s.transcript);
    const replies = lines.filter((l) => l.reply !== undefined);
    // One per reply, on its first line: EHLO's continuation lines carry none.
    expect(replies.length).toBe(s.transcript.filter((e) => e.kind === 'server').length);
    expect(lines.find((l) => l.text === '250-PIPELINING')?.reply).toBeUndefined();
    expect(replies.map((l) => l.reply)).toContain(503);
    expect(replies.every((l) => l.text.startsWith(String(l.reply)))).toBe(true);
    // The export is the dialogue only: no class markers or words.
    const exported = exportText(lines);
    expect(exported).not.toMatch(/[✓✗⚠…]|failure|positive/);
    expect(exported).toMatch(/<- 5\d\d /);
  });

  it('says who each line is from in words, beside the glyphs', () => {
    expect(speaker('client')).toBe('client');
    expect(speaker('content')).toBe('client');
    expect(speaker('pending')).toBe('client');
    expect(speaker('server')).toBe('server');
    expect(speaker('state')).toBe('inside');
    expect(speaker('delivery')).toBe('inside');
    expect(speaker('note')).toBe('note');
  });
});

describe('virtual window', () => {
  it('renders only the rows on screen plus overscan', () => {
    expect(listWindow(0, 200, 20, 10_000, 5)).toEqual({
      start: 0,
      end: 16,
      offset: 0,
      total: 200_000,
    });
    const w = listWindow(100_000, 400, 20, 10_000, 10);
    expect(w.start).toBe(4990);
    expect(w.end - w.start).toBeLessThan(60);
    expect(listWindow(1e9, 400, 20, 100).end).toBe(100);
    expect(atBottom(780, 200, 1000)).toBe(true);
    expect(atBottom(100, 200, 1000)).toBe(false);
  });
});

describe('sequence arrows', () => {
  it('pairs commands and replies, with codes and states', () => {
    const arrows = sequenceArrows(delivered().transcript);
    expect(arrows[0]).toMatchObject({ direction: 'to-client', label: '220' });
    expect(arrows[1]).toMatchObject({ direction: 'to-server', label: 'EHLO client.test' });
    expect(arrows[2]).toMatchObject({ direction: 'to-client', label: '250', state: 'ready' });
    expect(arrows[4]).toMatchObject({ label: '250 2.1.0', state: 'transaction.mail' });
    const message = arrows.find((a) => a.label.startsWith('message'));
    expect(message?.label).toMatch(/^message \(\d+ octets\) \+ "\."$/);
    expect(arrows.at(-1)).toMatchObject({ label: '250 2.0.0', state: 'ready', code: 250 });
  });

  it('the tail the diagram shows is the end of the whole list, and the count is all of it', () => {
    const s = delivered();
    // Commands that move the state, one that does not, a refused one, and the end.
    s.feed(
      'RSET\r\nNOOP\r\nMAIL FROM:<alice@example.test>\r\nRCPT TO:<x@elsewhere.invalid>\r\nQUIT\r\n',
    );
    const all = sequenceArrows(s.transcript);
    expect(all.length).toBeGreaterThan(20);
    for (const max of [0, 1, 2, 5, 24, all.length, all.length + 10]) {
      const tail = sequenceTail(s.transcript, max);
      expect(tail.total).toBe(all.length);
      expect(tail.arrows).toEqual(all.slice(all.length - Math.min(max, all.length)));
    }
  });
});

describe('envelope and content', () => {
  it('compares the envelope with the header of a delivered message', () => {
    const s = delivered();
    const view = deliveredView(s.mailbox[0]!);
    expect(view.mailFrom).toBe('<alice@example.test>');
    expect(view.rcptTo).toEqual(['<bob@example.test>', '<postmaster@example.test>']);
    expect(view.hiddenRecipients).toEqual(['<postmaster@example.test>']);
    expect(view.fromDiffers).toBe(true);
    expect(view.trace[0]).toMatch(/^Return-Path: /);
    expect(view.trace[1]).toMatch(/^Received: from client.test/);
    expect(view.source).toContain('\r\n.a dot\r\n');
  });

  it('shows the open envelope while the transaction goes on', () => {
    const s = createSession();
    s.feed('EHLO a.test\r\nMAIL FROM:<>\r\nRCPT TO:<bob@example.test>\r\n');
    const view = openView(s.envelope!);
    expect(view).toMatchObject({ status: 'open', mailFrom: '<>', rcptTo: ['<bob@example.test>'] });
  });
});
