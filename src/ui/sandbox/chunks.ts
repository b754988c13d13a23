/** How the sandbox cuts typed text and wire text into lines. */

/** The lines typed in one chunk (its final line end adds no empty line). */
export function splitChunk(text: string): string[] {
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

/** Text as a server cuts it into lines: at CRLF, or at any LF when lenient; a last open line kept. */
export function serverLines(text: string, lenient: boolean): string[] {
  const lines = text.split(lenient ? /\r?\n/ : '\r\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
