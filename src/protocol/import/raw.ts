/**
 * A raw two-way text capture. Two shapes:
 * - marked, as curl -v prints a session: `> ` a line the client sent, `< `
 *   a line it received, `* ` curl's own information (reported), and the
 *   message text only as `} [N bytes data]` (its end is put there);
 * - unmarked, a terminal session with telnet or nc: a line that starts with
 *   a reply code (`250 `, `250-`) is the server's, any other the client's;
 *   between a 354 and the line with one dot, every line is message text.
 *   telnet's own messages ("Trying ...", "Connected to ...") are reported.
 */
import { DialogueBuilder, endOfUnloggedText, inputLines, type ImportResult } from './dialogue.ts';

const MARKED = /^([<>*]) ?(.*)$/;
const TELNET =
  /^(Trying \S+\.\.\.|Connected to .*|Escape character is .*|Connection closed( by foreign host)?\.?|telnet> .*)$/;
const REPLY = /^\d{3}([ -]|$)/;

/** True when most non-blank lines carry a `>`/`<`/`*` mark. */
export function isMarked(lines: readonly string[]): boolean {
  const filled = lines.filter((l) => l.trim() !== '');
  return filled.length > 0 && filled.filter((l) => /^[<>*] /.test(l)).length * 2 > filled.length;
}

export function importRaw(text: string): ImportResult {
  const lines = inputLines(text);
  const b = new DialogueBuilder();
  const marked = isMarked(lines);
  let inText = false;
  lines.forEach((raw, i) => {
    const n = i + 1;
    if (marked) {
      const m = MARKED.exec(raw);
      // curl -v shows the message text it uploads as `} [N bytes data]`.
      const sent = /^\} \[(\d+) bytes data\]$/.exec(raw);
      if (sent && b.last?.who === 'S' && b.last.code === 354) {
        const why = `The capture gives only the size of the message text (${sent[1]} octets): its end is put here.`;
        endOfUnloggedText(b, n, undefined, why);
      } else if (!m) {
        if (raw.trim() !== '') b.problem(n, raw, 'no mark: > (client), < (server) or * (info)');
      } else if (m[1] === '*') b.problem(n, raw, "the client program's own information");
      else if (m[1] === '>') b.client(m[2]!, n);
      else b.server(m[2]!, n);
      return;
    }
    if (inText) {
      b.client(raw, n);
      if (raw === '.') inText = false;
    } else if (TELNET.test(raw)) b.problem(n, raw, "the terminal program's own message");
    else if (REPLY.test(raw)) {
      b.server(raw, n);
      const last = b.last;
      if (last?.who === 'S' && last.code === 354) inText = true;
    } else if (raw.trim() === '') b.problem(n, raw, 'a blank line outside message text');
    else b.client(raw, n);
  });
  return b.finish({
    source: marked ? 'a marked two-way capture (> sent, < received)' : 'a raw terminal capture',
  });
}
