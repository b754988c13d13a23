/**
 * A session under check: sends one command at a time, waits for its reply
 * (bounded), judges it by a rule of src/protocol/conformance.ts and records
 * what it finds. Steps return the reply, or null once the session cannot go
 * on (no reply, connection closed, 421): the session then just stops.
 */
import { RULES, SHUTDOWN, expected, judge, type RuleId } from '../../protocol/conformance.ts';
import {
  printable,
  type ServerReply,
  type SyntaxProblem,
} from '../../protocol/conformance-reader.ts';
import type { Channel } from './channel.ts';

export interface Finding {
  readonly kind: 'deviation' | 'note';
  /** The rule's id in RULES. */
  readonly check: string;
  readonly title: string;
  readonly rfc: string;
  readonly level: string;
  /** The rule in plain words. */
  readonly rule: string;
  readonly session: string;
  /** What the checker sent, printable. */
  readonly sent?: string;
  /** What came back, or why nothing did. */
  readonly got: string;
  readonly expected?: string;
  /** How many times the same finding came up (syntax problems repeat). */
  times: number;
}

/** Everything the sessions found, with duplicates folded. */
export class Report {
  checked = 0;
  readonly findings: Finding[] = [];

  add(kind: Finding['kind'], check: RuleId, session: string, got: string, sent?: string): void {
    const same = this.findings.find(
      (f) => f.kind === kind && f.check === check && f.got === got && f.sent === sent,
    );
    if (same) {
      same.times++;
      return;
    }
    const rule = RULES[check];
    // What was expected, for a deviation judged by its code (not by syntax or timing).
    const want = kind === 'deviation' && rule.pass.length > 0 ? expected(check) : undefined;
    this.findings.push({
      kind,
      check,
      title: rule.title,
      rfc: rule.rfc,
      level: rule.level,
      rule: rule.says,
      session,
      ...(sent === undefined ? {} : { sent }),
      got,
      ...(want === undefined ? {} : { expected: want }),
      times: 1,
    });
  }
}

export interface Judged {
  readonly reply: ServerReply;
  readonly verdict: 'pass' | 'allowed' | 'deviation';
}

/** The first line of a reply, for the report. */
export const shown = (r: ServerReply) => printable(r.lines[0] ?? '');

export class Probe {
  /** False once the session cannot go on. */
  alive = true;
  private last: string | undefined;

  constructor(
    private readonly channel: Channel,
    readonly report: Report,
    readonly name: string,
    readonly timeoutMs: number,
    readonly settleMs: number,
  ) {}

  /** Sends `text` as it is (the caller adds CRLF); `label` is what the report shows. */
  write(text: string, label = printable(text.replace(/\r\n$/, ''))): void {
    // Replies that came while nothing was asked are replies too many for the last command.
    for (const stray of this.channel.drain()) this.extra(stray);
    this.last = label;
    this.channel.write(text);
  }

  /** Sends a command line and judges its reply by `rule`. */
  async command(line: string, rule: RuleId): Promise<Judged | null> {
    if (!this.alive) return null;
    if (this.channel.closed) {
      // Closed after the last reply, before this command was even sent.
      this.deviation('closed-early', 'the server closed the connection');
      return this.stop();
    }
    this.write(`${line}\r\n`);
    return this.reply(rule);
  }

  /** Reads the reply to what was last sent and judges it by `rule`. */
  async reply(rule: RuleId): Promise<Judged | null> {
    const reply = await this.next();
    if (!reply) return null;
    return { reply, verdict: this.judge(rule, reply) };
  }

  /** The next reply with its syntax checked, or null (recorded) when none comes. */
  async next(): Promise<ServerReply | null> {
    if (!this.alive) return null;
    const got = await this.channel.next(this.timeoutMs);
    if (got === 'timeout') {
      this.deviation('no-reply', `no reply within ${this.timeoutMs / 1000} s`);
      return this.stop();
    }
    if (got === 'closed') {
      this.deviation('closed-early', 'the server closed the connection');
      return this.stop();
    }
    this.syntax(got.problems);
    return got;
  }

  /** Records the verdict on `reply` by `rule`; a 421 ends the session. */
  judge(rule: RuleId, reply: ServerReply): Judged['verdict'] {
    const verdict = judge(rule, reply.code);
    if (verdict.kind === 'pass') this.report.checked++;
    else if (verdict.kind === 'allowed')
      this.note(rule, `${shown(reply)}: ${verdict.why}`, this.last);
    else this.deviation(rule, shown(reply));
    if (reply.code === SHUTDOWN) this.stop();
    return verdict.kind;
  }

  /** Replies that arrive within `settleMs`, syntax checked, not judged. */
  async settle(): Promise<ServerReply[]> {
    const extra = this.alive ? await this.channel.settle(this.settleMs) : [];
    for (const r of extra) this.syntax(r.problems);
    return extra;
  }

  /** Waits `settleMs` for replies that should not come: each one is a reply too many. */
  async quiet(): Promise<void> {
    if (!this.alive) return;
    const extra = await this.settle();
    for (const r of extra) this.deviation('one-reply', shown(r));
    if (extra.length === 0) this.report.checked++;
  }

  /** QUIT: 221, then the server closes. */
  async quit(): Promise<void> {
    const q = await this.command('QUIT', 'quit');
    if (q && !(await this.channel.waitClosed(this.timeoutMs))) {
      this.deviation('quit-close', `still open ${this.timeoutMs / 1000} s after the reply`);
    } else if (q) this.report.checked++;
    this.stop();
  }

  syntax(problems: readonly SyntaxProblem[]): void {
    for (const p of problems)
      this.report.add('deviation', p.rule, this.name, printable(p.line), this.last);
  }

  deviation(rule: RuleId, got: string): void {
    this.report.add('deviation', rule, this.name, got, this.last);
  }

  /** A note; `sent` only when it is about the reply to a command. */
  note(rule: RuleId, got: string, sent?: string): void {
    this.report.add('note', rule, this.name, got, sent);
  }

  /** Ends the session: nothing more is sent. */
  stop(): null {
    this.alive = false;
    this.channel.destroy();
    return null;
  }

  private extra(r: ServerReply): void {
    this.syntax(r.problems);
    this.deviation('one-reply', shown(r));
  }
}
