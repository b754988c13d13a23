/**
 * The world's users and lists as VRFY and EXPN look them up (RFC 5321 §3.5,
 * RFC 821 §3.3), and the policy a server may have about answering at all.
 */
import type { Dialect } from './dialects/index.ts';
import { isSelf, lower } from './relay.ts';
import { reply, type Reply } from './replies.ts';
import type { World } from './world.ts';

/** A user as VRFY and EXPN show one: `Full Name <local@domain>`. */
export function showUser(world: World, u: { local: string; name?: string }): string {
  return `${u.name ? `${u.name} ` : ''}<${u.local}@${world.localDomains[0] ?? world.hostname}>`;
}

/** The era's VRFY may answer 252 (RFC 1123 §5.2.3 added it; its dialect table says). */
export const has252 = (dialect: Dialect) => (dialect.sequences.VRFY?.success ?? []).includes(252);

/** The world's VRFY/EXPN policy as a reply, or null when the server answers the query. */
export function policyReply(policy: World['vrfy'], dialect: Dialect): Reply | null {
  switch (policy) {
    case 'verify':
      return null;
    case 'cannot-verify':
      // 252 exists from RFC 1123 on; earlier eras can only decline (502).
      return has252(dialect) ? reply('cannotVerify') : reply('notImplemented');
    case 'deny':
      return reply('accessDenied');
    case 'disabled':
      return reply('notImplemented');
  }
}

/** Users a query names: local@domain, a user name, or a word of the full name. */
export function findUsers(world: World, query: string) {
  const q = lower(query.replace(/^<(.*)>$/, '$1'));
  const at = q.lastIndexOf('@');
  if (at > 0) {
    const [local, domain] = [q.slice(0, at), q.slice(at + 1)];
    return isSelf(world, domain) ? world.users.filter((u) => lower(u.local) === local) : [];
  }
  const exact = world.users.filter((u) => lower(u.local) === q);
  if (exact.length) return exact;
  // A word of the full name, as in RFC 5321 Appendix D.4 ("VRFY Crispin").
  return world.users.filter((u) => u.name && lower(u.name).split(/\s+/).includes(q));
}
