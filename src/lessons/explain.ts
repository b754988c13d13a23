/**
 * "Every error explained": for each 4xx/5xx reply in a transcript, why it
 * came, from the protocol core's tables only (the reply catalog and the
 * dialect), never from text written per lesson.
 */
import type { TranscriptEntry } from '../machines/session.ts';
import { commandSpec, type Dialect } from '../protocol/dialects/index.ts';
import { enabledExtensions } from '../protocol/extensions/index.ts';
import { citeReply, citeTopic } from '../protocol/citations.ts';
import { CATALOG } from '../protocol/replies.ts';
import type { World } from '../protocol/world.ts';
import { commandsByStep, verbOf } from './goals.ts';

export interface Explanation {
  readonly step: number;
  readonly code: number;
  /** The command the reply answers, as typed (null for the greeting). */
  readonly command: string | null;
  /** The catalog entry's name, when the reply came from the catalog. */
  readonly id: string | null;
  /** The catalog's text for the reply, as the dialect words it. */
  readonly meaning: string;
  /** The specific reason the server gave (e.g. which command was missing). */
  readonly reason: string | null;
  /** Where the rule is stated, in the RFC of the session's era (or an earlier one). */
  readonly rfc: string | null;
  /** Where the era says what a 4yz or 5yz reply means (RFC 821 Appendix E, RFC 5321 §4.2.1...). */
  readonly classRfc: string;
  /** What the era's own table says about this command and code. */
  readonly dialectNote: string | null;
  /** 4 (transient: try again later) or 5 (permanent: do not repeat as is). */
  readonly severity: 'transient' | 'permanent';
  /** True when the lesson scripted this reply (a fault), not the server's rules. */
  readonly scripted: boolean;
}

function era(d: Dialect): string {
  return `RFC ${d.rfc} (${d.date})`;
}

/** Verbs the world's extensions add to the dialect (STARTTLS, AUTH, BDAT), with their RFC. */
export function extensionVerbs(world: World | undefined, d: Dialect): Map<string, string> {
  const verbs = new Map<string, string>();
  if (!world) return verbs;
  for (const e of enabledExtensions(world, d))
    for (const v of e.verbs ?? []) verbs.set(v.verb, `${e.keyword}, ${e.rfc}`);
  return verbs;
}

function dialectNote(
  d: Dialect,
  verb: string | null,
  code: number,
  extra: ReadonlyMap<string, string>,
): string | null {
  if (verb === null) return null;
  const fromExtension = extra.get(verb);
  if (fromExtension) return `${verb} comes from a service extension (${fromExtension})`;
  if (!commandSpec(d, verb)) {
    const dropped = d.dropped?.[verb];
    return dropped
      ? `${verb} is not a command of ${era(d)}: ${dropped}`
      : `${verb} is not a command of ${era(d)}; the server answers an unknown command with 500`;
  }
  const seq = d.sequences[verb];
  if (!seq) return null;
  if (seq.error.includes(code)) return `${era(d)} lists ${code} among the error replies to ${verb}`;
  if (d.anyCommand.includes(code)) return `${era(d)} allows ${code} in reply to any command`;
  return null;
}

/** The catalog text with the reply's own values; a field it lacks is left out. */
function fill(text: string, fields: Readonly<Record<string, string | number>>): string {
  return text
    .replace(/\{(\w+)\}/g, (_, k: string) => (fields[k] !== undefined ? String(fields[k]) : ''))
    .replace(/\s+/g, ' ')
    .replace(/[\s:;,]+$/, '')
    .trim();
}

/** Explains one server entry of a transcript, given the command it answers. */
export function explainReply(
  entry: Extract<TranscriptEntry, { kind: 'server' }>,
  command: string | null,
  dialect: Dialect,
  scripted = false,
  extra: ReadonlyMap<string, string> = new Map(),
): Explanation | null {
  const { reply } = entry;
  if (reply.code < 400) return null;
  const id = reply.id ?? null;
  const template = id ? CATALOG[id] : undefined;
  const override = id ? dialect.replies[id] : undefined;
  const verb = command === null ? null : verbOf(command);
  const reason = reply.fields?.reason;
  return {
    step: entry.step,
    code: reply.code,
    command,
    id,
    meaning: fill(override?.text ?? template?.text ?? reply.lines[0] ?? '', reply.fields ?? {}),
    reason: reason !== undefined ? String(reason) : null,
    rfc: citeReply(dialect, reply),
    dialectNote: dialectNote(dialect, verb, reply.code, extra),
    severity: reply.code >= 500 ? 'permanent' : 'transient',
    classRfc: citeTopic(dialect, reply.code >= 500 ? 'permanent' : 'transient')!,
    scripted,
  };
}

/**
 * Every 4xx/5xx reply of a transcript, explained. `injected` are the entries a
 * lesson scripted; `world` names the extensions whose verbs the server knows.
 */
export function explainErrors(
  transcript: readonly TranscriptEntry[],
  dialect: Dialect,
  injected: readonly TranscriptEntry[] = [],
  world?: World,
): Explanation[] {
  const extra = extensionVerbs(world, dialect);
  const out: Explanation[] = [];
  // Each reply explained with the command of its own step (a pipelined group's replies follow it).
  const byStep = commandsByStep(transcript);
  for (const e of transcript) {
    if (e.kind !== 'server') continue;
    const x = explainReply(e, byStep.get(e.step) ?? null, dialect, injected.includes(e), extra);
    if (x) out.push(x);
  }
  return out;
}

/** One readable paragraph, for the lesson panel and the CLI. */
export function formatExplanation(x: Explanation): string {
  const parts = [
    `${x.code} to ${x.command ?? 'the connection'}: ${x.meaning}${x.reason && !x.meaning.includes(x.reason) ? ` (${x.reason})` : ''}.`,
    x.severity === 'transient'
      ? `A 4xx reply is a transient failure: the action may be requested again (${x.classRfc}).`
      : `A 5xx reply is a permanent failure: do not repeat the exact request in the same sequence (${x.classRfc}).`,
  ];
  if (x.dialectNote) parts.push(`${x.dialectNote}.`);
  if (x.rfc) parts.push(`See ${x.rfc}.`);
  if (x.scripted) parts.push('This reply was scripted by the lesson.');
  return parts.join(' ');
}
