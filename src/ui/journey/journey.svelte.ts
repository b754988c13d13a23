/**
 * The journey view's model (`#/journey`): a world and a scenario, the
 * learner's sender and recipients, and a journey (machines/journey.ts)
 * driven on a simulated clock that plays, pauses, steps to the next queued
 * try or runs to the end. It keeps what the view shows: the world's hosts
 * and DNS, the path so far, the queue, the hop opened, and the POP3 (or
 * IMAP) read-back of a delivered message. The view only renders and calls these
 * methods; a Node test does the same.
 */
import {
  Journey,
  type Hop,
  type HopOutcome,
  type HopSide,
  type QueueEntry,
  type Stored,
} from '../../machines/journey.ts';
import type { Network } from '../../protocol/network/index.ts';
import {
  SCENARIOS,
  scenarioLetter,
  scenarioNetwork,
  worldMailboxes,
  type ScenarioId,
  type WorldMailbox,
} from '../../protocol/network/scenarios.ts';
import { hopDialogue, pathSteps, type DialogueLine, type PathStep } from './path.ts';
import { readWithImap } from './imap-read.ts';
import { readWithPop3, type ReadBack, type ReadProtocol } from './pop3-read.ts';
import { Takeover } from './takeover.svelte.ts';

/** Simulated seconds per real second the clock can run at. */
export const SPEEDS = [1, 60, 600, 3600] as const;
export type Speed = (typeof SPEEDS)[number];

/** Addresses the learner may also pick that no mailbox holds: an unknown user, a null-MX domain. */
const EXTRA_RECIPIENTS = ['nobody@example.test', 'alice@nomail.test'];

export class JourneyController {
  scenario = $state<ScenarioId>('direct');
  network = $state.raw<Network>(scenarioNetwork('direct'));
  sender = $state('carol@elsewhere.test');
  recipients = $state.raw<readonly string[]>(['alice@example.test']);
  /** Simulated milliseconds since the world's start, as the view shows them. */
  now = $state(0);
  playing = $state(false);
  speed = $state<Speed>(60);
  /** True once the message was submitted. */
  sent = $state(false);
  steps = $state.raw<readonly PathStep[]>([]);
  queue = $state.raw<readonly QueueEntry[]>([]);
  hops = $state.raw<readonly Hop[]>([]);
  mailboxes = $state.raw<readonly Stored[]>([]);
  /** The hop whose dialogue is open (its index, from 1). */
  selected = $state<number | null>(null);
  readBack = $state.raw<ReadBack | null>(null);
  /** The hop the learner drives now; the journey waits for it. */
  takeover = $state.raw<Takeover | null>(null);
  /** The hop the learner drove last, once it is over (its number and side). */
  taken = $state.raw<{ readonly index: number; readonly side: HopSide } | null>(null);
  private journey: Journey | null = null;

  readonly scenarios = SCENARIOS;

  /** The world's start on the wall clock (ms since the epoch). */
  get start(): number {
    return Date.parse(this.network.start);
  }

  get mailboxList(): readonly WorldMailbox[] {
    return worldMailboxes(this.network);
  }

  /** Senders: the world's mailboxes at the MUA's submission host (its own domain). */
  get senders(): readonly string[] {
    const mua = this.network.hosts.find((h) => h.roles.includes('mua'));
    return this.mailboxList.filter((m) => m.host === mua?.submitTo).map((m) => m.address);
  }

  /** Recipients to pick from: every mailbox of the world, and two that no host holds. */
  get recipientChoices(): readonly string[] {
    return [...this.mailboxList.map((m) => m.address), ...EXTRA_RECIPIENTS];
  }

  /** The queue is empty after the message was sent, and no hop waits for the learner. */
  get finished(): boolean {
    return this.sent && this.queue.length === 0 && !this.takeover;
  }

  get selectedHop(): Hop | null {
    return this.hops.find((h) => h.index === this.selected) ?? null;
  }

  get dialogue(): readonly DialogueLine[] {
    const hop = this.selectedHop;
    return hop ? hopDialogue(hop) : [];
  }

  /** The next queued try, on the simulated clock. */
  get nextDue(): number | null {
    return this.queue[0]?.due ?? null;
  }

  /** A scenario: its world, and the recipients it is meant for. */
  choose(id: ScenarioId): void {
    const s = SCENARIOS.find((x) => x.id === id);
    if (!s) return;
    this.scenario = id;
    this.network = scenarioNetwork(id);
    this.recipients = [...s.to];
    this.reset();
  }

