/**
 * The last hop read with IMAP instead (RFC 9051, the teaching subset the
 * IMAP machine speaks): LOGIN (§6.2.3), SELECT INBOX (§6.3.2), FETCH of the
 * flags and envelope, then of BODY[] (§6.4.5: this sets \Seen), the flags
 * again, and LOGOUT (§6.1.3). The message is not removed: IMAP leaves it on
 * the server, where POP3's usual way is to take it away.
 */
import type { Stored } from '../../machines/journey.ts';
import { ImapSession } from '../../machines/imap-session.ts';
import { hostWorld, type Network } from '../../protocol/network/index.ts';
import { decodeLatin, maildrop, serverLines, type ReadBack, type ReaderLine } from './pop3-read.ts';

/** BODY[] of a FETCH response: the literal that follows `BODY[] {n}` (§7.5.2). */
function bodyOf(response: string): string {
  const m = /BODY\[\] \{(\d+)\}\r\n/.exec(response);
  if (!m) return '';
  const from = m.index + m[0].length;
  return response.slice(from, from + Number(m[1]));
}

export function readWithImap(
  network: Network,
  delivered: readonly Stored[],
  stored: Stored,
  start: number,
): ReadBack {
  const drop = maildrop(network, delivered, stored, start);
  if (!drop)
    return {
      ok: false,
      protocol: 'imap',
      host: stored.host,
      mailbox: stored.mailbox,
      why: 'no-account',
    };
  const { host, store, n } = drop;
  const { user, password } = drop.account;
  const session = new ImapSession({ world: hostWorld(network, host, 25), store });
  session.start();
  let message = '';
  const commands = [
    `a1 LOGIN ${user} ${password}`,
    'a2 SELECT INBOX',
    `a3 FETCH ${n} (FLAGS ENVELOPE)`,
    `a4 FETCH ${n} BODY[]`,
    `a5 FETCH ${n} FLAGS`,
    'a6 LOGOUT',
  ];
  for (const command of commands) {
    const response = session.send(command);
    if (command.startsWith('a4 ')) message = bodyOf(response);
  }
  const lines = session.transcript.flatMap((e): ReaderLine[] =>
    e.kind === 'client'
      ? [{ kind: 'client', prefix: 'C:', text: e.text.replace(/\r\n$/, '') }]
      : serverLines(e.text),
  );
  return {
    ok: true,
    protocol: 'imap',
    port: 143,
    host: host.name,
    mailbox: stored.mailbox,
    user,
    lines,
    message: decodeLatin(message),
  };
}
