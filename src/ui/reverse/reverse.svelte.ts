/**
 * "You are the server" (issue 15): the learner types the server's replies to
 * the client machine. This model holds the role reversal (machines/
 * role-reversal.ts) and turns its client's log and verdicts into display
 * lines; the panel only renders them. A reply is checked for its form before
 * it goes to the client: a line that is not a reply line is refused here
 * with a reason, not dropped in silence.
 */
import {
  recipientOutcomes,
  RoleReversal,
  verdictKind,
  type Awaited,
  type RecipientOutcome,
  type ReplyVerdict,
  type VerdictKind,
} from '../../machines/role-reversal.ts';
import { sequencesRfc } from '../../protocol/dialects/diff.ts';
import { DEFAULT_CLIENT_OPTIONS } from '../../protocol/client/outgoing.ts';
import type { ClientResult } from '../../protocol/client/state.ts';
import { DIALECTS, type Dialect, type DialectId } from '../../protocol/dialects/index.ts';
import type { World } from '../../protocol/world.ts';

export { verdictKind, type RecipientOutcome, type VerdictKind };

/**
 * What the panel plays against: a role reversal, or a lesson's run of one (it
 * keeps the learner's replies for the goals and progress) with the same members.
 */
export type ReverseTarget = Pick<RoleReversal, 'answer' | 'client' | 'done' | 'waitingFor'> & {
  readonly verdicts: readonly ReplyVerdict[];
};

export interface ReverseLine {
  readonly kind: 'client' | 'server' | 'pending' | 'note' | 'tls' | 'closed' | 'verdict';
  /** swaks-style: `->` the client, `<-` the learner, `**` a note, `==` TLS and closing. */
  readonly prefix: '->' | '<-' | '~>' | '<~' | '**' | '==' | '';
  readonly text: string;
  /** A note's rule, or the verdict's command-reply table. */
  readonly rfc?: string;
  readonly verdict?: VerdictKind;
  /** The reply's code, on a verdict line. */
  readonly code?: number;
}

/** The codes the era's RFC lists for what the client waits on. */
export interface ListedCodes {
  readonly positive: readonly number[];
  readonly intermediate: readonly number[];
  readonly negative: readonly number[];
  /** Codes any command may get (RFC 5321 §4.3.2). */
  readonly any: readonly number[];
}

/** Why typed text was not sent to the client. */
export type AnswerProblem = 'empty' | 'form' | 'unasked' | 'over';

export interface ReverseOptions {
  /** The era the client and the shadow server speak (the sandbox's; RFC 5321 by default). */
  readonly era?: string;
  readonly world?: Partial<World>;
  /**
   * After TURN (RFC 821 §4.1.1) the simulator is the sender: it sends the mail it holds for the
   * domain the learner named in HELO, to that domain's postmaster.
   */
  readonly turnTo?: string;
  /** A lesson's session instead of the usual one (the client's message and world are its own). */
  readonly start?: () => ReverseTarget;
  /** Called after each reply taken and after Start again (a lesson checks its goals). */
  readonly onchange?: () => void;
}

/** The mail the simulator holds for the learner's host, sent after TURN. */
export function turnMessage(domain: string) {
  return {
    from: 'postmaster@example.test',
    to: [`postmaster@${domain}`],
    text: `Subject: Mail waiting for ${domain}\r\n\r\nYou said TURN, so this mail went the other way.\r\n`,
  };
}

export const REVERSE_MESSAGE = {
  from: 'alice@example.test',
  to: ['bob@example.test'],
  text: 'Subject: Hello\r\n\r\nHello Bob, this is Alice.\r\n',
} as const;

const REPLY_LINE = /^\d{3}(?:[ -].*)?$/;
const FINAL_LINE = /^\d{3}(?: .*)?$/;

export class ReverseController {
  lines = $state.raw<readonly ReverseLine[]>([]);
  /** What the client waits a reply to, oldest first (a pipelined group waits for several). */
  waitingFor = $state.raw<readonly Awaited[]>([]);
  done = $state(false);
  result = $state.raw<ClientResult | null>(null);
  /** Why the session ended early, when it did. */
  ended = $state.raw<string | null>(null);
  /** The newest verdict (for the live region). */
  latest = $state.raw<(ReplyVerdict & { kind: VerdictKind }) | null>(null);
  /** Why the last text typed was not sent. */
  problem = $state.raw<AnswerProblem | null>(null);
  /** Lines of a multi-line reply typed so far (`250-...`), awaiting its last line. */
  pending = $state.raw<readonly string[]>([]);

  readonly dialect: Dialect;
  /** Where the era's RFC lists the replies each command may get. */
  readonly rfc: string;
  private reversal!: ReverseTarget;
  private readonly world: Partial<World>;
  private readonly turnTo: string | null;
  private readonly start: (() => ReverseTarget) | null;
  private readonly onchange: () => void;

  constructor(options: ReverseOptions = {}) {
    const era = options.era && options.era in DIALECTS ? (options.era as DialectId) : 'rfc5321';
    this.dialect = DIALECTS[era];
    this.rfc = sequencesRfc(this.dialect);
    this.world = options.world ?? {};
    this.turnTo = options.turnTo ?? null;
    this.start = options.start ?? null;
    this.onchange = options.onchange ?? (() => {});
    this.begin();
  }

