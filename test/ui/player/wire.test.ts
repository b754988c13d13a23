import { describe, expect, it } from 'vitest';
import { Player } from '../../../src/ui/player/player.svelte.ts';
import {
  octets,
  planWire,
  replyLines,
  wireWindow,
  type WireLine,
} from '../../../src/ui/player/wire.ts';
import { FIXED_NOW, fixture } from '../../helpers.ts';

const loaded = (text: string, from?: 'rfc' | 'commands') => {
  const p = new Player({ now: FIXED_NOW });
  expect(p.load(text, from)).toBe(true);
  return p;
};
const show = (l: WireLine) => `${l.side === 'client' ? 'C' : 'S'} ${l.role} ${l.text}`;

describe('wire view', () => {
  it('RFC 821 Appendix F Scenario 1 replayed: every line of both sides, the stuffed text line marked', () => {
    const p = loaded(fixture('rfc821/f1-typical.smtp'));
    const plan = planWire(p.steps);
    const w = wireWindow(p.steps, plan, p.last, 100, true);
    expect(w.hidden).toBe(0);
    expect(w.lines.map(show)).toEqual([
      'S reply 220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready',
      'C command HELO USC-ISIF.ARPA',
      'S reply 250 BBN-UNIX.ARPA',
      'C command MAIL FROM:<Smith@USC-ISIF.ARPA>',
      'S reply 250 OK',
      'C command RCPT TO:<Jones@BBN-UNIX.ARPA>',
      'S reply 250 OK',
      'C command RCPT TO:<Green@BBN-UNIX.ARPA>',
      'S reply 550 No such user here',
      'C command RCPT TO:<Brown@BBN-UNIX.ARPA>',
      'S reply 250 OK',
      'C command DATA',
      'S reply 354 Start mail input; end with <CRLF>.<CRLF>',
      'C text Blah blah blah...',
      // On the wire "...etc."; the receiver removes the first period (RFC 821 §4.5.2).
      'C stuffed ...etc. etc. etc.',
      'C end .',
      'S reply 250 OK',
      'C command QUIT',
      'S reply 221 BBN-UNIX.ARPA Service closing transmission channel',
    ]);
    expect(w.lines.find((l) => l.role === 'stuffed')?.content).toBe('..etc. etc. etc.');
    // Octets with each line's CRLF, as a capture counts them.
    const sum = (side: string) =>
      w.lines.filter((l) => l.side === side).reduce((n, l) => n + l.text.length + 2, 0);
    expect(w.clientOctets).toBe(sum('client'));
    expect(w.serverOctets).toBe(sum('server'));
    expect(w.clientOctets).toBe(
      [
        'HELO USC-ISIF.ARPA',
        'MAIL FROM:<Smith@USC-ISIF.ARPA>',
        'RCPT TO:<Jones@BBN-UNIX.ARPA>',
        'RCPT TO:<Green@BBN-UNIX.ARPA>',
        'RCPT TO:<Brown@BBN-UNIX.ARPA>',
        'DATA',
        'Blah blah blah...',
        '...etc. etc. etc.',
        '.',
        'QUIT',
      ].join('\r\n').length + 2,
    );
  });

  it('up to a step only: what each side had sent by then, and a window of the last lines', () => {
    const p = loaded(fixture('rfc821/f1-typical.smtp'));
    const plan = planWire(p.steps);
    const w = wireWindow(p.steps, plan, 4, 3, true);
    expect(w.lines.map(show)).toEqual([
      'S reply 250 OK',
      'C command RCPT TO:<Green@BBN-UNIX.ARPA>',
      'S reply 550 No such user here',
    ]);
    expect(w.hidden).toBe(6);
    expect(w.clientOctets).toBe(
      'HELO USC-ISIF.ARPA\r\nMAIL FROM:<Smith@USC-ISIF.ARPA>\r\nRCPT TO:<Jones@BBN-UNIX.ARPA>\r\nRCPT TO:<Green@BBN-UNIX.ARPA>\r\n'
        .length,
    );
    expect(wireWindow(p.steps, plan, 0, 10, true).lines.map(show)).toEqual([
      'S reply 220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready',
    ]);
  });

  it('a leading period outside the message text is a command, and a refused DATA opens no text', () => {
    const p = loaded(
      [
        'S: 220 mail.example.test ESMTP',
        'C: HELO client.test',
        'S: 250 mail.example.test',
        'C: DATA',
        'S: 503 5.5.1 Need MAIL first',
        'C: .hidden',
        'S: 500 5.5.2 Syntax error',
      ].join('\n'),
      'rfc',
    );
    const w = wireWindow(p.steps, planWire(p.steps), p.last, 50, true);
    expect(w.lines.filter((l) => l.side === 'client').map((l) => l.role)).toEqual([
      'command',
      'command',
      'command',
    ]);
  });

  it('RFC 772 has no transparency rule: a text line that starts with a period is text as sent', () => {
    const p = loaded(
      [
        'HELO client.test',
        'MAIL FROM:<alice@client.test>',
        'RCPT TO:<bob@example.test>',
        'DATA',
        '..two dots',
        '.',
      ].join('\n'),
      'commands',
    );
    const plan = planWire(p.steps);
    const roles = (transparency: boolean) =>
      wireWindow(p.steps, plan, p.last, 50, transparency)
        .lines.filter((l) => l.side === 'client')
        .map((l) => l.role);
    expect(roles(true).slice(-2)).toEqual(['stuffed', 'end']);
    expect(roles(false).slice(-2)).toEqual(['text', 'end']);
  });

  it('multi-line replies go as code-hyphen lines, the last with a space; octets count UTF-8', () => {
    expect(
      replyLines({ code: 250, lines: ['mail.example.test', 'PIPELINING', '8BITMIME'] }),
    ).toEqual(['250-mail.example.test', '250-PIPELINING', '250 8BITMIME']);
    expect(replyLines({ code: 250, lines: [] })).toEqual(['250 ']);
    expect(octets('abc')).toBe(3);
    expect(octets('é')).toBe(2);
    expect(octets('€')).toBe(3);
    expect(octets('😀')).toBe(4);
  });
});
