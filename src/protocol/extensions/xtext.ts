/**
 * xtext (RFC 3461 §4): printable ASCII except "+" and "=", which are written
 * as "+" and two upper-case hex digits (e.g. "+3D" for "=").
 */
export function isXtext(text: string): boolean {
  return /^(?:[\x21-\x2a\x2c-\x3c\x3e-\x7e]|\+[0-9A-F]{2})*$/.test(text);
}

export function decodeXtext(text: string): string {
  return text.replace(/\+([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * RFC 3461 §4.2 (ORCPT) and §4.4 (ENVID): before xtext encoding the value
 * MUST be printable US-ASCII, graphic characters and spaces: it is copied
 * decoded into a DSN field (RFC 3464 §2.2.1, §2.3.1), where a decoded CR LF
 * would end the field and start one of the sender's. Controls, tab included,
 * and octets past 126 are refused.
 */
export function decodesToPrintable(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(decodeXtext(text));
}
