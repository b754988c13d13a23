/**
 * A small reader of capture files: classic pcap (microsecond and nanosecond,
 * either byte order) and pcapng (section header, interface description,
 * enhanced, simple and the old packet blocks; several sections, each
 * interface with its own link type and time resolution). It yields the
 * packets with their number (from 1, as capture tools count them), time and
 * link type; everything else it meets is a problem with the block's place.
 */
import type { Problem } from './dialogue.ts';

export interface CapturedPacket {
  /** Packet number, from 1. */
  readonly n: number;
  /** Capture time, ISO 8601 UTC with the file's precision (`2026-12-07T11:29:01.123456Z`). */
  readonly at: string;
  /** LINKTYPE_ value of the interface the packet was captured on. */
  readonly link: number;
  readonly data: Uint8Array;
}

export interface CaptureFile {
  readonly format: 'pcap' | 'pcapng';
  readonly packets: readonly CapturedPacket[];
  readonly problems: readonly Problem[];
}

const PCAPNG_SHB = 0x0a0d0d0a;

/** True when the bytes start like a pcap or pcapng file. */
export function isCapture(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const m = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  return [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, PCAPNG_SHB].includes(m);
}

/** Seconds and a fraction in units of 10^-digits, as an ISO time. */
let lastSecond = -1n;
let lastWhole = '';
function iso(seconds: bigint, fraction: bigint, digits: number): string {
  // Packets come many to a second: the date part is made once per second.
  if (seconds !== lastSecond) {
    lastSecond = seconds;
    const date = new Date(Number(seconds) * 1000);
    // A stamp past what a Date holds (a damaged file) is given in seconds.
    lastWhole = Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19);
  }
  const part = digits === 0 ? '' : `.${fraction.toString().padStart(digits, '0')}`;
  return lastWhole === '' ? `${seconds}${part} s after 1970` : `${lastWhole}${part}Z`;
}

export function readCapture(bytes: Uint8Array): CaptureFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isCapture(bytes)) {
    const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const why = `not a pcap or pcapng file (it starts with ${head || 'nothing'})`;
    return { format: 'pcap', packets: [], problems: [{ line: 0, text: '', why }] };
  }
  if (view.getUint32(0, false) === PCAPNG_SHB) return readPcapng(bytes, view);
  return readPcap(bytes, view);
}

function readPcap(bytes: Uint8Array, view: DataView): CaptureFile {
  const problems: Problem[] = [];
  const packets: CapturedPacket[] = [];
  if (bytes.length < 24) {
    problems.push({ line: 0, text: '', why: 'too short for a pcap file header (24 octets)' });
    return { format: 'pcap', packets, problems };
  }
  const magic = view.getUint32(0, false);
  const little = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const link = view.getUint32(20, little) & 0xffff;
  let at = 24;
  let n = 0;
  while (at < bytes.length) {
    n++;
    if (at + 16 > bytes.length) {
      problems.push({ line: n, text: '', why: 'the file ends inside a packet record header' });
      break;
    }
    const sec = view.getUint32(at, little);
    const frac = view.getUint32(at + 4, little);
    const caplen = view.getUint32(at + 8, little);
    if (at + 16 + caplen > bytes.length) {
      problems.push({
        line: n,
        text: '',
        why: `the file ends inside packet ${n} (${caplen} octets announced)`,
      });
      break;
    }
    packets.push({
      n,
      at: iso(BigInt(sec), BigInt(frac), nano ? 9 : 6),
      link,
      data: bytes.subarray(at + 16, at + 16 + caplen),
    });
    at += 16 + caplen;
  }
  return { format: 'pcap', packets, problems };
}

interface Interface {
  readonly link: number;
  /** Units per second of the time stamps, and how many decimal digits to print. */
  readonly perSecond: bigint;
  readonly digits: number;
}

