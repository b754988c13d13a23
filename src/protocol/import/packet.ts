/**
 * One captured frame down to its TCP segment: the link layer (Ethernet with
 * VLAN tags, Linux cooked SLL and SLL2, BSD loopback NULL and LOOP, raw IP),
 * IPv4 (RFC 791) or IPv6 (RFC 8200) and TCP (RFC 9293). A frame that is not
 * TCP, or that cannot be read, says why.
 */

export interface Segment {
  readonly src: string;
  readonly dst: string;
  readonly seq: number;
  readonly syn: boolean;
  readonly fin: boolean;
  readonly rst: boolean;
  readonly payload: Uint8Array;
}

export type Decoded =
  { readonly segment: Segment } | { readonly skip: string } | { readonly bad: string };

const LINK = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  SLL: 113,
  IPV4: 228,
  IPV6: 229,
  SLL2: 276,
};

/** The IP packet inside a frame and its ethertype-like version (4 or 6), or why there is none. */
function network(
  link: number,
  f: Uint8Array,
  v: DataView,
): { ip: Uint8Array } | { skip: string } | { bad: string } {
  const ether = (type: number, at: number): { ip: Uint8Array } | { skip: string } => {
    if (type === 0x0800 || type === 0x86dd) return { ip: f.subarray(at) };
    return { skip: `not IP (type 0x${type.toString(16).padStart(4, '0')})` };
  };
  switch (link) {
    case LINK.ETHERNET: {
      if (f.length < 14) return { bad: 'shorter than an Ethernet header' };
      let at = 12;
      let type = v.getUint16(at);
      // 802.1Q and 802.1ad tags come before the real type.
      while ((type === 0x8100 || type === 0x88a8) && at + 6 <= f.length) {
        at += 4;
        type = v.getUint16(at);
      }
      return ether(type, at + 2);
    }
    case LINK.SLL:
      return f.length < 16
        ? { bad: 'shorter than a Linux cooked header' }
        : ether(v.getUint16(14), 16);
    case LINK.SLL2:
      return f.length < 20
        ? { bad: 'shorter than a Linux cooked (v2) header' }
        : ether(v.getUint16(0), 20);
    case LINK.NULL:
    case LINK.LOOP: {
      if (f.length < 4) return { bad: 'shorter than a loopback header' };
      // NULL keeps the address family in the capturing host's byte order, LOOP in network order.
      const family =
        link === LINK.LOOP
          ? v.getUint32(0)
          : v.getUint32(0, true) > 0xffff
            ? v.getUint32(0)
            : v.getUint32(0, true);
      if (family === 2) return { ip: f.subarray(4) };
      if (family === 24 || family === 28 || family === 30 || family === 10)
        return { ip: f.subarray(4) };
      return { skip: `not IP (address family ${family})` };
    }
    case LINK.RAW:
    case LINK.IPV4:
    case LINK.IPV6:
    case 12:
    case 14:
      return { ip: f };
    default:
      return {
        bad: `link type ${link} is not one this reader knows (Ethernet, SLL, SLL2, NULL, LOOP, raw IP)`,
      };
  }
}

const hex4 = (v: DataView, at: number) => v.getUint16(at).toString(16);

function ipv6Address(v: DataView, at: number): string {
  const groups = Array.from({ length: 8 }, (_, i) => hex4(v, at + 2 * i));
  // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::".
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best[1]! && j - i >= 2) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best[0]! < 0) return `[${groups.join(':')}]`;
  const head = groups.slice(0, best[0]).join(':');
  const tail = groups.slice(best[0]! + best[1]!).join(':');
  return `[${head}::${tail}]`;
}

/** Reads one frame; `link` is its LINKTYPE_ value. */
export function decodeFrame(link: number, frame: Uint8Array): Decoded {
  const fv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const net = network(link, frame, fv);
  if (!('ip' in net)) return net;
  const ip = net.ip;
  if (ip.length < 1) return { bad: 'no IP header' };
  const v = new DataView(ip.buffer, ip.byteOffset, ip.byteLength);
  const version = ip[0]! >> 4;
  let tcp: Uint8Array;
  let src: string;
  let dst: string;
  if (version === 4) {
    const ihl = (ip[0]! & 0x0f) * 4;
    if (ip.length < 20 || ihl < 20 || ip.length < ihl) return { bad: 'IPv4 header cut short' };
    if (ip[9] !== 6) return { skip: `IPv4 protocol ${ip[9]}, not TCP` };
    const flags = v.getUint16(6);
    if (flags & 0x3fff)
      return { bad: 'an IPv4 fragment (this reader does not reassemble fragments)' };
    // The total length drops the Ethernet padding after short packets.
    const total = Math.min(v.getUint16(2) || ip.length, ip.length);
    tcp = ip.subarray(ihl, total);
    src = [...ip.subarray(12, 16)].join('.');
    dst = [...ip.subarray(16, 20)].join('.');
  } else if (version === 6) {
    if (ip.length < 40) return { bad: 'IPv6 header cut short' };
    let next = ip[6]!;
    let at = 40;
    // Hop-by-hop, routing and destination options come before TCP (RFC 8200 §4).
    while ((next === 0 || next === 43 || next === 60) && at + 8 <= ip.length) {
      next = ip[at]!;
      at += (ip[at + 1]! + 1) * 8;
    }
    if (next === 44) return { bad: 'an IPv6 fragment (this reader does not reassemble fragments)' };
    if (next !== 6) return { skip: `IPv6 next header ${next}, not TCP` };
    tcp = ip.subarray(at, Math.min(40 + v.getUint16(4), ip.length));
    src = ipv6Address(v, 8);
    dst = ipv6Address(v, 24);
  } else return { bad: `IP version ${version}` };
  if (tcp.length < 20) return { bad: 'TCP header cut short' };
  const t = new DataView(tcp.buffer, tcp.byteOffset, tcp.byteLength);
  const offset = (tcp[12]! >> 4) * 4;
  if (offset < 20 || offset > tcp.length) return { bad: 'TCP data offset out of range' };
  const flags = tcp[13]!;
  return {
    segment: {
      src: `${src}:${t.getUint16(0)}`,
      dst: `${dst}:${t.getUint16(2)}`,
      seq: t.getUint32(4),
      syn: (flags & 0x02) !== 0,
      fin: (flags & 0x01) !== 0,
      rst: (flags & 0x04) !== 0,
      payload: tcp.subarray(offset),
    },
  };
}
