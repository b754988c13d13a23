/**
 * Delivery status notifications (RFC 3464, asked for by RFC 3461): a
 * multipart/report message with a human-readable part, the machine-readable
 * message/delivery-status part, and the original message or its header.
 */
import { decode } from './bytes.ts';
import { formatDate } from './trace.ts';
import { decodeXtext } from './extensions/xtext.ts';

export interface DsnRecipient {
  /** The mailbox the server tried (Final-Recipient, RFC 3464 §2.3.2). */
  readonly final: string;
  /** The ORCPT parameter, `addr-type;xtext` (Original-Recipient, §2.3.1). */
  readonly original?: string | undefined;
  readonly action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';
  /** RFC 3463 status code, e.g. 5.2.2. */
  readonly status: string;
  /** Diagnostic-Code, e.g. `smtp; 552 5.2.2 Mailbox full`. */
  readonly diagnostic?: string;
}

export interface DsnInput {
  readonly reportingMta: string;
  readonly to: string;
  readonly envid?: string | undefined;
  /** RET=FULL returns the message, RET=HDRS only its header (RFC 3461 §4.3). */
  readonly ret: 'FULL' | 'HDRS';
  readonly arrival: Date;
  readonly id: string;
  readonly recipients: readonly DsnRecipient[];
  readonly content: Uint8Array;
}

/**
 * A field's value on one line: CR, LF and the other control characters
 * become "?". RFC 3464 §2.2.1 and §2.3.1 make these values `*text` (no CR,
 * LF), and §2.3.2 says an address with CR or LF cannot be reported as
 * received; MAIL and RCPT already refuse such ENVID and ORCPT values (RFC
 * 3461 §4.2, §4.4), this keeps any other caller from forging a field.
 */
const oneLine = (value: string) => value.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');

/** RFC 2046 §5.1.1 bchars (space left out): anything else in the host name becomes "-". */
const NOT_BCHAR = /[^0-9A-Za-z'()+_,\-./:=?]/g;
const MAX_BOUNDARY = 70; // RFC 2046 §5.1.1

/** FNV-1a over the UTF-16 code units, seeded: a stable digest, not a secure one. */
function fnv1a(text: string, seed: number): string {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * The multipart boundary (RFC 2046 §5.1.1: at most 70 characters, and it
 * must not occur in the encapsulated parts). The queue id and host name, cut
 * to 70; if the parts contain it (ids are predictable, so a sender can write
 * it into the message), a digest of the parts and a counter are appended
 * until it no longer occurs. The same message always gets the same boundary.
 */
function boundaryFor(id: string, host: string, parts: string): string {
  const plain = `${id}/${host}`.replace(NOT_BCHAR, '-').slice(0, MAX_BOUNDARY);
  if (!parts.includes(plain)) return plain;
  for (let n = 0; ; n++) {
    // "=_" cannot occur in quoted-printable text ("=" is followed there by hex digits or CRLF).
    const tail = `=_${n}.${fnv1a(parts, n)}`;
    const candidate = plain.slice(0, MAX_BOUNDARY - tail.length) + tail;
    if (!parts.includes(candidate)) return candidate;
  }
}

export function buildDsn(d: DsnInput): string {
  const failed = d.recipients.some((r) => r.action === 'failed');
  const date = formatDate(d.arrival);
  const original = decode(d.content);
  const header = original.split(/\r\n\r\n/)[0] ?? '';
  const host = oneLine(d.reportingMta);
  const perMessage = [
    `Reporting-MTA: dns; ${host}`,
    ...(d.envid ? [`Original-Envelope-Id: ${oneLine(decodeXtext(d.envid))}`] : []),
    `Arrival-Date: ${date}`,
  ];
  const perRecipient = d.recipients.flatMap((r) => [
    '',
    ...(r.original
      ? [
          `Original-Recipient: ${oneLine(r.original.replace(/;(.*)$/, (_, x: string) => `;${decodeXtext(x)}`))}`,
        ]
      : []),
    `Final-Recipient: rfc822; ${oneLine(r.final)}`,
    `Action: ${r.action}`,
    `Status: ${oneLine(r.status)}`,
    ...(r.diagnostic ? [`Diagnostic-Code: ${oneLine(r.diagnostic)}`] : []),
  ]);
  const human = failed
    ? [
        'This is the mail system at ' + host + '.',
        '',
        'Your message could not be delivered to:',
        ...d.recipients
          .filter((r) => r.action === 'failed')
          .map((r) => `  <${oneLine(r.final)}>: ${oneLine(r.diagnostic ?? r.status)}`),
      ]
    : [
        'This is the mail system at ' + host + '.',
        '',
        'Your message was delivered to:',
        ...d.recipients.map((r) => `  <${oneLine(r.final)}>`),
      ];
  // RFC 3461 §4.3 and §6.2: RET=FULL asks for the whole message in a report
  // of failure; a report with no failure returns only the header.
  const returned =
    d.ret === 'FULL' && failed
      ? ['Content-Type: message/rfc822', '', original.replace(/\r\n$/, '')]
      : ['Content-Type: text/rfc822-headers', '', header];
  const boundary = boundaryFor(
    d.id,
    d.reportingMta,
    [...human, ...perMessage, ...perRecipient, ...returned].join('\r\n'),
  );
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${host}>`,
    `To: <${oneLine(d.to)}>`,
    `Subject: ${failed ? 'Undelivered Mail Returned to Sender' : 'Successful Mail Delivery Report'}`,
    `Date: ${date}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    ...human,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    ...perMessage,
    ...perRecipient,
    '',
    `--${boundary}`,
    ...returned,
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
