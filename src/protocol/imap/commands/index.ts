/**
 * The teaching subset of IMAP4rev2 (RFC 9051) this server speaks, one room
 * per command, and what it leaves out, said in its answers and listed here
 * for the docs and the app.
 */
import type { ImapRoom } from '../room.ts';
import { CAPABILITY } from './capability.ts';
import { ENABLE } from './enable.ts';
import { CLOSE, EXPUNGE, UNSELECT } from './expunge.ts';
import { FETCH } from './fetch.ts';
import { LIST } from './list.ts';
import { LOGIN } from './login.ts';
import { LOGOUT } from './logout.ts';
import { NOOP } from './noop.ts';
import { EXAMINE, SELECT } from './select.ts';
import { STORE } from './store.ts';
import { UID } from './uid.ts';

export const IMAP_ROOMS: readonly ImapRoom[] = [
  CAPABILITY,
  NOOP,
  LOGOUT,
  LOGIN,
  ENABLE,
  SELECT,
  EXAMINE,
  LIST,
  FETCH,
  STORE,
  UID,
  EXPUNGE,
  CLOSE,
  UNSELECT,
];

const BY_NAME = new Map(IMAP_ROOMS.map((r) => [r.name, r]));

export function imapRoomFor(name: string): ImapRoom | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/** RFC 9051 commands this server leaves out, with their sections; each is answered BAD, saying so. */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  STARTTLS: '§6.2.1; no TLS: the bridge listens on loopback',
  AUTHENTICATE: '§6.2.2; use LOGIN',
  NAMESPACE: '§6.3.10',
  CREATE: '§6.3.4; one mailbox, INBOX',
  DELETE: '§6.3.5; one mailbox, INBOX',
  RENAME: '§6.3.6; one mailbox, INBOX',
  SUBSCRIBE: '§6.3.7',
  UNSUBSCRIBE: '§6.3.8',
  STATUS: '§6.3.11',
  APPEND: '§6.3.12; mail arrives over SMTP',
  IDLE: '§6.3.13; NOOP brings news',
  SEARCH: '§6.4.4',
  COPY: '§6.4.7; one mailbox',
  MOVE: '§6.4.8; one mailbox',
};

/**
 * What else is left out: keywords (only system flags), BODYSTRUCTURE,
 * BINARY, the MIME parts of multipart messages (BODY and BODY[n] of one),
 * mailboxes other than INBOX, STARTTLS, LOGINDISABLED and AUTH=PLAIN that
 * RFC 9051 §6.1.1 requires on a cleartext port (LOGIN is allowed in the clear
 * here, on loopback).
 */
export const LEFT_OUT_OTHER = [
  'keywords ($Forwarded...; the five system flags are kept)',
  'BODYSTRUCTURE and BINARY',
  'BODY and parts of multipart messages',
  'mailboxes other than INBOX',
  'STARTTLS, LOGINDISABLED and AUTH=PLAIN (RFC 9051 §6.1.1): LOGIN in the clear, on loopback',
] as const;
