/**
 * The checker's fixed sessions, one connection each: a scripted dialogue (no
 * SMTP client machine), every reply judged by its rule in
 * src/protocol/conformance.ts. Later sessions learn from earlier ones: HELO
 * instead of EHLO for an old server, and the transaction checks are skipped,
 * with a note saying why, when MAIL or RCPT is refused or AUTH is required.
 */
import type { RuleId } from '../../protocol/conformance.ts';
import {
  ehloKeywords,
  ehloProblems,
  greetingProblems,
  heloLooksExtended,
  printable,
} from '../../protocol/conformance-reader.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { Channel } from './channel.ts';
import { Probe, Report, shown, type Finding } from './probe.ts';

export type ProfileName = 'relay' | 'submission';

export interface CheckOptions {
  readonly host: string;
  readonly port: number;
  readonly profile: ProfileName;
  /** Local mailboxes to send RCPT for (used in turn). */
  readonly rcpts: readonly string[];
  /** The longest wait for a connection, a reply or the close after QUIT. */
  readonly timeoutMs: number;
  /** How long to watch for replies that must not come (a reply too many, an early end of text). */
  readonly settleMs: number;
}

export interface CheckResult {
  readonly sessions: number;
  /** Steps that passed. */
  readonly checked: number;
  readonly findings: readonly Finding[];
}

/** The server could not be reached: no finding can be made. */
export class Unreachable extends Error {}

/** Reserved names (RFC 2606): the checker's own identity. */
const CLIENT = 'client.test';
const SENDER = `checker@${CLIENT}`;

interface Context {
  readonly o: CheckOptions;
  hello: 'EHLO' | 'HELO';
  keywords: string[];
  /** The server refused the session or both greetings: later sessions would learn nothing (noted already). */
  stop: boolean;
  /** Why the transaction checks (MAIL accepted) cannot be made. */
  skip: string | null;
}

type Session = (p: Probe, ctx: Context) => Promise<void>;

/** The tail of a transaction session: the rules it would check, noted as skipped. */
const TRANSACTION_RULES: Readonly<Record<string, RuleId>> = {
  transparency: 'dot-stuffing',
  'lf-dot-lf': 'lf-dot-lf',
  recipients: 'recipients-100',
};

export async function checkServer(o: CheckOptions): Promise<CheckResult> {
  const report = new Report();
  const ctx: Context = { o, hello: 'EHLO', keywords: [], stop: false, skip: null };
  if (o.profile === 'submission')
    ctx.skip = 'the submission profile needs AUTH before MAIL, and the checker has no credentials';
  const sessions: [string, Session][] = [
    ['opening', opening],
    ['before-hello', beforeHello],
    ['sequence', sequence],
    ['transparency', transparency],
    ['lf-dot-lf', lfDotLf],
    ['recipients', recipients],
  ];
  let held = 0;
  for (const [name, session] of sessions) {
    if (ctx.stop) break;
    const rule = TRANSACTION_RULES[name];
    if (rule && ctx.skip) {
      report.add('note', rule, name, `not checked: ${ctx.skip}`);
      continue;
    }
    let channel: Channel;
    try {
      channel = await Channel.open(o.host, o.port, o.timeoutMs);
    } catch (e) {
      throw new Unreachable(`cannot connect to ${o.host}:${o.port}: ${(e as Error).message}`);
    }
    held++;
    const p = new Probe(channel, report, name, o.timeoutMs, o.settleMs);
    try {
      if (await greeting(p, ctx)) await session(p, ctx);
      if (p.alive) await p.quit();
    } finally {
      p.stop();
    }
  }
  return { sessions: held, checked: report.checked, findings: report.findings };
}

/** 220 (or 554: then QUIT, and nothing more can be checked). */
async function greeting(p: Probe, ctx: Context): Promise<boolean> {
  const g = await p.next();
  if (!g) return false;
  p.syntax(greetingProblems(g));
  const verdict = p.judge('greeting', g);
  if (g.code === 554) {
    ctx.stop = true;
    return false;
  }
  return verdict === 'pass';
}

async function hello(p: Probe, ctx: Context): Promise<boolean> {
  const h = await p.command(`${ctx.hello} ${CLIENT}`, ctx.hello === 'EHLO' ? 'ehlo' : 'helo');
  if (h?.reply.code === 250 && ctx.hello === 'EHLO') p.syntax(ehloProblems(h.reply));
  return h?.reply.code === 250;
}