  /** The envelope the client sends: the usual one, after TURN the simulator's mail for the learner, or a lesson's. */
  get message(): { readonly from: string; readonly to: readonly string[] } {
    return this.reversal.client.context.message;
  }

  /** The domain the learner named before TURN, when the roles were swapped by TURN. */
  get turned(): string | null {
    return this.turnTo;
  }

  /** A new session: the client connects again and waits for the greeting. */
  restart(): void {
    this.begin();
    this.onchange();
  }

  private begin(): void {
    this.reversal = this.start ? this.start() : this.ownSession();
    this.pending = [];
    this.problem = null;
    this.latest = null;
    this.refresh();
  }

  private ownSession(): RoleReversal {
    return new RoleReversal(
      {
        dialect: this.dialect,
        message: this.turnTo
          ? turnMessage(this.turnTo)
          : { ...REVERSE_MESSAGE, to: [...REVERSE_MESSAGE.to] },
        // After TURN the sender is the sandbox's server: it names itself in HELO.
        options: this.turnTo
          ? { ...DEFAULT_CLIENT_OPTIONS, hello: this.world.hostname ?? 'mail.example.test' }
          : DEFAULT_CLIENT_OPTIONS,
      },
      // After TURN the learner's host is the receiver: a correct one takes mail for its own domain.
      this.turnTo
        ? { ...this.world, hostname: this.turnTo, localDomains: [this.turnTo] }
        : this.world,
    );
  }

  /**
   * The reply line(s) the learner typed: one line, or several at once (a
   * multi-line reply, or replies to a pipelined group). Lines of a
   * multi-line reply may also come one at a time: `250-...` lines are held
   * until the last line (`250 ...`).
   */
  answer(text: string): ReplyVerdict[] {
    const typed = text.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
    this.problem = this.check(typed);
    if (this.problem) return [];
    const verdicts = this.reversal.answer(typed.map((l) => `${l}\r\n`).join(''));
    let lastFinal = typed.length - 1;
    while (lastFinal >= 0 && !FINAL_LINE.test(typed[lastFinal]!)) lastFinal--;
    this.pending = lastFinal < 0 ? [...this.pending, ...typed] : typed.slice(lastFinal + 1);
    const last = verdicts.at(-1);
    if (last) this.latest = { ...last, kind: verdictKind(last) };
    this.refresh();
    this.onchange();
    // A 220 to STARTTLS: the handshake is simulated in a microtask, then the client goes on.
    queueMicrotask(() => this.refresh());
    return verdicts;
  }

  /** The codes the RFC lists for the oldest command waiting (the message text: its final replies). */
  get codes(): ListedCodes | null {
    const next = this.waitingFor[0];
    if (!next) return null;
    const seq = this.dialect.sequences[next.verb];
    const any = this.dialect.anyCommand;
    if (!seq) return { positive: [], intermediate: [], negative: [], any };
    // The message text: the replies that may follow it.
    const text = next.verb === 'DATA' && !/^DATA\b/i.test(next.label);
    const after = seq.afterData ?? [];
    const positive = text ? after.filter((c) => c < 400) : seq.success;
    const intermediate = text ? [] : (seq.intermediate ?? []);
    const negative = text ? after.filter((c) => c >= 400) : seq.error;
    const listed = [...positive, ...intermediate, ...negative];
    return { positive, intermediate, negative, any: any.filter((c) => !listed.includes(c)) };
  }

  /** Each recipient: delivered, refused, deferred or never sent (null while the session goes on). */
  get recipients(): readonly RecipientOutcome[] | null {
    return this.result ? recipientOutcomes(this.message.to, this.result) : null;
  }

  private check(typed: readonly string[]): AnswerProblem | null {
    if (typed.length === 0 || typed.every((l) => l.trim() === '')) return 'empty';
    if (this.reversal.done) return 'over';
    if (this.waitingFor.length === 0) return 'unasked';
    return typed.every((l) => REPLY_LINE.test(l)) ? null : 'form';
  }

  /** The display lines, built again from the client's log with each verdict after its reply. */
  private refresh(): void {
    const r = this.reversal;
    const out: ReverseLine[] = [];
    let verdict = 0;
    let tls = false;
    for (const e of r.client.log) {
      switch (e.kind) {
        case 'client':
          out.push({ kind: 'client', prefix: tls ? '~>' : '->', text: e.text });
          break;
        case 'server': {
          out.push({ kind: 'server', prefix: tls ? '<~' : '<-', text: e.text });
          const v = FINAL_LINE.test(e.text) ? r.verdicts[verdict++] : undefined;
          if (v)
            out.push({
              kind: 'verdict',
              prefix: '',
              text: v.why,
              rfc: v.rfc,
              verdict: verdictKind(v),
              code: v.code,
            });
          break;
        }
        case 'note':
          out.push({ kind: 'note', prefix: '**', text: e.text, rfc: e.rfc });
          break;
        case 'bad':
          out.push({ kind: 'note', prefix: '**', text: `${e.text}: ${e.why}` });
          break;
        default:
          if (e.kind === 'tls') tls = true;
          out.push({ kind: e.kind, prefix: '==', text: e.text });
      }
    }
    for (const p of this.pending) out.push({ kind: 'pending', prefix: tls ? '<~' : '<-', text: p });
    this.lines = out;
    this.waitingFor = [...r.waitingFor];
    this.done = r.done;
    this.result = r.done ? r.client.result : null;
    this.ended = r.client.ended;
  }
}
