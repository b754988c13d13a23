/**
 * Lab mode's judge: the protocol mistakes an SMTP client made, read from the
 * server session's transcript (the lines it read, its replies and notes) and
 * two facts only the socket has: input that arrived before the greeting was
 * sent, and input already waiting when a reply was sent (the client did not
 * wait for it). Pure and incremental: each entry is looked at once and only
 * counts and a few examples are kept, so a long session stays small.
 *
 * What a server cannot see is not guessed (docs/lab-reports.md): a client
 * that read only part of a multi-line reply, or a line "." sent unstuffed
 * (the text simply ends there), looks like any other client from this side.
 */
import { NOTES } from './notes.ts';
import type { Reply } from './replies.ts';
import { LAST_IN_GROUP } from './verbs/index.ts';
import {
  groupEndRule,
  LAB_RULES,
  LAB_VARIANTS,
  syntaxRule,
  type LabKind,
  type LabRule,
} from './client-lab-rules.ts';

export { LAB_KINDS, LAB_RULES, type LabKind, type LabRule } from './client-lab-rules.ts';

export interface LabFinding {
  readonly kind: LabKind;
  readonly rfc: string;
  readonly rule: string;
  /** The session's step (units read so far) where it was seen. */
  readonly step: number;
  /** The client's line concerned, as the server read it (control characters shown, cut). */
  readonly line?: string;
  /** What exactly was seen, when the line alone does not say it. */
  readonly detail?: string;
}

/** The transcript entries the lab reads: the fields it needs of the session's TranscriptEntry. */
export type LabEntry =
  | {
      readonly kind: 'client';
      readonly step: number;
      readonly text: string;
      readonly ending: 'CRLF' | 'LF' | 'none';
    }
  | {
      readonly kind: 'content';
      readonly step: number;
      readonly text: string;
      readonly truncated: boolean;
      readonly unstuffed: number;
      readonly bareLfLines: number;
    }
  | { readonly kind: 'server'; readonly step: number; readonly reply: Reply }
  | { readonly kind: 'note'; readonly step: number; readonly text: string; readonly rfc: string }
  | { readonly kind: 'state'; readonly step: number; readonly to: string }
  | { readonly kind: 'tls' | 'closed' | 'delivery'; readonly step: number };

export interface LabOptions {
  /** Examples kept per kind; the rest are only counted (default 10). */
  readonly maxPerKind?: number;
  /** The server took a bare LF as a text line end (World.dataEnding 'lenient'). */
  readonly lenientDataEnding?: boolean;
}

export interface LabResult {
  /** At most `maxPerKind` of each kind, in the order they were seen. */
  readonly findings: readonly LabFinding[];
  /** Every finding, listed or not, by kind. */
  readonly counts: Readonly<Partial<Record<LabKind, number>>>;
  /** Findings counted but not listed. */
  readonly omitted: number;
  /** Lines the client sent (commands, authentication responses). */
  readonly commands: number;
  /** Messages the server accepted (250 after the text). */
  readonly messages: number;
  /** The argument of the first accepted EHLO or HELO (how the client named itself). */
  readonly hello: string | null;
  readonly quit: boolean;
}

/** One thing the client sent that gets a reply: a command line, or a message's text. */
interface Unit {
  /** A command, an authentication response (RFC 4954 §4) or a message's text. */
  readonly what: 'command' | 'sasl' | 'text';
  /** The command's verb, upper-cased ('' for the others and for an over-long line). */
  readonly verb: string;
  readonly line: string;
  readonly step: number;
  /** Sent before the reply to the unit before it. */
  readonly early: boolean;
  /** A finding already explains its reply. */
  readonly explained: boolean;
}

/** Commands of a mail transaction: they need EHLO or HELO first (RFC 5321 §4.1.4). */
const TRANSACTION = new Set(['MAIL', 'RCPT', 'DATA', 'BDAT']);

/** Ids of the 421s a server closes with when the client took too long. */
const TIMEOUTS = new Set(['closingTimeout', 'closingSlowCommand', 'closingSlowData']);