/** EHLO (or HELO), NOOP, VRFY, an unknown verb, a long line, a bare LF. */
async function opening(p: Probe, ctx: Context): Promise<void> {
  const e = await p.command(`EHLO ${CLIENT}`, 'ehlo');
  if (!e) return;
  if (e.reply.code === 250) {
    p.syntax(ehloProblems(e.reply));
    ctx.keywords = ehloKeywords(e.reply);
  } else {
    const h = await p.command(`HELO ${CLIENT}`, 'helo');
    if (!h) return;
    if (h.reply.code !== 250) {
      ctx.stop = true;
      return;
    }
    ctx.hello = 'HELO';
  }
  await p.command('NOOP', 'noop');
  await p.command('NOOP conformance check', 'noop-arg');
  await p.command('VRFY postmaster', 'vrfy');
  await p.command('BOGUS', 'unknown');
  // 'NOOP ' and CRLF around the x's: 100 octets over the 512 every server must take.
  const long = await p.command(`NOOP ${'x'.repeat(LIMITS.commandLine + 100 - 7)}`, 'long-line');
  if (long) await p.quiet();
  await bareLf(p);
}

/**
 * "NOOP<LF>NOOP<CRLF>" is one line to a server that ends lines only at CRLF
 * (one reply). Two replies, the first a success, mean the bare LF ended a
 * command that was carried out; a first reply that refuses it is fine.
 */
async function bareLf(p: Probe): Promise<void> {
  if (!p.alive) return;
  p.write('NOOP\nNOOP\r\n');
  const first = await p.next();
  if (!first) return;
  if (first.code === 421) {
    p.judge('bare-lf-command', first);
    return;
  }
  const extra = await p.settle();
  const refused = first.code >= 400;
  if (!refused && extra.length > 0) {
    p.deviation('bare-lf-command', `${shown(first)}, then ${shown(extra[0]!)}`);
  } else {
    p.report.checked++;
    for (const r of extra.slice(refused ? 1 : 0)) p.deviation('one-reply', shown(r));
  }
}

/** Before any EHLO: MAIL, NOOP, RSET, VRFY, then HELO. */
async function beforeHello(p: Probe, ctx: Context): Promise<void> {
  const m = await p.command(`MAIL FROM:<${SENDER}>`, 'mail-before-ehlo');
  if (m?.reply.code === 250) await p.command('RSET', 'rset');
  await p.command('NOOP', 'noop-before-ehlo');
  await p.command('RSET', 'rset-before-ehlo');
  await p.command('VRFY postmaster', 'vrfy-before-ehlo');
  const h = await p.command(`HELO ${CLIENT}`, 'helo');
  if (h?.reply.code !== 250) return;
  if (heloLooksExtended(h.reply, ctx.keywords))
    p.deviation('helo-style', printable(h.reply.lines.join(' / '), 160));
  else p.report.checked++;
}

/** Commands out of order, then RSET clearing a transaction. */
async function sequence(p: Probe, ctx: Context): Promise<void> {
  if (!(await hello(p, ctx))) return;
  const rcpt = `RCPT TO:<${ctx.o.rcpts[0]}>`;
  await p.command(rcpt, 'rcpt-before-mail');
  await dataWithout(p, 'data-before-mail');
  if (ctx.o.profile === 'submission') {
    await p.command(`MAIL FROM:<${SENDER}>`, 'mail-before-auth');
    p.note('data-no-rcpt', `not checked: ${ctx.skip}`);
    p.note('rset-clears', `not checked: ${ctx.skip}`);
    return;
  }
  const mail = await p.command(`MAIL FROM:<${SENDER}>`, 'mail');
  if (!mail) return;
  if (mail.reply.code !== 250) {
    ctx.skip = `the server refused MAIL FROM:<${SENDER}> (${shown(mail.reply)})`;
    p.note('data-no-rcpt', `not checked: ${ctx.skip}`);
    p.note('rset-clears', `not checked: ${ctx.skip}`);
    return;
  }
  await dataWithout(p, 'data-no-rcpt');
  const r = await p.command(rcpt, 'rcpt');
  if (!r) return;
  if (r.verdict !== 'pass') {
    ctx.skip = `the server refused ${rcpt} (${shown(r.reply)}): name a local mailbox with --domain or --rcpt`;
    p.note('rset-clears', `not checked: ${ctx.skip}`);
    return;
  }
  await p.command('RSET', 'rset');
  await p.command(rcpt, 'rset-clears');
}

