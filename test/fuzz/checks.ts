/**
 * The fuzzer's checks, as pure functions over what a session produced: the
 * wire text of its replies, its transcript, its mailbox. Each returns the
 * problems it found (an empty list when all is well), so a test can hand
 * them a deliberately broken reply or delivery and see it reported.
 */
import type { TranscriptEntry } from '../../src/machines/session.ts';
import type { Delivery, Recipient } from '../../src/machines/types.ts';
import type { Dialect } from '../../src/protocol/dialects/index.ts';
import type { Reply } from '../../src/protocol/replies.ts';
import type { World } from '../../src/protocol/world.ts';
import { deliveryView } from '../property/arbitraries.ts';

export type FailureKind =
  | 'exception'
  | 'machine-error'
  | 'reply-syntax'
  | 'reply-length'
  | 'reply-text'
  | 'enhanced-code'
  | 'no-reply'
  | 'chunking'
  | 'envelope'
  | 'after-close'
  | 'relay'
  | 'smuggling'
  | 'memory';

export interface Problem {
  readonly kind: FailureKind;
  readonly detail: string;
}

const enc = new TextEncoder();

// ---------------------------------------------------------------- replies

/** RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets, its CRLF included. */
export const REPLY_LINE_LIMIT = 512;

/**
 * One reply as sent on the wire, checked against the reply grammar of RFC
 * 5321 §4.2 (every line: the same three-digit code, "-" on all lines but the
 * last, text of HT, SP and printable US-ASCII, CRLF at the end), the
 * 512-octet line limit (§4.5.3.1.5) and, where a line starts with one, the
 * enhanced status code of RFC 2034 §4 / RFC 3463 §2 (class 2, 4 or 5 agreeing
 * with the reply code, 1-3 digit subject and detail, the same on every line,
 * none on 3yz). `mtp` allows the 1yz preliminary replies of RFC 772/780.
 */
export function replyProblems(wire: string, options: { mtp?: boolean } = {}): Problem[] {
  const out: Problem[] = [];
  const syntax = (detail: string) => out.push({ kind: 'reply-syntax', detail });
  if (!wire.endsWith('\r\n')) {
    syntax(`does not end in CRLF: ${JSON.stringify(wire.slice(-40))}`);
    return out;
  }
  const lines = wire.slice(0, -2).split('\r\n');
  const first = options.mtp ? '1-5' : '2-5';
  const codeRe = new RegExp(`^[${first}][0-5][0-9]$`);
  let code: string | null = null;
  let enhanced: string | null | undefined;
  lines.forEach((line, i) => {
    const last = i === lines.length - 1;
    const c = line.slice(0, 3);
    const sep = line.slice(3, 4);
    const text = line.slice(4);
    if (!codeRe.test(c)) return syntax(`line ${i} has no reply code: ${JSON.stringify(line)}`);
    if (code !== null && c !== code) syntax(`line ${i} changes the code from ${code} to ${c}`);
    code ??= c;
    if (/[\r\n]/.test(line)) syntax(`a bare CR or LF inside line ${i}: ${JSON.stringify(line)}`);
    if (!last && sep !== '-') syntax(`line ${i} is not the last but does not use "-"`);
    if (last && sep === '-') syntax('the last line uses "-"');
    if (sep !== '' && sep !== '-' && sep !== ' ')
      syntax(`line ${i}: ${JSON.stringify(sep)} after the code`);
    // §4.2: the last line is Reply-code [ SP textstring ]; RFC 4954 §4 allows "334 " alone.
    if (last && sep === ' ' && text === '' && c !== '334') syntax('"SP" with no text after it');
    const octets = enc.encode(line).length + 2;
    if (octets > REPLY_LINE_LIMIT)
      out.push({ kind: 'reply-length', detail: `a reply line of ${octets} octets: ${clip(line)}` });
    const bad = /[^\t\x20-\x7e]/.exec(text.replace(/[\r\n]/g, ''));
    if (bad)
      out.push({
        kind: 'reply-text',
        detail: `U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} in reply text: ${clip(line)}`,
      });
    const m = /^(\d+)\.(\d+)\.(\d+)(?= |$)/.exec(text);
    const status = m ? m[0] : null;
    if (i === 0) enhanced = status;
    else if (status !== enhanced)
      out.push({
        kind: 'enhanced-code',
        detail: `line ${i} has ${status ?? 'no status code'} but line 0 has ${enhanced ?? 'none'}`,
      });
    if (!m) return;
    const bad3463 =
      c[0] === '3'
        ? 'an enhanced status code on a 3yz reply'
        : !/^[245]$/.test(m[1]!)
          ? `class ${m[1]} is not 2, 4 or 5`
          : m[1] !== c[0]
            ? `class ${m[1]} does not agree with ${c}`
            : m[2]!.length > 3 || m[3]!.length > 3
              ? 'subject or detail longer than 3 digits'
              : null;
    if (bad3463) out.push({ kind: 'enhanced-code', detail: `${bad3463}: ${clip(line)}` });
  });
  return out;
}

