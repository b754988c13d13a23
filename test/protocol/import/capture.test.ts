/**
 * The capture importer on real captures made on loopback while real clients
 * talked to the bridge (test/fixtures/import/README.md says how), and on
 * small files written here to reach what a clean capture does not show:
 * segments out of order and sent twice, other link types, fragments, other
 * connections, a BDAT chunk, a file cut short.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay } from '../../../src/machines/replay.ts';
import { importPcap } from '../../../src/protocol/import/pcap.ts';
import { readCapture } from '../../../src/protocol/import/capture-file.ts';
import { printTranscript } from '../../../src/protocol/transcript-print.ts';
import type { TranscriptStep } from '../../../src/protocol/transcript.ts';
import { FIXED_NOW } from '../../helpers.ts';
import { frame, ipTcp, LINKTYPE, pcap, pcapng, type Frame, type Tcp } from './capture-writer.ts';

const bytes = (name: string) =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL(`../../fixtures/import/${name}`, import.meta.url))),
  );
const shape = (steps: readonly TranscriptStep[]) =>
  steps.map((s) => (s.who === 'C' ? `C: ${s.text}` : `S: ${s.code} ${s.lines.at(-1)}`));

describe('captures made with tcpdump and dumpcap', () => {
  it('pcap (tcpdump on lo, Ethernet, IPv4): curl sends to the bridge', () => {
    const { transcript, problems } = importPcap(bytes('bridge-curl.pcap'));
    expect(problems).toEqual([]);
    expect(transcript.meta.source).toMatch(
      /^pcap capture, TCP 127\.0\.0\.1:\d+ to 127\.0\.0\.1:2626 \(the server\)$/,
    );
    const text = printTranscript(transcript);
    expect(text).toContain(
      '[2026-12-07T11:36:53.509161Z] S: 220 mail.example.test Service ready\n',
    );
    expect(text).toContain(
      'S: 250-ENHANCEDSTATUSCODES\nS: 250 EXPN\n[2026-12-07T11:36:53.511009Z] C: MAIL FROM:<alice@client.test> SIZE=123\n',
    );
    // The body as it went on the wire: dot-stuffed (RFC 5321 §4.5.2).
    expect(text).toContain('C: ..A line that starts with a dot.\n');
    expect(shape(transcript.steps).filter((s) => s.startsWith('S:'))).toEqual([
      'S: 220 mail.example.test Service ready',
      'S: 250 EXPN',
      'S: 250 2.1.0 OK',
      'S: 250 2.1.5 OK',
      'S: 550 5.1.1 No such user here',
      'S: 354 Start mail input; end with <CRLF>.<CRLF>',
      'S: 250 2.0.0 OK: queued as 2.00000001',
      'S: 221 2.0.0 mail.example.test Service closing transmission channel',
    ]);
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });

  it('pcapng (dumpcap on lo, IPv6): a pipelined group from swaks, in the order it was sent', () => {
    const { transcript, problems } = importPcap(bytes('bridge-swaks-ipv6.pcapng'));
    expect(problems).toEqual([]);
    expect(transcript.meta.source).toMatch(
      /^pcapng capture, TCP \[::1\]:\d+ to \[::1\]:2627 \(the server\)$/,
    );
    const s = shape(transcript.steps);
    const mail = s.indexOf('C: MAIL FROM:<alice@client.test>');
    expect(s.slice(mail, mail + 8)).toEqual([
      'C: MAIL FROM:<alice@client.test>',
      'C: RCPT TO:<bob@example.test>',
      'C: RCPT TO:<nobody@example.test>',
      'C: DATA',
      'S: 250 2.1.0 OK',
      'S: 250 2.1.5 OK',
      'S: 550 5.1.1 No such user here',
      'S: 354 Start mail input; end with <CRLF>.<CRLF>',
    ]);
    // The four commands came in one segment: one packet number, one time (nanoseconds).
    const group = transcript.steps.slice(mail, mail + 4);
    expect(new Set(group.map((g) => g.line)).size).toBe(1);
    expect(group[0]!.at).toMatch(/^2026-12-07T11:37:29\.\d{9}Z$/);
    expect(replay(transcript, { now: FIXED_NOW }).mismatches).toEqual([]);
  });

  it('pcap (tcpdump on any: Linux cooked v2): STARTTLS, then the encrypted rest is reported', () => {
    const file = readCapture(bytes('bridge-starttls-any.pcap'));
    expect(new Set(file.packets.map((p) => p.link))).toEqual(new Set([276]));
    const { transcript, problems } = importPcap(bytes('bridge-starttls-any.pcap'));
    const last = transcript.steps.at(-1)!;
    expect(shape(transcript.steps).slice(-2)).toEqual([
      'C: STARTTLS',
      'S: 220 2.0.0 Ready to start TLS',
    ]);
    expect(last.notes).toEqual([
      'From here on the connection is encrypted (TLS, RFC 3207 §4): the capture cannot show it.',
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.why).toMatch(
      /^encrypted after STARTTLS: \d+ octets from the client and \d+ from the server not read$/,
    );
  });
});

// ---------------------------------------------------------------- written here

const CLIENT: [string, number] = ['192.0.2.10', 40000];
const SERVER: [string, number] = ['192.0.2.25', 2525];
const c = (seq: number, text: string | Uint8Array, flags: Tcp['flags'] = ''): Tcp => ({
  from: CLIENT,
  to: SERVER,
  seq,
  text,
  flags,
});
const s = (seq: number, text: string, flags: Tcp['flags'] = ''): Tcp => ({
  from: SERVER,
  to: CLIENT,
  seq,
  text,
  flags,
});

/** A short session: greeting, EHLO split over two segments, its reply, QUIT, 221. */
const SESSION: Tcp[] = [
  c(1000, '', 'S'),
  s(5000, '', 'S'),
  s(5001, '220 mail.example.test ESMTP\r\n'),
  c(1001, 'EHLO cli'),
  c(1009, 'ent.test\r\n'),
  s(5030, '250-mail.example.test\r\n250 PIPELINING\r\n'),
  c(1019, 'QUIT\r\n'),
  s(5069, '221 Bye\r\n'),
];
const EXPECTED = [
  'S: 220 mail.example.test ESMTP',
  'C: EHLO client.test',
  'S: 250 PIPELINING',
  'C: QUIT',
  'S: 221 Bye',
];
const frames = (link: keyof typeof LINKTYPE, segs: readonly Tcp[]): Frame[] =>
  segs.map((seg, i) => ({ t: 1_800_000_000 + i / 100, data: frame(link, ipTcp(seg)) }));

