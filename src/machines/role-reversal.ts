/**
 * The learner plays the server: the client machine sends its commands, the
 * learner types each reply. Each reply is judged twice before the client
 * reacts to it: is its code one the era's RFC lists for that command (the
 * dialect's command-reply table), and is it what a correct server in this
 * world would answer (a shadow server machine, fed the same commands, says).
 * The client then acts on what the learner answered, right or wrong: a 550
 * drops that recipient, a 421 ends the session, a 354 starts the text.
 */
import { ClientSession } from './client-session.ts';
import { createSession, type Session } from './session.ts';
import { asReply, ReplyReader } from '../protocol/conformance-reader.ts';
import { listedFor } from '../protocol/client/judge.ts';
import { sequencesRfc } from '../protocol/dialects/diff.ts';
import type { ClientInput, ClientResult } from '../protocol/client/state.ts';
import { reply as catalogReply, type Reply } from '../protocol/replies.ts';
import type { World } from '../protocol/world.ts';
import type { DialectId } from '../protocol/dialects/index.ts';

/** What the client waits for an answer to: a command line, the greeting, or the message text. */
export interface Awaited {
  readonly label: string;
  /** The verb whose replies the RFC lists ('CONNECTION' for the greeting; DATA for the text). */
  readonly verb: string;
  /** The reply the shadow server gave; null when it gave none. */
  readonly expected: Reply | null;
}

export interface ReplyVerdict {
  readonly to: string;
  /** The awaited verb ('CONNECTION' for the greeting, DATA for the message text too). */
  readonly verb: string;
  readonly code: number;
  /** The era's RFC lists this code for the command. */
  readonly listed: boolean;
  /** The same code as a correct server in this world. */
  readonly matches: boolean;
  readonly expected: number | null;
  readonly why: string;
  readonly rfc: string;
}

const textOf = (r: Reply) => r.lines.join(' ');

/** Right (what this server would say), allowed by the RFC but different, or not allowed. */
export type VerdictKind = 'right' | 'allowed' | 'wrong';

/**
 * A listed code where the shadow server gave no reply to compare with (it
 * went another way after an earlier wrong reply) counts as right: no
 * difference from this server can be shown.
 */
export const verdictKind = (v: ReplyVerdict): VerdictKind =>
  v.matches || (v.listed && v.expected === null) ? 'right' : v.listed ? 'allowed' : 'wrong';

/** Whether a verdict answered the message text (after its final dot), not the DATA command. */
export const answeredText = (v: Pick<ReplyVerdict, 'to' | 'verb'>): boolean =>
  v.verb === 'DATA' && !/^DATA\b/i.test(v.to);

/** What became of one recipient: delivered, refused (5yz), deferred (4yz), or never sent. */
export interface RecipientOutcome {
  readonly to: string;
  readonly outcome: 'delivered' | 'refused' | 'deferred' | 'unsent';
  readonly code?: number;
  readonly text?: string;
}

/** Each recipient's outcome from the client's result ('unsent' for one it never got an answer about). */
export function recipientOutcomes(
  to: readonly string[],
  r: ClientResult,
): readonly RecipientOutcome[] {
  return to.map((rcpt): RecipientOutcome => {
    if (r.accepted.includes(rcpt)) return { to: rcpt, outcome: 'delivered' };
    const refused = r.refused.find((o) => o.to === rcpt);
    if (refused) return { to: rcpt, outcome: 'refused', code: refused.code, text: refused.text };
    const deferred = r.deferred.find((o) => o.to === rcpt);
    if (deferred)
      return { to: rcpt, outcome: 'deferred', code: deferred.code, text: deferred.text };
    return { to: rcpt, outcome: 'unsent' };
  });
}

export class RoleReversal {
  readonly client: ClientSession;
  readonly verdicts: ReplyVerdict[] = [];
  private readonly shadow: Session;
  private readonly awaited: Awaited[] = [];
  private readonly reader = new ReplyReader();
  /** A 220 to STARTTLS was read; the simulated handshake has not finished yet. */
  private tlsPending = false;

