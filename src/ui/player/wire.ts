/**
 * The wire view, a capture tool's "follow the stream": the octets each side
 * sent up to a step, line by line, with each line's CRLF (RFC 5321 §2.3.8:
 * every line ends with it) and, in the message text, the period a sender adds
 * before a text line that starts with one (dot-stuffing, RFC 5321 §4.5.2,
 * RFC 821 §4.5.2; RFC 772 has no such rule, so there a leading dot is text).
 * The client's lines are the recording's; the server's are the replies the
 * player shows for each step (recorded, or the simulator's when none was).
 */
import type { PlayerStep, StepReply, Steps } from './steps.ts';
import { shownReplies } from './explain.ts';
import { END_OF_TEXT } from '../../protocol/stuffing.ts';

export type WireSide = 'client' | 'server';

/**
 * A line as sent: `command` (a command line), `text` (a line of message text),
 * `stuffed` (a text line whose first period the sender added), `end` (the line
 * holding only a period that ends the text), `reply` (a line of a reply).
 */
export type WireRole = 'command' | 'text' | 'stuffed' | 'end' | 'reply';

export interface WireLine {
  /** The player step that sent it (a reply: the step whose line it answers). */
  readonly step: number;
  readonly side: WireSide;
  readonly role: WireRole;
  /** The line without its CRLF, as on the wire (a stuffed line with its added period). */
  readonly text: string;
  /** For a stuffed line: the text the receiver keeps (the added period removed). */
  readonly content?: string;
}

/** Octets of a string in UTF-8 (what a capture counts). */
export function octets(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The lines of one reply as sent: `250-first`, ..., `250 last`. */
export function replyLines(r: StepReply): string[] {
  const last = r.lines.length - 1;
  if (last < 0) return [`${r.code} `];
  return r.lines.map((l, i) => `${r.code}${i < last ? '-' : ' '}${l}`);
}

const CRLF = 2;

/** How many lines replyLines gives, and their octets with each CRLF (no string made). */
const replyCount = (r: StepReply) => Math.max(1, r.lines.length);
function replyOctets(r: StepReply): number {
  // Each line is the code, a '-' or ' ', the text and CRLF; a reply with no text is `code `.
  let n = r.lines.length ? 0 : 4 + CRLF;
  for (const l of r.lines) n += 4 + octets(l) + CRLF;
  return n;
}

/**
 * What the wire view needs of a transcript, computed once: for each step,
 * whether its client line is message text, and the octets each side had sent
 * by the end of it (so a far step is a lookup, not a walk).
 */
export interface WirePlan {
  readonly inText: readonly boolean[];
  readonly clientOctets: Float64Array;
  readonly serverOctets: Float64Array;
  /** Wire lines sent by the end of each step. */
  readonly lineCounts: Float64Array;
}

export function planWire(steps: Steps): WirePlan {
  const inText: boolean[] = [];
  const clientOctets = new Float64Array(steps.length);
  const serverOctets = new Float64Array(steps.length);
  const lineCounts = new Float64Array(steps.length);
  let text = false;
  let [client, server, count] = [0, 0, 0];
  for (let i = 0; i < steps.length; i++) {
    const s = steps.at(i)!;
    inText.push(text && s.client !== null);
    if (s.client !== null) [client, count] = [client + octets(s.client) + CRLF, count + 1];
    if (text && s.client === END_OF_TEXT) text = false;
    const replies = shownReplies(s);
    for (const r of replies) [server, count] = [server + replyOctets(r), count + replyCount(r)];
    // A 354 opens the text (RFC 5321 §4.1.1.4): the lines after it are the message's.
    if (replies.some((r) => r.code === 354)) text = true;
    clientOctets[i] = client;
    serverOctets[i] = server;
    lineCounts[i] = count;
  }
  return { inText, clientOctets, serverOctets, lineCounts };
}

/** The wire lines of one step: its client line, then the replies to it. */
export function stepWire(s: PlayerStep, inText: boolean, transparency: boolean): WireLine[] {
  const out: WireLine[] = [];
  if (s.client !== null) {
    const line = s.client;
    if (!inText) out.push({ step: s.index, side: 'client', role: 'command', text: line });
    else if (line === END_OF_TEXT)
      out.push({ step: s.index, side: 'client', role: 'end', text: line });
    // On the wire, a text line that starts with a period had one added (the one shown marked).
    else if (transparency && line.startsWith('.'))
      out.push({
        step: s.index,
        side: 'client',
        role: 'stuffed',
        text: line,
        content: line.slice(1),
      });
    else out.push({ step: s.index, side: 'client', role: 'text', text: line });
  }
  for (const r of shownReplies(s))
    for (const text of replyLines(r))
      out.push({ step: s.index, side: 'server', role: 'reply', text });
  return out;
}

export interface WireWindow {
  /** The last lines sent up to the step, oldest first. */
  readonly lines: readonly WireLine[];
  /** How many lines before them are not shown. */
  readonly hidden: number;
  /** Octets each side sent up to the step, CRLFs included. */
  readonly clientOctets: number;
  readonly serverOctets: number;
}

/**
 * The last `max` lines sent up to step `at` (a long capture shows its tail,
 * as the sequence diagram does), walking back from the step: the cost is the
 * lines shown.
 */
export function wireWindow(
  steps: Steps,
  plan: WirePlan,
  at: number,
  max: number,
  transparency: boolean,
): WireWindow {
  const to = Math.min(at, steps.length - 1);
  if (to < 0) return { lines: [], hidden: 0, clientOctets: 0, serverOctets: 0 };
  const parts: WireLine[][] = [];
  let count = 0;
  for (let i = to; i >= 0 && count < max; i--) {
    const lines = stepWire(steps.at(i)!, plan.inText[i]!, transparency);
    parts.push(lines);
    count += lines.length;
  }
  const lines = parts.reverse().flat().slice(-max);
  return {
    lines,
    hidden: plan.lineCounts[to]! - lines.length,
    clientOctets: plan.clientOctets[to]!,
    serverOctets: plan.serverOctets[to]!,
  };
}
