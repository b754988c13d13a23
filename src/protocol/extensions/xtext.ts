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
