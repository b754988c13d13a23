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

export interface Pop3Line {
  readonly kind: 'client' | 'server';
  readonly prefix: 'C:' | 'S:';
  readonly text: string;
}

export type ReadBack =
  | {
      readonly ok: true;
      readonly host: string;
      readonly mailbox: string;
      readonly user: string;
      readonly lines: readonly Pop3Line[];
      /** The message as RETR gave it (byte-stuffing undone), CRLF line ends. */
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly host: string;
      readonly mailbox: string;
      readonly why: 'no-account';
    };

/** Reads `stored` as its recipient would: every message of that mailbox is in the maildrop, in order. */
export function readWithPop3(
  network: Network,
  delivered: readonly Stored[],
  stored: Stored,
  start: number,
): ReadBack {
  const box = worldMailboxes(network).find(
    (m) => m.address === stored.mailbox && m.host === stored.host,
  );
  const host = hostNamed(network, stored.host);
  if (!box?.account || !host)
    return { ok: false, host: stored.host, mailbox: stored.mailbox, why: 'no-account' };
  const { user, password } = box.account;
  const store = new MemoryMailStore();
  const mine = delivered.filter((d) => d.host === stored.host && d.mailbox === stored.mailbox);
  for (const d of mine)
    store.deliverBytes(user, encode(d.text), { arrived: new Date(start + d.time) });
  const n = mine.indexOf(stored) + 1;
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
  const lines: Pop3Line[] = session.transcript.flatMap((e): Pop3Line[] =>
    e.kind === 'client'
      ? [{ kind: 'client', prefix: 'C:', text: e.line }]
      : wireText(e.reply)
          .replace(/\r\n$/, '')
          .split('\r\n')
          .map((text) => ({ kind: 'server', prefix: 'S:', text })),
  );
  return {
    ok: true,
    host: host.name,
    mailbox: stored.mailbox,
    user,
    lines,
    message: decodeLatin(message),
  };
}

/** The octets were read one char each; UTF-8 text is made whole again. */
function decodeLatin(text: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff),
    );
  } catch {
    return text;
  }
}
