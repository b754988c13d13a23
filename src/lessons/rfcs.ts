/**
 * The RFCs this project knows: number, title and the date printed on the RFC.
 * Built from the table of the RFC collection the project was written against;
 * lessons may cite only these (`npm run lessons:check`).
 */
export interface KnownRfc {
  readonly number: number;
  readonly title: string;
  /** The date printed on the RFC, as "Month YYYY". */
  readonly date: string;
  /** Set when the text is not in the project's collection: where the date comes from. */
  readonly dateFrom?: string;
}

// prettier-ignore
export const RFCS: readonly KnownRfc[] = [
  { number: 196, title: 'Mail Box Protocol', date: 'July 1971' },
  { number: 469, title: 'Network mail meeting summary', date: 'March 1973' },
  { number: 524, title: 'Proposed Mail Protocol', date: 'June 1973' },
  { number: 561, title: 'Standardizing Network Mail Headers', date: 'September 1973' },
  { number: 680, title: 'Message Transmission Protocol', date: 'April 1975' },
  { number: 724, title: 'Proposed official standard for the format of ARPA Network messages', date: 'May 1977' },
  { number: 733, title: 'Standard for the format of ARPA network text messages', date: 'November 1977' },
  { number: 765, title: 'File Transfer Protocol specification', date: 'June 1980' },
  { number: 772, title: 'Mail Transfer Protocol', date: 'September 1980' },
  { number: 780, title: 'Mail Transfer Protocol', date: 'May 1981' },
  { number: 788, title: 'Simple Mail Transfer Protocol', date: 'November 1981' },
  { number: 821, title: 'Simple Mail Transfer Protocol', date: 'August 1982' },
  { number: 822, title: 'STANDARD FOR THE FORMAT OF ARPA INTERNET TEXT MESSAGES', date: 'August 1982' },
  { number: 1123, title: 'Requirements for Internet Hosts - Application and Support', date: 'October 1989' },
  { number: 1652, title: 'SMTP Service Extension for 8bit-MIMEtransport', date: 'July 1994' },
  { number: 1869, title: 'SMTP Service Extensions', date: 'November 1995' },
  { number: 1870, title: 'SMTP Service Extension for Message Size Declaration', date: 'November 1995' },
  { number: 1939, title: 'Post Office Protocol - Version 3', date: 'May 1996' },
  { number: 1985, title: 'SMTP Service Extension for Remote Message Queue Starting', date: 'August 1996' },
  { number: 2034, title: 'SMTP Service Extension for Returning Enhanced Error Codes', date: 'October 1996' },
  { number: 2195, title: 'IMAP/POP AUTHorize Extension for Simple Challenge/Response', date: 'September 1997' },
  { number: 2606, title: 'Reserved Top Level DNS Names', date: 'June 1999' },
  { number: 2821, title: 'Simple Mail Transfer Protocol', date: 'April 2001' },
  { number: 2920, title: 'SMTP Service Extension for Command Pipelining', date: 'September 2000' },
  { number: 3030, title: 'SMTP Service Extensions for Transmission of Large and Binary MIME Messages', date: 'December 2000' },
  { number: 3207, title: 'SMTP Service Extension for Secure SMTP over Transport Layer Security', date: 'February 2002' },
  { number: 3461, title: 'Simple Mail Transfer Protocol (SMTP) Service Extension for Delivery Status Notifications (DSNs)', date: 'January 2003' },
  { number: 3463, title: 'Enhanced Mail System Status Codes', date: 'January 2003' },
  { number: 3464, title: 'An Extensible Message Format for Delivery Status Notifications', date: 'January 2003' },
  { number: 3848, title: 'ESMTP and LMTP Transmission Types Registration', date: 'July 2004' },
  { number: 3885, title: 'SMTP Service Extension for Message Tracking', date: 'September 2004' },
  { number: 4616, title: 'The PLAIN Simple Authentication and Security Layer (SASL) Mechanism', date: 'August 2006' },
  { number: 4954, title: 'SMTP Service Extension for Authentication', date: 'July 2007' },
  { number: 5248, title: 'A Registry for SMTP Enhanced Mail System Status Codes', date: 'June 2008' },
  { number: 5321, title: 'Simple Mail Transfer Protocol', date: 'October 2008' },
  { number: 5322, title: 'Internet Message Format', date: 'October 2008' },
  { number: 6152, title: 'SMTP Service Extension for 8-bit MIME Transport', date: 'March 2011' },
  { number: 6409, title: 'Message Submission for Mail', date: 'November 2011' },
  { number: 6531, title: 'SMTP Extension for Internationalized Email', date: 'February 2012' },
  { number: 6710, title: 'Simple Mail Transfer Protocol Extension for Message Transfer Priorities', date: 'August 2012' },
  { number: 7504, title: 'SMTP 521 and 556 Reply Codes', date: 'June 2015' },
  { number: 7505, title: 'A "Null MX" No Service Resource Record for Domains That Accept No Mail', date: 'June 2015' },
  { number: 8314, title: 'Cleartext Considered Obsolete: Use of Transport Layer Security (TLS) for Email Submission and Access', date: 'January 2018' },
  { number: 9051, title: 'Internet Message Access Protocol (IMAP) - Version 4rev2', date: 'August 2021' },
  // Not in the collection; title and date from the reference lists of RFCs that are.
  { number: 974, title: 'Mail routing and the domain system', date: 'January 1986', dateFrom: 'RFC 2821 §9 ref [27]' },
  { number: 1425, title: 'SMTP Service Extensions', date: 'February 1993', dateFrom: 'RFC 1985 §10 ref [2] (RFC 2920 §6 names it as the model)' },
  { number: 1651, title: 'SMTP Service Extensions', date: 'July 1994', dateFrom: 'RFC 1652 §7 ref [5]' },
  { number: 1830, title: 'SMTP Service Extensions for Transmission of Large and Binary MIME Messages', date: 'August 1995', dateFrom: 'RFC 3030 §6 ref [BINARY]; RFC 2821 §9 ref [33]' },
  { number: 1854, title: 'SMTP Service Extension for Command Pipelining', date: 'October 1995', dateFrom: 'RFC 2920 §7 ref [RFC-1854]' },
  { number: 1891, title: 'SMTP Service Extension for Delivery Status Notifications', date: 'January 1996', dateFrom: 'RFC 2821 §9 ref [24]' },
  { number: 1893, title: 'Enhanced Mail System Status Codes', date: 'January 1996', dateFrom: 'RFC 2821 §9 ref [34]' },
  { number: 2197, title: 'SMTP Service Extension for Command Pipelining', date: 'September 1997', dateFrom: 'RFC 2920 §7 ref [RFC-2197]' },
  { number: 2476, title: 'Message Submission', date: 'December 1998', dateFrom: 'RFC 2821 §9 ref [15]' },
  { number: 2822, title: 'Internet Message Format', date: 'April 2001', dateFrom: 'RFC 2821 §9 ref [32]' },
];

const BY_NUMBER = new Map(RFCS.map((r) => [r.number, r]));

export function knownRfc(number: number): KnownRfc | undefined {
  return BY_NUMBER.get(number);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Whether a date a lesson states agrees with the printed date: the same month
 * and year ("July 1971", "20 July 1971", "Jul 1971"), or the year alone ("1971").
 */
export function sameDate(stated: string, printed: string): boolean {
  const norm = (s: string) => {
    const words = s.toLowerCase().replace(/[.,]/g, ' ').split(/\s+/).filter(Boolean);
    const year = words.find((w) => /^\d{4}$/.test(w));
    const month = MONTHS.findIndex((m) => words.some((w) => w.length >= 3 && m.startsWith(w)));
    return { year, month };
  };
  const a = norm(stated);
  const b = norm(printed);
  if (!a.year || a.year !== b.year) return false;
  return a.month < 0 || a.month === b.month;
}