describe('captures written here', () => {
  it.each(['ethernet', 'vlan', 'null', 'sll', 'sll2'] as const)(
    'reads the %s link type',
    (link) => {
      const { transcript, problems } = importPcap(pcap(LINKTYPE[link], frames(link, SESSION)));
      expect(problems).toEqual([]);
      expect(shape(transcript.steps)).toEqual(EXPECTED);
      expect(transcript.steps[0]!.at).toBe('2027-01-15T08:00:00.020000Z');
    },
  );

  it('puts segments by sequence number: out of order and retransmitted data land once, in place', () => {
    const order = [0, 1, 2, 4, 3, 4, 5, 5, 6, 7].map((i) => SESSION[i]!);
    const { transcript, problems } = importPcap(pcap(1, frames('ethernet', order)));
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual(EXPECTED);
    // The EHLO line is complete with the segment that came last (packet 5, the first half).
    expect(transcript.steps[1]!.line).toBe(5);
  });

  it('reads without the SYNs (a capture started mid-connection) and across the sequence wrap', () => {
    const wrap = (t: Tcp, base: number) => ({ ...t, seq: (t.seq - base + 0xfffffff0) >>> 0 });
    const segs = SESSION.slice(2).map((t) => wrap(t, t.from === CLIENT ? 1001 : 5001));
    const { transcript, problems } = importPcap(pcap(1, frames('ethernet', segs)));
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual(EXPECTED);
  });

  it('pcapng, big-endian, nanosecond stamps', () => {
    const { transcript, problems } = importPcap(pcapng(1, frames('ethernet', SESSION)));
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual(EXPECTED);
    expect(transcript.steps[0]!.at).toBe('2027-01-15T08:00:00.020000000Z');
  });

  it('finds the SMTP connection on any port by its greeting; reports the rest', () => {
    const other: Tcp = {
      from: ['192.0.2.10', 40001],
      to: ['192.0.2.80', 80],
      seq: 1,
      text: 'GET / HTTP/1.1\r\n',
    };
    const udp = frame('ethernet', ipTcp(SESSION[0]!));
    udp[14 + 9] = 17;
    const list: Frame[] = [
      { t: 1_800_000_000, data: frame('ethernet', ipTcp(other)) },
      { t: 1_800_000_000, data: udp },
      { t: 1_800_000_000, data: frame('ethernet', ipTcp(c(1001, 'x'), true)) },
      ...frames('ethernet', SESSION),
    ];
    const { transcript, problems } = importPcap(pcap(1, list));
    expect(shape(transcript.steps)).toEqual(EXPECTED);
    expect(problems).toEqual([
      {
        line: 3,
        text: '',
        why: 'packet 3: an IPv4 fragment (this reader does not reassemble fragments)',
      },
      { line: 2, text: '', why: 'packet 2: IPv4 protocol 17, not TCP' },
      {
        line: 1,
        text: '',
        why: 'packet 1: another TCP connection (192.0.2.10:40001), not this dialogue',
      },
    ]);
  });

  it('reports a hole in the stream and a file cut short', () => {
    const holed = SESSION.filter((_, i) => i !== 3);
    const file = pcap(1, frames('ethernet', holed));
    const { transcript, problems } = importPcap(file.subarray(0, file.length - 5));
    expect(problems.map((p) => p.why)).toEqual([
      'the file ends inside packet 7 (63 octets announced)',
      '8 octets from the client were never captured before packet 4',
    ]);
    expect(shape(transcript.steps).slice(0, 2)).toEqual([
      'S: 220 mail.example.test ESMTP',
      'C: ent.test',
    ]);
  });

  it('reads a BDAT chunk by its size (RFC 3030 §2), even one that does not end in CRLF', () => {
    const segs = [
      s(1, '220 x\r\n'),
      c(1, 'EHLO a\r\n'),
      s(8, '250 CHUNKING\r\n'),
      c(9, 'BDAT 13\r\nSubject: hi\r\nBDAT 3 LAST\r\nabc'),
      s(22, '250 13 octets\r\n250 done\r\n'),
      c(47, 'QUIT\r\n'),
    ];
    const { transcript, problems } = importPcap(pcap(1, frames('ethernet', segs)));
    expect(problems).toEqual([]);
    expect(shape(transcript.steps)).toEqual([
      'S: 220 x',
      'C: EHLO a',
      'S: 250 CHUNKING',
      'C: BDAT 13',
      'C: Subject: hi',
      'C: BDAT 3 LAST',
      'C: abc',
      'S: 250 13 octets',
      'S: 250 done',
      'C: QUIT',
    ]);
    expect(transcript.steps[6]!.notes).toEqual([
      'This line has no line end: the stream stops, or a BDAT chunk ends, in the middle of it.',
    ]);
  });

  it('shows text that is not UTF-8 octet for octet, and says so', () => {
    const segs = [
      s(1, '220 x\r\n'),
      c(1, new Uint8Array([0x48, 0xe9, 0x0d, 0x0a])),
      c(5, 'Caf\u00e9\r\n'),
    ];
    const { transcript } = importPcap(pcap(1, frames('ethernet', segs)));
    expect(transcript.steps.slice(1)).toMatchObject([
      {
        who: 'C',
        text: 'H\u00e9',
        notes: ['Not UTF-8: each octet is shown as the Latin-1 character of its value.'],
      },
      { who: 'C', text: 'Caf\u00e9' },
    ]);
    expect(transcript.steps[2]!.notes).toBeUndefined();
  });

  it('a time stamp past what a date holds is given in seconds, not thrown', () => {
    const file = pcapng(1, frames('ethernet', SESSION.slice(0, 3)));
    // A damaged file: whole seconds as the resolution (if_tsresol 0), the third packet's high word all ones.
    const view = new DataView(file.buffer);
    expect(view.getUint32(28)).toBe(1);
    expect(file[28 + 8 + 9]).toBe(9);
    expect(file[28 + 8 + 12]).toBe(9);
    file[28 + 8 + 12] = 0;
    let at = 0;
    let seen = 0;
    while (at < file.length) {
      if (view.getUint32(at) === 6 && ++seen === 3) view.setUint32(at + 12, 0xffffffff);
      at += view.getUint32(at + 4);
    }
    const { transcript } = importPcap(file);
    expect(transcript.steps[0]!.at).toMatch(/^\d{20} s after 1970$/);
  });

  it('says so when the bytes are not a capture at all', () => {
    const { transcript, problems } = importPcap(new TextEncoder().encode('EHLO a\r\n'));
    expect(transcript.steps).toEqual([]);
    expect(problems[0]).toEqual({
      line: 0,
      text: '',
      why: 'not a pcap or pcapng file (it starts with 45 48 4c 4f)',
    });
  });

  it('says so when no connection starts with a greeting', () => {
    const segs = [c(1, 'EHLO a\r\n'), s(1, '250 ok\r\n')];
    const { transcript, problems } = importPcap(pcap(1, frames('ethernet', segs)));
    expect(transcript.steps).toEqual([]);
    expect(problems.at(-1)!.why).toBe(
      "no TCP connection in this pcap file starts with a server's reply code (an SMTP greeting)",
    );
  });

  it('a pcapng block too short for its fixed fields is a problem, not a read past the file', () => {
    // A whole capture, then an enhanced packet block of 12 octets: a length that is
    // valid for a block, with none of the 20 octets of fields an enhanced packet has.
    const whole = pcapng(1, frames('ethernet', SESSION));
    const short = new Uint8Array(12);
    const v = new DataView(short.buffer);
    v.setUint32(0, 6);
    v.setUint32(4, 12);
    v.setUint32(8, 12);
    const { packets, problems } = readCapture(new Uint8Array([...whole, ...short]));
    expect(packets).toHaveLength(SESSION.length);
    expect(problems.map((p) => p.why)).toEqual([
      `a block at octet ${whole.length} is too short for its type (0 octets, 20 needed)`,
    ]);
  });

  it("an interface's option running past its block is left unread", () => {
    const whole = pcapng(1, frames('ethernet', SESSION));
    // The writer's if_tsresol option (code 9, length 1) is at octet 28 + 8 + 8 of the file; claim 200 octets.
    const bad = whole.slice();
    new DataView(bad.buffer).setUint16(28 + 8 + 8 + 2, 200);
    const { packets } = readCapture(bad);
    expect(packets).toHaveLength(SESSION.length);
    // Microseconds, the default, since the option could not be read.
    expect(packets[0]!.at).toMatch(/\.\d{6}Z$/);
  });
});