/** if_tsresol (option 9): 10^-v, or 2^-v when the high bit is set; 10^-6 by default. */
function resolution(options: Uint8Array, view: DataView, little: boolean): [bigint, number] {
  let at = 0;
  while (at + 4 <= options.length) {
    const code = view.getUint16(options.byteOffset - view.byteOffset + at, little);
    const len = view.getUint16(options.byteOffset - view.byteOffset + at + 2, little);
    if (code === 0) break;
    if (at + 4 + len > options.length) break;
    if (code === 9 && len >= 1) {
      const v = options[at + 4]!;
      if (v & 0x80) return [1n << BigInt(v & 0x7f), 9];
      return [10n ** BigInt(v), v];
    }
    at += 4 + Math.ceil(len / 4) * 4;
  }
  return [1_000_000n, 6];
}

/**
 * The octets of fixed fields before a block's options or packet data
 * (pcapng: interface description 8, obsolete packet and enhanced packet 20,
 * simple packet 4); a shorter block is damaged.
 */
const FIXED_FIELDS: Readonly<Record<number, number>> = { 1: 8, 2: 20, 3: 4, 6: 20 };

function readPcapng(bytes: Uint8Array, view: DataView): CaptureFile {
  const problems: Problem[] = [];
  const packets: CapturedPacket[] = [];
  let little = true;
  let interfaces: Interface[] = [];
  let at = 0;
  let n = 0;
  const stamp = (iface: Interface, high: number, low: number) => {
    const units = (BigInt(high) << 32n) | BigInt(low);
    const seconds = units / iface.perSecond;
    const rest = units % iface.perSecond;
    // A binary resolution is printed in nanoseconds.
    const fraction =
      iface.digits === 9 && iface.perSecond !== 10n ** 9n
        ? (rest * 10n ** 9n) / iface.perSecond
        : rest;
    return iso(seconds, fraction, iface.digits);
  };
  while (at + 12 <= bytes.length) {
    const type = view.getUint32(at, little);
    if (type === PCAPNG_SHB) little = view.getUint32(at + 8, true) === 0x1a2b3c4d;
    const length = view.getUint32(at + 4, little);
    if (length < 12 || length % 4 !== 0 || at + length > bytes.length) {
      problems.push({
        line: n + 1,
        text: '',
        why: `a block at octet ${at} has a bad length (${length})`,
      });
      break;
    }
    const body = bytes.subarray(at + 8, at + length - 4);
    const b = at + 8;
    const fixed = FIXED_FIELDS[type] ?? 0;
    if (body.length < fixed) {
      problems.push({
        line: n + 1,
        text: '',
        why: `a block at octet ${at} is too short for its type (${body.length} octets, ${fixed} needed)`,
      });
      at += length;
      continue;
    }
    if (type === PCAPNG_SHB) interfaces = [];
    else if (type === 1) {
      const [perSecond, digits] = resolution(body.subarray(8), view, little);
      interfaces.push({ link: view.getUint16(b, little), perSecond, digits });
    } else if (type === 6 || type === 2 || type === 3) {
      n++;
      const old = type === 2;
      const id = type === 3 ? 0 : old ? view.getUint16(b, little) : view.getUint32(b, little);
      const iface = interfaces[id];
      const caplen =
        type === 3
          ? Math.min(view.getUint32(b, little), body.length - 4)
          : view.getUint32(b + 12, little);
      const start = type === 3 ? 4 : 20;
      if (!iface)
        problems.push({
          line: n,
          text: '',
          why: `packet ${n} names interface ${id}, which the file does not describe`,
        });
      else if (start + caplen > body.length)
        problems.push({ line: n, text: '', why: `packet ${n} is longer than its block` });
      else
        packets.push({
          n,
          at:
            type === 3
              ? ''
              : stamp(iface, view.getUint32(b + 4, little), view.getUint32(b + 8, little)),
          link: iface.link,
          data: body.subarray(start, start + caplen),
        });
    }
    // Other blocks (name resolution, statistics, custom) carry no packet.
    at += length;
  }
  if (at < bytes.length)
    problems.push({
      line: n + 1,
      text: '',
      why: `${bytes.length - at} octets after the last whole block`,
    });
  return { format: 'pcapng', packets, problems };
}
