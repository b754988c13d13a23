/**
 * The journey of a message through a network world: the MUA submits it on
 * port 587, then each host that took it for another domain looks the domain
 * up (RFC 5321 §5.1), tries the MX hosts in order on port 25, falling back
 * to the next one when a connection fails or a host answers 4yz, and keeps
 * it queued to retry (§4.5.4.1) until the give-up time, when it bounces (RFC
 * 3464). Each hop is a real session: the client machine against the target
 * host's server machine, whose Received line (and Return-Path at the end)
 * the message carries on (§4.4). Sequencing only: routing, the host's world
 * and the bounce's text are in protocol/network.
 */
import { decode } from '../protocol/bytes.ts';
import { DEFAULT_CLIENT_OPTIONS, type ClientOptions } from '../protocol/client/outgoing.ts';
import { DIALECTS } from '../protocol/dialects/index.ts';
import {
  bounceText,
  expiredStatus,
  ROUTE_STATUS,
  statusOf,
  type Failure,
} from '../protocol/network/bounce.ts';
import { hostAt, hostNamed } from '../protocol/network/dns.ts';
import { connectionFate, greetingRefusal, hostWorld, type Port } from '../protocol/network/host.ts';
import { route, type Candidate } from '../protocol/network/routing.ts';
import type { HostSpec, Network } from '../protocol/network/types.ts';
import type { Delivery } from '../protocol/session-state.ts';
import { returnPathField } from '../protocol/trace.ts';
import { makeWorld } from '../protocol/world.ts';
import type {
  Hop,
  HopOutcome,
  HopRequest,
  JourneyEvent,
  JourneyOptions,
  QueueEntry,
  ReplySeen,
  Stored,
  Submission,
} from './journey-types.ts';
import {
  addressFacing,
  automatic,
  byDomain,
  decidingReply,
  greetedWith5yz,
  lastReply,
} from './journey-hops.ts';
import { createSession } from './session.ts';
import type { ClientInput } from '../protocol/client/state.ts';

export type * from './journey-types.ts';

/** Simulated time one connection takes: enough for the Received dates to follow the hops. */
const CONNECTION_MS = 1000;
const MINUTE = 60_000;

/** A run of the journey that may stop at a hop the learner drives, and go on with what they did. */
type Run = Generator<HopRequest, void, HopOutcome>;

export class Journey {
  readonly events: JourneyEvent[] = [];
  readonly hops: Hop[] = [];
  readonly mailboxes: Stored[] = [];
  private queued: QueueEntry[] = [];
  private clock = 0;
  private connections = 0;
  private readonly start: number;
  /** The run stopped at the learner's hop, and what they are asked to drive. */
  private paused: { readonly request: HopRequest; readonly run: Run } | null = null;

  constructor(
    readonly network: Network,
    readonly options: JourneyOptions = {},
  ) {
    this.start = Date.parse(network.start);
  }

  /** The hop waiting for the learner: nothing else happens until `finish` gets its outcome. */
  get pending(): HopRequest | null {
    return this.paused?.request ?? null;
  }

  /** The learner's hop is over: the journey goes on from what it came to, as after any session. */
  finish(outcome: HopOutcome): this {
    const paused = this.paused;
    if (!paused) throw new Error('no hop is waiting for the learner');
    this.paused = null;
    this.drive(paused.run, outcome);
    return this;
  }

  /** Runs a piece of the journey until it ends or stops at the learner's hop. */
  private drive(run: Run, outcome?: HopOutcome) {
    const next = outcome ? run.next(outcome) : run.next();
    if (!next.done) this.paused = { request: next.value, run };
  }

  /** Milliseconds on the simulated clock since the world's start. */
  get time(): number {
    return this.clock;
  }

  /** The messages waiting in the hosts' queues, next due first. */
  get queue(): readonly QueueEntry[] {
    return this.queued;
  }

  /**
   * The MUA hands the message to its submission host on port 587 (RFC 6409
   * §3.1), logging in with its account (§4.3). A refusal there is told to the
   * user at once: no bounce (RFC 7505 §4.1: "when the user sends the message").
   */
  submit(message: Submission, muaName?: string): this {
    this.drive(this.submitting(message, muaName));
    return this;
  }

