import { describe, expect, it } from 'vitest';
import { Framer, type DataResult } from '../../src/protocol/framing.ts';
import { concat } from '../../src/protocol/bytes.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const DATA = { maxSize: 1 << 20, lenientEnding: true };

function lines(framer: Framer, limit = 512) {
  const out: string[] = [];
  for (let u = framer.nextLine(limit); u; u = framer.nextLine(limit)) {
    out.push(u.kind === 'line' ? `${dec(u.bytes)}|${u.ending}` : `too-long:${u.length}`);
  }
  return out;
}

describe('Framer.nextLine', () => {
  it('cuts CRLF and bare LF lines and says which', () => {
    const f = new Framer();
    f.push(enc('EHLO a\r\nNOOP\nQU'));
    expect(lines(f)).toEqual(['EHLO a|CRLF', 'NOOP|LF']);
    f.push(enc('IT\r\n'));
    expect(lines(f)).toEqual(['QUIT|CRLF']);
  });

  it('a CR alone is not a line end', () => {
    const f = new Framer();
    f.push(enc('NO\rOP\r'));
    expect(lines(f)).toEqual([]);
    f.push(enc('\n'));
    expect(lines(f)).toEqual(['NO\rOP|CRLF']);
  });

  it('reports a line over the limit once, with its length, and keeps little in memory', () => {
    const f = new Framer();
    f.push(enc('x'.repeat(600)));
    expect(lines(f, 512)).toEqual([]);
    expect(f.buffered).toBe(0);
    f.push(enc('x'.repeat(600)));
    f.push(enc('\r\nNOOP\r\n'));
    expect(lines(f, 512)).toEqual(['too-long:1202', 'NOOP|CRLF']);
  });

  it('the limit counts CRLF: 512 octets pass, 513 do not', () => {
    const f = new Framer();
    f.push(enc(`${'a'.repeat(510)}\r\n${'b'.repeat(511)}\r\n`));
    expect(lines(f).map((l) => l.slice(-12))).toEqual([`${'a'.repeat(7)}|CRLF`, 'too-long:513']);
  });
});

describe('Framer.readData', () => {
  function read(chunks: string[]): DataResult | null {
    const f = new Framer();
    let result: DataResult | null = null;
    for (const c of chunks) {
      f.push(enc(c));
      result = f.readData(DATA) ?? result;
    }
    return result;
  }

  it('unstuffs and stops at the terminator, leaving what follows', () => {
    const f = new Framer();
    f.push(enc('..a\r\nb\r\n.\r\nQUIT\r\n'));
    const r = f.readData(DATA)!;
    expect(dec(concat(r.content))).toBe('.a\r\nb\r\n');
    expect(r.unstuffed).toBe(1);
    expect(r.size).toBe(7);
    expect(lines(f)).toEqual(['QUIT|CRLF']);
  });

  it('finds the terminator at any split', () => {
    const all = 'line one\r\n..dot\r\n.\r\n';
    for (let i = 0; i <= all.length; i++) {
      const r = read([all.slice(0, i), all.slice(i)]);
      expect(r && dec(concat(r.content))).toBe('line one\r\n.dot\r\n');
    }
  });

  it('size counts CRLFs but not the stuffed dots or the terminator (RFC 1870 §5)', () => {
    expect(read(['ab\r\n..c\r\n.\r\n'])!.size).toBe('ab\r\n.c\r\n'.length);
  });

  it('past maxSize it keeps counting but stops keeping content', () => {
    const f = new Framer();
    f.push(enc(`${'x'.repeat(30)}\r\n${'y'.repeat(30)}\r\n.\r\n`));
    const r = f.readData({ maxSize: 40, lenientEnding: true })!;
    expect(r.overflow).toBe(true);
    expect(r.size).toBe(64);
  });

  it('a very long line arriving in pieces is kept whole and counted once as long', () => {
    const f = new Framer();
    const piece = 'q'.repeat(700);
    for (let i = 0; i < 5; i++) {
      f.push(enc(piece));
      expect(f.readData(DATA)).toBeNull();
    }
    f.push(enc('\r\n.\r\n'));
    const r = f.readData(DATA)!;
    expect(r.longLines).toBe(1);
    expect(dec(concat(r.content))).toBe(`${piece.repeat(5)}\r\n`);
  });

  it('a long line that starts with a dot is unstuffed even when flushed early', () => {
    const f = new Framer();
    f.push(enc(`.${'.'.repeat(1500)}`));
    expect(f.readData(DATA)).toBeNull();
    f.push(enc('\r\n.\r\n'));
    expect(dec(concat(f.readData(DATA)!.content))).toBe(`${'.'.repeat(1500)}\r\n`);
  });

  it('bare LF lines are counted; with bareLf off, "\\n.\\n" does not end the data', () => {
    expect(read(['a\nb\r\n.\r\n'])!.bareLfLines).toBe(1);
    const strict = new Framer();
    strict.push(enc('a\n.\nb\r\n.\r\n'));
    const r = strict.readData({ maxSize: 1 << 20, lenientEnding: false })!;
    expect(dec(concat(r.content))).toBe('a\n.\nb\r\n');
  });
});
