/**
 * The last hop: the recipient's mail reader fetches the message over POP3
 * (RFC 1939) from the host that delivered it. The POP3 session machine runs
 * here against a mail store holding what the journey delivered to that
 * mailbox: USER and PASS (§7), STAT and LIST (§5), RETR (§5), QUIT (§6,
 * UPDATE). The message comes back with the trace fields the hops added:
 * Return-Path first, then a Received line per hop (RFC 5321 §4.4).
 */
import type { Stored } from '../../machines/journey.ts';
import { Pop3Session } from '../../machines/pop3-session.ts';
import { encode } from '../../protocol/bytes.ts';
import { hostNamed, hostWorld, type Network } from '../../protocol/network/index.ts';
import { worldMailboxes } from '../../protocol/network/scenarios.ts';
import { timestamp } from '../../protocol/pop3/greeting.ts';
import { MemoryMailStore } from '../../protocol/pop3/mailstore.ts';
import { wireText } from '../../protocol/pop3/reply.ts';

export interface ReaderLine {
  readonly kind: 'client' | 'server';
  readonly prefix: 'C:' | 'S:';
  readonly text: string;
}

export type ReadProtocol = 'pop3' | 'imap';

export type ReadBack =
  | {
      readonly ok: true;
      readonly protocol: ReadProtocol;
      /** RFC 1939 §3: POP3 on 110; RFC 9051 §2.1: IMAP on 143. */
      readonly port: 110 | 143;
      readonly host: string;
      readonly mailbox: string;
      readonly user: string;
      readonly lines: readonly ReaderLine[];
      /** The message as the server gave it (byte-stuffing undone), CRLF line ends. */
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly protocol: ReadProtocol;
      readonly host: string;
      readonly mailbox: string;
      readonly why: 'no-account';
    };

/** The maildrop the reader opens: every message the journey delivered to that mailbox, in order. */
export function maildrop(
  network: Network,
  delivered: readonly Stored[],
  stored: Stored,
  start: number,
) {
  const box = worldMailboxes(network).find(
    (m) => m.address === stored.mailbox && m.host === stored.host,
  );
  const host = hostNamed(network, stored.host);
  if (!box?.account || !host) return null;
  const store = new MemoryMailStore();
  const mine = delivered.filter((d) => d.host === stored.host && d.mailbox === stored.mailbox);
  for (const d of mine)
    store.deliverBytes(box.account.user, encode(d.text), { arrived: new Date(start + d.time) });
  return { host, account: box.account, store, n: mine.indexOf(stored) + 1 };
}

/** Server lines as sent, one a line (a multi-line response too). */
export const serverLines = (wire: string): ReaderLine[] =>
  wire
    .replace(/\r\n$/, '')
    .split('\r\n')
    .map((text) => ({ kind: 'server', prefix: 'S:', text }));

/** Reads `stored` as its recipient would over POP3. */
export function readWithPop3(
  network: Network,
  delivered: readonly Stored[],
  stored: Stored,
  start: number,
): ReadBack {
  const drop = maildrop(network, delivered, stored, start);
  if (!drop)
    return {
      ok: false,
      protocol: 'pop3',
      host: stored.host,
      mailbox: stored.mailbox,
      why: 'no-account',
    };
  const { host, store, n } = drop;
  const { user, password } = drop.account;
  const session = new Pop3Session({
    world: hostWorld(network, host, 25),
    store,
    stamp: timestamp(1, start + stored.time, host.name),
  });
  session.start();
  let message = '';
  for (const line of ['USER ' + user, 'PASS ' + password, 'STAT', 'LIST', `RETR ${n}`, 'QUIT']) {
    const replies = session.send(line);
    if (line.startsWith('RETR') && replies[0]?.ok)
      message =
        (replies[0].lines ?? []).map((l) => String.fromCharCode(...l)).join('\r\n') + '\r\n';
  }
  const lines = session.transcript.flatMap((e): ReaderLine[] =>
    e.kind === 'client'
      ? [{ kind: 'client', prefix: 'C:', text: e.line }]
      : serverLines(wireText(e.reply)),
  );
  return {
    ok: true,
    protocol: 'pop3',
    port: 110,
    host: host.name,
    mailbox: stored.mailbox,
    user,
    lines,
    message: decodeLatin(message),
  };
}

/** The octets were read one char each; UTF-8 text is made whole again. */
export function decodeLatin(text: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff),
    );
  } catch {
    return text;
  }
}