  /** `shadow`: a server already made for this connection (a journey's host, its world and port). */
  constructor(input: ClientInput, world: Partial<World> = {}, shadow?: Session) {
    this.shadow = shadow ?? createSession({ dialect: input.dialect.id as DialectId, world });
    this.client = new ClientSession(input, {
      send: (text) => this.sent(text),
      // Nothing to negotiate in the page: the handshake is simulated once the 220 is typed.
      starttls: () => {
        this.tlsPending = true;
        queueMicrotask(() => this.finishTls());
      },
      close: () => {},
    });
    this.awaited.push({
      label: 'the connection',
      verb: 'CONNECTION',
      expected: this.expect(this.shadow.feedWire(''))[0] ?? null,
    });
  }

  /** What the client waits for, oldest first (a pipelined group waits for several replies). */
  get waitingFor(): readonly Awaited[] {
    return this.awaited;
  }

  get done(): boolean {
    return this.client.done;
  }

  /** Reply lines the learner typed (CRLF or LF between them): each complete reply is judged, then read by the client. */
  answer(text: string): ReplyVerdict[] {
    // A reply typed after the 220 to STARTTLS comes after the handshake (a replay without a microtask between lines).
    this.finishTls();
    const out: ReplyVerdict[] = [];
    for (const read of this.reader.push(text.endsWith('\n') ? text : `${text}\r\n`)) {
      const reply = asReply(read);
      if (this.client.done) break;
      if (!reply) continue; // not a reply line: nothing a client could act on
      const awaited = this.awaited.shift();
      if (!awaited) break; // nothing was asked: a server speaks only when spoken to
      const verdict = this.judge(awaited, reply);
      this.verdicts.push(verdict);
      out.push(verdict);
      this.client.receive(read.lines.map((l) => `${l}\r\n`).join(''));
    }
    return out;
  }

  private finishTls() {
    if (!this.tlsPending) return;
    this.tlsPending = false;
    this.client.tlsReady('TLS (simulated)');
  }

  private judge(awaited: Awaited, reply: Reply): ReplyVerdict {
    const dialect = this.client.context.dialect;
    const listed = listedFor(dialect, awaited.verb, reply.code);
    const expected = this.expectedFor(awaited);
    const matches = expected !== null && expected.code === reply.code;
    // Where the era's RFC lists each command's replies (RFC 5321 §4.3.2, RFC 821 §4.3).
    const rfc = sequencesRfc(dialect);
    const why = matches
      ? `${reply.code} is what this server answers to ${awaited.label}.`
      : !listed
        ? `${reply.code} is not among the replies the RFC lists for ${awaited.label}` +
          (expected ? `; this server would answer ${expected.code} ${textOf(expected)}.` : '.')
        : expected
          ? `The RFC allows ${reply.code} to ${awaited.label}, but this server would answer ${expected.code} ${textOf(expected)}.`
          : `The RFC allows ${reply.code} to ${awaited.label}.`;
    return {
      to: awaited.label,
      verb: awaited.verb,
      code: reply.code,
      listed,
      matches,
      expected: expected?.code ?? null,
      why,
      rfc,
    };
  }

  /**
   * What a correct server would answer. The shadow server heard the same commands but not the
   * learner's replies: when the learner refused every recipient, DATA has none to send to, and a
   * correct server refuses it (RFC 5321 §3.3: 554 "no valid recipients", or 503) whatever the
   * shadow took.
   */
  private expectedFor(awaited: Awaited): Reply | null {
    const c = this.client.context;
    if (awaited.label === 'DATA' && c.dialect.helloRequired && c.accepted.length === 0)
      return c.dialect.rfc >= 5321
        ? catalogReply('noValidRecipients')
        : catalogReply('badSequence', { reason: 'no valid recipients' });
    return awaited.expected;
  }

  /** The client sent `text`: the shadow server answers it; each line (or the message) awaits a reply. */
  private sent(text: string) {
    const expected = this.expect(this.shadow.feedWire(text));
    const lines = text.replace(/\r\n$/, '').split('\r\n');
    // The message text and its final dot await one reply; so does BDAT with its chunk.
    const units =
      lines.at(-1) === '.' && lines.length > 1
        ? [{ label: 'the message text', verb: 'DATA' }]
        : /^BDAT /i.test(lines[0]!)
          ? [{ label: lines[0]!, verb: 'BDAT' }]
          : lines.map((l) => ({ label: l, verb: l.split(' ')[0]!.toUpperCase() }));
    units.forEach((u, i) => this.awaited.push({ ...u, expected: expected[i] ?? null }));
  }

  private expect(wire: string): Reply[] {
    return new ReplyReader().push(wire).flatMap((r) => asReply(r) ?? []);
  }
}
