/**
 * pcap and pcapng captures: the SMTP dialogue of one TCP connection, on any
 * port. The server is the end that spoke first with a reply code (the
 * greeting, RFC 5321 §3.1); both directions are reassembled by sequence
 * number and their lines interleaved in the order the capture saw them
 * complete. BDAT chunks are read by their size (RFC 3030 §2); after
 * STARTTLS's 220 the stream is encrypted (RFC 3207 §4) and is reported, not
 * read. Step `line` numbers are packet numbers; step times are capture times.
 */
import { readCapture, type CapturedPacket } from './capture-file.ts';
import { DialogueBuilder, type ImportResult, type Problem } from './dialogue.ts';
import { decodeFrame, type Segment } from './packet.ts';
import { completedBy, reassemble, type Flow, type Piece } from './tcp-stream.ts';

interface Connection {
  readonly first: number;
  readonly packets: number[];
  readonly pieces: Map<string, Piece[]>;
  readonly isn: Map<string, number>;
}

interface WireLine {
  readonly who: 'C' | 'S';
  readonly text: string;
  readonly packet: number;
  readonly at: string;
  /** Offset in its flow just after the line. */
  readonly end: number;
  readonly partial?: boolean;
  /** The octets are not UTF-8: each is shown as the Latin-1 character of its value. */
  readonly octets?: boolean;
}

const utf8 = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 when the octets are (8BITMIME and SMTPUTF8 text is), else one character per octet. */
function decode(octets: Uint8Array): { text: string; octets?: boolean } {
  try {
    return { text: strict.decode(octets) };
  } catch {
    let text = '';
    // In slices: a long binary line would overflow the arguments of one call.
    for (let i = 0; i < octets.length; i += 8192)
      text += String.fromCharCode(...octets.subarray(i, i + 8192));
    return { text, octets: true };
  }
}
const keyOf = (s: Segment) => [s.src, s.dst].sort().join(' ');

function group(packets: readonly CapturedPacket[], problems: Problem[]): Map<string, Connection> {
  const connections = new Map<string, Connection>();
  const skipped = new Map<string, number[]>();
  for (const p of packets) {
    const d = decodeFrame(p.link, p.data);
    if ('bad' in d) problems.push({ line: p.n, text: '', why: `packet ${p.n}: ${d.bad}` });
    else if ('skip' in d) {
      const ns = skipped.get(d.skip);
      if (ns) ns.push(p.n);
      else skipped.set(d.skip, [p.n]);
    } else {
      const s = d.segment;
      const key = keyOf(s);
      let c = connections.get(key);
      if (!c)
        connections.set(key, (c = { first: p.n, packets: [], pieces: new Map(), isn: new Map() }));
      c.packets.push(p.n);
      if (s.syn) c.isn.set(s.src, s.seq);
      const list = c.pieces.get(s.src) ?? [];
      list.push({ seq: s.seq, packet: p.n, at: p.at, payload: s.payload });
      c.pieces.set(s.src, list);
    }
  }
  for (const [why, ns] of skipped)
    problems.push({ line: ns[0]!, text: '', why: `${list(ns)}: ${why}` });
  return connections;
}

const list = (ns: readonly number[]) =>
  ns.length === 1
    ? `packet ${ns[0]}`
    : `${ns.length} packets (${ns.slice(0, 5).join(', ')}${ns.length > 5 ? ', ...' : ''})`;

/** The end that sent the first data of the connection, when that data starts with a reply code. */
function serverOf(c: Connection): string | undefined {
  let first: Piece | undefined;
  let end: string | undefined;
  for (const [src, pieces] of c.pieces)
    for (const p of pieces)
      if (p.payload.length && (!first || p.packet < first.packet)) [first, end] = [p, src];
  return first && /^\d{3}[ \-\r]/.test(utf8.decode(first.payload.subarray(0, 4))) ? end : undefined;
}

