/**
 * swaks output: ` -> ` a line swaks sent, `<-  ` a reply, `~>`/`<~` the same
 * inside TLS, `<** ` a reply swaks took as an error (still a reply), `*** `
 * swaks's own errors and `=== ` its information (not the dialogue: reported).
 */
import { DialogueBuilder, inputLines, type ImportResult } from './dialogue.ts';

/** The markers swaks prints before each line; the text follows one or two spaces later. */
const LINE = /^( ->|<- |~> |<~ |<\*\*| ~>|\*\*\*|===) ?(.*)$/;

export function importSwaks(text: string): ImportResult {
  const b = new DialogueBuilder();
  let tls = false;
  inputLines(text).forEach((raw, i) => {
    const n = i + 1;
    const m = LINE.exec(raw);
    if (!m) {
      if (raw.trim() !== '') b.problem(n, raw, 'no swaks marker (->, <-, ~>, <~, <**, ***, ===)');
      return;
    }
    const marker = m[1]!.trim();
    const body = m[2]!;
    switch (marker) {
      case '->':
      case '~>':
        b.client(body, n);
        break;
      case '<-':
      case '<~':
      case '<**':
        b.server(body, n);
        break;
      case '***':
        b.problem(n, raw, "swaks's own error message, not a line of the dialogue");
        return;
      default:
        b.problem(n, raw, "swaks's own information, not a line of the dialogue");
        return;
    }
    // swaks marks the encrypted part of the session with a tilde (RFC 3207 §4: after STARTTLS's 220).
    if (!tls && marker.includes('~')) {
      tls = true;
      b.note('From here on the dialogue is inside TLS (swaks marks it with ~).');
    }
  });
  return b.finish({ source: 'swaks output' });
}
