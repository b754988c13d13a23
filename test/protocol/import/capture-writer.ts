/**
 * Writes small capture files for the tests: classic pcap (little-endian,
 * microseconds) and pcapng (one interface, enhanced packet blocks), with
 * IPv4/TCP frames on a chosen link type. Checksums are left zero: the reader
 * does not check them, as a capture of offloaded traffic has wrong ones.
 */

export interface Frame {
  /** Seconds since the epoch (fractions kept to the microsecond). */
  readonly t: number;
  readonly data: Uint8Array;
}

const enc = new TextEncoder();

export interface Tcp {
  readonly from: [string, number];
  readonly to: [string, number];
  readonly seq: number;
  readonly flags?: 'S' | 'F' | '';
  readonly text?: string | Uint8Array;
}

function ipv4(a: string): number[] {
  return a.split('.').map(Number);
}

/** An IPv4 packet holding a TCP segment. */
export function ipTcp(s: Tcp, fragment = false): Uint8Array {
  const payload = typeof s.text === 'string' ? enc.encode(s.text) : (s.text ?? new Uint8Array());
  const tcp = new Uint8Array(20 + payload.length);
  const t = new DataView(tcp.buffer);
  t.setUint16(0, s.from[1]);
  t.setUint16(2, s.to[1]);
  t.setUint32(4, s.seq >>> 0);
  tcp[12] = 5 << 4;
  tcp[13] = (s.flags === 'S' ? 0x02 : s.flags === 'F' ? 0x01 : 0) | 0x10;
  tcp.set(payload, 20);
  const ip = new Uint8Array(20 + tcp.length);
  const v = new DataView(ip.buffer);
  ip[0] = 0x45;
  v.setUint16(2, ip.length);
  if (fragment) v.setUint16(6, 0x2000);
  ip[8] = 64;
  ip[9] = 6;
  ip.set(ipv4(s.from[0]), 12);
  ip.set(ipv4(s.to[0]), 16);
  ip.set(tcp, 20);
  return ip;
}

/** Puts an IP packet in a link-layer frame. */
export function frame(
  link: 'ethernet' | 'vlan' | 'null' | 'sll' | 'sll2',
  ip: Uint8Array,
): Uint8Array {
  const head =
    link === 'ethernet'
      ? [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x08, 0x00]
      : link === 'vlan'
        ? [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x81, 0x00, 0, 7, 0x08, 0x00]
        : link === 'null'
          ? [2, 0, 0, 0]
          : link === 'sll'
            ? [0, 0, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00]
            : [0x08, 0x00, 0, 0, 0, 0, 0, 1, 0x03, 0x04, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0];
  const out = new Uint8Array(head.length + ip.length);
  out.set(head);
  out.set(ip, head.length);
  return out;
}

export const LINKTYPE = { ethernet: 1, vlan: 1, null: 0, sll: 113, sll2: 276 } as const;

export function pcap(link: number, frames: readonly Frame[]): Uint8Array {
  const size = 24 + frames.reduce((n, f) => n + 16 + f.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, link, true);
  let at = 24;
  for (const f of frames) {
    v.setUint32(at, Math.floor(f.t), true);
    v.setUint32(at + 4, Math.round((f.t % 1) * 1e6), true);
    v.setUint32(at + 8, f.data.length, true);
    v.setUint32(at + 12, f.data.length, true);
    out.set(f.data, at + 16);
    at += 16 + f.data.length;
  }
  return out;
}

/** pcapng, big-endian, one interface with nanosecond time stamps (if_tsresol 9). */
export function pcapng(link: number, frames: readonly Frame[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  const block = (type: number, body: Uint8Array) => {
    const padded = Math.ceil(body.length / 4) * 4;
    const b = new Uint8Array(12 + padded);
    const v = new DataView(b.buffer);
    v.setUint32(0, type);
    v.setUint32(4, b.length);
    b.set(body, 8);
    v.setUint32(b.length - 4, b.length);
    blocks.push(b);
  };
  const shb = new Uint8Array(16);
  new DataView(shb.buffer).setUint32(0, 0x1a2b3c4d);
  new DataView(shb.buffer).setUint16(4, 1);
  new DataView(shb.buffer).setBigInt64(8, -1n);
  block(0x0a0d0d0a, shb);
  const idb = new Uint8Array(8 + 8 + 4);
  const iv = new DataView(idb.buffer);
  iv.setUint16(0, link);
  iv.setUint32(4, 262144);
  iv.setUint16(8, 9); // if_tsresol
  iv.setUint16(10, 1);
  idb[12] = 9;
  block(1, idb);
  for (const f of frames) {
    const body = new Uint8Array(20 + f.data.length);
    const v = new DataView(body.buffer);
    const ns = BigInt(Math.round(f.t * 1e6)) * 1000n;
    v.setUint32(4, Number(ns >> 32n));
    v.setUint32(8, Number(ns & 0xffffffffn));
    v.setUint32(12, f.data.length);
    v.setUint32(16, f.data.length);
    body.set(f.data, 20);
    block(6, body);
  }
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}
