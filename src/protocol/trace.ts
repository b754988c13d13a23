/**
 * Trace header fields the server adds to a message it accepts: Received on
 * every hop (RFC 5321 §4.4, RFC 1123 §5.2.8) and Return-Path on final
 * delivery (RFC 5321 §4.4). Prepended, never inserted elsewhere.
 */

export interface TraceInput {
  readonly heloName: string;
  readonly clientAddress: string;
  readonly serverName: string;
  readonly protocol: string;
  readonly id: string;
  /** Exactly one path, and only when the message has one recipient (§4.4 FOR clause). */
  readonly forPath?: string;
  readonly date: Date;
  /** Minutes east of UTC for the date; §4.4 prefers local time with a numeric offset. */
  readonly offsetMinutes?: number;
}

/** `Received: from ... by ... with ... id ... [for ...]; date-time` (RFC 5321 §4.4 Stamp). */
export function receivedField(t: TraceInput): string {
  const literal = t.clientAddress.includes(':')
    ? `[IPv6:${t.clientAddress}]`
    : `[${t.clientAddress}]`;
  // The name from EHLO, then in parentheses the address of the TCP connection
  // (no reverse-DNS name: the simulator has no DNS), as §4.4 TCP-info allows.
  let field = `Received: from ${t.heloName} (${literal})\r\n\tby ${t.serverName} with ${t.protocol} id ${t.id}`;
  if (t.forPath) field += `\r\n\tfor ${t.forPath}`;
  return `${field};\r\n\t${formatDate(t.date, t.offsetMinutes ?? 0)}\r\n`;
}

/** RFC 821 §4.1.2: `Received: FROM <domain> BY <domain> ; <dd> <MON> <yy> <hh:mm:ss> <zone>`. */
export function receivedField821(t: TraceInput): string {
  return `Received: FROM ${t.heloName} BY ${t.serverName} ; ${oldDate(t.date, ' ')} ${oldTime(t.date)} UT\r\n`;
}

/** RFC 788 §4.1.2: `Mail-From: <host> received by <host> at <dd>-<MON>-<yy> <hh:mm:ss>-<zone>`. */
export function mailFromField788(t: TraceInput): string {
  return `Mail-From: ${t.heloName} received by ${t.serverName} at ${oldDate(t.date, '-')} ${oldTime(t.date)}-UT\r\n`;
}

/**
 * `<yy>`: two digits, the year of the century. RFC 788 §4.1.2 gives its range
 * as 01 to 99, RFC 821 §4.1.2 as 00 to 99. Both were written for years 19yy
 * and neither says how to write a year outside its century; the simulator's
 * clock is later, so it keeps the format (two digits, the year mod 100: 2000
 * is 00, 2026 is 26) and adds no rule of its own for either era.
 */
function oldDate(d: Date, sep: string): string {
  const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
  return [d.getUTCDate(), MONTHS[d.getUTCMonth()]!.toUpperCase(), yy].join(sep);
}

const two = (n: number) => String(n).padStart(2, '0');

function oldTime(d: Date): string {
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** `Return-Path: <reverse-path>` (RFC 5321 §4.4 Return-path-line). */
export function returnPathField(reversePath: string): string {
  return `Return-Path: ${reversePath}\r\n`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time, e.g. `Sun, 29 Nov 2026 20:10:22 +0000`. */
export function formatDate(date: Date, offsetMinutes = 0): string {
  const d = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ` +
    `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`
  );
}