  private *submitting(message: Submission, muaName?: string): Run {
    const mua = muaName
      ? hostNamed(this.network, muaName)
      : this.network.hosts.find((h) => h.roles.includes('mua'));
    if (!mua?.submitTo) throw new Error(`no MUA ${muaName ?? ''} with a submission host`);
    const target = hostNamed(this.network, mua.submitTo);
    const address = target?.addresses[0] ?? '';
    const hop = yield* this.connect({
      from: mua,
      target,
      address,
      port: 587,
      via: 'submission (RFC 6409)',
      sender: message.from,
      to: message.to,
      text: message.text,
      ...(mua.account ? { auth: mua.account } : {}),
    });
    const told = (
      kind: 'refused' | 'unsent',
      recipients: readonly string[],
      reply: ReplySeen | null,
    ) =>
      recipients.length > 0 &&
      this.events.push({ kind, time: this.clock, host: hop.to, recipients, reply });
    const first = hop.refused[0];
    told(
      'refused',
      hop.refused.map((r) => r.to),
      first ? { code: first.code, text: first.text } : null,
    );
    const deferred = hop.deferred[0];
    told(
      'unsent',
      hop.pending,
      deferred ? { code: deferred.code, text: deferred.text } : lastReply(hop.dialogue),
    );
  }

  /** Tries the next message due; false when the queues are empty. */
  step(): boolean {
    if (this.paused) return false;
    const entry = this.queued.shift();
    if (!entry) return false;
    this.clock = Math.max(this.clock, entry.due);
    this.drive(this.attempt(entry));
    return true;
  }

  /** Runs until the queues are empty, or until the next try is later than `untilMs`. */
  run(untilMs = Number.POSITIVE_INFINITY): this {
    while (!this.paused && this.queued.length > 0 && this.queued[0]!.due <= untilMs) this.step();
    if (Number.isFinite(untilMs) && !this.paused) this.clock = Math.max(this.clock, untilMs);
    return this;
  }

  /** One try of a queued message: each domain of its recipients looked up and its MX hosts tried. */
  private *attempt(entry: QueueEntry): Run {
    const host = hostNamed(this.network, entry.host)!;
    const left: string[] = [];
    let lastReply = entry.lastReply;
    const local = makeWorld(hostWorld(this.network, host, 25)).localDomains.map((d) =>
      d.toLowerCase(),
    );
    for (const [domain, recipients] of byDomain(entry.to)) {
      if (local.includes(domain)) {
        this.deliverHere(host, entry, recipients);
        continue;
      }
      const r = route(this.network, domain, {
        self: { names: [host.name], addresses: host.addresses },
      });
      this.events.push({ kind: 'lookup', time: this.clock, host: host.name, domain, route: r });
      if (r.kind !== 'hosts') {
        const status = ROUTE_STATUS[r.kind];
        this.fail(
          entry,
          recipients.map((recipient) => ({ recipient, status })),
        );
        continue;
      }
      const tried = yield* this.tryCandidates(entry, host, r.candidates, r.implicit, recipients);
      if (tried.last) lastReply = tried.last;
      left.push(...tried.left);
    }
    if (left.length === 0) return;
    // RFC 5321 §4.5.4.1: retry at the interval until the give-up time, then bounce.
    if (this.clock - entry.arrived >= this.network.retry.giveUp * MINUTE) {
      this.fail(
        entry,
        left.map((recipient) => ({
          recipient,
          status: expiredStatus(lastReply),
          ...(lastReply ? { reply: lastReply } : {}),
        })),
      );
      return;
    }
    const again: QueueEntry = {
      ...entry,
      to: left,
      attempts: entry.attempts + 1,
      due: this.clock + this.network.retry.interval * MINUTE,
      lastReply,
    };
    this.enqueue(again);
    this.events.push({ kind: 'queued', time: this.clock, entry: again });
  }

