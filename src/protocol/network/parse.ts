/**
 * Reads a world file (docs/world-format.md): checks every field, fills in the
 * defaults, and returns the network or the list of problems, each with the
 * path of its field and what was expected.
 */
import { DIALECTS, type DialectId } from '../dialects/index.ts';
import { PROFILES, type ProfileId } from '../profiles.ts';
import { DEFAULT_WORLD, type World } from '../world.ts';
import {
  canonical,
  isDomainName,
  isIPv4,
  isIPv6,
  isObject,
  Problems,
  step,
  type WorldError,
} from './check.ts';
import {
  HOST_ROLES,
  type DnsRecords,
  type HostSpec,
  type MxRecord,
  type Network,
} from './types.ts';
import { checkLinks } from './links.ts';

export type ParseResult =
  | { readonly ok: true; readonly network: Network }
  | { readonly ok: false; readonly errors: readonly WorldError[] };

/** RFC 5321 §4.5.4.1: retry after at least 30 minutes; give up after 4-5 days. */
export const DEFAULT_RETRY = { interval: 30, giveUp: 5 * 24 * 60 } as const;
export const DEFAULT_START = '2026-01-05T09:00:00Z';

const TOP_KEYS = ['format', 'version', 'title', 'seed', 'start', 'retry', 'hosts', 'dns'];
const HOST_KEYS = [
  'name',
  'roles',
  'addresses',
  'dialect',
  'profile',
  'world',
  'acceptsMail',
  'outage',
  'submitTo',
  'account',
];

export function parseNetwork(data: unknown): ParseResult {
  const p = new Problems();
  if (!isObject(data)) {
    p.bad('', 'an object (a world file)', data);
    return { ok: false, errors: p.list };
  }
  unknownKeys(p, '', data, TOP_KEYS);
  if (data.format !== 'smtp-simulator-world')
    p.bad('.format', '"smtp-simulator-world"', data.format);
  if (data.version !== 1) p.bad('.version', '1 (the only version of the format)', data.version);
  if (data.title !== undefined && typeof data.title !== 'string')
    p.bad('.title', 'a string', data.title);
  const seed = data.seed ?? 1;
  if (!Number.isSafeInteger(seed)) p.bad('.seed', 'a whole number', seed);
  const start = data.start ?? DEFAULT_START;
  if (typeof start !== 'string' || Number.isNaN(Date.parse(start)))
    p.bad('.start', 'a date and time such as "2026-01-05T09:00:00Z"', start);
  const retry = readRetry(p, data.retry);
  const hosts = readList(p, '.hosts', data.hosts, readHost);
  const dns = readDns(p, data.dns);
  if (hosts.length === 0 && Array.isArray(data.hosts))
    p.add('.hosts', 'expected at least one host');
  if (p.list.length === 0) checkLinks(p, hosts, dns);
  if (p.list.length > 0) return { ok: false, errors: p.list };
  return {
    ok: true,
    network: {
      format: 'smtp-simulator-world',
      version: 1,
      ...(typeof data.title === 'string' ? { title: data.title } : {}),
      seed: seed as number,
      start: start as string,
      retry,
      hosts,
      dns,
    },
  };
}

function unknownKeys(p: Problems, path: string, o: Record<string, unknown>, known: string[]) {
  for (const k of Object.keys(o))
    if (!known.includes(k))
      p.add(path + step(k), `unknown field; expected one of ${known.join(', ')}`);
}

function readList<T>(
  p: Problems,
  path: string,
  value: unknown,
  read: (p: Problems, path: string, v: unknown) => T | null,
): T[] {
  if (!Array.isArray(value)) {
    p.bad(path, 'a list', value);
    return [];
  }
  return value.flatMap((v, i) => {
    const r = read(p, `${path}[${i}]`, v);
    return r === null ? [] : [r];
  });
}

