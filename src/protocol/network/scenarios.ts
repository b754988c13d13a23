/**
 * Ready-made variants of a world for the journey view: each changes a copy
 * of the world's data (docs/world-format.md) so that one lesson of RFC 5321
 * §5 shows: the backup MX, a null MX (RFC 7505), a 4yz retried from the
 * queue (§4.5.4.1), a 5yz bounced (RFC 3464), a queue that gives up. The
 * variant is parsed like any world file, so it is checked the same way.
 */
import { DEFAULT_NETWORK_DATA } from './default-network.ts';
import { parseNetwork } from './parse.ts';
import { makeWorld } from '../world.ts';
import { hostWorld } from './host.ts';
import type { Network } from './types.ts';

export type ScenarioId =
  'direct' | 'backup-mx' | 'retry' | 'give-up' | 'unknown-user' | 'no-mail-host' | 'null-mx';

export interface Scenario {
  readonly id: ScenarioId;
  /** The recipients it is meant for (the learner may change them). */
  readonly to: readonly string[];
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'direct', to: ['alice@example.test'] },
  // mx1 answers 421 for 45 minutes: mx2 (preference 20) takes it and queues it for mx1.
  { id: 'backup-mx', to: ['alice@example.test'] },
  // mx1 is the only MX and busy for 45 minutes: queued, retried at 30 (still 421), delivered at 60.
  { id: 'retry', to: ['alice@example.test'] },
  // mx1 is the only MX and busy for ever; the give-up time is 2 hours: a bounce, 4.0.0 (a 421 at connection has no enhanced code).
  { id: 'give-up', to: ['alice@example.test'] },
  // mx1 refuses an unknown mailbox with 550: a bounce (RFC 3464) from <> back to the sender.
  { id: 'unknown-user', to: ['nobody@example.test'] },
  // mx1 never takes mail (521, RFC 7504): mx2 takes it, may only hand it to mx1, and bounces it
  // back over SMTP to the sender's domain (its address record is an implicit MX).
  { id: 'no-mail-host', to: ['alice@example.test'] },
  // nomail.test publishes a null MX: the submission server refuses the recipient at once (556).
  { id: 'null-mx', to: ['alice@nomail.test'] },
];

interface HostData {
  name: string;
  acceptsMail?: boolean;
  outage?: { kind: 'busy' | 'unreachable'; until?: number };
}
interface WorldData {
  retry?: { interval: number; giveUp: number };
  // Optional: a file that lacks them is reported by the parser, not broken here.
  hosts?: HostData[];
  dns?: Record<string, { mx?: { preference: number; exchange: string }[] }>;
}

const MX1 = 'mx1.example.test';

function mx1Only(d: WorldData) {
  const records = d.dns?.['example.test'];
  if (records?.mx) records.mx = records.mx.filter((m) => m.exchange === MX1);
}

function busyMx1(d: WorldData, until?: number) {
  const host = d.hosts?.find((h) => h.name === MX1);
  if (host) host.outage = until === undefined ? { kind: 'busy' } : { kind: 'busy', until };
}

const CHANGES: Record<ScenarioId, (d: WorldData) => void> = {
  direct: () => {},
  'backup-mx': (d) => busyMx1(d, 45),
  retry: (d) => {
    mx1Only(d);
    busyMx1(d, 45);
  },
  'give-up': (d) => {
    mx1Only(d);
    busyMx1(d);
    d.retry = { interval: 30, giveUp: 120 };
  },
  'unknown-user': () => {},
  'no-mail-host': (d) => {
    const host = d.hosts?.find((h) => h.name === MX1);
    if (host) host.acceptsMail = false;
  },
  'null-mx': () => {},
};

/** The world of a scenario, made from `data` (the default world's by default). */
export function scenarioNetwork(id: ScenarioId, data: unknown = DEFAULT_NETWORK_DATA): Network {
  const copy = structuredClone(data) as WorldData;
  CHANGES[id](copy);
  const parsed = parseNetwork(copy);
  if (!parsed.ok)
    throw new Error(
      `scenario ${id}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return parsed.network;
}

/** A mailbox of the world: an address a host with the `mailbox` role delivers locally. */
export interface WorldMailbox {
  readonly address: string;
  readonly host: string;
  /** The POP3 account that reads it (the host's world `accounts`), if there is one. */
  readonly account?: { readonly user: string; readonly password: string };
}

/** Every user of every local domain of the mailbox hosts, in the file's order. */
export function worldMailboxes(network: Network): WorldMailbox[] {
  const out: WorldMailbox[] = [];
  for (const host of network.hosts) {
    if (!host.roles.includes('mailbox')) continue;
    const world = makeWorld(hostWorld(network, host, 25));
    for (const domain of world.localDomains)
      for (const user of world.users) {
        const account = world.accounts.find(
          (a) => a.user.toLowerCase() === user.local.toLowerCase(),
        );
        out.push({
          address: `${user.local}@${domain}`.toLowerCase(),
          host: host.name,
          ...(account ? { account } : {}),
        });
      }
  }
  return out;
}

/** The letter a scenario's MUA submits: a short note from the sender to the recipients. */
export function scenarioLetter(from: string, to: readonly string[]): string {
  const name = (a: string) => a.slice(0, a.indexOf('@'));
  return [
    `From: ${name(from)} <${from}>`,
    `To: ${to.map((a) => `<${a}>`).join(', ')}`,
    'Subject: Lunch on Friday?',
    '',
    `Hello ${to.map(name).join(' and ')},`,
    '',
    'Lunch on Friday at noon?',
    '',
    name(from),
    '',
  ].join('\r\n');
}
