/**
 * `--pop3 PORT` and `--imap PORT`: the bridge's mailbox host. It makes the
 * mailboxes SMTP delivers into and serves them over POP3 and IMAP, on the
 * bridge's address (loopback unless told otherwise), with the accounts of
 * the SMTP port's world (alice/wonderland, bob/builder by default).
 */
import type { Delivery } from '../machines/types.ts';
import { Pop3Session } from '../machines/pop3-session.ts';
import { ImapSession } from '../machines/imap-session.ts';
import type { World } from '../protocol/world.ts';
import type { BridgeOptions } from './bridge-options.ts';
import { BridgeMailboxes } from './mailbox-store.ts';
import { startRetrieval, type RetrievalServer, type RetrievalSession } from './mailbox-server.ts';

export interface MailboxPorts {
  readonly ports: readonly { readonly protocol: 'pop3' | 'imap'; readonly port: number }[];
  deliver(deliveries: readonly Delivery[], files: readonly string[] | null): void;
  close(): Promise<void>;
}

/** Starts the POP3 and IMAP ports asked for; null when neither is. */
export async function startMailboxPorts(
  options: BridgeOptions,
  world: World,
  host: string,
  maxConnections: number,
  warn: (line: string) => void,
): Promise<MailboxPorts | null> {
  if (options.pop3 === undefined && options.imap === undefined) return null;
  const mailboxes = new BridgeMailboxes(world, warn);
  const idleSeconds = options.idleSeconds ?? 0;
  const servers: RetrievalServer[] = [];
  const start = async (
    protocol: 'pop3' | 'imap',
    port: number,
    session: () => RetrievalSession,
    busy: string,
  ) => {
    servers.push(
      await startRetrieval({
        protocol,
        port,
        host,
        maxConnections,
        idleSeconds,
        session,
        busy,
        warn,
      }),
    );
  };
  const close = () => Promise.all(servers.map((s) => s.close())).then(() => undefined);
  try {
    if (options.pop3 !== undefined)
      await start(
        'pop3',
        options.pop3,
        // The bridge keeps no transcript: it would hold every message read.
        () => new Pop3Session({ world, store: mailboxes.store, keep: 0 }),
        '-ERR too many connections, try again later\r\n',
      );
    if (options.imap !== undefined)
      await start(
        'imap',
        options.imap,
        () => new ImapSession({ world, store: mailboxes.store, keep: 0 }),
        '* BYE too many connections, try again later\r\n',
      );
  } catch (e) {
    await close();
    throw e;
  }
  return {
    ports: servers.map((s) => ({ protocol: s.protocol, port: s.port })),
    deliver: (deliveries, files) => mailboxes.deliver(deliveries, files),
    close,
  };
}