function readRetry(p: Problems, value: unknown): Network['retry'] {
  if (value === undefined) return DEFAULT_RETRY;
  if (!isObject(value)) {
    p.bad('.retry', 'an object with interval and giveUp (minutes)', value);
    return DEFAULT_RETRY;
  }
  unknownKeys(p, '.retry', value, ['interval', 'giveUp']);
  const interval = value.interval ?? DEFAULT_RETRY.interval;
  const giveUp = value.giveUp ?? DEFAULT_RETRY.giveUp;
  if (!Number.isSafeInteger(interval) || (interval as number) < 1)
    p.bad('.retry.interval', 'a whole number of minutes, at least 1', interval);
  if (!Number.isSafeInteger(giveUp) || (giveUp as number) < (interval as number))
    p.bad('.retry.giveUp', 'a whole number of minutes, at least the interval', giveUp);
  return { interval: interval as number, giveUp: giveUp as number };
}

const DIALECT_IDS = Object.keys(DIALECTS);
const PROFILE_IDS = PROFILES.map((x) => x.id);

function readHost(p: Problems, path: string, v: unknown): HostSpec | null {
  if (!isObject(v)) {
    p.bad(path, 'a host (an object)', v);
    return null;
  }
  unknownKeys(p, path, v, HOST_KEYS);
  const name = typeof v.name === 'string' && isDomainName(v.name) ? canonical(v.name) : '';
  if (!name) p.bad(`${path}.name`, 'a host name such as "mx1.example.test"', v.name);
  const roles = readList(p, `${path}.roles`, v.roles, (p, at, r) => {
    if (HOST_ROLES.includes(r as never)) return r as HostSpec['roles'][number];
    p.bad(at, `one of ${HOST_ROLES.join(', ')}`, r);
    return null;
  });
  if (Array.isArray(v.roles) && v.roles.length === 0)
    p.add(`${path}.roles`, 'expected at least one role');
  const addresses = readList(p, `${path}.addresses`, v.addresses ?? [], (p, at, a) => {
    if (typeof a === 'string' && (isIPv4(a) || isIPv6(a))) return a.toLowerCase();
    p.bad(at, 'an IPv4 or IPv6 address such as "192.0.2.10" or "2001:db8::10"', a);
    return null;
  });
  const dialect = v.dialect ?? 'rfc5321';
  if (!DIALECT_IDS.includes(dialect as string))
    p.bad(`${path}.dialect`, `one of ${DIALECT_IDS.join(', ')}`, dialect);
  // The profile of its port 25; a submission host also listens on 587 (host.ts).
  const profile = v.profile ?? 'relay';
  if (!PROFILE_IDS.includes(profile as ProfileId))
    p.bad(`${path}.profile`, `one of ${PROFILE_IDS.join(', ')}`, profile);
  const world = readWorld(p, `${path}.world`, v.world);
  const acceptsMail = v.acceptsMail ?? true;
  if (typeof acceptsMail !== 'boolean') p.bad(`${path}.acceptsMail`, 'true or false', acceptsMail);
  const host: HostSpec = {
    name,
    roles,
    addresses,
    dialect: dialect as DialectId,
    profile: profile as ProfileId,
    world,
    acceptsMail: acceptsMail as boolean,
  };
  const outage = readOutage(p, `${path}.outage`, v.outage);
  const extra: Partial<HostSpec> = outage ? { outage } : {};
  if (v.submitTo !== undefined) {
    if (typeof v.submitTo === 'string' && isDomainName(v.submitTo))
      Object.assign(extra, { submitTo: canonical(v.submitTo) });
    else p.bad(`${path}.submitTo`, 'the name of a submission host', v.submitTo);
  }
  if (v.account !== undefined) {
    const a = v.account;
    if (isObject(a) && typeof a.user === 'string' && typeof a.password === 'string')
      Object.assign(extra, { account: { user: a.user, password: a.password } });
    else p.bad(`${path}.account`, 'an object with user and password (strings)', a);
  }
  return { ...host, ...extra };
}

