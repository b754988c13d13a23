/**
 * The simulated server as the learner configures it in the side panel: a
 * plain, serialisable object (it is stored in localStorage) turned into the
 * session options the machine takes. The values themselves come from the
 * protocol tables (DIALECTS, EXTENSIONS, DEFAULT_WORLD).
 */
import type { SessionOptions } from '../../machines/session.ts';
import { DIALECTS, type DialectId } from '../../protocol/dialects/index.ts';
import { EXTENSIONS } from '../../protocol/extensions/index.ts';
import { PROFILES, withProfile, type ProfileId } from '../../protocol/profiles.ts';
import { DEFAULT_WORLD, type User, type VerifyPolicy } from '../../protocol/world.ts';

export interface ServerSettings {
  readonly dialect: DialectId;
  /** A port's role (RFC 6409, RFC 8314): its TLS and AUTH policy; 'none' is the plain server. */
  readonly profile: ProfileId | 'none';
  /** EHLO keywords switched on. */
  readonly extensions: readonly string[];
  readonly users: readonly User[];
  readonly localDomains: readonly string[];
  readonly relayDomains: readonly string[];
  readonly vrfy: VerifyPolicy;
  readonly expn: VerifyPolicy;
  /** TURN (RFC 821 §3.8): refused with 502, or accepted, and the learner plays the receiver. */
  readonly turn: 'refuse' | 'accept';
}

/** The choices the world offers for VRFY and EXPN (see `VerifyPolicy`). */
export const VERIFY_POLICIES = [
  'verify',
  'cannot-verify',
  'deny',
  'disabled',
] as const satisfies readonly VerifyPolicy[];

export const DEFAULT_SETTINGS: ServerSettings = {
  dialect: 'rfc5321',
  profile: 'none',
  extensions: DEFAULT_WORLD.extensions,
  users: DEFAULT_WORLD.users,
  localDomains: DEFAULT_WORLD.localDomains,
  relayDomains: DEFAULT_WORLD.relayDomains,
  vrfy: DEFAULT_WORLD.vrfy,
  expn: DEFAULT_WORLD.expn,
  turn: DEFAULT_WORLD.turn,
};

export function sessionOptions(settings: ServerSettings): SessionOptions {
  return {
    dialect: settings.dialect,
    // The profile fills in what the panel does not set (TLS and AUTH policy, RFC 6409's
    // domain check); the extensions are the panel's own choice (chosen with the profile).
    world: withProfile(settings.profile, {
      extensions: settings.extensions,
      users: settings.users,
      localDomains: settings.localDomains,
      relayDomains: settings.relayDomains,
      vrfy: settings.vrfy,
      expn: settings.expn,
      turn: settings.turn,
    }),
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isPolicy = (v: unknown): v is VerifyPolicy =>
  (VERIFY_POLICIES as readonly unknown[]).includes(v);
const isUser = (v: unknown): v is User =>
  typeof v === 'object' &&
  v !== null &&
  isString((v as User).local) &&
  ((v as User).name === undefined || isString((v as User).name));

/** Checks a value read from storage; null when it is not a valid settings object. */
export function parseSettings(value: unknown): ServerSettings | null {
  if (typeof value !== 'object' || value === null) return null;
  const s = value as Record<string, unknown>;
  if (!isString(s.dialect) || !Object.hasOwn(DIALECTS, s.dialect)) return null;
  // Settings saved before profiles existed have none: the plain server.
  const profile = s.profile === undefined ? 'none' : s.profile;
  if (profile !== 'none' && !PROFILES.some((p) => p.id === profile)) return null;
  if (!isStringArray(s.extensions) || !s.extensions.every(isKnownExtension)) return null;
  if (!Array.isArray(s.users) || !s.users.every(isUser)) return null;
  if (!isStringArray(s.localDomains) || !isStringArray(s.relayDomains)) return null;
  if (!isPolicy(s.vrfy) || !isPolicy(s.expn)) return null;
  // Settings saved before TURN could be accepted have none: refused, as before.
  const turn = s.turn === undefined ? 'refuse' : s.turn;
  if (turn !== 'refuse' && turn !== 'accept') return null;
  return {
    dialect: s.dialect as DialectId,
    profile: profile as ProfileId | 'none',
    extensions: s.extensions,
    users: s.users.map((u) => (u.name ? { local: u.local, name: u.name } : { local: u.local })),
    localDomains: s.localDomains,
    relayDomains: s.relayDomains,
    vrfy: s.vrfy,
    expn: s.expn,
    turn,
  };
}

function isKnownExtension(keyword: string): boolean {
  return EXTENSIONS.some((e) => e.keyword === keyword);
}

/** `alice Alice Example` per line: the local part, then the full name. */
export function usersToText(users: readonly User[]): string {
  return users.map((u) => (u.name ? `${u.local} ${u.name}` : u.local)).join('\n');
}

export function usersFromText(text: string): User[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      if (space < 0) return { local: line };
      const name = line.slice(space + 1).trim();
      return name ? { local: line.slice(0, space), name } : { local: line.slice(0, space) };
    });
}

/** Domains separated by commas, spaces or new lines. */
export function listFromText(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter((d) => d !== '');
}

export function sameSettings(a: ServerSettings, b: ServerSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
