/**
 * The bridge's mailboxes: what its SMTP port delivers, POP3 and IMAP read.
 * Each accepted message goes into the mailbox of every local recipient (a
 * list's members for a list), as delivered: the trace fields (Return-Path,
 * Received), then the content byte for byte. With a spool the bytes stay in
 * the spool's file and are read when a client asks; without one they are
 * kept in memory, bounded. Mailboxes live as long as the bridge: a restart
 * starts them empty (the spool keeps its files).
 */
import { mailboxUsers } from '../protocol/mailbox-users.ts';
import { readFileSync } from 'node:fs';
import type { Delivery } from '../machines/types.ts';
import { MemoryMailStore } from '../protocol/pop3/mailstore.ts';
import type { World } from '../protocol/world.ts';

/** Messages per mailbox, and octets put in memory over the bridge's run (without a spool). */
export const MAILBOX_LIMITS = { messages: 1000, memoryOctets: 64 * 1024 * 1024 } as const;

export class BridgeMailboxes {
  readonly store: MemoryMailStore;
  private memory = 0;

  constructor(
    private readonly world: World,
    private readonly warn: (line: string) => void,
  ) {
    // The UID validity names this run of the bridge: UIDs start again at 1 after a restart (RFC 9051 §2.3.1.1).
    this.store = new MemoryMailStore({
      uidValidity: Math.floor(Date.now() / 1000),
      maxMessages: MAILBOX_LIMITS.messages,
    });
  }

  /** Files each message of one SMTP reply; `files` are their spool paths, if spooled. */
  deliver(deliveries: readonly Delivery[], files: readonly string[] | null): void {
    deliveries.forEach((d, i) => {
      const users = mailboxUsers(this.world, d);
      if (users.length === 0) return;
      const size = Buffer.byteLength(d.trace, 'utf8') + d.content.length;
      const file = files?.[i];
      let read: () => Uint8Array;
      if (file !== undefined) read = () => readFileSync(file);
      else {
        if (this.memory + size > MAILBOX_LIMITS.memoryOctets) {
          this.warn(
            `bridge: mailboxes full in memory (${MAILBOX_LIMITS.memoryOctets} octets; use --spool): ${d.id} not put in ${users.join(', ')}'s mailbox`,
          );
          return;
        }
        this.memory += size;
        const bytes = Buffer.concat([Buffer.from(d.trace, 'utf8'), d.content]);
        read = () => bytes;
      }
      const arrived = new Date(d.receivedAt);
      for (const user of users) {
        const { dropped } = this.store.deliver(user, { size, read, arrived, id: d.id });
        if (dropped > 0)
          this.warn(
            `bridge: ${user}'s mailbox holds ${MAILBOX_LIMITS.messages} messages: the oldest was dropped`,
          );
      }
    });
  }
}
