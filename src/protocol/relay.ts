/**
 * Where a recipient's mail goes in this world (local, relayed, forwarded;
 * RFC 5321 §3.4, §3.6, RFC 821 §3.6) and which envelope domains an MSA
 * refuses (RFC 6409 §4.2).
 */
import { mailboxText, pathText, type Path } from './address.ts';
import type { Dialect } from './dialects/index.ts';
import type { EsmtpParam } from './params.ts';
import { reply, type Reply } from './replies.ts';
import type { Envelope, Outcome, Recipient, ServerContext } from './session-state.ts';
import type { World } from './world.ts';

export const lower = (s: string) => s.toLowerCase();

/**
 * RFC 6409 §4.2: an MSA makes sure every domain in the envelope is fully
 * qualified, one the DNS could resolve, "not a local alias or partial
 * specification" (§2.1). The world has no DNS: a name counts as complete when
 * it is an address literal, one of the world's own or relay domains, or ends
 * in a top-level domain it knows. Returns the first domain that is not.
 */
export function unqualifiedDomain(world: World, path: Path): string | null {
  if (!world.requireQualifiedDomains || path.kind !== 'mailbox') return null;
  for (const domain of [...path.route, path.mailbox.domain])
    if (!isQualified(world, domain)) return domain;
  return null;
}

export function isQualified(world: World, domain: string): boolean {
  if (domain.startsWith('[')) return true;
  const d = lower(domain).replace(/\.$/, '');
  const known = [...world.localDomains, ...world.relayDomains, world.hostname].map(lower);
  if (known.includes(d)) return true;
  const labels = d.split('.');
  if (labels.length < 2) return false;
  const tld = labels[labels.length - 1]!;
  return (
    /^[a-z]{2}$/.test(tld) ||
    tld.startsWith('xn--') ||
    /[^\p{ASCII}]/u.test(tld) ||
    world.topLevelDomains.some((t) => lower(t) === tld)
  );
}

/** Does this world's resolver know the domain publishes a null MX (RFC 7505 §3)? */
export function hasNullMx(world: World, domain: string): boolean {
  const d = lower(domain).replace(/\.$/, '');
  return world.nullMxDomains.some((n) => lower(n) === d);
}

export type Resolution =
  | { ok: true; route: Recipient['route']; mailbox: string; reply: Reply; moved?: boolean }
  | { ok: false; reply: Reply; unknown?: boolean };

/** Is this name this host (its own name or a local domain)? */
export function isSelf(world: World, host: string): boolean {
  const h = lower(host);
  return h === lower(world.hostname) || world.localDomains.some((d) => lower(d) === h);
}

function relays(world: World, host: string, authenticated = false): boolean {
  // RFC 6409 §3.1, §4.3: an authenticated submission client may send anywhere.
  if (authenticated) return true;
  const list = world.relayDomains.map(lower);
  return list.includes('*') || list.includes(lower(host));
}

/**
 * Where a recipient's mail would go in this world: a local mailbox, a relay,
 * a forwarding address (RFC 5321 §3.4, §3.6). Source routes are followed hop
 * by hop in the eras that had them (RFC 821 §3.6) and ignored afterwards
 * (RFC 1123 §5.2.6, RFC 5321 §4.1.2).
 */