const clip = (s: string) => JSON.stringify(s.length > 120 ? `${s.slice(0, 117)}...` : s);

// ---------------------------------------------------------------- the transcript

export interface EnvelopeContext {
  readonly world: World;
  readonly dialect: Dialect;
}

const lower = (s: string) => s.toLowerCase();

/** A path as `<local@domain>` (source route dropped, either era's route syntax), lower-cased. */
export function normalPath(text: string): string {
  const inner = /^<(.*)>$/s.exec(text.trim())?.[1];
  if (inner === undefined) return lower(text.trim());
  return `<${lower(inner.replace(/^(?:@[^,:]*[,:])+/, ''))}>`;
}

/** The path argument of `MAIL FROM:` / `RCPT TO:` / `MRCP TO:` / MTP's `TO:`, or null. */
function pathArg(text: string, key: 'FROM' | 'TO'): string | null {
  const m = new RegExp(`\\b${key}:\\s*(<[^>]*>)`, 'i').exec(text);
  return m ? normalPath(m[1]!) : null;
}

const verbOf = (text: string) => (/^\S*/.exec(text)![0] ?? '').toUpperCase();

const BEGIN = new Set(['MAIL', 'SEND', 'SOML', 'SAML']);

/** Is this host one of the world's own names (its hostname or a local domain)? */
function isSelf(world: World, host: string) {
  const h = lower(host);
  return h === lower(world.hostname) || world.localDomains.some((d) => lower(d) === h);
}

/**
 * RFC 5321 §3.6.2, §7.9 (RFC 821 §3.6 for routes, RFC 6409 §4.3 for submission):
 * mail for another domain goes out only when the world relays to it (its
 * list, or "*") or the client authenticated. In the eras that follow source
 * routes, the first hop that is not this host is where it goes next.
 */
export function relayProblem(
  r: Recipient,
  { world, dialect }: EnvelopeContext,
  authenticated: boolean,
): string | null {
  if (r.path.kind !== 'mailbox') return null;
  const next =
    (dialect.sourceRoutes === 'follow' ? r.path.route.find((h) => !isSelf(world, h)) : undefined) ??
    r.path.mailbox.domain;
  if (isSelf(world, next)) return null;
  const list = world.relayDomains.map(lower);
  if (authenticated || list.includes('*') || list.includes(lower(next))) return null;
  return `${r.text} delivered to ${next}, which this world does not relay to (route ${r.route})`;
}

/** Local recipients whose delivery fails after acceptance (World.failingMailboxes). */
const fails = (world: World, r: Recipient) =>
  r.route === 'local' &&
  world.failingMailboxes.some((f) => lower(f) === lower(r.mailbox.split('@')[0]!));

/** The open SMTP transaction: the MAIL's path, the recipients accepted since. */
interface Transaction {
  readonly from: string;
  readonly rcpts: string[];
  /** After a failed BDAT (RFC 3030 §2): which recipients remain is not known. */
  readonly indeterminate: boolean;
}

