/** A malformed escape (`#/lesson/%E0`) is taken as typed: a message, not a crash at start. */
export function decodeHash(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
