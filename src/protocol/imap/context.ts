/**
 * What an IMAP session knows (RFC 9051 §3): who logged in, which mailbox is
 * selected (only INBOX here) and how: read-write (SELECT) or read-only
 * (EXAMINE); and the UIDs its message sequence numbers stand for, fixed
 * until the session itself expunges or sees new mail (§2.3.1.2).
 */
import type { MailStore, StoredMessage } from '../pop3/mailstore.ts';
import type { Account } from '../pop3/context.ts';
import type { ImapReply } from './response.ts';
import type { ImapCommand } from './syntax.ts';

export interface Selected {
  /** As the client wrote it (INBOX is case-insensitive, §5.1). */
  readonly given: string;
  readonly readOnly: boolean;
  /** Message n is uids[n - 1]. */
  readonly uids: readonly number[];
}

export interface ImapContext {
  readonly hostname: string;
  readonly accounts: readonly Account[];
  readonly store: MailStore;
  readonly user: string | null;
  readonly selected: Selected | null;
  /** Minutes east of UTC for INTERNALDATE. */
  readonly zoneMinutes: number;
  /** BAD and NO responses so far; past `maxErrors` the server says BYE. */
  readonly errors: number;
  readonly maxErrors: number;
}

/** Changes to the mailbox, done by the session once the machine has answered. */
export type ImapEffect =
  | {
      readonly kind: 'flags';
      readonly user: string;
      readonly uid: number;
      readonly flags: ReadonlySet<string>;
    }
  | { readonly kind: 'remove'; readonly user: string; readonly uids: readonly number[] };

export interface ImapOutcome {
  readonly reply: ImapReply;
  readonly patch?: Partial<ImapContext>;
  readonly effects?: readonly ImapEffect[];
}

export type ImapHandler = (context: ImapContext, command: ImapCommand) => ImapOutcome;

/** The stored messages of the selected mailbox, by position (undefined if gone meanwhile). */
export function selectedMessages(context: ImapContext): (StoredMessage | undefined)[] {
  const byUid = new Map(context.store.list(context.user!).map((m) => [m.uid, m]));
  return context.selected!.uids.map((uid) => byUid.get(uid));
}

/** The system flags (RFC 9051 §2.3.2) in their usual spelling; \Recent is gone in IMAP4rev2. */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;

/** `\seen` as `\Seen`; null for anything that is not a system flag (keywords are left out here). */
export function systemFlag(text: string): string | null {
  return SYSTEM_FLAGS.find((f) => f.toLowerCase() === text.toLowerCase()) ?? null;
}

/** Flags in the order they were set. */
export function flagList(flags: ReadonlySet<string>): string {
  return `(${[...flags].join(' ')})`;
}
