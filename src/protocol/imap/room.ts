/**
 * An IMAP command's room, as the SMTP verbs and POP3 commands have theirs:
 * its syntax, the state it belongs to, where RFC 9051 defines it, and its
 * pure handler. The machine (src/machines/imap.ts) decides whether the
 * command comes in its state (§3); the handler what it answers.
 */
import type { ImapHandler } from './context.ts';

/**
 * How the machine sequences the command (RFC 9051 §6): `any` state,
 * `logout`, `login` (not authenticated), `authenticated` (also valid when a
 * mailbox is selected), `select` (SELECT, EXAMINE), `selected` (needs a
 * selected mailbox), `close` (leaves the selected state).
 */
export type ImapRole =
  'any' | 'logout' | 'login' | 'authenticated' | 'select' | 'selected' | 'close';

export interface ImapRoom {
  readonly name: string;
  readonly role: ImapRole;
  readonly syntax: string;
  readonly summary: string;
  readonly rfc: string;
  readonly handle: ImapHandler;
}

export const imapRoom = (r: ImapRoom): ImapRoom => r;
