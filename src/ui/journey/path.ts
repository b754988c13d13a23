/**
 * The journey picture's data: the engine's events (machines/journey.ts) in
 * order, each made a step of the path: a DNS lookup with the order the MX
 * hosts will be tried in and why (RFC 5321 §5.1), an arrow from host to host
 * with its port and protocol and the reply that decided it, a wait in a
 * queue (§4.5.4.1), a delivery, a bounce (RFC 3464) back to the sender.
 */
import type { Hop, JourneyEvent, ReplySeen } from '../../machines/journey.ts';
import { route, type Candidate, type Network } from '../../protocol/network/index.ts';

export type Protocol = 'submission' | 'relay' | 'pop3' | 'imap';

export interface LookupStep {
  readonly kind: 'lookup';
  readonly time: number;
  readonly host: string;
  readonly domain: string;
  readonly result: 'hosts' | 'implicit' | 'null-mx' | 'no-domain' | 'no-address' | 'self';
  /** The exchanges in the order they will be tried. */
  readonly candidates: readonly Candidate[];
  /** Exchanges of the domain left out because the host is one of them (its preference and worse). */
  readonly skipped: readonly string[];
}

export interface HopStep {
  readonly kind: 'hop';
  readonly time: number;
  /** The hop's number in Journey.hops (from 1), to open its dialogue. */
  readonly index: number;
  readonly from: string;
  readonly to: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: Protocol;
  readonly via: string;
  readonly fate: Hop['fate'];
  readonly decided: ReplySeen | null;
  /** The message was a bounce (MAIL FROM:<>, RFC 5321 §4.5.5). */
  readonly bounce: boolean;
  /** How long the message had waited at `from` before this try (ms), or 0. */
  readonly waited: number;
  /** Everything asked was taken. */
  readonly ok: boolean;
  /** The side the learner typed, when they took this hop over. */
  readonly learner?: Hop['learner'];
}

export interface QueueStep {
  readonly kind: 'queued';
  readonly time: number;
  readonly host: string;
  readonly attempts: number;
  readonly due: number;
  readonly lastReply: ReplySeen | null;
  readonly bounce: boolean;
}

export interface DeliveredStep {
  readonly kind: 'delivered';
  readonly time: number;
  readonly host: string;
  readonly mailbox: string;
  readonly bounce: boolean;
}

export interface OutcomeStep {
  readonly kind: 'bounced' | 'dropped' | 'refused' | 'unsent';
  readonly time: number;
  readonly host: string;
  readonly recipients: readonly string[];
  /** RFC 3463 status of a bounce or a drop; the reply of a refusal at submission. */
  readonly status?: string;
  readonly reply?: ReplySeen | null;
  /** Whom a bounce goes back to. */
  readonly to?: string;
}

export interface ReadStep {
  readonly kind: 'read';
  readonly time: number;
  readonly host: string;
  readonly reader: string;
  readonly port: 110 | 143;
  readonly protocol: 'pop3' | 'imap';
  readonly ok: boolean;
}

export type PathStep = LookupStep | HopStep | QueueStep | DeliveredStep | OutcomeStep | ReadStep;

/** A bounce is sent with the null reverse path (RFC 5321 §4.5.5). */
export const carriesBounce = (hop: Hop): boolean =>
  hop.client.some((e) => e.kind === 'client' && /^MAIL FROM:<>/i.test(e.text));

function lookupStep(network: Network, e: Extract<JourneyEvent, { kind: 'lookup' }>): LookupStep {
  const base = { kind: 'lookup' as const, time: e.time, host: e.host, domain: e.domain };
  const r = e.route;
  if (r.kind === 'null-mx' || r.kind === 'no-domain')
    return { ...base, result: r.kind, candidates: [], skipped: [] };
  // The same lookup without the host's own records: what §5.1's rule took away.
  const full = route(network, e.domain);
  const all = full.kind === 'hosts' ? full.candidates.map((c) => c.exchange) : [];
  if (r.kind === 'unusable')
    return { ...base, result: r.why, candidates: [], skipped: r.why === 'self' ? all : [] };
  const kept = new Set(r.candidates.map((c) => c.exchange));
  return {
    ...base,
    result: r.implicit ? 'implicit' : 'hosts',
    candidates: r.candidates,
    skipped: all.filter((x) => !kept.has(x)),
  };
}

/** Every event of the journey as a step of the picture, in the order they happened. */
export function pathSteps(network: Network, events: readonly JourneyEvent[]): PathStep[] {
  const steps: PathStep[] = [];
  // When the message (or its bounce) reached each host: the start of its wait there.
  const arrived = new Map<string, number>();
  for (const e of events) {
    switch (e.kind) {
      case 'lookup':
        steps.push(lookupStep(network, e));
        break;
      case 'hop': {
        const h = e.hop;
        const bounce = carriesBounce(h);
        const key = `${h.from}${bounce ? ' bounce' : ''}`;
        const since = arrived.get(key);
        steps.push({
          kind: 'hop',
          time: h.time,
          index: h.index,
          from: h.from,
          to: h.to,
          address: h.address,
          port: h.port,
          protocol: h.port === 587 ? 'submission' : 'relay',
          via: h.via,
          fate: h.fate,
          decided: h.decided,
          bounce,
          waited: since === undefined ? 0 : Math.max(0, h.time - since),
          ok: h.accepted.length > 0 && h.pending.length === 0 && h.refused.length === 0,
          ...(h.learner ? { learner: h.learner } : {}),
        });
        if (h.accepted.length > 0 && !arrived.has(`${h.to}${bounce ? ' bounce' : ''}`))
          arrived.set(`${h.to}${bounce ? ' bounce' : ''}`, h.time);
        break;
      }
      case 'queued':
        steps.push({
          kind: 'queued',
          time: e.time,
          host: e.entry.host,
          attempts: e.entry.attempts,
          due: e.entry.due,
          lastReply: e.entry.lastReply,
          bounce: e.entry.from === '',
        });
        break;
      case 'delivered':
        steps.push({
          kind: 'delivered',
          time: e.time,
          host: e.stored.host,
          mailbox: e.stored.mailbox,
          bounce: e.stored.from === '',
        });
        break;
      case 'bounced':
        arrived.set(`${e.host} bounce`, e.time);
        steps.push({ ...e, recipients: e.recipients });
        break;
      case 'dropped':
        steps.push({ ...e });
        break;
      case 'refused':
      case 'unsent':
        steps.push({ ...e });
        break;
    }
  }
  return steps;
}

/** One line of a hop's dialogue, as the client saw it (C: sent, S: read, notes with their rule). */
export interface DialogueLine {
  readonly kind: 'client' | 'server' | 'note' | 'event' | 'bad';
  readonly prefix: 'C:' | 'S:' | '**' | '==' | '!!';
  readonly text: string;
  readonly rfc?: string;
}

export function hopDialogue(hop: Hop): DialogueLine[] {
  return hop.client.map((e): DialogueLine => {
    switch (e.kind) {
      case 'client':
        return { kind: 'client', prefix: 'C:', text: e.text };
      case 'server':
        return { kind: 'server', prefix: 'S:', text: e.text };
      case 'note':
        return { kind: 'note', prefix: '**', text: e.text, rfc: e.rfc };
      case 'bad':
        return { kind: 'bad', prefix: '!!', text: `${e.text} (${e.why})` };
      default:
        return { kind: 'event', prefix: '==', text: e.text };
    }
  });
}
