/**
 * The time limit of the unit a connection is receiving: a command line begun,
 * or message text. A unit must be complete within its limit from its first
 * byte however slowly the bytes come (the socket's idle timer alone restarts
 * on every byte, so a client trickling a byte a second would hold its
 * connection slot for ever).
 *
 * One timer per connection, re-armed with refresh() when a unit begins: no
 * timer and no closure per command (a class lab of 500 paced sessions would
 * make 500 of each a second). Between units it may stay armed: when it fires
 * it finds no unit and does nothing.
 */
import type { Session } from '../machines/session.ts';

export type UnitKind = 'command' | 'data';

export class UnitTimer {
  private kind: UnitKind | null = null;
  /** The session's step when the unit began: a new unit of the same kind restarts the clock. */
  private step = -1;
  private timer: NodeJS.Timeout | null = null;
  private ms = 0;

  constructor(
    private readonly seconds: Readonly<Record<UnitKind, number>>,
    /** Called when a unit is not complete in time, with its limit in seconds. */
    private readonly expired: (kind: UnitKind, seconds: number) => void,
  ) {}

  /** After each received chunk: starts the clock when a unit begins, stops it when none is open. */
  time(session: Session) {
    const kind = session.closed ? null : session.receiving;
    if (kind === null) return void (this.kind = null);
    if (this.kind === kind && this.step === session.steps) return;
    this.kind = kind;
    this.step = session.steps;
    const ms = this.seconds[kind] * 1000;
    if (this.timer && this.ms === ms) return void this.timer.refresh();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.fire, ms);
    this.ms = ms;
  }

  /** The connection is over. */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.kind = null;
  }

  private readonly fire = () => {
    const kind = this.kind;
    this.kind = null;
    if (kind) this.expired(kind, this.seconds[kind]);
  };
}
