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

export function buildDsn(d: DsnInput): string {
  const boundary = `${d.id}/${d.reportingMta}`;
  const failed = d.recipients.some((r) => r.action === 'failed');
  const date = formatDate(d.arrival);
  const original = decode(d.content);
  const header = original.split(/\r\n\r\n/)[0] ?? '';
  const perMessage = [
    `Reporting-MTA: dns; ${d.reportingMta}`,
    ...(d.envid ? [`Original-Envelope-Id: ${decodeXtext(d.envid)}`] : []),
    `Arrival-Date: ${date}`,
  ];
  const perRecipient = d.recipients.flatMap((r) => [
    '',
    ...(r.original
      ? [
          `Original-Recipient: ${r.original.replace(/;(.*)$/, (_, x: string) => `;${decodeXtext(x)}`)}`,
        ]
      : []),
    `Final-Recipient: rfc822; ${r.final}`,
    `Action: ${r.action}`,
    `Status: ${r.status}`,
    ...(r.diagnostic ? [`Diagnostic-Code: ${r.diagnostic}`] : []),
  ]);
  const human = failed
    ? [
        'This is the mail system at ' + d.reportingMta + '.',
        '',
        'Your message could not be delivered to:',
        ...d.recipients
          .filter((r) => r.action === 'failed')
          .map((r) => `  <${r.final}>: ${r.diagnostic ?? r.status}`),
      ]
    : [
        'This is the mail system at ' + d.reportingMta + '.',
        '',
        'Your message was delivered to:',
        ...d.recipients.map((r) => `  <${r.final}>`),
      ];
  // RFC 3461 §4.3 and §6.2: RET=FULL asks for the whole message in a report
  // of failure; a report with no failure returns only the header.
  const returned =
    d.ret === 'FULL' && failed
      ? ['Content-Type: message/rfc822', '', original.replace(/\r\n$/, '')]
      : ['Content-Type: text/rfc822-headers', '', header];
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${d.reportingMta}>`,
    `To: <${d.to}>`,
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
