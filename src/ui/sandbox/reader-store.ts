/**
 * The sandbox's mailbox host, as its readers see it: the messages the SMTP
 * server delivered (the Mailbox panel's), filed into the mailbox of each
 * local recipient that has an account, as delivered: the trace fields
 * (Return-Path, Received), then the content byte for byte. POP3 and IMAP
 * read the same store, so a message one of them removes is gone for both.
 */
import type { Delivery } from '../../machines/types.ts';
import { concat, encode } from '../../protocol/bytes.ts';
import { mailboxUsers } from '../../protocol/mailbox-users.ts';
import { MemoryMailStore } from '../../protocol/pop3/mailstore.ts';
import type { World } from '../../protocol/world.ts';

/** The mail store of one SMTP session's mailbox host, filled delivery by delivery. */
export class ReaderStore {
  readonly store = new MemoryMailStore();
  /** How many of the session's deliveries are filed (they only ever grow, in order). */
  filed = 0;

  constructor(private readonly world: World) {}

  /** Files the deliveries not filed yet, up to `count` of them (all by default). */
  fileUpTo(deliveries: readonly Delivery[], count = deliveries.length) {
    for (; this.filed < Math.min(count, deliveries.length); this.filed++) {
      const d = deliveries[this.filed]!;
      const bytes = concat([encode(d.trace), d.content]);
      for (const user of mailboxUsers(this.world, d))
        this.store.deliverBytes(user, bytes, { arrived: new Date(d.receivedAt), id: d.id });
    }
  }
}