/** Longest line shown in a finding. */
const LINE_SHOWN = 120;

/** A line as the server read it, control characters named (<CR>, <LF>, \xNN), cut. */
export function shownLine(text: string): string {
  const shown = text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) =>
    c === '\r'
      ? '<CR>'
      : c === '\n'
        ? '<LF>'
        : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  );
  return shown.length > LINE_SHOWN ? `${shown.slice(0, LINE_SHOWN)}…` : shown;
}

/** CRs not followed by LF (one that ends a cut text may have had its LF cut off). */
function bareCrs(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1))
    if (text[i + 1] !== '\n' && i + 1 < text.length) n++;
  return n;
}

/** CRs in a command line: its own <CRLF> is not part of the text, so each one is bare. */
const crsIn = (line: string) => line.split('\r').length - 1;

/** Lines of the (unstuffed) text that start with '.': each came as '..' on the wire. */
function dotLines(text: string, lenient: boolean): number {
  let n = text.startsWith('.') ? 1 : 0;
  const end = lenient ? '\n.' : '\r\n.';
  for (let i = text.indexOf(end); i >= 0; i = text.indexOf(end, i + 1)) n++;
  return n;
}

/** RFC 4954 §4: AUTH with an initial response of a one-round-trip mechanism may be followed in its group. */
function endsGroup(u: Unit): LabRule | null {
  if (u.what === 'sasl') return groupEndRule('');
  if (u.verb === 'AUTH')
    return /^AUTH\s+(PLAIN|EXTERNAL)\s+\S/i.test(u.line) ? null : groupEndRule('AUTH');
  if (u.verb === 'STARTTLS' || LAST_IN_GROUP.has(u.verb)) return groupEndRule(u.verb);
  return null;
}

export class ClientLab {
  private readonly maxPerKind: number;
  private readonly lenient: boolean;
  private readonly listed: LabFinding[] = [];
  private readonly counts: Partial<Record<LabKind, number>> = {};
  private commands = 0;
  private messages = 0;
  private hello: string | null = null;
  /** A 250 to EHLO or HELO since the start (or since TLS began, RFC 3207 §4.2). */
  private helloDone = false;
  /** EHLO keywords of the latest accepted EHLO (none after HELO or TLS). */
  private offered = new Set<string>();
  private current: Unit | null = null;
  private answered = true;
  /** The last reply went out with more input already waiting. */
  private nextEarly = false;
  private inAuth = false;
  /** 354 given, the text not complete yet. */
  private inText = false;
  private quit = false;
  private closed = false;
  private timedOut: string | null = null;
  private early = 0;
  private earlyShown = false;

  constructor(options: LabOptions = {}) {
    this.maxPerKind = options.maxPerKind ?? 10;
    this.lenient = options.lenientDataEnding ?? false;
  }

  /** Octets arrived before the server had sent its greeting (RFC 5321 §4.3.1). */
  beforeGreeting(octets: number): void {
    this.early += octets;
  }

  /**
   * One transcript entry, as the session records it. `buffered`: the octets
   * received and not yet read at that moment (Session.buffered); for a reply,
   * more than 0 means the client sent more before that reply was sent.
   */
  observe(entry: LabEntry, buffered: number): void {
    switch (entry.kind) {
      case 'client':
        return this.client(entry);
      case 'content':
        return this.content(entry);
      case 'server':
        return this.server(entry.reply, buffered);
      case 'note':
        // The notes the transcript has fields for (bare LF, groups) are read from those.
        if (entry.rfc === NOTES.undeclaredEightBit(undefined).rfc)
          this.add('undeclared-8bit', entry.step, LAB_RULES['undeclared-8bit'], {
            detail: entry.text,
          });
        return;
      case 'state':
        this.inAuth = entry.to === 'auth';
        return;
      case 'tls':
        // RFC 3207 §4.2: after the handshake both sides start again; EHLO comes again.
        this.helloDone = false;
        this.offered = new Set();
        return;
      case 'closed':
        this.closed = true;
        return;
    }
  }

