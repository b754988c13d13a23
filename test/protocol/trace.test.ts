/**
 * Trace lines on their own (src/protocol/trace.ts), one era at a time, for a
 * fixed date: RFC 5321 §4.4 (Received, Return-Path, RFC 5322 §3.3 date-time),
 * RFC 821 §4.1.2 (Received: FROM ... BY ... ; dd MON yy hh:mm:ss UT) and
 * RFC 788 §4.1.2 (Mail-From: ... received by ... at dd-MON-yy hh:mm:ss-UT).
 */
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  mailFromField788,
  receivedField,
  receivedField821,
  returnPathField,
  type TraceInput,
} from '../../src/protocol/trace.ts';

/** Monday 7 December 2026, 05:04:03 UTC. */
const DATE = new Date(Date.UTC(2026, 11, 7, 5, 4, 3));

const input: TraceInput = {
  heloName: 'client.test',
  clientAddress: '192.0.2.1',
  serverName: 'mx.example.test',
  protocol: 'ESMTP',
  id: '00000001',
  forPath: '<bob@example.test>',
  date: DATE,
  offsetMinutes: -480,
};

describe('formatDate: RFC 5322 §3.3 date-time with a numeric zone', () => {
  const cases: [Date, number | undefined, string][] = [
    [DATE, undefined, 'Mon, 7 Dec 2026 05:04:03 +0000'],
    [DATE, 0, 'Mon, 7 Dec 2026 05:04:03 +0000'],
    [DATE, 60, 'Mon, 7 Dec 2026 06:04:03 +0100'],
    [DATE, -60, 'Mon, 7 Dec 2026 04:04:03 -0100'],
    [DATE, 330, 'Mon, 7 Dec 2026 10:34:03 +0530'],
    [DATE, -90, 'Mon, 7 Dec 2026 03:34:03 -0130'],
    // Less than an hour west of UTC is still "-".
    [DATE, -30, 'Mon, 7 Dec 2026 04:34:03 -0030'],
    [DATE, 840, 'Mon, 7 Dec 2026 19:04:03 +1400'],
    // The offset moves the day of the week, the day and the year.
    [DATE, -480, 'Sun, 6 Dec 2026 21:04:03 -0800'],
    [new Date(Date.UTC(2026, 0, 1, 0, 0, 0)), -60, 'Wed, 31 Dec 2025 23:00:00 -0100'],
    [new Date(Date.UTC(2026, 10, 29, 20, 10, 22)), 0, 'Sun, 29 Nov 2026 20:10:22 +0000'],
  ];
  it.each(cases)('%s at offset %s', (date, offset, text) => {
    expect(offset === undefined ? formatDate(date) : formatDate(date, offset)).toBe(text);
  });

  it('matches the date-time grammar (day-of-week "," day month 4DIGIT-year time zone)', () => {
    const dateTime =
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
    for (const [date, offset] of cases) expect(formatDate(date, offset)).toMatch(dateTime);
  });
});

describe('receivedField: RFC 5321 §4.4 Time-stamp-line', () => {
  const cases: [string, Partial<TraceInput>, string][] = [
    [
      'with FOR and local time eight hours west of UTC',
      {},
      'Received: from client.test ([192.0.2.1])\r\n' +
        '\tby mx.example.test with ESMTP id 00000001\r\n' +
        '\tfor <bob@example.test>;\r\n' +
        '\tSun, 6 Dec 2026 21:04:03 -0800\r\n',
    ],
    [
      'an IPv6 client, no FOR clause (several recipients), offset left out',
      { clientAddress: '2001:db8::1', forPath: undefined, offsetMinutes: undefined },
      'Received: from client.test ([IPv6:2001:db8::1])\r\n' +
        '\tby mx.example.test with ESMTP id 00000001;\r\n' +
        '\tMon, 7 Dec 2026 05:04:03 +0000\r\n',
    ],
    [
      'a client that said HELO with an address literal, protocol SMTP',
      { heloName: '[192.0.2.1]', protocol: 'SMTP', forPath: '<postmaster>', offsetMinutes: 60 },
      'Received: from [192.0.2.1] ([192.0.2.1])\r\n' +
        '\tby mx.example.test with SMTP id 00000001\r\n' +
        '\tfor <postmaster>;\r\n' +
        '\tMon, 7 Dec 2026 06:04:03 +0100\r\n',
    ],
    [
      'ESMTPSA (RFC 3848), UTC',
      { protocol: 'ESMTPSA', offsetMinutes: 0, id: '0000002A' },
      'Received: from client.test ([192.0.2.1])\r\n' +
        '\tby mx.example.test with ESMTPSA id 0000002A\r\n' +
        '\tfor <bob@example.test>;\r\n' +
        '\tMon, 7 Dec 2026 05:04:03 +0000\r\n',
    ],
  ];
  it.each(cases)('%s', (_, change, text) => {
    const t = { ...input, ...change } as TraceInput;
    expect(receivedField(t)).toBe(text);
  });

  it('is folded as RFC 5322 §2.2.3 folds: CRLF then WSP, every line ended by CRLF', () => {
    const text = receivedField(input);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Received: /);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\t\S/);
    // No bare CR or LF anywhere.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('unfolds into Stamp = From-domain By-domain Opt-info ";" FWS date-time', () => {
    const unfolded = receivedField(input)
      .slice(0, -2)
      .replace(/\r\n(?=[\t ])/g, '');
    expect(unfolded).toMatch(
      /^Received: from \S+ \(\[[^\]]+\]\)\s+by \S+ with [A-Z0-9]+ id [A-Za-z0-9]+\s+for <[^>]+>;\s+\w{3}, \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/,
    );
  });
});

