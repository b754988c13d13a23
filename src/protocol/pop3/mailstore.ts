/**
 * The mailboxes the retrieval protocols read: one list of messages per user,
 * as the mailbox host delivered them (trace fields, then the content). POP3
 * (RFC 1939) and IMAP (RFC 9051) both read it; SMTP delivery writes it.
 *
 * Each message keeps a UID that only grows and is never reused in its
 * mailbox (RFC 9051 §2.3.1.1), which also gives POP3 its unique-id, stable
 * across sessions (RFC 1939 §7, UIDL). Flags are IMAP's (\Seen, \Deleted).
 * A POP3 session holds an exclusive lock on its maildrop until it ends
 * (RFC 1939 §4).
 */

export interface StoredMessage {
  /** Ascending per mailbox, never reused. */
  readonly uid: number;
  /** RFC 1939 §7: 1 to 70 octets from 0x21 to 0x7E, unique in the maildrop. */
  readonly id: string;
  /** Octets of the message as stored. */
  readonly size: number;
  /** The message as delivered (read on demand: the bridge keeps it on disk). */
  read(): Uint8Array;
  readonly flags: ReadonlySet<string>;
  /** When the message arrived (IMAP's INTERNALDATE). */
  readonly arrived: Date;
}

export interface MailStore {
  /** The user's messages, oldest first ([] for a user with no mail). */
  list(user: string): readonly StoredMessage[];
  /** RFC 9051 §2.3.1.1: changes only if UIDs could be reused; fixed per store here. */
  readonly uidValidity: number;
  /** The UID the next message of this mailbox will get. */
  uidNext(user: string): number;
  /** Removes these messages (by UID); returns how many were removed. */
  remove(user: string, uids: readonly number[]): number;
  /** Replaces a message's flags. */
  setFlags(user: string, uid: number, flags: ReadonlySet<string>): void;
  /** Takes the exclusive lock of a maildrop; false if another session holds it. */
  lock(user: string): boolean;
  unlock(user: string): void;
  /** Whether a session holds the maildrop's lock. */
  locked(user: string): boolean;
}

export interface Arrival {
  readonly size: number;
  read(): Uint8Array;
  readonly arrived?: Date;
  /** A unique-id to keep (a queue id); by default one is made from the UID. */
  readonly id?: string;
}

interface Box {
  messages: StoredMessage[];
  next: number;
}

/** Only what RFC 1939 §7 allows in a unique-id. */
const idSafe = (id: string) => /^[\x21-\x7e]{1,70}$/.test(id);

/** A store in memory, bounded: past `maxMessages` a mailbox drops its oldest message. */
export class MemoryMailStore implements MailStore {
  private readonly boxes = new Map<string, Box>();
  private readonly locks = new Set<string>();
  readonly uidValidity: number;
  private readonly maxMessages: number;

  constructor(options: { readonly uidValidity?: number; readonly maxMessages?: number } = {}) {
    this.uidValidity = options.uidValidity ?? 1;
    this.maxMessages = options.maxMessages ?? 1000;
  }

  private box(user: string): Box {
    const key = user.toLowerCase();
    let box = this.boxes.get(key);
    if (!box) this.boxes.set(key, (box = { messages: [], next: 1 }));
    return box;
  }

  /** Puts a message in the user's mailbox; returns what was stored and what was dropped to make room. */
  deliver(user: string, arrival: Arrival): { stored: StoredMessage; dropped: number } {
    const box = this.box(user);
    const uid = box.next++;
    // A given id is kept if RFC 1939 allows it and no message of the box has it.
    const given = arrival.id;
    const usable =
      given !== undefined && idSafe(given) && !box.messages.some((m) => m.id === given);
    const stored: StoredMessage = {
      uid,
      id: usable ? given : `${this.uidValidity}.${uid}`,
      size: arrival.size,
      read: arrival.read,
      flags: new Set(),
      arrived: arrival.arrived ?? new Date(),
    };
    box.messages.push(stored);
    const dropped = Math.max(0, box.messages.length - this.maxMessages);
    if (dropped > 0) box.messages.splice(0, dropped);
    return { stored, dropped };
  }

  /** A message from text (tests, lessons): its bytes are kept in memory. */
  deliverBytes(user: string, bytes: Uint8Array, more: Partial<Arrival> = {}): StoredMessage {
    return this.deliver(user, { size: bytes.length, read: () => bytes, ...more }).stored;
  }

  list(user: string): readonly StoredMessage[] {
    return this.boxes.get(user.toLowerCase())?.messages ?? [];
  }

  uidNext(user: string): number {
    return this.boxes.get(user.toLowerCase())?.next ?? 1;
  }

  remove(user: string, uids: readonly number[]): number {
    const box = this.boxes.get(user.toLowerCase());
    if (!box) return 0;
    const gone = new Set(uids);
    const before = box.messages.length;
    box.messages = box.messages.filter((m) => !gone.has(m.uid));
    return before - box.messages.length;
  }

  setFlags(user: string, uid: number, flags: ReadonlySet<string>): void {
    const box = this.boxes.get(user.toLowerCase());
    if (!box) return;
    box.messages = box.messages.map((m) => (m.uid === uid ? { ...m, flags: new Set(flags) } : m));
  }

  lock(user: string): boolean {
    const key = user.toLowerCase();
    if (this.locks.has(key)) return false;
    this.locks.add(key);
    return true;
  }

  unlock(user: string): void {
    this.locks.delete(user.toLowerCase());
  }

  locked(user: string): boolean {
    return this.locks.has(user.toLowerCase());
  }
}