  /**
   * The connection has ended; `buffered` as in `observe`. Returns the findings
   * (the lab calls this once).
   */
  end(buffered: number): LabResult {
    this.showEarly(null, 0);
    const step = this.current?.step ?? 0;
    // The client left, or was too slow; a server that closed for its own reasons
    // (QUIT answered, too many errors, shutdown) cut nothing short.
    if (!this.closed || this.timedOut !== null) {
      if (this.inText) this.add('unfinished', step, LAB_VARIANTS.unfinishedText);
      else if (buffered > 0)
        // Every complete line has been read by now: what is left is a line without its end.
        this.add('unfinished', step, LAB_RULES.unfinished, {
          detail: `${buffered} octets were sent without a <CRLF> after them`,
        });
      else if (this.timedOut === 'closingTimeout') this.add('idle', step, LAB_RULES.idle);
    }
    if (!this.quit && !this.closed) this.add('no-quit', step, LAB_RULES['no-quit']);
    const total = Object.values(this.counts).reduce((a, b) => a + b, 0);
    return {
      findings: this.listed.slice(),
      counts: { ...this.counts },
      omitted: total - this.listed.length,
      commands: this.commands,
      messages: this.messages,
      hello: this.hello,
      quit: this.quit,
    };
  }

  private add(
    kind: LabKind,
    step: number,
    rule: LabRule,
    more: { line?: string; detail?: string } = {},
  ) {
    const n = (this.counts[kind] ?? 0) + 1;
    this.counts[kind] = n;
    if (n > this.maxPerKind) return;
    this.listed.push({
      kind,
      rfc: rule.rfc,
      rule: rule.rule,
      step,
      ...(more.line !== undefined ? { line: shownLine(more.line) } : {}),
      ...(more.detail !== undefined ? { detail: more.detail } : {}),
    });
  }

  /** Input before the greeting is reported once, with the first line it held. */
  private showEarly(line: string | null, step: number) {
    if (this.early === 0 || this.earlyShown) return;
    this.earlyShown = true;
    this.add('before-greeting', step, LAB_RULES['before-greeting'], {
      ...(line !== null ? { line } : {}),
      detail: `${this.early} octets arrived before the greeting was sent`,
    });
  }

  private client(e: Extract<LabEntry, { kind: 'client' }>) {
    this.showEarly(e.text, e.step);
    this.commands++;
    const what = this.inAuth ? 'sasl' : 'command';
    // An over-long line is recorded as a description, not its text: its reply says the rest.
    if (e.ending !== 'none') {
      if (e.ending === 'LF')
        this.add('bare-lf', e.step, LAB_RULES['bare-lf'], {
          line: e.text,
          detail: 'the line ended in <LF> alone',
        });
      if (e.text.includes('\r'))
        this.add('bare-cr', e.step, LAB_RULES['bare-cr'], {
          line: e.text,
          detail: `${crsIn(e.text)} CR without LF in the line`,
        });
    }
    const verb =
      what === 'sasl' || e.ending === 'none' ? '' : /^\S*/.exec(e.text)![0].toUpperCase();
    const noHello = TRANSACTION.has(verb) && !this.helloDone;
    if (noHello) this.add('no-hello', e.step, LAB_RULES['no-hello'], { line: e.text });
    if (verb === 'QUIT') this.quit = true;
    this.begin({ what, verb, line: e.text, step: e.step, explained: noHello });
  }

  private begin(u: Omit<Unit, 'early'>) {
    this.current = { ...u, early: this.nextEarly };
    this.answered = false;
    this.nextEarly = false;
  }

