/**
 * Nodemailer smtp-server logs (`logger: true`): its default logger prints
 * `[YYYY-MM-DD HH:MM:SS] LEVEL [#connection] C: line` for each command read
 * and `... S: line` for each reply line sent (a multi-line reply is split,
 * one log line each, `S:` on the first only). The message text is logged as
 * `C: <N bytes of DATA>`. Lines of a second connection, and the server's
 * other messages, are reported.
 */
import { DialogueBuilder, endOfUnloggedText, inputLines, type ImportResult } from './dialogue.ts';

const LOG =
  /^\[(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) *(?:\[#([^\]]+)\] )?(?:\[[^\]]*\] )?(.*)$/;
const DIALOGUE = /^([CS]): ?(.*)$/;
const CONTINUED = /^\d{3}[ -]/;
const TEXT_SIZE = /^<(\d+) bytes of DATA>$/;

export function importSmtpServer(text: string): ImportResult {
  const b = new DialogueBuilder();
  let connection: string | undefined;
  /** The last dialogue line of the connection was a reply line that announced more (`250-`). */
  let moreReply = false;
  inputLines(text).forEach((raw, i) => {
    const n = i + 1;
    const m = LOG.exec(raw);
    if (!m) {
      if (raw.trim() !== '') b.problem(n, raw, 'not a line of the smtp-server logger');
      return;
    }
    const [, date, time, , cid, message] = m;
    if (connection !== undefined && cid !== undefined && cid !== connection) {
      const dialogue = DIALOGUE.test(message!) || CONTINUED.test(message!);
      b.problem(
        n,
        raw,
        dialogue
          ? `another connection (#${cid}); this transcript is #${connection}`
          : "the server's own log message, not a line of the dialogue",
      );
      return;
    }
    const continued = moreReply && CONTINUED.test(message!);
    const d = continued ? ['', 'S', message!] : DIALOGUE.exec(message!);
    if (!d) {
      b.problem(n, raw, "the server's own log message, not a line of the dialogue");
      return;
    }
    connection ??= cid;
    // The logger prints the time in UTC (Date.toISOString), to the second.
    const at = `${date}T${time}Z`;
    moreReply = d[1] === 'S' && /^\d{3}-/.test(d[2]!);
    const size = TEXT_SIZE.exec(d[2]!);
    if (d[1] === 'C' && size) {
      b.client('.', n, at);
      b.note(
        `The log gives only the size of the message text (${size[1]} octets): its end is put here.`,
      );
      return;
    }
    if (d[1] === 'C') {
      b.client(d[2]!, n, at);
      return;
    }
    endOfUnloggedText(b, n, at);
    b.server(d[2]!, n, at);
  });
  return b.finish({
    source: `Nodemailer smtp-server log${connection ? `, connection #${connection}` : ''}`,
  });
}
