/**
 * Message lines on the wire. Before sending a line of mail text that starts
 * with a period, the sender puts one more period in front; the receiver
 * deletes it again (RFC 780 §5.5.2, RFC 788 §4.5.2, RFC 821 §4.5.2, RFC 5321
 * §4.5.2). RFC 772 has no such rule: there a line goes out as it is.
 */

/** The end of the mail text: a line holding only a period. */
export const END_OF_TEXT = '.';

/** A line of mail text as a sender puts it on the wire. */
export function stuffLine(line: string, transparency: boolean): string {
  return transparency && line.startsWith('.') ? `.${line}` : line;
}

/**
 * Lines typed while the server reads the mail text, as the client sends
 * them: each text line stuffed, up to the line holding only "." (which ends
 * the text and goes as it is), and whatever follows it (commands) untouched.
 */
export function stuffText(lines: readonly string[], transparency: boolean): string[] {
  const end = lines.indexOf(END_OF_TEXT);
  return lines.map((l, i) => (end >= 0 && i >= end ? l : stuffLine(l, transparency)));
}

/**
 * The text lines a client that follows the rule sent for text the server
 * stored. Exact when it did follow it: then every stored line that starts
 * with a period had one more on the wire. `lost` counts the periods the
 * server removed that this does not account for (lines sent unstuffed).
 */
export function sentLines(
  stored: readonly string[],
  transparency: boolean,
  unstuffed: number,
): { lines: string[]; lost: number } {
  const lines = stored.map((l) => stuffLine(l, transparency));
  const stuffed = transparency ? stored.filter((l) => l.startsWith('.')).length : 0;
  return { lines, lost: Math.max(0, unstuffed - stuffed) };
}
