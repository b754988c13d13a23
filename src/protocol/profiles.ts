/**
 * Server profiles by port (RFC 6409, RFC 8314): the same protocol, configured
 * for its role. A profile is a partial world; the bridge can serve several
 * ports, one profile each.
 */
import { MECHANISMS } from './sasl.ts';
import type { World } from './world.ts';

export type ProfileId = 'relay' | 'submission' | 'submissions' | 'alternate';

export interface Profile {
  readonly id: ProfileId;
  readonly port: number;
  readonly title: string;
  readonly rfc: string;
  readonly world: Partial<World>;
}

/** The extensions today's servers offer on every port (the profiles add STARTTLS and AUTH). */
export const MODERN = [
  'PIPELINING',
  'SIZE',
  '8BITMIME',
  'ENHANCEDSTATUSCODES',
  'DSN',
  'SMTPUTF8',
  'CHUNKING',
  'BINARYMIME',
];

/** Submission: AUTH before MAIL (RFC 6409 §4.3), offered only under TLS (RFC 4954 §4), relaying for the authenticated. */
const SUBMISSION: Partial<World> = {
  extensions: [...MODERN, 'STARTTLS', 'AUTH'],
  tls: { offered: true, required: false, implicit: false },
  auth: { mechanisms: [...MECHANISMS], required: true, requireTls: true },
  requireQualifiedDomains: true,
};

export const PROFILES: readonly Profile[] = [
  {
    id: 'relay',
    port: 25,
    title: 'Relay (MTA to MTA): mail for local domains only',
    rfc: 'RFC 5321 §4.5.4.2, RFC 6409 §3.1',
    world: {
      extensions: [...MODERN, 'STARTTLS'],
      tls: { offered: true, required: false, implicit: false },
    },
  },
  {
    id: 'submission',
    port: 587,
    title: 'Submission (MUA to MSA), STARTTLS',
    rfc: 'RFC 6409 §3.1, RFC 3207 §4.3',
    world: SUBMISSION,
  },
  {
    id: 'submissions',
    port: 465,
    title: 'Submission over implicit TLS',
    rfc: 'RFC 8314 §3.3',
    world: {
      ...SUBMISSION,
      extensions: [...MODERN, 'AUTH'],
      tls: { offered: false, required: false, implicit: true },
    },
  },
  {
    id: 'alternate',
    port: 2525,
    title: 'Port 2525: no RFC assigns it; providers use it as a second submission port',
    rfc: 'none: no RFC assigns port 2525',
    world: SUBMISSION,
  },
];

export function profileById(id: string | null | undefined): Profile | undefined {
  return id ? PROFILES.find((p) => p.id === id) : undefined;
}

/**
 * A world on a port of this profile: what `world` says wins, the profile
 * fills in the rest (its extensions, TLS and AUTH policy, RFC 6409's domain
 * check), and the defaults (makeWorld) what neither says. The one meaning of
 * "profile over world" for the app, the lessons and the bridge.
 */
export function withProfile(
  profile: string | null | undefined,
  world: Partial<World> = {},
): Partial<World> {
  const p = profileById(profile);
  return p ? { ...p.world, ...world } : world;
}
