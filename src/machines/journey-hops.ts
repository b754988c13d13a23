/**
 * Small readings of a hop for the journey: which recipients go together,
 * which address the client speaks from, and which reply decided the hop.
 */
import type { ClientResult } from '../protocol/client/state.ts';
import type { HostSpec } from '../protocol/network/types.ts';
import type { ClientInput } from '../protocol/client/state.ts';
import { converse } from './conversation.ts';
import type { Hop, HopOutcome, ReplySeen } from './journey-types.ts';
import type { Session } from './session.ts';

/** The simulated client against the host's server machine: a hop nobody took over. */
export function automatic(input: ClientInput, server: Session): HopOutcome {
  const client = converse(input, server);
  return {
    result: client.result,
    dialogue: server.transcript,
    client: client.log,
    deliveries: server.mailbox,
  };
}

/** Recipients grouped by domain, in the order they come (one transaction per MX, §4.5.4.1). */
export function byDomain(to: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of to) {
    const domain = t.slice(t.lastIndexOf('@') + 1).toLowerCase();
    groups.set(domain, [...(groups.get(domain) ?? []), t]);
  }
  return groups;
}

/** The client's address on the side it connects from: the same family as the target's. */
export function addressFacing(from: HostSpec, target: string): string {
  const v6 = target.includes(':');
  return from.addresses.find((a) => a.includes(':') === v6) ?? from.addresses[0] ?? '192.0.2.1';
}

/** The last reply of a session before QUIT's 221 (null when nothing answered). */
export function lastReply(dialogue: Hop['dialogue']): ReplySeen | null {
  const replies = dialogue.filter((e) => e.kind === 'server');
  const last = replies.filter((e) => e.reply.code !== 221).at(-1) ?? replies.at(-1);
  return last ? { code: last.reply.code, text: last.wire.split('\r\n')[0]!.slice(4) } : null;
}

export function greetedWith5yz(hop: Hop): boolean {
  const first = hop.dialogue.find((e) => e.kind === 'server');
  return first?.kind === 'server' && first.reply.code >= 500;
}

/**
 * The reply that decided a hop: the one after the message text when any
 * recipient got it, else the first refusal or deferral, else the last reply
 * before QUIT's (a refused greeting, a refused MAIL).
 */
export function decidingReply(result: ClientResult, transcript: Hop['dialogue']): ReplySeen | null {
  if (result.accepted.length > 0 && result.final) return result.final;
  const first = result.refused[0] ?? result.deferred[0];
  if (first) return { code: first.code, text: first.text };
  return lastReply(transcript);
}
