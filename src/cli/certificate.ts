/**
 * A self-signed X.509 certificate made in memory with node:crypto alone, for
 * the bridge's real TLS (STARTTLS, RFC 3207; implicit TLS, RFC 8314). Node can
 * make keys and sign, but not build certificates, so the DER (X.690) of one
 * small certificate (RFC 5280) is written out here: an ECDSA P-256 key, the
 * server's name as subject and issuer, and subjectAltName entries for the
 * names clients use to reach it. Clients must be told not to verify it
 * (curl -k, Nodemailer tls.rejectUnauthorized false) or to trust it (its PEM).
 */
import { X509Certificate, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

export interface Credentials {
  /** PKCS #8 private key, PEM. */
  readonly key: string;
  /** The certificate, PEM. */
  readonly cert: string;
  /** Subject as OpenSSL prints it in one line, e.g. `CN=mail.example.test`. */
  readonly subject: string;
  /** SHA-256 of the DER certificate, `AB:CD:...`, as browsers and `openssl x509 -fingerprint` show it. */
  readonly fingerprint256: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

// --- DER (ITU-T X.690 §8, §10) -------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
/** A BIT STRING holding whole octets (no unused bits). */
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
const utf8String = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
/** [n] EXPLICIT, constructed. */
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);

/** A non-negative INTEGER from big-endian bytes: shortest form, a leading 0 if the top bit is set. */
function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const arc of rest) {
    const base128 = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      base128.unshift(0x80 | (v & 0x7f));
    out.push(...base128);
  }
  return tlv(0x06, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC, no fractions. */
function time(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-03-01T10:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20260301100000
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

// --- The certificate (RFC 5280 §4.1) -------------------------------------------

const OID = {
  commonName: '2.5.4.3',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write 8 groups of 16 bits.
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parts = (s: string | undefined) => (s ? s.split(':') : []);
  const groups = [
    ...parts(head),
    ...Array<string>(8 - parts(head).length - parts(tail).length).fill('0'),
    ...parts(tail),
  ];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** GeneralName (RFC 5280 §4.2.1.6): [2] dNSName IA5String, [7] iPAddress OCTET STRING, both IMPLICIT. */
function generalName(name: string): Buffer {
  if (isIPv4(name) || isIPv6(name)) return tlv(0x87, ipBytes(name));
  return tlv(0x82, Buffer.from(name, 'ascii'));
}

export interface CertificateOptions {
  /** The server's name: the subject's CN and the first subjectAltName. */
  readonly hostname: string;
  /** More names and addresses for subjectAltName (clients check these, RFC 6125). */
  readonly altNames?: readonly string[];
  /** Validity starts this long before now (clock skew), ends `days` after now. */
  readonly days?: number;
  readonly now?: Date;
}

/** Names every bridge certificate carries besides the server's own: how a local client reaches it. */
export const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'] as const;

/** Makes a fresh key pair and a self-signed certificate for `hostname`. */
export function selfSignedCertificate(options: CertificateOptions): Credentials {
  const { hostname } = options;
  if (!/^[\x21-\x7e]+$/.test(hostname))
    throw new RangeError(`a certificate needs an ASCII host name (got "${hostname}")`);
  const now = options.now ?? new Date();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 24 * 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + ((options.days ?? 365) + 1) * 24 * 3600 * 1000);
  const altNames = [...new Set([hostname, ...(options.altNames ?? LOCAL_NAMES)])];

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = sequence(set(sequence(oid(OID.commonName), utf8String(hostname))));
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets, unpredictable.
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;

  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))), // version v3
    unsignedInteger(serial),
    algorithm,
    name, // issuer: self-signed
    sequence(time(notBefore), time(notAfter)),
    name, // subject
    spki,
    explicit(
      3,
      sequence(
        extension(OID.basicConstraints, true, sequence()), // cA FALSE
        extension(OID.keyUsage, true, tlv(0x03, Buffer.from([7, 0x80]))), // digitalSignature
        extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
        extension(OID.subjectAltName, false, sequence(...altNames.map(generalName))),
      ),
    ),
  );
  // ECDSA signatures come DER-encoded (Ecdsa-Sig-Value) from node:crypto by default.
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, algorithm, bitString(signature));

  const cert = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/.{64}/g, '$&\n')
    .replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  const parsed = new X509Certificate(cert);
  if (!parsed.verify(publicKey)) throw new Error('the new certificate does not verify');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    cert,
    subject: parsed.subject.replace(/\n/g, ', '),
    fingerprint256: createHash('sha256')
      .update(der)
      .digest('hex')
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:'),
    notBefore,
    notAfter,
  };
}