describe('receivedField821: RFC 821 §4.1.2 time-stamp-line', () => {
  // <stamp> ::= <from-domain> <by-domain> <opt-info> ";" <daytime>
  // <daytime> ::= <SP> <date> <SP> <time>; <date> ::= <dd> <SP> <mon> <SP> <yy>
  // <time> ::= <hh> ":" <mm> ":" <ss> <SP> <zone>; <zone> ::= "UT" ...
  const cases: [Date, number | undefined, string][] = [
    [DATE, undefined, 'Received: FROM client.test BY mx.example.test ; 7 DEC 26 05:04:03 UT\r\n'],
    // The time is always given in UT: the local offset is not applied.
    [DATE, -480, 'Received: FROM client.test BY mx.example.test ; 7 DEC 26 05:04:03 UT\r\n'],
    [
      new Date(Date.UTC(1982, 7, 13, 23, 59, 9)),
      0,
      'Received: FROM client.test BY mx.example.test ; 13 AUG 82 23:59:09 UT\r\n',
    ],
    [
      new Date(Date.UTC(2005, 0, 1, 0, 0, 0)),
      0,
      'Received: FROM client.test BY mx.example.test ; 1 JAN 05 00:00:00 UT\r\n',
    ],
    // RFC 821's <yy> runs "00 to 99".
    [
      new Date(Date.UTC(2000, 0, 1, 0, 0, 0)),
      0,
      'Received: FROM client.test BY mx.example.test ; 1 JAN 00 00:00:00 UT\r\n',
    ],
  ];
  it.each(cases)('%s (offset %s)', (date, offsetMinutes, text) => {
    expect(
      receivedField821({
        ...input,
        date,
        ...(offsetMinutes !== undefined ? { offsetMinutes } : {}),
      }),
    ).toBe(text);
  });
});

describe('mailFromField788: RFC 788 §4.1.2 time-stamp-line', () => {
  // <time-stamp-line> ::= "Mail-From:" <SP> <stamp> <CRLF>
  // <stamp> ::= [<ptcl>] <from-host> <this-host> <daytime>
  // <daytime> ::= "at" <SP> <date> <SP> <time>; <date> ::= <dd> "-" <mon> "-" <yy>
  // <time> ::= <hh> ":" <mm> ":" <ss> "-" <zone>
  // RFC 788's example: "Mail-From: ABC received by XYZ at 22-OCT-81 09:23:59-PDT".
  const cases: [Partial<TraceInput>, string][] = [
    [{}, 'Mail-From: client.test received by mx.example.test at 7-DEC-26 05:04:03-UT\r\n'],
    [
      { heloName: 'ABC', serverName: 'XYZ', date: new Date(Date.UTC(1981, 9, 22, 9, 23, 59)) },
      'Mail-From: ABC received by XYZ at 22-OCT-81 09:23:59-UT\r\n',
    ],
    [
      {
        heloName: 'MIT-AI',
        serverName: 'USC-ISIE',
        date: new Date(Date.UTC(1981, 10, 2, 22, 40, 10)),
      },
      'Mail-From: MIT-AI received by USC-ISIE at 2-NOV-81 22:40:10-UT\r\n',
    ],
    // <yy> is "in the range 01 to 99": the RFC has no year 00 (it was written
    // for 1901-1999). The format's two digits are kept: 2000 is "00".
    [
      { date: new Date(Date.UTC(2000, 0, 1, 0, 0, 0)) },
      'Mail-From: client.test received by mx.example.test at 1-JAN-00 00:00:00-UT\r\n',
    ],
  ];
  it.each(cases)('%j', (change, text) => {
    expect(mailFromField788({ ...input, ...change })).toBe(text);
  });
});

describe('returnPathField: RFC 5321 §4.4 Return-path-line', () => {
  const cases: [string, string][] = [
    ['<>', 'Return-Path: <>\r\n'],
    ['<alice@client.test>', 'Return-Path: <alice@client.test>\r\n'],
    ['<"a b"@client.test>', 'Return-Path: <"a b"@client.test>\r\n'],
  ];
  it.each(cases)('%s', (path, text) => {
    expect(returnPathField(path)).toBe(text);
  });
});
