/**
 * The teacher view's lab reports model: report files read one by one (a bad
 * one named with its reason, the others still loaded), sessions grouped by
 * student, the CSV. Reports built by hand after docs/lab-reports.md, and real
 * ones made by the lab's own analysis and report writer, as the bridge does.
 */
import { describe, expect, it } from 'vitest';
import { LAB_REPORT_FORMAT, LAB_REPORT_VERSION, labReport } from '../../../src/cli/lab/report.ts';
import { createSession } from '../../../src/machines/session.ts';
import { ClientLab } from '../../../src/protocol/client-lab.ts';
import {
  groupByStudent,
  kindText,
  LAB_FORMAT,
  LAB_VERSION,
  labCsv,
  mergeLoads,
  parseLabReport,
  readLabFiles,
  type LabSession,
} from '../../../src/ui/teacher/lab-reports.ts';

/** A session run through the real server and lab judge, its report as the bridge writes it. */
function realReport(reads: readonly string[], n = 1, client = '192.0.2.7'): string {
  const s = createSession({ retain: { transcript: 0 } });
  const lab = new ClientLab();
  s.subscribe((e) => lab.observe(e, s.buffered));
  for (const r of reads) s.feed(r);
  const result = lab.end(s.buffered);
  const report = labReport(
    { number: n, port: 2525, profile: null, client, started: new Date('2026-03-01T10:00:00.123Z') },
    'mail.example.test',
    result,
    new Date('2026-03-01T10:00:01.456Z'),
  );
  return JSON.stringify(report, null, 2);
}

const CLEAN = [
  'EHLO ada.test\r\n',
  'MAIL FROM:<ada@example.test>\r\n',
  'RCPT TO:<bob@example.test>\r\n',
  'DATA\r\n',
  'Subject: t\r\n\r\n..dot\r\n.\r\n',
  'QUIT\r\n',
];
/** A bare LF after EHLO (refused with 500, RFC 5321 §2.3.8), a dot not doubled, and no QUIT. */
const SLOPPY = [
  'EHLO alan.test\r\n',
  'NOOP\n',
  'MAIL FROM:<alan@example.test>\r\n',
  'RCPT TO:<bob@example.test>\r\n',
  'DATA\r\n',
  'Subject: t\r\n\r\n.oops\r\n.\r\n',
];

/** The example of docs/lab-reports.md, by hand. */
const DOC_EXAMPLE = {
  format: 'smtp-simulator-lab-session',
  version: 1,
  connection: 3,
  started: '2026-03-01T10:00:00.123Z',
  ended: '2026-03-01T10:00:01.456Z',
  client: { address: '127.0.0.1', hello: 'client.test' },
  server: { hostname: 'mail.example.test', port: 2525, profile: null },
  commands: 6,
  messages: 1,
  quit: false,
  mistakes: 2,
  counts: { 'bare-lf': 1, 'no-quit': 1 },
  findings: [
    {
      kind: 'bare-lf',
      rfc: 'RFC 5321 §2.3.8',
      rule: 'Every line ends in <CRLF>; a client must not send a LF without the CR before it.',
      step: 1,
      line: 'EHLO client.test',
      detail: 'the line ended in <LF> alone',
    },
    {
      kind: 'no-quit',
      rfc: 'RFC 5321 §4.1.1.10',
      rule: 'A client sends QUIT (and should wait for the 221) before it closes the connection.',
      step: 6,
    },
  ],
  omitted: 0,
};

function session(file: string, value: unknown): LabSession {
  const read = parseLabReport(file, JSON.stringify(value));
  if (!read.ok) throw new Error(read.problem);
  return read.session;
}

const problemOf = (file: string, text: string) => {
  const read = parseLabReport(file, text);
  return read.ok ? 'read' : read.problem;
};

