import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../src/cli/certificate.ts';
import { startTestBridge } from './helpers.ts';

describe('self-signed certificate made with node:crypto', () => {
  const now = new Date('2026-03-01T10:00:00.500Z');
  const made = selfSignedCertificate({ hostname: 'mail.example.test', now });
  const cert = new X509Certificate(made.cert);

  it('names the server, localhost and the loopback addresses', () => {
    expect(cert.subject).toBe('CN=mail.example.test');
    expect(cert.issuer).toBe('CN=mail.example.test');
    expect(made.subject).toBe('CN=mail.example.test');
    expect(cert.subjectAltName).toBe(
      'DNS:mail.example.test, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    expect(cert.checkHost('mail.example.test')).toBe('mail.example.test');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('other.example.test')).toBeUndefined();
  });

  it('is signed by its own key, which is the private key returned', () => {
    const key = createPrivateKey(made.key);
    expect(cert.verify(createPublicKey(key))).toBe(true);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node lists the extended key usage here
  });

  it('is valid from a day before now for a year, with the fingerprint of its DER', () => {
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(made.notBefore.toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(made.fingerprint256).toBe(cert.fingerprint256);
    expect(cert.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it('writes GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    const late = new X509Certificate(
      selfSignedCertificate({ hostname: 'late.test', now: new Date('2049-12-01T00:00:00Z') }).cert,
    );
    expect(new Date(late.validFrom).toISOString()).toBe('2049-11-30T00:00:00.000Z');
    expect(new Date(late.validTo).toISOString()).toBe('2050-12-01T00:00:00.000Z');
  });

  it('takes other names and refuses a host name that is not ASCII', () => {
    const other = new X509Certificate(
      selfSignedCertificate({ hostname: 'mx.other.test', altNames: ['192.0.2.25', '2001:db8::25'] })
        .cert,
    );
    expect(other.subjectAltName).toBe(
      'DNS:mx.other.test, IP Address:192.0.2.25, IP Address:2001:DB8:0:0:0:0:0:25',
    );
    expect(() => selfSignedCertificate({ hostname: 'mäil.test' })).toThrow(RangeError);
  });

  it('is made for the bridge world hostname, and only when a port does TLS', async () => {
    const plain = await startTestBridge();
    expect(plain.bridge.certificate).toBeNull();
    await plain.stop();
    const tb = await startTestBridge({ profile: 'relay', world: { hostname: 'mx.other.test' } });
    try {
      expect(new X509Certificate(tb.bridge.certificate!.pem).subject).toBe('CN=mx.other.test');
      expect(tb.bridge.certificate!.subject).toBe('CN=mx.other.test');
    } finally {
      await tb.stop();
    }
  });
});