  /**
   * RFC 5321 §5.1: each exchange in order, each of its addresses in order,
   * until every recipient is taken or refused. A failed connection or a 4yz
   * moves on to the next; a 5yz to a recipient is final; a 5yz greeting
   * (521, RFC 7504 §3) moves on too, and is final only if every host said it.
   */
  private *tryCandidates(
    entry: QueueEntry,
    host: HostSpec,
    candidates: readonly Candidate[],
    implicit: boolean,
    recipients: readonly string[],
  ): Generator<HopRequest, { left: string[]; last: ReplySeen | null }, HopOutcome> {
    let remaining = [...recipients];
    let last: ReplySeen | null = null;
    let onlyPermanent = true;
    for (const c of candidates)
      for (const address of c.addresses) {
        if (remaining.length === 0) return { left: [], last };
        const hop = yield* this.connect({
          from: host,
          target: hostAt(this.network, address),
          address,
          port: 25,
          via: implicit
            ? `implicit MX (address record of ${c.exchange})`
            : `MX ${c.preference} ${c.exchange}`,
          sender: entry.from,
          to: remaining,
          text: entry.text,
        });
        if (hop.decided) last = hop.decided;
        const refused = hop.refused.map((r) => ({
          recipient: r.to,
          status: statusOf(r),
          reply: { code: r.code, text: r.text },
        }));
        if (refused.length > 0) this.fail(entry, refused);
        const deferred = new Set(hop.deferred.map((d) => d.to));
        const unreached = hop.pending.filter((t) => !deferred.has(t));
        // The learner's own slips (a 500 to a typo) are not the receiver's verdict on the
        // message: only the replies to their RCPT and their text settle a recipient.
        const stop = hop.learner === 'client' ? null : lastReply(hop.dialogue);
        remaining = [...hop.pending];
        if (unreached.length > 0 && stop && stop.code >= 500 && !greetedWith5yz(hop)) {
          // A 5yz to MAIL (or a closing 5yz): the same answer would come from any MX.
          this.fail(
            entry,
            unreached.map((recipient) => ({ recipient, status: statusOf(stop), reply: stop })),
          );
          remaining = remaining.filter((t) => deferred.has(t));
        }
        // RFC 7504 §3: a host that greets with 5yz takes no mail; another MX may.
        if (remaining.length > 0 && !greetedWith5yz(hop)) onlyPermanent = false;
      }
    if (remaining.length > 0 && onlyPermanent && last && last.code >= 500) {
      this.fail(
        entry,
        remaining.map((recipient) => ({ recipient, status: statusOf(last!), reply: last! })),
      );
      return { left: [], last };
    }
    return { left: remaining, last };
  }

  /**
   * One connection: the client machine against the host's server machine, or
   * nothing if it is down; the run stops at the one the learner took over.
   */
  private *connect(p: {
    from: HostSpec;
    target: HostSpec | undefined;
    address: string;
    port: Port;
    via: string;
    sender: string;
    to: readonly string[];
    text: string;
    auth?: ClientOptions['auth'];
  }): Generator<HopRequest, Hop, HopOutcome> {
    this.clock += CONNECTION_MS;
    const index = ++this.connections;
    const fate = connectionFate(p.target, Math.floor(this.clock / MINUTE));
    const base = {
      index,
      time: this.clock,
      from: p.from.name,
      to: p.target?.name ?? p.address,
      address: p.address,
      port: p.port,
      via: p.via,
      recipients: p.to,
      fate,
    };
    if (fate === 'unreachable' || !p.target) {
      const hop: Hop = {
        ...base,
        decided: null,
        accepted: [],
        refused: [],
        deferred: [],
        pending: p.to,
        dialogue: [],
        client: [],
      };
      return this.record(hop);
    }
    const target = p.target;
    const refusal = greetingRefusal(fate, p.port);
    const at = new Date(this.start + this.clock);
    const clientAddress = addressFacing(p.from, p.address);
    const server = createSession({
      world: hostWorld(this.network, target, p.port),
      dialect: target.dialect,
      clientAddress,
      now: () => at,
      idPrefix: `${index.toString(16).toUpperCase()}.`,
      ...(refusal ? { refuse: refusal } : {}),
    });
    const options: ClientOptions = {
      ...DEFAULT_CLIENT_OPTIONS,
      hello: p.from.name,
      starttls: 'if-offered',
      pipelining: true,
      chunking: false,
      ...(p.auth ? { auth: p.auth } : {}),
    };
    const input: ClientInput = {
      dialect: DIALECTS[target.dialect],
      message: { from: p.sender, to: p.to, text: p.text },
      options,
    };
    const side = this.options.takeover?.index === index ? this.options.takeover.side : null;
    const outcome = side
      ? yield { ...base, side, server, input, clientAddress, at }
      : automatic(input, server);
    const result = outcome.result;
    const settled = new Set([...result.accepted, ...result.refused.map((r) => r.to)]);
    const hop: Hop = {
      ...base,
      decided: decidingReply(result, outcome.dialogue),
      accepted: result.accepted,
      refused: result.refused,
      deferred: result.deferred,
      pending: p.to.filter((t) => !settled.has(t)),
      dialogue: outcome.dialogue,
      client: outcome.client,
      ...(side ? { learner: side } : {}),
    };
    this.record(hop);
    for (const d of outcome.deliveries) this.took(target, d);
    return hop;
  }

