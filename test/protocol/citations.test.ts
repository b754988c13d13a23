/** Era-true citations: a session of one era is explained from that era's RFC, never a later one. */
import { describe, expect, it } from 'vitest';
import {
  citeReply,
  citeTopic,
  eraLimit,
  eraMeaning,
  eraNote,
  rfcNumbers,
  withinEra,
} from '../../src/protocol/citations.ts';
import { DIALECTS, type Dialect } from '../../src/protocol/dialects/index.ts';
import { CATALOG, type ReplyId } from '../../src/protocol/replies.ts';

const eras = Object.values(DIALECTS) as Dialect[];

/** Every code a dialect's tables let it send. */
function codesOf(d: Dialect): number[] {
  const all = new Set<number>(d.anyCommand);
  for (const s of Object.values(d.sequences))
    for (const c of [...s.success, ...(s.intermediate ?? []), ...(s.afterData ?? []), ...s.error])
      all.add(c);
  return [...all].sort();
}

const codeOf = (d: Dialect, id: ReplyId) => d.replies[id]?.code ?? CATALOG[id].code;

describe('citations by era', () => {
  it('read the RFC numbers a citation names', () => {
    expect(rfcNumbers('RFC 821 §3.3, RFC 5321 §3.5.1')).toEqual([821, 5321]);
    expect(withinEra(DIALECTS.rfc821, 'RFC 821 §3.3, RFC 5321 §3.5.1')).toBe(false);
    expect(withinEra(DIALECTS.rfc1869, 'RFC 1870 §6.1')).toBe(true);
    expect(eraLimit(DIALECTS.rfc5321)).toBe(Number.POSITIVE_INFINITY);
  });

  for (const d of eras) {
    it(`${d.id}: every code its tables can send is cited in RFC ${d.rfc}'s era or before`, () => {
      for (const code of codesOf(d)) {
        const rfc = citeReply(d, { code });
        expect(withinEra(d, rfc), `${code}: ${rfc}`).toBe(true);
        // Each code the era's tables name is in the era's own list of codes.
        expect(eraMeaning(d, code), `${d.id} ${code}`).not.toBeNull();
      }
    });

    it(`${d.id}: every catalog reply, as the dialect numbers it, is cited within the era`, () => {
      for (const id of Object.keys(CATALOG) as ReplyId[]) {
        const rfc = citeReply(d, { id, code: codeOf(d, id) });
        expect(withinEra(d, rfc), `${id}: ${rfc}`).toBe(true);
      }
    });
  }

  it('cite a 500 from an RFC 780 server in RFC 780, not RFC 5321', () => {
    expect(citeReply(DIALECTS.rfc780, { id: 'unrecognized', code: 500 })).toBe('RFC 780 §5.2.2');
    expect(eraMeaning(DIALECTS.rfc780, 500)).toEqual({
      text: 'Syntax error, command unrecognized',
      rfc: 'RFC 780 §5.2.2',
    });
    expect(citeReply(DIALECTS.rfc5321, { id: 'unrecognized', code: 500 })).toBe(
      CATALOG.unrecognized.rfc,
    );
  });

  it("use the era's own section where it states the rule", () => {
    expect(citeReply(DIALECTS.rfc821, { id: 'badSequence', code: 503 })).toBe('RFC 821 §4.1.1');
    expect(citeReply(DIALECTS.rfc788, { id: 'badSequence', code: 503 })).toBe(
      'RFC 788 §3.1, §4.2.2',
    );
    expect(citeReply(DIALECTS.rfc821, { id: 'tooManyRecipients', code: 552 })).toBe(
      'RFC 821 §4.5.3',
    );
    // The catalog cites "RFC 821 §3.3, RFC 5321 §3.5.1": only the era's part is kept.
    expect(citeReply(DIALECTS.rfc821, { id: 'isAList', code: 550 })).toBe('RFC 821 §3.3');
    // "RFC 772 p. 14, RFC 780 §3.1": RFC 772 keeps its own page only.
    expect(citeReply(DIALECTS.rfc772, { id: 'forwardPreliminary', code: 151 })).toBe(
      'RFC 772 p. 14',
    );
    expect(citeReply(DIALECTS.rfc772, { id: 'schemeRefused', code: 501 })).toBe(
      'RFC 772 "Discussion of Mail Transfer", p. 16',
    );
    expect(citeReply(DIALECTS.rfc780, { id: 'schemeRefused', code: 504 })).toBe(
      CATALOG.schemeRefused.rfc,
    );
    expect(citeReply(DIALECTS.rfc1869, { id: 'parametersNotRecognized', code: 555 })).toBe(
      'RFC 1869 §6.1',
    );
    expect(citeReply(DIALECTS.rfc1869, { id: 'sizeExceedsLimit', code: 552 })).toBe(
      CATALOG.sizeExceedsLimit.rfc,
    );
  });

  it('give each era its own words for a code: 221 and 354 changed between RFC 772 and RFC 780', () => {
    expect(eraMeaning(DIALECTS.rfc772, 221)?.text).toBe(
      '<host> Service closing control connection',
    );
    expect(eraMeaning(DIALECTS.rfc780, 221)?.text).toBe(
      '<host> Service closing transmission channel',
    );
    expect(eraMeaning(DIALECTS.rfc772, 354)?.text).toContain('<CR><LF>.<CR><LF>');
    expect(eraMeaning(DIALECTS.rfc821, 200)).toBeNull();
    expect(eraMeaning(DIALECTS.rfc788, 201)).toBeNull();
    expect(eraMeaning(DIALECTS.rfc780, 201)?.rfc).toBe('RFC 780 §5.2.2');
    // 504 is only in RFC 772's prose (p. 13), in neither of its lists.
    expect(eraMeaning(DIALECTS.rfc772, 504)?.rfc).toBe('RFC 772 "MTP Replies", p. 13');
    expect(eraMeaning(DIALECTS.rfc1869, 252)?.rfc).toBe('RFC 1123 §5.2.3');
    expect(eraMeaning(DIALECTS.rfc821, 252)).toBeNull();
  });

  it('cite the rules notes point to in the era: no transparency at all in RFC 772', () => {
    expect(citeTopic(DIALECTS.rfc772, 'transparency')).toBeNull();
    expect(citeTopic(DIALECTS.rfc780, 'transparency')).toBe('RFC 780 §5.5.2');
    expect(citeTopic(DIALECTS.rfc821, 'transparency')).toBe('RFC 821 §4.5.2');
    expect(citeTopic(DIALECTS.rfc5321, 'transparency')).toBe('RFC 5321 §4.5.2');
    expect(citeTopic(DIALECTS.rfc821, 'permanent')).toBe('RFC 821 Appendix E');
    expect(citeTopic(DIALECTS.rfc772, 'transient')).toBe('RFC 772 "MTP Replies", p. 12');
    for (const d of eras)
      for (const topic of ['transient', 'permanent', 'lineEnding', 'lockStep', 'eightBit'] as const)
        expect(withinEra(d, citeTopic(d, topic)!), `${d.id} ${topic}`).toBe(true);
  });

  it("word and cite the session's notes as the era has them", () => {
    const bareLf = {
      text: 'The line ended in a bare <LF>; SMTP lines end in <CRLF>.',
      rfc: 'RFC 5321 §2.3.8',
    };
    expect(eraNote(DIALECTS.rfc821, bareLf)).toEqual({ text: bareLf.text, rfc: 'RFC 821 §4.1.1' });
    expect(eraNote(DIALECTS.rfc780, bareLf)).toEqual({
      text: 'The line ended in a bare <LF>; MTP lines end in <CRLF>.',
      rfc: 'RFC 780 §5.1.1',
    });
    expect(eraNote(DIALECTS.rfc5321, bareLf)).toEqual(bareLf);
    const inText = { text: 'The message has 1 bare <LF>.', rfc: 'RFC 5321 §2.3.8, §4.1.1.4' };
    expect(eraNote(DIALECTS.rfc788, inText)).toEqual({ text: inText.text, rfc: 'RFC 788 §4.1.1' });
    const batch = {
      text: 'NOOP should be the last command of a pipelined group; more commands followed it in the same send.',
      rfc: 'RFC 2920 §3.1',
    };
    const old = eraNote(DIALECTS.rfc821, batch);
    expect(old.rfc).toBe('RFC 821 §4.3');
    expect(old.text).toMatch(/^NOOP was followed by more commands/);
    expect(old.text).not.toMatch(/pipelin/i);
    expect(eraNote(DIALECTS.rfc1869, batch).rfc).toBe('RFC 821 §4.3');
    const eight = {
      text: 'The message has 8-bit octets but was declared without BODY=8BITMIME.',
      rfc: 'RFC 6152 §3',
    };
    expect(eraNote(DIALECTS.rfc1869, eight)).toEqual({ text: eight.text, rfc: 'RFC 1652 §3' });
    expect(eraNote(DIALECTS.rfc788, eight).rfc).toBe('RFC 788 §4.5.2, Appendix A');
    expect(eraNote(DIALECTS.rfc788, eight).text).not.toContain('BODY');
  });
});
