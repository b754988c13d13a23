/**
 * Small checks for reading a world file: each failure names the path of the
 * field (`hosts[1].roles[0]`) and what was expected, so an author can fix it
 * without reading code.
 */
export interface WorldError {
  /** Where, e.g. `dns["example.test"].mx[0].preference`. */
  readonly path: string;
  /** What was expected, and what was found. */
  readonly message: string;
}

export class Problems {
  readonly list: WorldError[] = [];
  /** A field that is missing or wrong where nothing more can be said of it. */
  add(path: string, message: string): void {
    this.list.push({ path: path || '(the file)', message });
  }
  /** A field whose value is not what was expected. */
  bad(path: string, expected: string, found: unknown): void {
    this.add(path, `expected ${expected}; found ${show(found)}`);
  }
}

/** A value as an author would recognise it in the file. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A key of an object as a path step: `.name`, or `["example.test"]` when it has dots. */
export const step = (key: string) =>
  /^[A-Za-z_]\w*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;

/** A host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123 §2.1), final dot allowed. */
export function isDomainName(name: string): boolean {
  const labels = name.replace(/\.$/, '').split('.');
  return (
    name.length > 0 &&
    name.length <= 253 &&
    labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))
  );
}

export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256);
}

/** IPv6 text form (RFC 4291 §2.2), without the embedded-IPv4 tail. */
export function isIPv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** Names compare without case and without a final dot (RFC 1035 §2.3.3, §3.1). */
export const canonical = (name: string) => name.toLowerCase().replace(/\.$/, '');
