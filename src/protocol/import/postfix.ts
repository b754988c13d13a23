/**
 * Postfix smtpd logs with verbose logging (`smtpd -v` or debug_peer_list):
 * smtpd_chat.c logs each command read as `< name[addr]: line` and each reply
 * line sent as `> name[addr]: line`, after the syslog prefix (date, host,
 * `postfix/smtpd[pid]:`). The postmaster's transcript notice (` In:  line`,
 * ` Out: line`) is read too. The message text is not logged. Everything else
 * smtpd says in verbose mode is reported as not the dialogue.
 */
import { DialogueBuilder, endOfUnloggedText, inputLines, type ImportResult } from './dialogue.ts';

/** Classic syslog (`Dec  7 11:29:01`) or RFC 3339 stamps, then the host, then the process. */
const SYSLOG =
  /^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)\s+\S+\s+(\S+)\[(\d+)\]:\s(.*)$/;
const CHAT = /^([<>]) (\S*?\[[^\]]*\](?::\d+)?): (.*)$/;
const NOTICE = /^\s*(In|Out):\s{1,2}(.*)$/;

export function importPostfix(text: string): ImportResult {
  const b = new DialogueBuilder();
  let session: string | undefined;
  inputLines(text).forEach((raw, i) => {
    const n = i + 1;
    const notice = NOTICE.exec(raw);
    if (notice) {
      if (notice[1] === 'In') b.client(notice[2]!, n);
      else {
        endOfUnloggedText(b, n);
        b.server(notice[2]!, n);
      }
      return;
    }
    const m = SYSLOG.exec(raw);
    if (!m) {
      if (raw.trim() !== '') b.problem(n, raw, 'not a syslog line of Postfix');
      return;
    }
    const [, at, process, pid, message] = m;
    const chat = CHAT.exec(message!);
    if (!/smtpd$/.test(process!) || !chat) {
      b.problem(n, raw, `${process}'s own log message, not a line of the dialogue`);
      return;
    }
    const id = `${process}[${pid}] ${chat[2]}`;
    session ??= id;
    if (id !== session) {
      b.problem(n, raw, `another session (${id}); this transcript is ${session}`);
      return;
    }
    if (chat[1] === '<') b.client(chat[3]!, n, at);
    else {
      endOfUnloggedText(b, n, at);
      b.server(chat[3]!, n, at);
    }
  });
  return b.finish({ source: `Postfix smtpd verbose log${session ? `, ${session}` : ''}` });
}