interface Exchange {
  /** What the reply answered: a command line, content (DATA's text or a BDAT chunk), or nothing. */
  readonly to:
    | { readonly kind: 'command'; readonly text: string; readonly verb: string }
    | { readonly kind: 'content'; readonly command: string }
    | { readonly kind: 'none' };
  readonly replies: Reply[];
  readonly deliveries: Delivery[];
  /** Deliveries that came after a 221 or 421 in this exchange. */
  lateDeliveries: number;
}

const closing = (r: Reply) => r.code === 221 || r.code === 421;

/** Groups a transcript into exchanges: one unit the client sent, the replies and deliveries it caused. */
export function exchanges(transcript: readonly TranscriptEntry[]): Exchange[] {
  const out: Exchange[] = [];
  let current: Exchange = { to: { kind: 'none' }, replies: [], deliveries: [], lateDeliveries: 0 };
  let lastCommand = '';
  const next = (to: Exchange['to']) => {
    if (current.to.kind !== 'none' || current.replies.length || current.deliveries.length)
      out.push(current);
    current = { to, replies: [], deliveries: [], lateDeliveries: 0 };
  };
  for (const e of transcript) {
    if (e.kind === 'client') {
      next({ kind: 'command', text: e.text, verb: e.ending === 'none' ? '' : verbOf(e.text) });
      lastCommand = e.text;
    } else if (e.kind === 'content') {
      // A BDAT chunk follows its command line, which gets the reply: one exchange.
      if (current.to.kind === 'command' && current.to.verb === 'BDAT' && !current.replies.length)
        current = { ...current, to: { kind: 'content', command: current.to.text } };
      else next({ kind: 'content', command: lastCommand });
    } else if (e.kind === 'server') current.replies.push(e.reply);
    else if (e.kind === 'delivery') {
      current.deliveries.push(e.delivery);
      if (current.replies.some(closing)) current.lateDeliveries++;
    }
  }
  next({ kind: 'none' });
  return out;
}

/**
 * The envelope rules, read from the transcript alone (RFC 5321 §3.3, §4.1.4,
 * RFC 3030 §2; RFC 772/780 for MTP):
 * - a delivery only where a transaction ends with a 2yz: at an end of data
 *   (or BDAT LAST), or MTP's MRCP/CONT sending stored text;
 * - its reverse path is the accepted MAIL's, and its recipients exactly those
 *   that got 250/251 since that MAIL (less any mailbox the world makes fail;
 *   a delivery status notification back to the sender may follow);
 * - exactly one delivery per accepted end of data that has a recipient;
 * - nothing after a 221 or 421;
 * - nothing for another domain unless the world relays there.
 */
