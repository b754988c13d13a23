/**
 * What changed between two eras, entry by entry, each citing where the newer
 * (or, for a removal, the older) RFC says so. Computed from the dialect
 * tables alone: RFC 821 versus RFC 5321 reads as a diff of two tables.
 */
import type { Dialect, ReplySequence, RuleKey } from './types.ts';
import { RULE_KEYS } from './types.ts';

export type DiffEntry =
  | {
      readonly kind: 'command-added' | 'command-removed';
      readonly verb: string;
      readonly syntax: string;
      readonly cite: string;
    }
  | {
      readonly kind: 'syntax-changed';
      readonly verb: string;
      readonly from: string;
      readonly to: string;
      readonly cite: string;
    }
  | {
      readonly kind: 'replies-changed';
      readonly verb: string;
      readonly added: readonly number[];
      readonly removed: readonly number[];
      readonly cite: string;
    }
  | {
      readonly kind: 'rule-changed';
      readonly rule: RuleKey;
      readonly from: string;
      readonly to: string;
      readonly cite: string;
    };

const show = (v: unknown): string => (typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Every code a command may get in a dialect, the codes any command may get included. */
const codes = (d: Dialect, s: ReplySequence | undefined) =>
  new Set([
    ...d.anyCommand,
    ...(s?.success ?? []),
    ...(s?.intermediate ?? []),
    ...(s?.afterData ?? []),
    ...(s?.error ?? []),
  ]);

/** Syntax as written, without the notation that differs between RFCs (`<SP>`, `<CRLF>`). */
const normal = (syntax: string) =>
  syntax
    .replace(/<CRLF>/g, '')
    .replace(/\[<SP>\s*|\[SP\s+/g, '[')
    .replace(/<SP>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export function diffDialects(from: Dialect, to: Dialect): DiffEntry[] {
  const entries: DiffEntry[] = [];
  const cite = (d: Dialect, where: string) => `RFC ${d.rfc} ${where}`;
  for (const c of to.commands) {
    const old = from.commands.find((o) => o.verb === c.verb);
    if (!old) entries.push({ kind: 'command-added', verb: c.verb, syntax: c.syntax, cite: c.rfc });
    else if (normal(old.syntax) !== normal(c.syntax))
      entries.push({
        kind: 'syntax-changed',
        verb: c.verb,
        from: old.syntax,
        to: c.syntax,
        cite: c.rfc,
      });
  }
  for (const c of from.commands) {
    if (to.commands.some((n) => n.verb === c.verb)) continue;
    const where = to.dropped?.[c.verb];
    entries.push({
      kind: 'command-removed',
      verb: c.verb,
      syntax: c.syntax,
      cite: where ? cite(to, where) : c.rfc,
    });
  }
  const verbs = new Set([...Object.keys(from.sequences), ...Object.keys(to.sequences)]);
  for (const verb of verbs) {
    if (!from.sequences[verb] || !to.sequences[verb]) continue; // added or removed commands are listed above
    const [a, b] = [codes(from, from.sequences[verb]), codes(to, to.sequences[verb])];
    const added = [...b].filter((c) => !a.has(c)).sort();
    const removed = [...a].filter((c) => !b.has(c)).sort();
    if (added.length || removed.length) {
      entries.push({
        kind: 'replies-changed',
        verb,
        added,
        removed,
        cite: cite(to, SEQUENCES_SECTION[to.id] ?? 'command-reply sequences'),
      });
    }
  }
  for (const rule of RULE_KEYS) {
    const [a, b] = [show(from[rule]), show(to[rule])];
    if (a !== b)
      entries.push({
        kind: 'rule-changed',
        rule,
        from: a,
        to: b,
        cite: cite(to, to.cite[rule] ?? ''),
      });
  }
  return entries;
}

/** Where each RFC prints its command-reply sequences. */
const SEQUENCES_SECTION: Readonly<Record<string, string>> = {
  rfc772: '"Command-Reply Sequences", pp. 23-24',
  rfc780: '§5.3',
  rfc788: '§4.3',
  rfc821: '§4.3',
  rfc1123: '§5.2 (on RFC 821 §4.3)',
  rfc1869: '§4 (on RFC 821 §4.3)',
  rfc5321: '§4.3.2',
};

/** The era's command-reply table, cited: `RFC 5321 §4.3.2`, `RFC 821 §4.3`. */
export const sequencesRfc = (dialect: { readonly id: string; readonly rfc: number }): string =>
  `RFC ${dialect.rfc} ${SEQUENCES_SECTION[dialect.id] ?? ''}`.trim();

/** One line per entry, for the CLI and lessons. */
export function describeDiff(entry: DiffEntry): string {
  switch (entry.kind) {
    case 'command-added':
      return `+ ${entry.verb}: ${entry.syntax} (${entry.cite})`;
    case 'command-removed':
      return `- ${entry.verb}: ${entry.syntax} (${entry.cite})`;
    case 'syntax-changed':
      return `~ ${entry.verb}: ${entry.from} -> ${entry.to} (${entry.cite})`;
    case 'replies-changed':
      return `~ ${entry.verb} replies: ${[...entry.added.map((c) => `+${c}`), ...entry.removed.map((c) => `-${c}`)].join(' ')} (${entry.cite})`;
    case 'rule-changed':
      return `~ ${entry.rule}: ${entry.from} -> ${entry.to} (${entry.cite})`;
  }
}
