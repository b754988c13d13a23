/**
 * Every verb's room, and what the machines need from them: a handler per
 * role (the machine's events are named by role) and the verbs that end a
 * pipelined group. A new verb is a new room here and an entry in the
 * dialect (or extension) tables that have it.
 */
import type { Role } from '../commands.ts';
import type { Handler } from '../session-state.ts';
import { ABRT } from './abrt.ts';
import { AUTH } from './auth.ts';
import { BDAT } from './bdat.ts';
import { CONT } from './cont.ts';
import { DATA } from './data.ts';
import { EHLO } from './ehlo.ts';
import { ETRN } from './etrn.ts';
import { EXPN } from './expn.ts';
import { HELO } from './helo.ts';
import { HELP } from './help.ts';
import { MAIL } from './mail.ts';
import { MRCP } from './mrcp.ts';
import { MRSQ } from './mrsq.ts';
import { MTP_MAIL } from './mtp-mail.ts';
import { NOOP } from './noop.ts';
import { QUIT } from './quit.ts';
import { RCPT } from './rcpt.ts';
import { RSET } from './rset.ts';
import type { VerbRoom } from './room.ts';
import { SAML } from './saml.ts';
import { SEND } from './send.ts';
import { SOML } from './soml.ts';
import { STARTTLS } from './starttls.ts';
import { TURN } from './turn.ts';
import { VRFY } from './vrfy.ts';

export { authResponse } from './auth.ts';
export { tlsEstablished } from './starttls.ts';
export type { VerbRoom } from './room.ts';
export {
  ABRT,
  AUTH,
  BDAT,
  CONT,
  DATA,
  EHLO,
  ETRN,
  EXPN,
  HELO,
  HELP,
  MAIL,
  MRCP,
  MRSQ,
  MTP_MAIL,
  NOOP,
  QUIT,
  RCPT,
  RSET,
  SAML,
  SEND,
  SOML,
  STARTTLS,
  TURN,
  VRFY,
};

export const ROOMS: readonly VerbRoom[] = [
  EHLO,
  HELO,
  MAIL,
  SEND,
  SOML,
  SAML,
  RCPT,
  DATA,
  RSET,
  VRFY,
  EXPN,
  HELP,
  NOOP,
  QUIT,
  TURN,
  MTP_MAIL,
  MRSQ,
  MRCP,
  CONT,
  ABRT,
  STARTTLS,
  AUTH,
  BDAT,
  ETRN,
];

/** The room of a verb in a role (MAIL is two rooms: SMTP's `begin` and MTP's `mtp-mail`). */
export function roomOf(role: Role, verb: string): VerbRoom | undefined {
  return ROOMS.find((r) => r.role === role && r.verb === verb);
}

/**
 * One handler per role. Rooms that share a role share its handler (MAIL,
 * SEND, SOML, SAML all `begin`), except the queries, which go by verb.
 */
function handlerFor(role: Role): Handler {
  const rooms = ROOMS.filter((r) => r.role === role);
  const handlers = new Set(rooms.map((r) => r.handle));
  if (handlers.size === 1) return rooms[0]!.handle;
  const byVerb = new Map(rooms.map((r) => [r.verb, r.handle]));
  return (context, event) => {
    const handle = byVerb.get(event.command.verb);
    // Every verb of every table has a room (test/protocol/verbs.test.ts).
    if (!handle) throw new Error(`no room for ${event.command.verb} as ${role}`);
    return handle(context, event);
  };
}

const ROLES: readonly Role[] = [...new Set(ROOMS.map((r) => r.role))];

export const HANDLERS: Readonly<Record<Role, Handler>> = Object.fromEntries(
  ROLES.map((role) => [role, handlerFor(role)]),
) as Record<Role, Handler>;

/**
 * Commands that must end a pipelined group (RFC 2920 §3.1: EHLO, DATA, VRFY,
 * EXPN, TURN, QUIT, NOOP; AUTH by RFC 4954 §4; ETRN, whose RFC 1985 says
 * nothing of pipelining, by §3.1's rule for other extensions' commands).
 * What follows STARTTLS is discarded instead (RFC 3207 §4).
 */
export const LAST_IN_GROUP: ReadonlySet<string> = new Set(
  ROOMS.filter((r) => r.endsGroup).map((r) => r.verb),
);