export function envelopeProblems(
  transcript: readonly TranscriptEntry[],
  ctx: EnvelopeContext,
): Problem[] {
  const out: Problem[] = [];
  const mtp = ctx.dialect.commands.some((c) => c.verb === 'MRCP');
  let closed: number | null = null;
  let authenticated = false;
  let tx: Transaction | null = null;
  /** MTP: every path a MAIL TO: or MRCP named that was not refused. */
  const mtpNamed = new Set<string>();
  const resetsOnHello = ctx.dialect.laterHello === 'reset';

  for (const x of exchanges(transcript)) {
    const last = x.replies[x.replies.length - 1];
    const code = last?.code ?? 0;
    if ((closed !== null && x.deliveries.length) || x.lateDeliveries)
      out.push({ kind: 'after-close', detail: `a delivery after the ${closed ?? 221} reply` });
    for (const d of x.deliveries) {
      // The server's own notification back to the sender is not relaying (RFC 5321 §4.5.5).
      if (tx && isNotification(d, tx.from)) continue;
      for (const r of d.recipients) {
        const p = relayProblem(r, ctx, authenticated);
        if (p) out.push({ kind: 'relay', detail: p });
      }
    }
    if (code === 235) authenticated = true;

    if (mtp) {
      if (x.to.kind === 'command' && (x.to.verb === 'MRCP' || x.to.verb === 'MAIL')) {
        const to = pathArg(x.to.text, 'TO');
        if (to && code > 0 && code < 400) mtpNamed.add(to);
      }
      if (x.deliveries.length) {
        const where =
          x.to.kind === 'content' ? 'content' : x.to.kind === 'command' ? x.to.verb : 'nothing';
        if (!['content', 'MRCP', 'CONT'].includes(where) || code < 200 || code >= 300)
          out.push({ kind: 'envelope', detail: `a delivery after ${where} answered ${code}` });
        for (const d of x.deliveries) {
          if (d.recipients.length === 0)
            out.push({ kind: 'envelope', detail: 'a delivery with no recipient' });
          for (const r of d.recipients)
            if (!mtpNamed.has(normalPath(r.text)))
              out.push({ kind: 'envelope', detail: `${r.text} was never accepted as a recipient` });
        }
        if (where === 'MRCP' && x.to.kind === 'command') {
          const named = pathArg(x.to.text, 'TO');
          const got = x.deliveries.flatMap((d) => d.recipients.map((r) => normalPath(r.text)));
          if (got.length !== 1 || got[0] !== named)
            out.push({ kind: 'envelope', detail: `MRCP ${named} delivered to ${got.join(', ')}` });
        }
      }
      if (x.to.kind === 'content' && code === 250 && last?.id !== 'mailStored') {
        if (x.deliveries.length !== 1)
          out.push({
            kind: 'envelope',
            detail: `${x.deliveries.length} deliveries for one accepted end of data`,
          });
      }
    } else {
      const verb = x.to.kind === 'command' ? x.to.verb : '';
      if (x.to.kind === 'command') {
        if (BEGIN.has(verb) && code === 250)
          tx = { from: pathArg(x.to.text, 'FROM') ?? '?', rcpts: [], indeterminate: false };
        else if (verb === 'RCPT' && (code === 250 || code === 251) && tx)
          tx.rcpts.push(pathArg(x.to.text, 'TO') ?? '?');
        else if (verb === 'RCPT' && (code === 250 || code === 251))
          out.push({ kind: 'envelope', detail: `RCPT accepted (${code}) with no MAIL` });
        if (x.deliveries.length)
          out.push({ kind: 'envelope', detail: `a delivery after ${verb || 'a line'} (${code})` });
      }
      if (x.to.kind === 'content') {
        const bdat = verbOf(x.to.command) === 'BDAT';
        const ends = !bdat || /\sLAST\s*$/i.test(x.to.command);
        const accepted = code === 250 && ends;
        out.push(...deliveryProblems(x.deliveries, accepted ? tx : null, ctx));
        // RFC 3030 §2: after a failed BDAT the state is indeterminate until RSET.
        if (!bdat || (ends && code === 250)) tx = null;
        else if (code >= 400 && tx) tx = { ...tx, indeterminate: true };
      } else if (x.to.kind === 'none' && x.deliveries.length) {
        out.push({ kind: 'envelope', detail: 'a delivery with no end of data' });
      }
      // Replies that end the transaction for certain.
      if ((verb === 'RSET' && code === 250) || (verb === 'STARTTLS' && code === 220)) tx = null;
      if ((verb === 'HELO' || verb === 'EHLO') && code === 250 && resetsOnHello) tx = null;
    }
    if (x.replies.some(closing)) {
      closed = x.replies.find(closing)!.code;
      tx = null;
    }
  }
  return out;
}

/**
 * A delivery status notification about a message from `from`: sent from <>
 * to that reverse path (RFC 3461 §6.1, RFC 5321 §4.5.5), so never about a
 * message that itself came from <>.
 */
const isNotification = (d: Delivery, from: string) =>
  from !== '<>' &&
  d.reversePath === '<>' &&
  d.recipients.length === 1 &&
  normalPath(d.recipients[0]!.text) === from;