/** The lines of one direction; after `BDAT n` the client's next n octets are the chunk. */
function lines(flow: Flow, who: 'C' | 'S'): WireLine[] {
  const out: WireLine[] = [];
  const { bytes } = flow;
  let pos = 0;
  const push = (from: number, to: number, end: number, partial = false) => {
    const { text, octets } = decode(
      bytes.subarray(from, to > from && bytes[to - 1] === 0x0d ? to - 1 : to),
    );
    const mark = completedBy(flow, from, Math.max(end, from + 1));
    out.push({
      who,
      text,
      packet: mark.packet,
      at: mark.at,
      end,
      ...(partial ? { partial } : {}),
      ...(octets ? { octets } : {}),
    });
    return text;
  };
  while (pos < bytes.length) {
    const lf = bytes.indexOf(0x0a, pos);
    const stop = lf < 0 ? bytes.length : lf;
    const text = push(pos, stop, lf < 0 ? stop : lf + 1, lf < 0);
    pos = lf < 0 ? stop : lf + 1;
    const bdat = who === 'C' ? /^BDAT (\d+)/i.exec(text) : null;
    if (!bdat) continue;
    const chunkEnd = Math.min(bytes.length, pos + Number(bdat[1]));
    while (pos < chunkEnd) {
      const clf = bytes.indexOf(0x0a, pos);
      const cstop = clf < 0 || clf >= chunkEnd ? chunkEnd : clf;
      const next = cstop === chunkEnd ? chunkEnd : cstop + 1;
      push(pos, cstop, next, cstop === chunkEnd && bytes[chunkEnd - 1] !== 0x0a);
      pos = next;
    }
  }
  return out;
}

export function importPcap(bytes: Uint8Array): ImportResult {
  const file = readCapture(bytes);
  const problems: Problem[] = [...file.problems];
  const connections = [...group(file.packets, problems).values()].sort((a, b) => a.first - b.first);
  const chosen = connections.find((c) => serverOf(c) !== undefined);
  const b = new DialogueBuilder();
  for (const c of connections)
    if (c !== chosen)
      problems.push({
        line: c.first,
        text: '',
        why: `${list(c.packets)}: another TCP connection (${[...c.pieces.keys()].join(' and ')}), not this dialogue`,
      });
  if (!chosen) {
    problems.push({
      line: 0,
      text: '',
      why: `no TCP connection in this ${file.format} file starts with a server's reply code (an SMTP greeting)`,
    });
    for (const p of problems) b.problems.push(p);
    return b.finish({ source: `${file.format} capture` });
  }
  const server = serverOf(chosen)!;
  const client = [...chosen.pieces.keys()].find((k) => k !== server) ?? '(no data)';
  const flows = {
    S: reassemble(
      chosen.pieces.get(server) ?? [],
      chosen.isn.get(server),
      problems,
      `from the server`,
    ),
    C: reassemble(
      chosen.pieces.get(client) ?? [],
      chosen.isn.get(client),
      problems,
      `from the client`,
    ),
  };
  const merged = [...lines(flows.S, 'S'), ...lines(flows.C, 'C')].sort(
    (x, y) => x.packet - y.packet || (x.who === y.who ? x.end - y.end : 0),
  );
  for (const p of problems) b.problems.push(p);
  let lastClient = '';
  const done = { C: 0, S: 0 };
  for (const l of merged) {
    const at = l.at === '' ? undefined : l.at;
    if (l.who === 'C') b.client(l.text, l.packet, at);
    else b.server(l.text, l.packet, at);
    done[l.who] = l.end;
    if (l.partial)
      b.note(
        'This line has no line end: the stream stops, or a BDAT chunk ends, in the middle of it.',
      );
    if (l.octets) b.note('Not UTF-8: each octet is shown as the Latin-1 character of its value.');
    if (l.who === 'C') lastClient = l.text;
    else if (/^starttls$/i.test(lastClient.trim()) && /^220 /.test(l.text)) {
      const c = flows.C.bytes.length - done.C;
      const s = flows.S.bytes.length - done.S;
      b.note(
        'From here on the connection is encrypted (TLS, RFC 3207 §4): the capture cannot show it.',
      );
      if (c + s > 0)
        b.problem(
          l.packet,
          '',
          `encrypted after STARTTLS: ${c} octets from the client and ${s} from the server not read`,
        );
      break;
    }
  }
  return b.finish({ source: `${file.format} capture, TCP ${client} to ${server} (the server)` });
}
