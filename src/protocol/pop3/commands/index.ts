/** Every POP3 command's room (RFC 1939 §9's summary: the minimal commands, then the optional ones). */
import type { Pop3Room } from '../room.ts';
import { APOP } from './apop.ts';
import { DELE } from './dele.ts';
import { LIST } from './list.ts';
import { NOOP } from './noop.ts';
import { PASS } from './pass.ts';
import { QUIT } from './quit.ts';
import { RETR } from './retr.ts';
import { RSET } from './rset.ts';
import { STAT } from './stat.ts';
import { TOP } from './top.ts';
import { UIDL } from './uidl.ts';
import { USER } from './user.ts';

export const POP3_ROOMS: readonly Pop3Room[] = [
  USER,
  PASS,
  QUIT,
  STAT,
  LIST,
  RETR,
  DELE,
  NOOP,
  RSET,
  APOP,
  TOP,
  UIDL,
];

const BY_KEYWORD = new Map(POP3_ROOMS.map((r) => [r.keyword, r]));

export function roomFor(keyword: string): Pop3Room | undefined {
  return BY_KEYWORD.get(keyword.toUpperCase());
}

export { apopDigest } from './apop.ts';
