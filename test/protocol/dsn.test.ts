/**
 * Delivery status notifications on their own (src/protocol/dsn.ts): the
 * multipart/report of RFC 3464 §2 (with RFC 3461 §6 for a DSN asked for over
 * SMTP): the exact text of a failure and of a success report, then the
 * structure a mail reader relies on.
 */
import { describe, expect, it } from 'vitest';
import { decode } from '../../src/protocol/bytes.ts';
import { buildDsn, type DsnInput, type DsnRecipient } from '../../src/protocol/dsn.ts';

const encode = (s: string) => new TextEncoder().encode(s);
const MESSAGE = 'From: alice@client.test\r\nSubject: Hi\r\n\r\nHello\r\n';
/** Monday 7 December 2026, 05:04:03 UTC. */
const ARRIVAL = new Date(Date.UTC(2026, 11, 7, 5, 4, 3));

const FAILED: DsnRecipient = {
  final: 'bob@example.test',
  original: 'rfc822;bob+2Bx@example.test',
  action: 'failed',
  status: '5.2.2',
  diagnostic: 'smtp; 552 5.2.2 Mailbox full',
};
const DELIVERED: DsnRecipient = {
  final: 'carol@example.test',
  action: 'delivered',
  status: '2.0.0',
};

const base: DsnInput = {
  reportingMta: 'mx.example.test',
  to: 'alice@client.test',
  ret: 'HDRS',
  arrival: ARRIVAL,
  id: '00000001',
  recipients: [FAILED],
  content: encode(MESSAGE),
};

const crlf = (lines: string[]) => lines.join('\r\n');

describe('buildDsn: exact text', () => {
  it('a failure, with ENVID and ORCPT, RET=HDRS', () => {
    expect(buildDsn({ ...base, envid: 'QQ+3D1' })).toBe(
      crlf([
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
        'To: <alice@client.test>',
        'Subject: Undelivered Mail Returned to Sender',
        'Date: Mon, 7 Dec 2026 05:04:03 +0000',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="00000001/mx.example.test"',
        '',
        '--00000001/mx.example.test',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'This is the mail system at mx.example.test.',
        '',
        'Your message could not be delivered to:',
        '  <bob@example.test>: smtp; 552 5.2.2 Mailbox full',
        '',
        '--00000001/mx.example.test',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.test',
        'Original-Envelope-Id: QQ=1',
        'Arrival-Date: Mon, 7 Dec 2026 05:04:03 +0000',
        '',
        'Original-Recipient: rfc822;bob+x@example.test',
        'Final-Recipient: rfc822; bob@example.test',
        'Action: failed',
        'Status: 5.2.2',
        'Diagnostic-Code: smtp; 552 5.2.2 Mailbox full',
        '',
        '--00000001/mx.example.test',
        'Content-Type: text/rfc822-headers',
        '',
        'From: alice@client.test',
        'Subject: Hi',
        '',
        '--00000001/mx.example.test--',
        '',
      ]),
    );
  });

  it('a success, without ENVID or ORCPT, RET=HDRS', () => {
    expect(buildDsn({ ...base, id: '00000002', recipients: [DELIVERED] })).toBe(
      crlf([
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.test>',
        'To: <alice@client.test>',
        'Subject: Successful Mail Delivery Report',
        'Date: Mon, 7 Dec 2026 05:04:03 +0000',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="00000002/mx.example.test"',
        '',
        '--00000002/mx.example.test',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'This is the mail system at mx.example.test.',
        '',
        'Your message was delivered to:',
        '  <carol@example.test>',
        '',
        '--00000002/mx.example.test',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.test',
        'Arrival-Date: Mon, 7 Dec 2026 05:04:03 +0000',
        '',
        'Final-Recipient: rfc822; carol@example.test',
        'Action: delivered',
        'Status: 2.0.0',
        '',
        '--00000002/mx.example.test',
        'Content-Type: text/rfc822-headers',
        '',
        'From: alice@client.test',
        'Subject: Hi',
        '',
        '--00000002/mx.example.test--',
        '',
      ]),
    );
  });
});