/** DATA in a transaction with no recipient; a 354 must end in a failure after the text. */
async function dataWithout(p: Probe, rule: 'data-before-mail' | 'data-no-rcpt'): Promise<void> {
  const d = await p.command('DATA', rule);
  if (d?.reply.code !== 354) return;
  p.write('.\r\n');
  await p.reply('data-incomplete');
}

/** EHLO, MAIL, RCPT, DATA: true once the server said 354. */
async function transaction(p: Probe, ctx: Context, rcpt: string): Promise<boolean> {
  if (!(await hello(p, ctx))) return false;
  if ((await p.command(`MAIL FROM:<${SENDER}>`, 'mail'))?.verdict !== 'pass') return false;
  if ((await p.command(`RCPT TO:<${rcpt}>`, 'rcpt'))?.verdict !== 'pass') return false;
  return (await p.command('DATA', 'data'))?.verdict === 'pass';
}

function message(subject: string, rcpt: string): string {
  const id = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}@${CLIENT}`;
  return (
    `From: <${SENDER}>\r\nTo: <${rcpt}>\r\nSubject: ${subject}\r\n` +
    `Date: ${new Date().toUTCString()}\r\nMessage-ID: <${id}>\r\n\r\n`
  );
}

/**
 * Text with lines that start with a period, each doubled as RFC 5321 §4.5.2
 * tells the sender. ".." (a lone period once unstuffed) catches a server that
 * unstuffs before it looks for the end line.
 */
const DOTTED = ['.', '.hidden', '..', 'End.'];

async function transparency(p: Probe, ctx: Context): Promise<void> {
  const rcpt = ctx.o.rcpts[0]!;
  if (!(await transaction(p, ctx, rcpt))) return;
  const lines = ['The next lines start with a period; the checker doubled each one.', ...DOTTED];
  const text = lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
  const sent = 'text with the lines ".", ".hidden", "..", then "."';
  p.write(`${message('dot transparency', rcpt)}${text}\r\n`, sent);
  if (await early(p, 'dot-stuffing')) return;
  p.write('.\r\n');
  const end = await p.reply('end-of-data');
  if (end?.verdict !== 'pass') return;
  await p.quiet();
  p.note(
    'dot-stuffing',
    'the text was taken as one message; whether the server removed the doubled periods cannot ' +
      'be checked: it offers no way to read the message back',
    sent,
  );
}

/** A bare LF, a period, a bare LF inside the text: that is not its end. */
async function lfDotLf(p: Probe, ctx: Context): Promise<void> {
  const rcpt = ctx.o.rcpts[0]!;
  if (!(await transaction(p, ctx, rcpt))) return;
  p.write(`${message('<LF>.<LF>', rcpt)}first line\n.\nsecond line\r\n`, 'text with <LF>.<LF>');
  if (await early(p, 'lf-dot-lf')) return;
  p.write('.\r\n');
  if ((await p.reply('end-of-data'))?.verdict === 'pass') await p.quiet();
}

/** A reply before the end line: the server ended the text early (and ran the rest as commands). */
async function early(p: Probe, rule: RuleId): Promise<boolean> {
  const replies = await p.settle();
  if (replies.length === 0) {
    p.report.checked++;
    return false;
  }
  p.deviation(rule, `${shown(replies[0]!)} before the end line was sent`);
  p.stop();
  return true;
}

/** 100 RCPTs in one transaction; all must be taken (then RSET: nothing is sent). */
async function recipients(p: Probe, ctx: Context): Promise<void> {
  if (!(await hello(p, ctx))) return;
  if ((await p.command(`MAIL FROM:<${SENDER}>`, 'mail'))?.verdict !== 'pass') return;
  const rcpts = ctx.o.rcpts;
  for (let i = 0; i < LIMITS.minRecipients; i++) {
    const rcpt = `RCPT TO:<${rcpts[i % rcpts.length]}>`;
    if (i === 0) {
      if ((await p.command(rcpt, 'rcpt'))?.verdict !== 'pass') return;
      continue;
    }
    p.write(`${rcpt}\r\n`, `${rcpt} (recipient ${i + 1} of ${LIMITS.minRecipients})`);
    const r = await p.next();
    if (!r) return;
    if (r.code !== 250 && r.code !== 251) {
      if (r.code === 421) p.judge('recipients-100', r);
      else p.deviation('recipients-100', shown(r));
      return;
    }
  }
  p.report.checked++;
  await p.command('RSET', 'rset');
}