export function resolveRecipient(
  world: World,
  dialect: Dialect,
  path: Path,
  authenticated = false,
): Resolution {
  if (path.kind === 'null')
    return {
      ok: false,
      reply: reply('badRecipient', { reason: 'the null path <> is not allowed here' }),
    };
  const domains = world.localDomains.map(lower);
  if (path.kind === 'postmaster') {
    // RFC 5321 §4.1.1.3: <Postmaster> without a domain MUST be accepted.
    return {
      ok: true,
      route: 'local',
      mailbox: `postmaster@${domains[0] ?? world.hostname}`,
      reply: reply('recipientOk'),
    };
  }
  const { mailbox } = path;
  if (dialect.sourceRoutes === 'follow') {
    // The first hop that is not this host decides where the mail goes next.
    const next = path.route.find((hop) => !isSelf(world, hop));
    if (next !== undefined) {
      return relays(world, next, authenticated)
        ? {
            ok: true,
            route: 'relay',
            mailbox: mailboxText(mailbox),
            reply: reply('recipientRelay'),
          }
        : { ok: false, reply: reply('relayDenied', { domain: next }) };
    }
  }
  if (!isSelf(world, mailbox.domain)) {
    if (!relays(world, mailbox.domain, authenticated))
      return { ok: false, reply: reply('relayDenied', { domain: mailbox.domain }) };
    // RFC 7505 §4.1: a relay that knows the domain takes no mail says so now, not in a bounce later.
    if (hasNullMx(world, mailbox.domain))
      return { ok: false, reply: reply('nullMxRecipient', { domain: mailbox.domain }) };
    return {
      ok: true,
      route: 'relay',
      mailbox: mailboxText(mailbox),
      reply: reply('recipientRelay'),
    };
  }
  const local = lower(mailbox.localValue);
  const forward = world.forwards.find((f) => lower(f.local) === local);
  if (forward) {
    return forward.mode === 'forward'
      ? {
          ok: true,
          route: 'forward',
          mailbox: forward.to,
          moved: true,
          reply: reply('willForward', { path: `<${forward.to}>` }),
        }
      : { ok: false, reply: reply('userNotLocal', { path: `<${forward.to}>` }) };
  }
  const known =
    world.users.some((u) => lower(u.local) === local) ||
    Object.keys(world.lists).some((l) => lower(l) === local);
  if (!known) return { ok: false, unknown: true, reply: reply('noSuchUser') };
  return {
    ok: true,
    route: 'local',
    mailbox: `${local}@${lower(mailbox.domain)}`,
    reply: reply('recipientOk'),
  };
}

export function makeRecipient(
  path: Path,
  resolved: Extract<Resolution, { ok: true }>,
  params: readonly EsmtpParam[],
): Recipient {
  return { path, text: pathText(path), route: resolved.route, mailbox: resolved.mailbox, params };
}

/**
 * RFC 821 §3.6 (RFC 780 §3.2): relaying a source-routed recipient, this host
 * deletes its own name from the front of the forward-path (only if it is
 * there) and always puts it at the front of the reverse-path. Written in the
 * era's route syntax: `<@A,@B:u@h>` (RFC 821 §4.1.2), `<@A,@B,u@h>` (RFC 788).
 */
export function onwardPaths(
  context: ServerContext,
  reversePath: Path,
  path: Path,
): Recipient['onward'] | undefined {
  if (path.kind !== 'mailbox' || path.route.length === 0) return undefined;
  const { world, dialect } = context;
  const sep = dialect.paths === 'legacy' ? ',' : ':';
  const write = (route: readonly string[], mailbox: string) =>
    `<${route.length ? `${route.map((h) => `@${h}`).join(',')}${sep}` : ''}${mailbox}>`;
  const forward = isSelf(world, path.route[0]!) ? path.route.slice(1) : path.route;
  const back =
    reversePath.kind === 'mailbox'
      ? write([world.hostname, ...reversePath.route], mailboxText(reversePath.mailbox))
      : pathText(reversePath);
  return { reversePath: back, forwardPath: write(forward, mailboxText(path.mailbox)) };
}

/** SEND/SOML/SAML: terminal, mailbox, or both, by whether the user is at a terminal (RFC 821 §3.4). */
export function channelFor(
  world: World,
  mode: string,
  recipient: Recipient,
): Recipient['channel'] | 'absent' {
  if (mode === 'MAIL' || recipient.route === 'relay') return undefined;
  const user = lower(recipient.mailbox.split('@')[0]!);
  const active = world.terminals.some((t) => lower(t) === user);
  if (mode === 'SEND') return active ? 'terminal' : 'absent';
  if (mode === 'SOML') return active ? 'terminal' : 'mailbox';
  return active ? 'both' : 'mailbox'; // SAML
}

/** A refused RCPT is counted (RFC 5321 §3.3: DATA with no valid recipients). */
export function refuseRecipient(envelope: Envelope, r: Reply): Outcome {
  return { reply: r, patch: { envelope: { ...envelope, refused: envelope.refused + 1 } } };
}
