/**
 * A hop the learner drives (the journey view's "I'll be the client / the
 * server here"): the machines' HopClient or HopServer, and what the panel
 * shows of it: the dialogue so far, the reply the client waits for, the last
 * verdict, why a line was not sent. When the session is over it hands its
 * outcome back to the journey (`onDone`). The panel only renders this.
 */
import { HopClient } from '../../machines/hop-client.ts';
import { HopServer } from '../../machines/hop-server.ts';
import type { HopOutcome, HopRequest, HopSide } from '../../machines/journey.ts';
import {
  verdictKind,
  type Awaited,
  type ReplyVerdict,
  type VerdictKind,
} from '../../machines/role-reversal.ts';
import type { ClientLogEntry } from '../../machines/client-session.ts';

export interface TakeLine {
  readonly kind: 'client' | 'server' | 'note' | 'event' | 'verdict';
  readonly prefix: 'C:' | 'S:' | '**' | '==' | '';
  readonly text: string;
  readonly rfc?: string;
  readonly verdict?: VerdictKind;
}

/** Why typed text was not sent: nothing typed, not a reply line (server side), or over. */
export type TakeProblem = 'empty' | 'form' | 'over';

const REPLY_LINE = /^\d{3}(?:[ -].*)?$/;

export class Takeover {
  lines = $state.raw<readonly TakeLine[]>([]);
  /** What the simulated client waits a reply to (the learner is the server), oldest first. */
  waitingFor = $state.raw<readonly Awaited[]>([]);
  /** The server reads the message text (the learner is the client). */
  inData = $state(false);
  done = $state(false);
  problem = $state.raw<TakeProblem | null>(null);
  /** The newest verdict on a reply the learner typed (for the live region). */
  latest = $state.raw<{ kind: VerdictKind; why: string } | null>(null);
  private readonly client: HopClient | null;
  private readonly server: HopServer | null;

  constructor(
    readonly request: HopRequest,
    private readonly onDone: (outcome: HopOutcome) => void,
  ) {
    this.client = request.side === 'client' ? new HopClient(request) : null;
    this.server = request.side === 'server' ? new HopServer(request) : null;
    this.refresh();
  }

  get side(): HopSide {
    return this.request.side;
  }

  /** The lines the simulated client would send (the learner is the client). */
  get suggested(): readonly string[] {
    return this.client?.suggested ?? [];
  }

  /** A command line (or several: a pipelined group), or the learner's reply lines. */
  send(text: string): void {
    const typed = text.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
    this.problem = this.done
      ? 'over'
      : typed.every((l) => l.trim() === '') && !this.inData
        ? 'empty'
        : this.server && !typed.every((l) => REPLY_LINE.test(l))
          ? 'form'
          : null;
    if (this.problem) return;
    if (this.client) this.client.type(typed.join('\r\n'));
    else if (this.server) {
      const last = this.server.answer(typed.map((l) => `${l}\r\n`).join('')).at(-1);
      if (last) this.latest = { kind: verdictKind(last), why: last.why };
      // A 220 to STARTTLS: the handshake is simulated in a microtask, then the client goes on.
      queueMicrotask(() => this.refresh());
    }
    this.refresh();
  }

  /** The message as the sending host holds it, and the final dot. */
  sendText(): void {
    this.client?.sendText();
    this.refresh();
  }

  /** The learner drops the connection (the client side): what was not taken stays queued. */
  hangUp(): void {
    this.client?.hangUp();
    this.refresh();
  }

  private refresh(): void {
    if (this.done) return;
    if (this.client) {
      this.lines = linesOf(this.client.outcome().client, []);
      this.inData = this.client.inData;
      this.done = this.client.done;
    } else if (this.server) {
      this.lines = linesOf(this.server.log, this.server.verdicts);
      this.waitingFor = [...this.server.reversal.waitingFor];
      this.done = this.server.done;
    }
    if (this.done) this.onDone((this.client ?? this.server)!.outcome());
  }
}

/** The dialogue as the panel shows it, each verdict after the reply it judged. */
function linesOf(log: readonly ClientLogEntry[], verdicts: readonly ReplyVerdict[]): TakeLine[] {
  const out: TakeLine[] = [];
  let v = 0;
  for (const e of log) {
    if (e.kind === 'client') out.push({ kind: 'client', prefix: 'C:', text: e.text });
    else if (e.kind === 'server') {
      out.push({ kind: 'server', prefix: 'S:', text: e.text });
      const verdict = /^\d{3}(?: |$)/.test(e.text) ? verdicts[v++] : undefined;
      if (verdict)
        out.push({
          kind: 'verdict',
          prefix: '',
          text: verdict.why,
          rfc: verdict.rfc,
          verdict: verdictKind(verdict),
        });
    } else if (e.kind === 'note')
      out.push({ kind: 'note', prefix: '**', text: e.text, rfc: e.rfc });
    else if (e.kind === 'bad')
      out.push({ kind: 'note', prefix: '**', text: `${e.text}: ${e.why}` });
    else out.push({ kind: 'event', prefix: '==', text: e.text });
  }
  return out;
}
