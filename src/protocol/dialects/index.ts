import { verbsOf } from '../commands.ts';
import { rfc1123 } from './rfc1123.ts';
import { rfc1869 } from './rfc1869.ts';
import { rfc5321 } from './rfc5321.ts';
import { rfc772 } from './rfc772.ts';
import { rfc780 } from './rfc780.ts';
import { rfc788 } from './rfc788.ts';
import { rfc821 } from './rfc821.ts';
import type { Dialect } from './types.ts';

export type { Dialect, ReplySequence } from './types.ts';

/** The eras, oldest first. */
export const DIALECTS = {
  rfc772,
  rfc780,
  rfc788,
  rfc821,
  rfc1123,
  rfc1869,
  rfc5321,
} as const satisfies Record<string, Dialect>;
export type DialectId = keyof typeof DIALECTS;

export function commandSpec(dialect: Dialect, verb: string) {
  return dialect.commands.find((c) => c.verb === verb);
}

/** The era's opening verbs, for a reply that asks for one: "HELO", or "HELO or EHLO" from RFC 1425 on. */
export function helloVerbs(dialect: Dialect): string {
  return verbsOf(dialect.commands, 'hello').sort().reverse().join(' or ');
}
