/**
 * The bounce a relay sends when it gives up on recipients: a delivery status
 * notification (RFC 3464) from the null reverse path (RFC 5321 §4.5.5) to the
 * message's sender, one per-recipient part each. A message that already has a
 * null reverse path is never answered with another one (RFC 5321 §4.5.4, §6.1).
 */
import { encode } from '../bytes.ts';
import { buildDsn } from '../dsn.ts';

/** One recipient given up on: its enhanced status (RFC 3463) and the reply that said so, if a server did. */
export interface Failure {
  readonly recipient: string;
  readonly status: string;
  /** The remote server's reply as on the wire after the code, e.g. `550 5.1.1 No such user`. */
  readonly reply?: { readonly code: number; readonly text: string };
}

export interface BounceInput {
  readonly reportingHost: string;
  readonly sender: string;
  readonly failures: readonly Failure[];
  readonly arrival: Date;
  readonly id: string;
  /** The message as it was queued (trace fields included); only its header is returned (RET=HDRS). */
  readonly text: string;
}

export function bounceText(b: BounceInput): string {
  return buildDsn({
    reportingMta: b.reportingHost,
    to: b.sender,
    ret: 'HDRS',
    arrival: b.arrival,
    id: b.id,
    recipients: b.failures.map((f) => ({
      final: f.recipient,
      action: 'failed' as const,
      status: f.status,
      // RFC 3464 §2.3.6: the diagnostic is the remote MTA's own reply; none when no server said it.
      ...(f.reply ? { diagnostic: `smtp; ${f.reply.code} ${f.reply.text}` } : {}),
    })),
    content: encode(b.text),
  });
}

/**
 * Enhanced codes registered with a reply code that often comes without one:
 * 521 with X.3.2, system not accepting network messages (RFC 7504 §6), 556
 * with X.1.10, recipient address has null MX (RFC 7504 §6, RFC 7505 §6).
 */
const ASSOCIATED: Readonly<Record<number, string>> = { 521: '5.3.2', 556: '5.1.10' };

/**
 * The enhanced status of a failure: the server's own (first word of its text)
 * when it gave one, else the one registered with its code, else the class's
 * generic code (RFC 3463 §3.1: X.0.0).
 */
export function statusOf(reply: { readonly code: number; readonly text: string }): string {
  const word = reply.text.split(' ')[0] ?? '';
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(word) && word[0] === String(reply.code)[0]) return word;
  return ASSOCIATED[reply.code] ?? `${String(reply.code)[0]}.0.0`;
}

/**
 * Statuses for failures found before any connection (RFC 3463): a null MX
 * (5.1.10, RFC 7505 §4.1), a domain that does not exist (5.1.2, bad
 * destination system address), MX records none of which can be used (5.4.4,
 * unable to route).
 */
export const ROUTE_STATUS = {
  'null-mx': '5.1.10',
  'no-domain': '5.1.2',
  unusable: '5.4.4',
} as const;

/**
 * The status when the give-up time has passed: RFC 3463 §3.5 prefers the
 * code of the problem actually met on the last tries to X.4.7 (delivery time
 * expired); with no reply at all, X.4.1 (no answer from host).
 */
export function expiredStatus(
  last: { readonly code: number; readonly text: string } | null,
): string {
  return last ? statusOf(last) : '4.4.1';
}