describe('lab reports in the teacher view', () => {
  it('reads the same format and version the lab writes', () => {
    expect(LAB_FORMAT).toBe(LAB_REPORT_FORMAT);
    expect(LAB_VERSION).toBe(LAB_REPORT_VERSION);
  });

  it("reads the documentation's example: who, when, each kind with its rule", () => {
    const s = session('a.json', DOC_EXAMPLE);
    expect(s).toMatchObject({
      file: 'a.json',
      connection: 3,
      started: '2026-03-01T10:00:00.123Z',
      address: '127.0.0.1',
      hello: 'client.test',
      mistakes: 2,
      omitted: 0,
      quit: false,
      messages: 1,
    });
    expect(s.kinds.map(kindText)).toEqual([
      'bare-lf (RFC 5321 §2.3.8)',
      'no-quit (RFC 5321 §4.1.1.10)',
    ]);
    expect(s.kinds[0]!.rules).toEqual([
      { rfc: 'RFC 5321 §2.3.8', rule: DOC_EXAMPLE.findings[0]!.rule },
    ]);
    expect(s.kinds[0]!.examples[0]!.line).toBe('EHLO client.test');
  });

  it('reads real reports: a clean session and one with mistakes', () => {
    const clean = parseLabReport('clean.json', realReport(CLEAN));
    expect(clean).toMatchObject({
      ok: true,
      session: { hello: 'ada.test', address: '192.0.2.7', mistakes: 0, kinds: [], quit: true },
    });
    const sloppy = parseLabReport('sloppy.json', realReport(SLOPPY, 2));
    if (!sloppy.ok) throw new Error(sloppy.problem);
    expect(sloppy.session.hello).toBe('alan.test');
    expect(sloppy.session.kinds.map((k) => k.kind).sort()).toEqual(
      ['bare-lf', 'no-quit', 'unstuffed-dot'].sort(),
    );
    expect(sloppy.session.mistakes).toBe(3);
    const dot = sloppy.session.kinds.find((k) => k.kind === 'unstuffed-dot')!;
    expect(dot.rfcs).toEqual(['RFC 5321 §4.5.2']);
    expect(dot.rules[0]!.rule).toMatch(/dot/);
    expect(dot.examples[0]!.detail).toMatch(/single "\."/);
  });

  it('names what is wrong with a file that is not a lab report', () => {
    expect(problemOf('x.json', '{"format": ')).toBe('it is not valid JSON');
    expect(problemOf('x.json', '[1]')).toBe('it is not a JSON object');
    expect(problemOf('x.json', '{"hello": 1}')).toBe(
      'it is not a lab session report (format no "format")',
    );
    expect(problemOf('x.json', '{"format": "other"}')).toBe(
      'it is not a lab session report (format "other")',
    );
    expect(problemOf('x.json', '{"format": "smtp-simulator-report", "version": 1}')).toMatch(
      /completion report/,
    );
    expect(problemOf('x.json', JSON.stringify({ ...DOC_EXAMPLE, version: 2 }))).toBe(
      'its version (2) is not one this page reads (1)',
    );
    expect(problemOf('x.json', JSON.stringify({ ...DOC_EXAMPLE, started: 'soon' }))).toBe(
      '"started" is missing or is not a date',
    );
    expect(
      problemOf('x.json', JSON.stringify({ ...DOC_EXAMPLE, client: { address: '1.2.3.4' } })),
    ).toBe('"client.hello" is missing or is not text or null');
    expect(
      problemOf('x.json', JSON.stringify({ ...DOC_EXAMPLE, findings: [{ kind: 'bare-lf' }] })),
    ).toMatch(/^"findings" is missing/);
    expect(problemOf('x.json', JSON.stringify({ ...DOC_EXAMPLE, mistakes: -1 }))).toMatch(
      /^"mistakes"/,
    );
  });

  it('ignores fields and kinds it does not know (the format may add them in version 1)', () => {
    const s = session('new.json', {
      ...DOC_EXAMPLE,
      extra: { anything: true },
      counts: { 'future-kind': 1 },
      mistakes: 1,
      findings: [{ kind: 'future-kind', rfc: 'RFC 9999 §1', rule: 'New.', step: 2, more: 1 }],
    });
    expect(s.kinds.map(kindText)).toEqual(['future-kind (RFC 9999 §1)']);
  });

  it('loads every good file of a folder, names the bad ones, skips sessions.txt', async () => {
    const file = (name: string, text: string) => ({ name, text: async () => text });
    const load = await readLabFiles([
      file('20260301T100000123Z-1.json', realReport(CLEAN)),
      file('broken.json', 'not json'),
      file('sessions.txt', 'a\tb\n'),
      file('20260301T100000123Z-2.json', realReport(SLOPPY, 2)),
      { name: 'gone.json', text: () => Promise.reject(new Error('gone')) },
    ]);
    expect(load.sessions.map((s) => s.file)).toEqual([
      '20260301T100000123Z-1.json',
      '20260301T100000123Z-2.json',
    ]);
    expect(load.problems).toEqual([
      { file: 'broken.json', problem: 'it is not valid JSON' },
      { file: 'gone.json', problem: 'the browser could not read it' },
    ]);
    expect(load.skipped).toEqual(['sessions.txt']);
    // The same folder opened again adds nothing.
    const again = mergeLoads(load, load);
    expect(again.sessions).toHaveLength(2);
    expect(again.problems).toHaveLength(2);
    expect(again.skipped).toEqual(['sessions.txt']);
  });

  it('groups sessions by the pair (EHLO name, address), sessions oldest first', () => {
    const at = (hello: string | null, address: string, started: string, n: number) =>
      session(`${n}.json`, {
        ...DOC_EXAMPLE,
        connection: n,
        started,
        client: { address, hello },
      });
    const groups = groupByStudent([
      at('zed.test', '10.0.0.2', '2026-03-01T10:05:00Z', 4),
      at('localhost', '10.0.0.9', '2026-03-01T10:01:00Z', 1),
      at('localhost', '10.0.0.3', '2026-03-01T10:02:00Z', 2),
      at('localhost', '10.0.0.3', '2026-03-01T10:00:00Z', 3),
      at(null, '10.0.0.3', '2026-03-01T10:06:00Z', 5),
    ]);
    expect(groups.map((g) => [g.hello, g.address, g.sessions.map((s) => s.connection)])).toEqual([
      ['localhost', '10.0.0.3', [3, 2]],
      ['localhost', '10.0.0.9', [1]],
      ['zed.test', '10.0.0.2', [4]],
      [null, '10.0.0.3', [5]],
    ]);
  });

  it('exports one CSV line per session, formulas defused', () => {
    const clean = session('c.json', JSON.parse(realReport(CLEAN)));
    const sloppy = session('s.json', JSON.parse(realReport(SLOPPY, 2)));
    const evil = session('e.json', {
      ...DOC_EXAMPLE,
      client: { address: '192.0.2.9', hello: '=HYPERLINK("x")' },
    });
    const csv = labCsv(groupByStudent([sloppy, clean, evil]), 'utc').split('\r\n');
    expect(csv[0]).toBe(
      '"Started","Connection","Address","Hello","Mistakes","Kinds","Report file"',
    );
    // Groups by name: "=" sorts before letters.
    expect(csv[1]).toContain('"\'=HYPERLINK(""x"")"');
    expect(csv[2]).toBe(
      '"1 March 2026, 10:00 UTC","1","192.0.2.7","ada.test","0","clean","c.json"',
    );
    expect(csv[3]).toMatch(/^"1 March 2026, 10:00 UTC","2","192.0.2.7","alan.test","3","/);
    expect(csv[3]).toContain('bare-lf (RFC 5321 §2.3.8)');
    expect(csv[3]).toContain('unstuffed-dot (RFC 5321 §4.5.2)');
    expect(csv).toHaveLength(5);
    expect(csv[4]).toBe('');
  });
});
