import { describe, expect, it } from 'vitest';
import { History } from '../../src/console/history.ts';
import { hoverAt, verbInfo } from '../../src/console/hovers.ts';
import { replyCodeInfo } from '../../src/kit/reply-codes.ts';
import { DIALECTS } from '../../src/protocol/dialects/index.ts';

const d = DIALECTS.rfc5321;

describe('hovers', () => {
  it('explain a verb with its syntax and RFC section', () => {
    const info = hoverAt(d, 'MAIL FROM:<a@b.test>', 2)!;
    expect(info).toMatchObject({ startColumn: 1, endColumn: 5 });
    expect(info.contents.join('\n')).toContain('MAIL FROM:<reverse-path>');
    expect(info.contents.join('\n')).toContain('RFC 5321 §4.1.1.2');
  });

  it('explain a reply code with the catalog text and RFC', () => {
    const info = hoverAt(d, '503 5.5.1 Bad sequence of commands', 2)!;
    expect(info.contents.join('\n')).toContain('Bad sequence of commands');
    expect(info.contents.join('\n')).toContain('RFC 5321 §4.1.4');
    expect(replyCodeInfo(354)[0]).toContain('Start mail input');
  });

  it('explain an enhanced status code', () => {
    const info = hoverAt(d, '250 2.1.5 OK', 6)!;
    expect(info.contents.join('\n')).toContain('2.1.5');
  });

  it('mark a verb of another era', () => {
    expect(verbInfo(d, 'SEND')!.join(' ')).toMatch(
      /^.*Not a command of RFC 5321 \(October 2008\); defined in RFC 788 §4.1.1/m,
    );
  });

  it('say nothing over an argument', () => {
    expect(hoverAt(d, 'EHLO client.test', 8)).toBeNull();
  });
});

describe('history', () => {
  it('walks back and forth and keeps the draft', () => {
    const h = new History(['EHLO a.test', 'MAIL FROM:<a@b.test>']);
    expect(h.up('RC')).toBe('MAIL FROM:<a@b.test>');
    expect(h.up('ignored')).toBe('EHLO a.test');
    expect(h.up('x')).toBeNull();
    expect(h.down()).toBe('MAIL FROM:<a@b.test>');
    expect(h.down()).toBe('RC');
    expect(h.down()).toBeNull();
  });

  it('skips blank lines and repeated lines', () => {
    const h = new History();
    h.push('NOOP');
    h.push('NOOP');
    h.push('  ');
    expect(h.size).toBe(1);
  });
});
