/**
 * SASL mechanisms for AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN (no RFC in our
 * set: the widespread "Username:"/"Password:" exchange), CRAM-MD5 (RFC 2195).
 * Each is a small state machine over base64 lines, pure, so a learner can
 * decode every line and a test can check it.
 */
import { decode, encode } from './bytes.ts';
import { hex, hmacMd5 } from './md5.ts';

export type Accounts = readonly { readonly user: string; readonly password: string }[];

export type SaslStep =
  /** Send `334 <challenge>` and wait for the next line. */
  | { readonly kind: 'challenge'; readonly challenge: string; readonly state: SaslState }
  | { readonly kind: 'success'; readonly user: string }
  | { readonly kind: 'failure'; readonly user?: string }
  /** The client's line was not base64 (RFC 4954 §4: 501 5.5.2). */
  | { readonly kind: 'malformed' };

export type SaslState =
  | { readonly mechanism: 'PLAIN' }
  | { readonly mechanism: 'LOGIN'; readonly user?: string }
  | { readonly mechanism: 'CRAM-MD5'; readonly challenge: string };

export const MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const;

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function fromBase64(text: string): Uint8Array | null {
  if (!B64.test(text)) return null;
  const binary = atob(text);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array | string): string {
  const b = typeof bytes === 'string' ? encode(bytes) : bytes;
  return btoa(String.fromCharCode(...b));
}

const passwordOf = (accounts: Accounts, user: string) =>
  accounts.find((a) => a.user === user)?.password;

/**
 * Starts a mechanism. `initial` is the initial response of `AUTH <mech> <initial>`
 * (`=` stands for an empty one, RFC 4954 §4); `nonce` makes the CRAM-MD5 challenge.
 */
export function startSasl(
  mechanism: string,
  initial: string | undefined,
  accounts: Accounts,
  server: { host: string; nonce: string; challenge?: string | undefined },
): SaslStep | null {
  switch (mechanism) {
    case 'PLAIN':
      return initial === undefined
        ? { kind: 'challenge', challenge: '', state: { mechanism } }
        : stepSasl({ mechanism }, initial, accounts);
    case 'LOGIN':
      if (initial !== undefined) return stepSasl({ mechanism }, initial, accounts);
      return { kind: 'challenge', challenge: toBase64('Username:'), state: { mechanism } };
    case 'CRAM-MD5': {
      // RFC 2195 §2: the challenge has the form of an RFC 822 msg-id.
      const challenge = server.challenge ?? `<${server.nonce}@${server.host}>`;
      return { kind: 'challenge', challenge: toBase64(challenge), state: { mechanism, challenge } };
    }
    default:
      return null;
  }
}

/** One client line of an exchange under way. */
export function stepSasl(state: SaslState, line: string, accounts: Accounts): SaslStep {
  const bytes = line === '=' ? new Uint8Array(0) : fromBase64(line);
  if (!bytes) return { kind: 'malformed' };
  switch (state.mechanism) {
    case 'PLAIN': {
      // RFC 4616 §2: [authzid] NUL authcid NUL passwd.
      const parts = decode(bytes).split('\0');
      if (parts.length !== 3) return { kind: 'failure' };
      const [authzid, user, password] = parts as [string, string, string];
      if (authzid !== '' && authzid !== user) return { kind: 'failure', user };
      return passwordOf(accounts, user) === password
        ? { kind: 'success', user }
        : { kind: 'failure', user };
    }
    case 'LOGIN': {
      const text = decode(bytes);
      if (state.user === undefined)
        return {
          kind: 'challenge',
          challenge: toBase64('Password:'),
          state: { mechanism: 'LOGIN', user: text },
        };
      return passwordOf(accounts, state.user) === text
        ? { kind: 'success', user: state.user }
        : { kind: 'failure', user: state.user };
    }
    case 'CRAM-MD5': {
      // RFC 2195 §2: "user digest", the digest HMAC-MD5(secret, challenge) in lower-case hex.
      const m = /^(.+) ([0-9a-f]{32})$/.exec(decode(bytes));
      if (!m) return { kind: 'failure' };
      const [, user, digest] = m as unknown as [string, string, string];
      const secret = passwordOf(accounts, user);
      const expected =
        secret === undefined ? '' : hex(hmacMd5(encode(secret), encode(state.challenge)));
      return digest === expected ? { kind: 'success', user } : { kind: 'failure', user };
    }
  }
}