  private record(hop: Hop): Hop {
    this.hops.push(hop);
    this.events.push({ kind: 'hop', time: hop.time, hop });
    return hop;
  }

  /**
   * A host took a message: local recipients are delivered into its mailboxes
   * (the server's trace already starts with Return-Path, §4.4); the others go
   * into its queue, with its Received line and without any Return-Path.
   */
  private took(host: HostSpec, d: Delivery) {
    const content = decode(d.content);
    const from = d.reversePath.replace(/^<|>$/g, '');
    const onward: string[] = [];
    for (const r of d.recipients) {
      if (r.route === 'local') {
        const stored: Stored = {
          host: host.name,
          mailbox: r.mailbox,
          from,
          text: d.trace + content,
          time: this.clock,
        };
        this.mailboxes.push(stored);
        this.events.push({ kind: 'delivered', time: this.clock, stored });
      } else onward.push(r.mailbox);
    }
    if (onward.length === 0) return;
    this.enqueue({
      id: d.id,
      host: host.name,
      from,
      to: onward,
      text: d.trace.replace(/^Return-Path:[^\r\n]*\r\n/, '') + content,
      arrived: this.clock,
      due: this.clock,
      attempts: 0,
      lastReply: null,
    });
  }

  /**
   * Mail this host made for its own domain (a bounce to a local sender): put
   * straight into the mailbox, with the Return-Path of final delivery (§4.4)
   * and no SMTP hop.
   */
  private deliverHere(host: HostSpec, entry: QueueEntry, recipients: readonly string[]) {
    const users = makeWorld(hostWorld(this.network, host, 25)).users.map((u) =>
      u.local.toLowerCase(),
    );
    for (const mailbox of recipients) {
      if (!users.includes(mailbox.slice(0, mailbox.lastIndexOf('@')).toLowerCase())) {
        this.fail(entry, [{ recipient: mailbox, status: '5.1.1' }]);
        continue;
      }
      const stored: Stored = {
        host: host.name,
        mailbox: mailbox.toLowerCase(),
        from: entry.from,
        text: returnPathField(`<${entry.from}>`) + entry.text,
        time: this.clock,
      };
      this.mailboxes.push(stored);
      this.events.push({ kind: 'delivered', time: this.clock, stored });
    }
  }

  /** Recipients given up on: a bounce to the sender, or nothing for a bounce itself. */
  private fail(entry: QueueEntry, failures: readonly Failure[]) {
    if (failures.length === 0) return;
    const recipients = failures.map((f) => f.recipient);
    const status = failures[0]!.status;
    if (entry.from === '') {
      this.events.push({ kind: 'dropped', time: this.clock, host: entry.host, recipients, status });
      return;
    }
    const text = bounceText({
      reportingHost: entry.host,
      sender: entry.from,
      failures,
      arrival: new Date(this.start + entry.arrived),
      id: entry.id,
      text: entry.text,
    });
    this.events.push({
      kind: 'bounced',
      time: this.clock,
      host: entry.host,
      recipients,
      status,
      to: entry.from,
    });
    this.enqueue({
      id: `${entry.id}.B`,
      host: entry.host,
      from: '',
      to: [entry.from],
      text,
      arrived: this.clock,
      due: this.clock,
      attempts: 0,
      lastReply: null,
    });
  }

  /** Into the queue, kept in order of due time (ties: first in, first out). */
  private enqueue(entry: QueueEntry) {
    const i = this.queued.findIndex((e) => e.due > entry.due);
    if (i < 0) this.queued.push(entry);
    else this.queued.splice(i, 0, entry);
  }
}

/** A journey from the submission of one message until the queues are empty. */
export function runJourney(network: Network, message: Submission, untilMs?: number): Journey {
  return new Journey(network).submit(message).run(untilMs);
}
