/**
 * What a reply means to the client that sent a command: the first digit
 * decides (RFC 5321 §4.2.1: 2 done, 3 go on, 4 try again later, 5 do not
 * repeat; §4.3.2: a client that meets a code it does not know acts on its
 * first digit). Whether the era's RFC lists the code for that command
 * (its command-reply table, the dialect's `sequences`) is said beside it.
 */
import type { Dialect } from '../dialects/index.ts';

export type ReplyClass = 'preliminary' | 'positive' | 'intermediate' | 'transient' | 'permanent';

export function replyClassOf(code: number): ReplyClass {
  const digit = Math.floor(code / 100);
  if (digit === 1) return 'preliminary'; // MTP's 1yz (RFC 780 §4.2.1); gone from RFC 5321 §4.2.1
  if (digit === 2) return 'positive';
  if (digit === 3) return 'intermediate';
  if (digit === 4) return 'transient';
  return 'permanent';
}

/** True when the era's RFC lists `code` among the replies `verb` may get (or any command may). */
export function listedFor(dialect: Dialect, verb: string, code: number): boolean {
  const seq = dialect.sequences[verb];
  if (dialect.anyCommand.includes(code)) return true;
  if (!seq) return false;
  return [seq.success, seq.intermediate ?? [], seq.afterData ?? [], seq.error].some((codes) =>
    codes.includes(code),
  );
}

/** The RFC an era's rules come from: RFC 1123 and RFC 1869 amend RFC 821, which stays the base. */
export const baseRfc = (dialect: Dialect) =>
  dialect.rfc > 821 && dialect.rfc < 5321 ? 821 : dialect.rfc;

/** Where the meaning of reply codes is set out in an era (RFC 772 lists them by function). */
export function codesRfc(dialect: Dialect): string {
  if (dialect.rfc >= 5321) return 'RFC 5321 §4.2.1';
  const base = baseRfc(dialect);
  return base === 772 ? 'RFC 772' : `RFC ${base} Appendix E`;
}

/** A note's rule: today's section, or in an older era the older RFC (its section when known). */
export function cite(dialect: Dialect, modern: string, older?: string): string {
  return dialect.rfc >= 5321 ? modern : (older ?? `RFC ${baseRfc(dialect)}`);
}