/** The parts of a multipart/report as a mail reader splits them (RFC 2046 §5.1.1). */
function parse(dsn: string) {
  const [head, body] = [
    dsn.slice(0, dsn.indexOf('\r\n\r\n')),
    dsn.slice(dsn.indexOf('\r\n\r\n') + 4),
  ];
  const contentType = /^Content-Type: (.*)$/m.exec(head)?.[1] ?? '';
  const boundary = /boundary="([^"]+)"/.exec(contentType)?.[1] ?? '';
  const chunks = body.split(`\r\n--${boundary}`);
  // The first chunk is the preamble up to the first delimiter (which starts the body here).
  const parts = body.startsWith(`--${boundary}\r\n`)
    ? [body.slice(`--${boundary}\r\n`.length).split(`\r\n--${boundary}`)[0]!, ...chunks.slice(1)]
    : chunks;
  const last = parts.pop() ?? '';
  return {
    head,
    contentType,
    boundary,
    parts: parts.map((p) => {
      const text = p.startsWith('\r\n') ? p.slice(2) : p;
      const cut = text.indexOf('\r\n\r\n');
      return { header: text.slice(0, cut), body: text.slice(cut + 4) };
    }),
    closing: last,
  };
}

describe('buildDsn: the structure of RFC 3464 §2', () => {
  const cases: [string, DsnInput, string][] = [
    ['failure, RET=HDRS', base, 'text/rfc822-headers'],
    ['failure, RET=FULL', { ...base, ret: 'FULL' }, 'message/rfc822'],
    ['success, RET=HDRS', { ...base, recipients: [DELIVERED] }, 'text/rfc822-headers'],
    ['failure and success', { ...base, recipients: [FAILED, DELIVERED] }, 'text/rfc822-headers'],
  ];

  it.each(cases)(
    '%s: multipart/report; report-type=delivery-status, three parts',
    (_, input, third) => {
      const dsn = buildDsn(input);
      const m = parse(dsn);
      expect(m.contentType).toBe(
        `multipart/report; report-type=delivery-status; boundary="${input.id}/${input.reportingMta}"`,
      );
      expect(m.head.split('\r\n').map((l) => l.slice(0, l.indexOf(':')))).toEqual([
        'From',
        'To',
        'Subject',
        'Date',
        'MIME-Version',
        'Content-Type',
      ]);
      // (b) human-readable, (c) message/delivery-status, (d) the returned message or header.
      expect(m.parts.map((p) => p.header)).toEqual([
        'Content-Type: text/plain; charset=us-ascii',
        'Content-Type: message/delivery-status',
        `Content-Type: ${third}`,
      ]);
      // The close delimiter ends the body.
      expect(m.closing).toBe('--\r\n');
    },
  );

  it.each(cases)('%s: every line ends in CRLF, none is longer than 998 octets', (_, input) => {
    const dsn = buildDsn(input);
    expect(dsn.endsWith('\r\n')).toBe(true);
    expect(dsn.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of dsn.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it.each(cases)(
    '%s: per-message fields, a blank line, then one group per recipient',
    (_, input) => {
      const status = parse(buildDsn(input)).parts[1]!.body;
      // delivery-status-content = per-message-fields 1*( CRLF per-recipient-fields )
      const groups = status.replace(/\r\n$/, '').split('\r\n\r\n');
      expect(groups).toHaveLength(1 + input.recipients.length);
      const names = (group: string) => group.split('\r\n').map((l) => l.slice(0, l.indexOf(':')));
      expect(names(groups[0]!)).toEqual(['Reporting-MTA', 'Arrival-Date']);
      input.recipients.forEach((r, i) => {
        const fields = names(groups[i + 1]!);
        // The fields a minimal implementation must give (RFC 3464 §3): Final-Recipient, Action, Status.
        expect(fields).toEqual([
          ...(r.original ? ['Original-Recipient'] : []),
          'Final-Recipient',
          'Action',
          'Status',
          ...(r.diagnostic ? ['Diagnostic-Code'] : []),
        ]);
        expect(groups[i + 1]).toContain(`\r\nAction: ${r.action}\r\nStatus: ${r.status}`);
      });
    },
  );

  it('the DSN is addressed to the envelope return address (RFC 3464 §2)', () => {
    expect(buildDsn({ ...base, to: 'Joe.Q@client.test' })).toMatch(
      /\r\nTo: <Joe\.Q@client\.test>\r\n/,
    );
  });

  it('Final-Recipient keeps the case of the address (RFC 3464 §2.3.2)', () => {
    const dsn = buildDsn({ ...base, recipients: [{ ...FAILED, final: 'Bob.Smith@Example.Test' }] });
    expect(dsn).toContain('\r\nFinal-Recipient: rfc822; Bob.Smith@Example.Test\r\n');
  });
});

describe('buildDsn: RFC 3461 §6.3 fields from the SMTP parameters', () => {
  const cases: [string, Partial<DsnInput>, string[], string[]][] = [
    // (a) ENVID present: Original-Envelope-Id, its xtext decoded; absent: no such field.
    ['ENVID decoded', { envid: 'QQ+3D314+2B159' }, ['Original-Envelope-Id: QQ=314+159'], []],
    ['ENVID kept case', { envid: 'AbC' }, ['Original-Envelope-Id: AbC'], []],
    ['no ENVID', {}, [], ['Original-Envelope-Id']],
    // (b) Reporting-MTA with MTA-name-type "dns".
    ['Reporting-MTA', {}, ['Reporting-MTA: dns; mx.example.test'], []],
    // (d) ORCPT present: Original-Recipient with the decoded address; absent: no such field.
    ['ORCPT decoded', {}, ['Original-Recipient: rfc822;bob+x@example.test'], []],
    ['no ORCPT', { recipients: [{ ...FAILED, original: undefined }] }, [], ['Original-Recipient']],
    // (e)-(g) Final-Recipient of type rfc822, Action, Status.
    [
      'Final-Recipient, Action, Status',
      {},
      ['Final-Recipient: rfc822; bob@example.test', 'Action: failed', 'Status: 5.2.2'],
      [],
    ],
    // RFC 3464 §2.2.5: the arrival date with a numeric zone.
    ['Arrival-Date', {}, ['Arrival-Date: Mon, 7 Dec 2026 05:04:03 +0000'], []],
    // No diagnostic: no Diagnostic-Code, and the human part quotes the status.
    [
      'no diagnostic',
      { recipients: [{ ...FAILED, diagnostic: undefined } as DsnRecipient] },
      ['  <bob@example.test>: 5.2.2'],
      ['Diagnostic-Code'],
    ],
  ];
  it.each(cases)('%s', (_, change, present, absent) => {
    const lines = buildDsn({ ...base, ...change }).split('\r\n');
    for (const line of present) expect(lines).toContain(line);
    for (const name of absent) expect(lines.some((l) => l.startsWith(`${name}:`))).toBe(false);
  });

  it('RET=FULL returns the whole message of a failure as message/rfc822', () => {
    const third = parse(buildDsn({ ...base, ret: 'FULL' })).parts[2]!;
    expect(third.header).toBe('Content-Type: message/rfc822');
    // The part's body is the message as received, its last CRLF included.
    expect(third.body).toBe(MESSAGE);
  });

  it('RET=HDRS returns only the header of the message, as text/rfc822-headers', () => {
    const third = parse(buildDsn(base)).parts[2]!;
    expect(third.header).toBe('Content-Type: text/rfc822-headers');
    expect(third.body).toBe('From: alice@client.test\r\nSubject: Hi\r\n');
  });

  it('with a failure and a success, the human part lists only the failure', () => {
    const dsn = buildDsn({ ...base, recipients: [FAILED, DELIVERED] });
    expect(dsn).toContain('\r\nSubject: Undelivered Mail Returned to Sender\r\n');
    const human = parse(dsn).parts[0]!.body;
    expect(human).toContain('  <bob@example.test>: smtp; 552 5.2.2 Mailbox full');
    expect(human).not.toContain('carol@example.test');
  });

  // RFC 3461 §6.2: "When the value of the RET parameter is FULL, the full
  // message SHOULD be returned for any DSN which conveys notification of
  // delivery failure. [...] If a DSN contains no notifications of delivery
  // failure, the MTA SHOULD return only the headers."
  it('a success report returns only the header, even with RET=FULL', () => {
    const third = parse(buildDsn({ ...base, ret: 'FULL', recipients: [DELIVERED] })).parts[2]!;
    expect(third.header).toBe('Content-Type: text/rfc822-headers');
    expect(third.body).toBe('From: alice@client.test\r\nSubject: Hi\r\n');
  });

  // RFC 3464 §2.2.1: `original-envelope-id-field = "Original-Envelope-Id" ":"
  // envelope-id`, `envelope-id = *text`, where text is RFC 822's (any CHAR
  // except CR and LF); RFC 3461 §4.4: "the value of the ENVID parameter prior
  // to encoding as "xtext" MUST consist entirely of printable (graphic and
  // white space) characters". MAIL refuses such an ENVID (see
  // dsn-injection.test.ts); buildDsn itself never writes a control character.
  it('an ENVID whose xtext decodes to CR LF cannot add a field to the report', () => {
    const dsn = buildDsn({ ...base, envid: 'QQ+0D+0AAction:+20delivered' });
    const status = parse(dsn).parts[1]!.body;
    expect(status.split('\r\n').filter((l) => l.startsWith('Action:'))).toEqual(['Action: failed']);
  });

  // The same for ORCPT: RFC 3464 §2.3.2 asks for the address "unless that
  // address contains characters such as CR or LF which are not allowed in a
  // DSN field"; §2.3.1 `generic-address = *text`.
  it('an ORCPT whose xtext decodes to CR LF cannot add a field to the report', () => {
    const dsn = buildDsn({
      ...base,
      recipients: [{ ...FAILED, original: 'rfc822;x+0D+0AStatus:+202.0.0' }],
    });
    const status = parse(dsn).parts[1]!.body;
    expect(status.split('\r\n').filter((l) => l.startsWith('Status:'))).toEqual(['Status: 5.2.2']);
  });

  // RFC 2046 §5.1.1 (MIME multipart, which RFC 3462/3464 build on): "Boundary
  // delimiters must not appear within the encapsulated material, and must be
  // no longer than 70 characters, not counting the two leading hyphens."
  // The boundary starts with the queue id and the host name, which a sender
  // can predict (ids are counters): it is checked against the parts.
  it('a returned message that contains the boundary line does not end the report early', () => {
    const content = encode('Subject: Hi\r\n\r\n--00000001/mx.example.test--\r\nafter\r\n');
    const dsn = buildDsn({ ...base, ret: 'FULL', content });
    const boundary = parse(dsn).boundary;
    const delimiters = dsn.split('\r\n').filter((l) => l.startsWith(`--${boundary}`));
    expect(delimiters).toEqual([
      `--${boundary}`,
      `--${boundary}`,
      `--${boundary}`,
      `--${boundary}--`,
    ]);
  });

  it('the boundary is at most 70 characters with a long host name', () => {
    const host = `${'a'.repeat(63)}.example.test`;
    expect(parse(buildDsn({ ...base, reportingMta: host })).boundary.length).toBeLessThanOrEqual(
      70,
    );
  });

  it('the changed boundary is the same for the same message, and absent from it', () => {
    const content = encode('Subject: Hi\r\n\r\n--00000001/mx.example.test--\r\n');
    const once = buildDsn({ ...base, ret: 'FULL', content });
    expect(buildDsn({ ...base, ret: 'FULL', content })).toBe(once);
    const boundary = parse(once).boundary;
    expect(boundary).not.toBe('00000001/mx.example.test');
    expect(boundary.length).toBeLessThanOrEqual(70);
    expect(decode(content)).not.toContain(boundary);
  });

  it('with a long host name, the cut boundary is avoided too', () => {
    const reportingMta = `${'a'.repeat(63)}.example.test`;
    const cut = `00000001/${reportingMta}`.slice(0, 70);
    const content = encode(`Subject: Hi\r\n\r\n--${cut}--\r\n`);
    const dsn = buildDsn({ ...base, reportingMta, ret: 'FULL', content });
    const boundary = parse(dsn).boundary;
    expect(boundary).not.toBe(cut);
    expect(boundary.length).toBeLessThanOrEqual(70);
    expect(decode(content)).not.toContain(boundary);
    expect(dsn.split('\r\n').filter((l) => l.startsWith(`--${boundary}`))).toHaveLength(4);
  });

  it('a boundary in a field the sender chose (ENVID) is avoided too', () => {
    const dsn = buildDsn({ ...base, envid: '00000001/mx.example.test' });
    expect(parse(dsn).boundary).not.toBe('00000001/mx.example.test');
  });

  it('no field gets a control character, whatever the input', () => {
    const dsn = buildDsn({
      ...base,
      to: 'a\r\nBcc: x@y.test',
      reportingMta: 'mx\r\nX: 1',
      recipients: [
        {
          ...FAILED,
          final: 'b\r\nAction: delivered',
          status: '5.2.2\r\nX: 1',
          diagnostic: 'smtp; 552\x00\x1b\x7f',
        },
      ],
    });
    const head = dsn.slice(0, dsn.indexOf('\r\n\r\n'));
    expect(head.split('\r\n').map((l) => l.slice(0, l.indexOf(':')))).toEqual([
      'From',
      'To',
      'Subject',
      'Date',
      'MIME-Version',
      'Content-Type',
    ]);
    const status = parse(dsn).parts[1]!.body;
    expect(status.split('\r\n').filter((l) => /^(Action|Status|X):/.test(l))).toEqual([
      'Action: failed',
      'Status: 5.2.2??X: 1',
    ]);
    expect(dsn).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/);
  });
});