  setSender(address: string): void {
    this.sender = address;
    this.reset();
  }

  toggleRecipient(address: string, on: boolean): void {
    const rest = this.recipients.filter((r) => r !== address);
    this.recipients = on ? [...rest, address] : rest;
    this.reset();
  }

  /** Back to before the message was sent (a change of the choices does it too). */
  reset(): void {
    this.journey = null;
    this.playing = false;
    this.sent = false;
    this.now = 0;
    this.selected = null;
    this.readBack = null;
    this.takeover = null;
    this.taken = null;
    this.sync();
  }

  /** The MUA submits the message (RFC 6409): the first hop happens at once. */
  send(): void {
    if (this.recipients.length === 0) return;
    this.reset();
    this.journey = this.submitted(new Journey(this.network));
    this.sent = true;
    this.now = this.journey.time;
    this.sync();
  }

  /**
   * The learner takes one side of hop `index`: the journey is made again
   * from the start (the same world and seed give the same hops before it)
   * and stops at that connection, for the learner to type.
   */
  take(index: number, side: HopSide): void {
    if (this.recipients.length === 0) return;
    this.reset();
    const j = this.submitted(new Journey(this.network, { takeover: { index, side } })).run();
    this.journey = j;
    this.sent = true;
    this.now = j.time;
    const request = j.pending;
    const taking = request && new Takeover(request, (o) => this.handBack(index, side, o));
    // A connection closed at once (a refusing greeting) is handed back before it is shown.
    if (taking && !taking.done) this.takeover = taking;
    this.sync();
  }

  /** The learner's hop is over: the journey goes on from what it came to; its dialogue opens. */
  private handBack(index: number, side: HopSide, outcome: HopOutcome): void {
    const j = this.journey;
    if (!j?.pending) return;
    j.finish(outcome);
    this.now = Math.max(this.now, j.time);
    this.takeover = null;
    this.taken = { index, side };
    this.selected = index;
    this.sync();
  }

  private submitted(j: Journey): Journey {
    const to = [...this.recipients];
    return j.submit({ from: this.sender, to, text: scenarioLetter(this.sender, to) });
  }

  /** Moves the simulated clock on by `ms`: every try that falls due meanwhile happens. */
  advance(ms: number): void {
    const j = this.journey;
    if (!j) return;
    j.run(this.now + ms);
    this.now = j.time;
    this.sync();
    if (this.finished) this.playing = false;
  }

  /** Real time passed while playing: the clock moves `speed` times as fast. */
  tick(realMs: number): void {
    if (this.playing) this.advance(realMs * this.speed);
  }

  play(): void {
    if (!this.sent) this.send();
    this.playing = !this.finished;
  }

  pause(): void {
    this.playing = false;
  }

  /** Jumps to the next queued try and makes it. */
  step(): void {
    const j = this.journey;
    if (!j) return this.send();
    j.step();
    this.now = Math.max(this.now, j.time);
    this.sync();
    if (this.finished) this.playing = false;
  }

  /** Every try until the queues are empty. */
  runToEnd(): void {
    if (!this.journey) this.send();
    const j = this.journey;
    if (!j) return;
    j.run();
    this.now = Math.max(this.now, j.time);
    this.playing = false;
    this.sync();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
  }

  select(index: number | null): void {
    this.selected = index;
  }

  /** The recipient's reader fetches a delivered message over POP3 (or IMAP). */
  read(stored: Stored, protocol: ReadProtocol = 'pop3'): void {
    const read = protocol === 'imap' ? readWithImap : readWithPop3;
    this.readBack = read(this.network, this.mailboxes, stored, this.start);
    this.sync();
  }

  private sync() {
    const j = this.journey;
    const steps = j ? pathSteps(this.network, j.events) : [];
    const r = this.readBack;
    if (r?.ok)
      steps.push({
        kind: 'read',
        time: this.now,
        host: r.host,
        reader: r.mailbox,
        port: r.port,
        protocol: r.protocol,
        ok: r.message !== '',
      });
    this.steps = steps;
    this.queue = j ? [...j.queue] : [];
    this.hops = j ? [...j.hops] : [];
    this.mailboxes = j ? [...j.mailboxes] : [];
  }
}
