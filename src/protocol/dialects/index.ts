import { rfc5321 } from './rfc5321.ts';
import type { Dialect } from './types.ts';

export type { Dialect } from './types.ts';

export const DIALECTS = { rfc5321 } as const satisfies Record<string, Dialect>;
export type DialectId = keyof typeof DIALECTS;

export function commandSpec(dialect: Dialect, verb: string) {
  return dialect.commands.find((c) => c.verb === verb);
}