function readOutage(p: Problems, path: string, v: unknown): HostSpec['outage'] | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || (v.kind !== 'busy' && v.kind !== 'unreachable')) {
    p.bad(`${path}.kind`, '"busy" (421 at connection) or "unreachable"', isObject(v) ? v.kind : v);
    return undefined;
  }
  unknownKeys(p, path, v, ['kind', 'until']);
  if (v.until === undefined) return { kind: v.kind };
  if (!Number.isSafeInteger(v.until) || (v.until as number) < 0) {
    p.bad(`${path}.until`, 'a whole number of minutes on the simulated clock', v.until);
    return undefined;
  }
  return { kind: v.kind, until: v.until as number };
}

/** A host's server world: only fields of World, each of the default's kind (list, number, ...). */
function readWorld(p: Problems, path: string, v: unknown): Partial<World> {
  if (v === undefined) return {};
  if (!isObject(v)) {
    p.bad(path, 'an object of server settings (see src/protocol/world.ts)', v);
    return {};
  }
  const defaults = DEFAULT_WORLD as unknown as Record<string, unknown>;
  for (const [k, value] of Object.entries(v)) {
    if (!(k in defaults)) {
      p.add(path + step(k), 'unknown server setting (see World in src/protocol/world.ts)');
      continue;
    }
    const want = kindOf(defaults[k]);
    if (kindOf(value) !== want) p.bad(path + step(k), want, value);
  }
  return v as Partial<World>;
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function readDns(p: Problems, v: unknown): Record<string, DnsRecords> {
  if (!isObject(v)) {
    p.bad('.dns', 'an object of records by domain name', v);
    return {};
  }
  const out: Record<string, DnsRecords> = {};
  for (const [key, records] of Object.entries(v)) {
    const path = `.dns${step(key)}`;
    if (!isDomainName(key)) p.add(path, 'expected a domain name as the key');
    if (!isObject(records)) {
      p.bad(path, 'an object with mx, a, aaaa', records);
      continue;
    }
    unknownKeys(p, path, records, ['mx', 'a', 'aaaa']);
    const r: { mx?: MxRecord[]; a?: string[]; aaaa?: string[] } = {};
    if (records.mx !== undefined) r.mx = readList(p, `${path}.mx`, records.mx, readMx);
    if (records.a !== undefined)
      r.a = readList(p, `${path}.a`, records.a, (p, at, a) =>
        typeof a === 'string' && isIPv4(a) ? a : (p.bad(at, 'an IPv4 address', a), null),
      );
    if (records.aaaa !== undefined)
      r.aaaa = readList(p, `${path}.aaaa`, records.aaaa, (p, at, a) =>
        typeof a === 'string' && isIPv6(a)
          ? a.toLowerCase()
          : (p.bad(at, 'an IPv6 address', a), null),
      );
    // RFC 7505 §3: a null MX is a single record, preference 0; no other MX beside it.
    const mx = r.mx ?? [];
    if (mx.some((m) => m.exchange === '.') && (mx.length > 1 || mx[0]!.preference !== 0))
      p.add(
        `${path}.mx`,
        'expected a null MX (exchange ".") alone, with preference 0 (RFC 7505 §3)',
      );
    out[canonical(key)] = r;
  }
  return out;
}

function readMx(p: Problems, path: string, v: unknown): MxRecord | null {
  if (!isObject(v)) {
    p.bad(path, 'an object with preference and exchange', v);
    return null;
  }
  unknownKeys(p, path, v, ['preference', 'exchange']);
  const { preference, exchange } = v;
  // RFC 1035 §3.3.9: PREFERENCE is a 16-bit integer.
  if (
    !Number.isSafeInteger(preference) ||
    (preference as number) < 0 ||
    (preference as number) > 65535
  )
    p.bad(`${path}.preference`, 'a whole number from 0 to 65535', preference);
  if (typeof exchange !== 'string' || (exchange !== '.' && !isDomainName(exchange))) {
    p.bad(`${path}.exchange`, 'a host name, or "." for a null MX', exchange);
    return null;
  }
  return {
    preference: preference as number,
    exchange: exchange === '.' ? '.' : canonical(exchange),
  };
}
