/**
 * A mail reader's dialogue as the pictures show it: transcript lines
 * (`->` the client, `<-` the server, `==` a change of state) and one turn
 * per command and per response for the sequence diagram. POP3 responses are
 * whole (RFC 1939 §3: status line, then lines up to "."); an IMAP server's
 * output is cut into responses (RFC 9051 §2.2.2: untagged `*`, a
 * continuation `+`, the tagged completion), a literal's octets kept inside
 * the response that announced them (§4.3).
 */
import type { Pop3TranscriptEntry } from '../../machines/pop3-session.ts';
import type { ImapTranscriptEntry } from '../../machines/imap-session.ts';
import { decode } from '../../protocol/bytes.ts';
import { wireOf } from '../../protocol/pop3/reply.ts';
import { octets } from '../../protocol/imap/response.ts';
import type { DisplayLine } from '../shared/transcript-lines.ts';

export interface ReaderTurn {
  readonly step: number;
  readonly direction: 'to-server' | 'to-client';
  /** The command, or the response's first line. */
  readonly text: string;
  /** +OK or OK (good), -ERR, NO or BAD (bad), untagged data or "+" (neutral). */
  readonly tone: 'good' | 'bad' | 'neutral';
  /** The state the server moved to with this response, when it moved. */
  readonly state?: string;
}

export interface ReaderPicture {
  readonly lines: readonly DisplayLine[];
  readonly turns: readonly ReaderTurn[];
  /** The last response's first line and tone (for the line above the console). */
  readonly last: { readonly text: string; readonly tone: ReaderTurn['tone'] } | null;
  /** State changes, in order. */
  readonly moves: readonly { readonly from: string; readonly to: string; readonly step: number }[];
}

type Unit = { kind: 'client' | 'server'; text: string; state?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of octets kept one char per octet: read as UTF-8 when it is, else one char per octet. */
function shown(byteString: string): string {
  try {
    return utf8.decode(octets(byteString));
  } catch {
    return byteString;
  }
}

/** An IMAP server's output cut into responses: each line, with any literal it announces. */
export function imapResponses(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = i;
    for (;;) {
      const lf = text.indexOf('\n', end);
      if (lf < 0) {
        end = text.length;
        break;
      }
      const literal = /\{(\d+)\+?\}\r?$/.exec(text.slice(end, lf));
      end = lf + 1;
      if (!literal) break;
      end += Number(literal[1]); // the literal's octets, then the rest of the line
    }
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

function toneOf(protocol: 'pop3' | 'imap', first: string): ReaderTurn['tone'] {
  if (protocol === 'pop3') return first.startsWith('+OK') ? 'good' : 'bad';
  const status = /^\S+ (OK|NO|BAD)\b/.exec(first)?.[1];
  if (first.startsWith('* ') || first.startsWith('+')) return status === 'BAD' ? 'bad' : 'neutral';
  return status === 'OK' ? 'good' : 'bad';
}

/** The pictures of a POP3 or IMAP session's transcript; `initial` is its state after the greeting. */
export function readerPicture(
  protocol: 'pop3' | 'imap',
  transcript: readonly (Pop3TranscriptEntry | ImapTranscriptEntry)[],
  initial: string,
): ReaderPicture {
  const units: Unit[] = [];
  for (const e of transcript) {
    if (e.kind === 'client') units.push({ kind: 'client', text: 'line' in e ? e.line : e.text });
    else if ('reply' in e)
      units.push({ kind: 'server', text: decode(wireOf(e.reply)), state: e.state });
    else
      for (const r of imapResponses(e.text))
        units.push({ kind: 'server', text: shown(r), state: e.state });
  }
  const lines: DisplayLine[] = [];
  const turns: ReaderTurn[] = [];
  const moves: { from: string; to: string; step: number }[] = [];
  let step = 0;
  let state = initial;
  let latest = initial;
  let last: ReaderPicture['last'] = null;
  // A move is shown after the whole answer to a command: an IMAP server's untagged data of
  // SELECT comes as the state changes, and the completion ends the answer (RFC 9051 §2.2.2).
  const settle = () => {
    if (latest === state) return;
    lines.push({ step, kind: 'state', prefix: '==', text: `state ${state} → ${latest}` });
    moves.push({ from: state, to: latest, step });
    const i = turns.length - 1;
    if (turns[i]?.direction === 'to-client') turns[i] = { ...turns[i]!, state: latest };
    state = latest;
  };
  for (const u of units) {
    const texts = u.text.replace(/\r\n$/, '').split('\r\n');
    if (u.kind === 'client') {
      settle();
      step++;
      for (const text of texts) lines.push({ step, kind: 'client', prefix: '->', text });
      turns.push({ step, direction: 'to-server', text: texts[0]!, tone: 'neutral' });
      continue;
    }
    for (const text of texts) lines.push({ step, kind: 'server', prefix: '<-', text });
    const tone = toneOf(protocol, texts[0]!);
    last = { text: texts[0]!, tone };
    turns.push({ step, direction: 'to-client', text: texts[0]!, tone });
    if (u.state !== undefined) latest = u.state;
  }
  settle();
  return { lines, turns, last, moves };
}