  private content(e: Extract<LabEntry, { kind: 'content' }>) {
    // A BDAT chunk is counted octets (RFC 3030 §2): no lines, no stuffing, part of its command.
    if (!this.inText) return;
    this.inText = false;
    if (e.bareLfLines > 0)
      this.add('bare-lf', e.step, LAB_VARIANTS.bareLfText, {
        detail: `${e.bareLfLines} LF without CR in the message text`,
      });
    const crs = bareCrs(e.text);
    if (crs > 0)
      this.add('bare-cr', e.step, LAB_RULES['bare-cr'], {
        detail: `${crs} CR without LF in the message text`,
      });
    // A client that stuffs sends every dot-led line as "..": the server's count of removed
    // dots is then the number of text lines still starting with "." (RFC 5321 §4.5.2).
    const single = e.truncated ? 0 : e.unstuffed - dotLines(e.text, this.lenient);
    if (single > 0)
      this.add('unstuffed-dot', e.step, LAB_RULES['unstuffed-dot'], {
        detail: `${single} line(s) of the text began with a single "." followed by more text; the server removed that dot`,
      });
    this.begin({ what: 'text', verb: '', line: '', step: e.step, explained: false });
  }

  private server(r: Reply, buffered: number) {
    if (r.id !== undefined && TIMEOUTS.has(r.id)) this.timedOut = r.id;
    const u = this.current;
    // Not an answer: the server closing on its own (a time limit, a shutdown).
    if (u === null || this.answered) return;
    this.answered = true;
    this.classify(u, r);
    if (buffered > 0) this.waiting(u);
  }

  /** What the reply to `u` says about the client. */
  private classify(u: Unit, r: Reply) {
    const step = u.step;
    const line = u.line;
    const id = r.id;
    if ((u.verb === 'EHLO' || u.verb === 'HELO') && r.code === 250) {
      this.helloDone = true;
      this.hello ??= /^\S+\s+(\S*)/.exec(line)?.[1] ?? '';
      this.offered = new Set(
        u.verb === 'EHLO' ? r.lines.slice(1).map((l) => /^\S*/.exec(l)![0].toUpperCase()) : [],
      );
      return;
    }
    if (id === 'startData') this.inText = true;
    else if (id === 'queued') this.messages++;
    else if (id === 'unrecognized')
      this.add('unknown-command', step, LAB_RULES['unknown-command'], { line });
    else if (id === 'lineTooLong' || id === 'authLineTooLong')
      this.add(
        'line-too-long',
        step,
        id === 'lineTooLong' ? LAB_RULES['line-too-long'] : LAB_VARIANTS.saslLineTooLong,
        { detail: line },
      );
    else if (id === 'textLineTooLong')
      this.add('text-line-too-long', step, LAB_RULES['text-line-too-long']);
    else if (
      id === 'noValidRecipients' ||
      (id === 'badSequence' && r.fields?.reason === 'no valid recipients')
    ) {
      // RFC 2920 §3.1: a pipelined DATA after refused RCPTs is expected; sent after seeing them, not.
      if (!u.early) this.add('out-of-sequence', step, LAB_VARIANTS.noRecipients, { line });
    } else if (id === 'badSequence' && !u.explained)
      this.add(
        this.helloDone ? 'out-of-sequence' : 'no-hello',
        step,
        this.helloDone ? LAB_RULES['out-of-sequence'] : LAB_RULES['no-hello'],
        {
          line,
          detail: r.lines[0]!,
        },
      );
    else if (r.code === 501 && u.what === 'command' && !id?.startsWith('auth'))
      this.add(
        u.verb === 'EHLO' || u.verb === 'HELO' ? 'bad-hello' : 'bad-syntax',
        step,
        u.verb === 'EHLO' || u.verb === 'HELO' ? LAB_RULES['bad-hello'] : syntaxRule(u.verb),
        { line, detail: r.lines[0]! },
      );
  }

  /** Input was already waiting when the reply to `u` was sent: the client did not wait for it. */
  private waiting(u: Unit) {
    this.nextEarly = true;
    const step = u.step;
    const what = u.what === 'text' ? 'the message text' : `"${shownLine(u.line)}"`;
    const detail = `more was sent before the reply to ${what}`;
    const more = { ...(u.what === 'text' ? {} : { line: u.line }), detail };
    if (!this.offered.has('PIPELINING'))
      return this.add('pipelining-not-offered', step, LAB_RULES['pipelining-not-offered'], more);
    const rule = endsGroup(u);
    if (rule) this.add('group-not-ended', step, rule, more);
  }
}
