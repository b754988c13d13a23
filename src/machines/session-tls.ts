import type { TlsInfo } from './types.ts';

/** What the browser shows for a handshake it cannot really do: no cryptography, clearly marked. */
export function simulatedTls(host: string): TlsInfo {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    certificate: `CN=${host} (self-signed, simulated)`,
    simulated: true,
  };
}