/** Deliveries after one end of data: none unless accepted; then the envelope's, plus maybe a DSN. */
function deliveryProblems(
  deliveries: readonly Delivery[],
  tx: Transaction | null,
  { world }: EnvelopeContext,
): Problem[] {
  const out: Problem[] = [];
  const bad = (detail: string) => out.push({ kind: 'envelope', detail });
  if (!tx) {
    if (deliveries.length) bad(`${deliveries.length} deliveries with no accepted end of data`);
    return out;
  }
  if (tx.rcpts.length === 0) bad('an end of data accepted with no accepted recipient');
  const [primary, ...rest] = deliveries;
  // Which accepted recipients the world makes fail is known only from the delivery itself.
  const failing = world.failingMailboxes.length > 0;
  const main = primary && !(failing && rest.length === 0 && isNotification(primary, tx.from));
  if (main) {
    if (normalPath(primary.reversePath) !== tx.from)
      bad(`delivered with reverse path ${primary.reversePath}, MAIL gave ${tx.from}`);
    const got = primary.recipients.map((r) => normalPath(r.text));
    // Exactly the accepted ones; only some of them where the world makes mailboxes fail.
    const exact = !failing && !tx.indeterminate;
    const left = [...tx.rcpts];
    const extra = got.filter((t) => {
      const i = left.indexOf(t);
      if (i >= 0) left.splice(i, 1);
      return i < 0;
    });
    if (extra.length || (exact && left.length))
      bad(`delivered to [${got.join(' ')}], accepted [${tx.rcpts.join(' ')}]`);
    if (primary.recipients.some((r) => fails(world, r)))
      bad('delivered to a mailbox the world makes fail');
  } else if (!failing) bad('no delivery for an accepted end of data');
  for (const dsn of main ? rest : deliveries)
    if (!isNotification(dsn, tx.from))
      bad(`an extra delivery from ${dsn.reversePath} for one end of data`);
  if ((main ? rest : deliveries).length > 1) bad('more than one notification');
  return out;
}

/**
 * RFC 5321 §4.2: every command gets a reply (RFC 2920 §3.2 (1), (9): in
 * order, none lost), unless the connection closed first.
 */
export function replyPerCommandProblems(transcript: readonly TranscriptEntry[]): Problem[] {
  let waiting: string | null = null;
  for (const e of transcript) {
    if (e.kind === 'client') {
      if (waiting !== null)
        return [{ kind: 'no-reply', detail: `no reply to ${JSON.stringify(waiting)}` }];
      waiting = e.text;
    } else if (e.kind === 'server') waiting = null;
  }
  return [];
}

// ---------------------------------------------------------------- chunking

/** What must not depend on how the input was cut: replies, mailbox, final state. */
export interface Outcome {
  readonly wires: readonly string[];
  readonly mailbox: readonly Delivery[];
  readonly state: string;
  readonly closed: boolean;
}

/** The first difference between two runs of the same bytes, or null. */
export function chunkingProblems(whole: Outcome, chunked: Outcome, how: string): Problem[] {
  const n = Math.max(whole.wires.length, chunked.wires.length);
  for (let i = 0; i < n; i++) {
    if (whole.wires[i] !== chunked.wires[i])
      return [
        {
          kind: 'chunking',
          detail: `reply ${i} ${how}: ${JSON.stringify(chunked.wires[i] ?? null)}, whole: ${JSON.stringify(whole.wires[i] ?? null)}`,
        },
      ];
  }
  const a = JSON.stringify(whole.mailbox.map(deliveryView));
  const b = JSON.stringify(chunked.mailbox.map(deliveryView));
  if (a !== b)
    return [
      {
        kind: 'chunking',
        detail: `mailbox ${how} differs (${chunked.mailbox.length} vs ${whole.mailbox.length} deliveries)`,
      },
    ];
  if (whole.state !== chunked.state || whole.closed !== chunked.closed)
    return [
      {
        kind: 'chunking',
        detail: `ends in ${chunked.state}${chunked.closed ? ' (closed)' : ''} ${how}, whole: ${whole.state}`,
      },
    ];
  return [];
}
