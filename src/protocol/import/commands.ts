/**
 * A bare list of client commands, one a line: every line is a `C:` step and
 * the replies come from the simulator when the list is replayed. A blank
 * line is message text inside DATA (up to the line with one dot); elsewhere
 * it is reported, as a command line is never empty (RFC 5321 §4.1.1).
 */
import { DialogueBuilder, inputLines, type ImportResult } from './dialogue.ts';

export function importCommands(text: string): ImportResult {
  const b = new DialogueBuilder();
  let inText = false;
  inputLines(text).forEach((raw, i) => {
    const n = i + 1;
    if (inText) {
      b.client(raw, n);
      if (raw === '.') inText = false;
      return;
    }
    if (raw.trim() === '') {
      b.problem(n, raw, 'a blank line outside message text is not a command');
      return;
    }
    b.client(raw, n);
    // Old eras start the text with MAIL itself (RFC 772/780: MAIL ... then 354); DATA since RFC 788.
    if (/^data$/i.test(raw.trim())) inText = true;
  });
  return b.finish({ source: 'a list of client commands (replies from the simulator)' });
}
